"""The form on the calendar page. It parses the choice; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.feeds.models import NameStyle


class CalendarFeedForm(forms.Form):
    name_style = forms.ChoiceField(
        label=_("How should citizens be named in your calendar?"),
        choices=NameStyle.choices,
        initial=NameStyle.INITIALS,
        widget=forms.RadioSelect,
        help_text=_(
            "Your calendar program and anyone you share the calendar with can read what it shows. "
            "Initials are usually enough to recognise your citizens."
        ),
    )
