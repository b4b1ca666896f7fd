"""The form for a person in the network overview. It parses input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import StyledForm
from overgang.network.models import NetworkRole


class NetworkPersonForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRole.choices)
    role_text = forms.CharField(
        label=_("Role, in your own words"),
        max_length=100,
        required=False,
        help_text=_("For example: neighbour, friend."),
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    direct_phone = forms.CharField(label=_("Direct number"), max_length=30, required=False)
    main_phone = forms.CharField(label=_("Main number"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Already an active part of the citizen's network"), required=False)
    can_help_with = forms.CharField(
        label=_("What can the person help with?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
