"""Forms for the contact journal. They parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import StyledForm
from overgang.journal.models import ContactKind, ContactStatus, ReminderChannel


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "form-input"}, format="%Y-%m-%dT%H:%M")


class ContactEntryForm(StyledForm):
    occurred_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)
    kind = forms.ChoiceField(label=_("Form"), choices=ContactKind.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440, required=False
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    citizen_present = forms.BooleanField(label=_("The citizen took part"), required=False, initial=True)
    third_parties = forms.CharField(label=_("Others who took part (by role)"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_agreement = forms.CharField(
        label=_("Agreement for next time"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happens after this meeting (manual 4.2.3)."),
    )
    reminder_wanted = forms.BooleanField(label=_("Remind the citizen the day before"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ContactFrameForm(StyledForm):
    frequency = forms.CharField(label=_("How often"), max_length=200, required=False)
    time = forms.CharField(label=_("When"), max_length=200, required=False)
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Form"), choices=[("", "—"), *ContactKind.choices], required=False)
    reminder_channel = forms.ChoiceField(label=_("Reminders the day before"), choices=ReminderChannel.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
