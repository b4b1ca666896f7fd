"""Forms for the safety plan and the confidential-address marker. They parse input; the rules live in
services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm
from overgang.safety.models import PART_FIELDS, PART_MAX_LENGTH, SafetyPlan


class SafetyPlanForm(StyledForm):
    """One text box per part of the plan, labelled and helped by the model's fields (the manual)."""

    reviewed_on = forms.DateField(
        label=SafetyPlan._meta.get_field("reviewed_on").verbose_name.capitalize(),  # type: ignore[union-attr]
        help_text=SafetyPlan._meta.get_field("reviewed_on").help_text,  # type: ignore[union-attr]
        widget=DateInput(),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = {}
        for name in PART_FIELDS:
            field = SafetyPlan._meta.get_field(name)
            parts[name] = forms.CharField(
                label=field.verbose_name,  # type: ignore[union-attr]
                help_text=field.help_text,  # type: ignore[union-attr]
                max_length=PART_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-input og-safety-text"}),
            )
        # The parts first, in the manual's order; then the review date and the version.
        self.fields = {**parts, **self.fields}

    def part_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PART_FIELDS]


class ConfidentialAddressForm(StyledForm):
    confidential = forms.TypedChoiceField(
        choices=[("yes", _("Mark the address as confidential")), ("no", _("Remove the marker"))],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    # The citizen's version the page showed: a change made since refuses this one.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label=_("I confirm the change"),
        error_messages={"required": _("Tick the box to confirm the change.")},
    )
