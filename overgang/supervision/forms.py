"""The supervision session form. It parses input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm
from overgang.supervision.models import CONCLUSIONS_MAX, SupervisionKind


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SupervisionKind.choices,
        help_text=_(
            "Method supervision is about using the CTI method as the manual describes; case supervision "
            "reflects on the work more broadly (homelessness manual 3.6)."
        ),
    )
    supervisor = forms.CharField(
        label=_("Supervisor"),
        max_length=200,
        help_text=_(
            "A name; the supervisor may come from outside, e.g. a CTI worker in another municipality."
        ),
    )
    participants = forms.TypedMultipleChoiceField(label=_("CTI workers who took part"), coerce=int)
    courses = forms.TypedMultipleChoiceField(label=_("Courses discussed"), coerce=int, required=False)
    conclusions = forms.CharField(
        label=_("Conclusions"),
        max_length=CONCLUSIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Short: what the group agreed, e.g. which activities to change to fit the phase."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        participant_choices: list[tuple[int, str]],
        course_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = participant_choices  # type: ignore[attr-defined]
        self.fields["courses"].choices = course_choices  # type: ignore[attr-defined]

    def selected(self, name: str) -> set[int]:
        """The ids ticked in a checkbox list, for drawing it again (also when the form is invalid)."""
        values = self[name].value() or []
        found = set()
        for value in values:
            try:
                found.add(int(value))
            except (TypeError, ValueError):
                continue
        return found

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
