"""The form for a programme's contact-frequency norms. It parses input; the rules live in the model
(`contact_norms_error`) and the write in `programme_contact_norms_change`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import VersionedForm
from overgang.programmes.models import NORM_KEYS, NORM_MAX_DAYS

NORM_LABELS = {
    "contact": _("Contact period: at most this many days between contacts"),
    "phase_1": _("Phase 1: at most this many days between contacts"),
    "phase_2": _("Phase 2: at most this many days between contacts"),
    "phase_3": _("Phase 3: at most this many days between contacts"),
}
DAYS_ERROR = _("Write a whole number of days from 1 to 92.")


def _days_field(key: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=NORM_LABELS[key],
        min_value=1,
        max_value=NORM_MAX_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}),
        error_messages={
            "required": DAYS_ERROR,
            "invalid": DAYS_ERROR,
            "min_value": DAYS_ERROR,
            "max_value": DAYS_ERROR,
        },
    )


class ContactNormsForm(VersionedForm):
    contact = _days_field("contact")
    phase_1 = _days_field("phase_1")
    phase_2 = _days_field("phase_2")
    phase_3 = _days_field("phase_3")

    def norms(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in NORM_KEYS}
