"""Forms for the worker's screens. They parse input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import User
from overgang.courses.models import ContactForm, EndReason, PauseReason
from overgang.programmes.models import Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-input form-input-date", **(attrs or {})}, format="%Y-%m-%d")


def _styled(form: forms.Form, *, with_errors: bool = True) -> None:
    """DKFDS classes on every widget, and aria-describedby for error messages.

    `with_errors=False` in __init__: reading form.errors there would validate the form before
    subclasses have set their choices.
    """
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        if isinstance(widget, forms.Textarea):
            css = "form-input"
        existing = widget.attrs.get("class", "")
        if css not in existing:
            widget.attrs["class"] = f"{existing} {css}".strip()
        if with_errors and form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form.add_prefix(name)}-error"


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self, with_errors=False)

    def full_clean(self) -> None:
        super().full_clean()
        _styled(self)


class VersionedForm(StyledForm):
    """Carries the course version the user saw, so a stale form cannot overwrite newer changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DateActionForm(VersionedForm):
    on = forms.DateField(label=_("Date"), widget=DateInput())


class PauseForm(VersionedForm):
    start = forms.DateField(label=_("Pause starts"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=PauseReason.choices)
    reason_text = forms.CharField(label=_("Description"), required=False, max_length=300)


class EndForm(VersionedForm):
    on = forms.DateField(label=_("End date"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=[("", "—"), *EndReason.choices])
    reason_text = forms.CharField(
        label=_("Other reason"),
        required=False,
        max_length=300,
        help_text=_("Required when the reason is 'Other'."),
    )


class RestartForm(StyledForm):
    referral_date = forms.DateField(label=_("Referral date of the new course"), widget=DateInput())


class ReassignForm(VersionedForm):
    worker = forms.ModelChoiceField(label=_("New CTI worker"), queryset=User.objects.none())
    on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(
        self, *args: Any, programme: Programme, exclude_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        workers = programme.workers.filter(is_active=True).order_by("first_name", "last_name")
        if exclude_pk is not None:
            workers = workers.exclude(pk=exclude_pk)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or CPR number"), required=False, max_length=100)


class CitizenCourseForm(StyledForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    cpr = forms.CharField(label=_("CPR number"), max_length=11, help_text=_("Ten digits, e.g. 010203-1234."))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_contact_form = forms.ChoiceField(
        label=_("Preferred contact form"), choices=[("", "—"), *ContactForm.choices], required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=None
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"))
    worker = forms.ModelChoiceField(label=_("CTI worker"), queryset=User.objects.none(), empty_label=None)
    referral_date = forms.DateField(label=_("Referral date"), widget=DateInput())

    CITIZEN_FIELDS = ("first_name", "last_name", "cpr", "address", "phone", "email", "preferred_contact_form")

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        programme = self.selected_programme(programmes)
        if programme is not None:
            self.fields["legal_basis"].choices = programme.legal_basis_choices()  # type: ignore[attr-defined]
            self.fields["worker"].queryset = programme.workers.filter(  # type: ignore[attr-defined]
                is_active=True
            ).order_by("first_name", "last_name")

    def selected_programme(self, programmes: Any) -> Programme | None:
        raw = self.data.get("programme") if self.is_bound else self.initial.get("programme")
        if raw:
            try:
                return programmes.filter(pk=int(str(getattr(raw, "pk", raw)))).first()
            except (TypeError, ValueError):
                return None
        return programmes.first()

    def citizen_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] or "" for name in self.CITIZEN_FIELDS}
