from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import User
from overgang.courses.forms import DateInput, StyledForm


class AuditSearchForm(StyledForm):
    """Sent by POST: the citizen may be given by CPR number, which must never land in a URL."""

    actor = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    citizen = forms.CharField(
        label=_("Citizen"),
        required=False,
        max_length=100,
        help_text=_("Name or whole CPR number."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, users: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = users  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("All actions")), *((a, a) for a in actions)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned


class CitizenLookupsForm(StyledForm):
    FORMATS = [("xlsx", _("Excel (xlsx)")), ("csv", _("CSV"))]

    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="xlsx")
    with_names = forms.BooleanField(
        label=_("Include the employees' names"),
        required=False,
        help_text=_(
            "Only when the data protection officer judges that the citizen needs them. "
            "Write why; the reason is logged."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for including the names"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("with_names") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Write why the employees' names are included."))
        return cleaned
