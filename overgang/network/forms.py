"""The form for a person in the network overview. It parses input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm
from overgang.courses.models import Citizen
from overgang.network.models import ConsentScope, MapRing, MapSector, NetworkPerson, NetworkRole


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
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP image of at most 5 MB. It is made smaller and stored without its metadata."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)


def _people_field(label: Any, **kwargs: Any) -> forms.ModelChoiceField[NetworkPerson]:
    return forms.ModelChoiceField(label=label, queryset=NetworkPerson.objects.none(), **kwargs)


class _MapForm(StyledForm):
    """Map forms carry the map version the user saw; people are limited to the citizen's network."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, citizen: Citizen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = NetworkPerson.objects.filter(citizen=citizen).order_by("name", "pk")
        for form_field in self.fields.values():
            if isinstance(form_field, forms.ModelChoiceField):
                form_field.queryset = people


class PlaceForm(_MapForm):
    """Put a person on the map: a point (x, y, from dragging or the arrow keys) or a field and ring."""

    person = _people_field(_("Person"))
    x = forms.FloatField(required=False, widget=forms.HiddenInput)
    y = forms.FloatField(required=False, widget=forms.HiddenInput)
    sector = forms.TypedChoiceField(label=_("Field"), choices=[("", "—"), *MapSector.choices], required=False)
    ring = forms.TypedChoiceField(
        label=_("Distance"),
        choices=[("", "—"), *MapRing.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )


class UnplaceForm(_MapForm):
    person = _people_field(_("Person"))


class LineForm(_MapForm):
    person_a = _people_field(_("From"))
    person_b = _people_field(_("To"))


class ConsentForm(StyledForm):
    scope = forms.ChoiceField(
        label=_("Who in Overgang may see the network map?"),
        choices=ConsentScope.choices,
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(label=_("Date of the consent"), widget=DateInput())
    shared_with = forms.ModelMultipleChoiceField(
        label=_("People in the network the citizen wants to show the map to"),
        queryset=NetworkPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("For example what the consent covers, or others the map may be shown to."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    expected_consent = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, citizen: Citizen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared_with = self.fields["shared_with"]
        assert isinstance(shared_with, forms.ModelMultipleChoiceField)
        shared_with.queryset = NetworkPerson.objects.filter(citizen=citizen).order_by("name", "pk")


class WithdrawConsentForm(StyledForm):
    on = forms.DateField(label=_("Date the consent was withdrawn"), widget=DateInput())
    expected_consent = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
