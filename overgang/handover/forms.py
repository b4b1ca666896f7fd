"""Forms for the handover and the ending. They parse input; the rules live in services.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm
from overgang.handover.models import ContinuedSupport, MeetingKind
from overgang.network.models import NetworkPerson


def _person_choices(people: Iterable[NetworkPerson]) -> list[tuple[str, str]]:
    return [(str(p.pk), f"{p.name} ({p.role_label})") for p in people]


class HandoverPlanForm(StyledForm):
    long_term_goals = forms.CharField(
        label=_("The citizen's long-term goals and dreams"),
        help_text=_("For example keeping the home, attachment to the labour market or reunion with family."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )
    support_needs = forms.CharField(
        label=_("Support needs after CTI"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    continued_support_plan = forms.CharField(
        label=_("How continued support will be provided"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    responsible = forms.ChoiceField(
        label=_("Who holds the long-term responsibility"),
        help_text=_("One person: the citizen or one person in the network, e.g. a municipal case worker."),
        required=False,
    )
    continued_support = forms.ChoiceField(
        label=_("Continued individual support after CTI"), choices=ContinuedSupport.choices, required=False
    )
    continued_support_text = forms.CharField(
        label=_("Which support"),
        help_text=_("Needed for other support; may describe any support."),
        max_length=300,
        required=False,
    )
    support_decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)
    support_started_on = forms.DateField(label=_("Started on"), widget=DateInput(), required=False)
    crisis_support = forms.CharField(
        label=_("Who supports the citizen if a crisis arises"),
        help_text=_("The people the citizen can turn to in a crisis or a relapse, and how."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    new_worker = forms.ChoiceField(label=_("The new worker, from the network"), required=False)
    new_worker_text = forms.CharField(
        label=_("The new worker: name and organisation"),
        help_text=_("When the new worker is not in the network overview."),
        max_length=200,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: Iterable[NetworkPerson] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = list(people)
        self.fields["responsible"].choices = [  # type: ignore[attr-defined]
            ("", _("The citizen, or not placed yet")),
            *_person_choices(people),
        ]
        self.fields["new_worker"].choices = [("", "—"), *_person_choices(people)]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", "responsible", "new_worker")
        }
        responsible = self.cleaned_data.get("responsible")
        data["responsible_id"] = int(responsible) if responsible else None
        new_worker = self.cleaned_data.get("new_worker")
        data["new_worker_id"] = int(new_worker) if new_worker else None
        return data


class HandoverMeetingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    citizen_attended = forms.BooleanField(label=_("The citizen took part"), required=False)
    worker_attended = forms.BooleanField(label=_("The CTI worker took part"), required=False)
    job_consultants = forms.MultipleChoiceField(
        label=_("Job consultants who took part"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        required=False,
    )
    participants = forms.MultipleChoiceField(
        label=_("Participants from the network"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        required=False,
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        help_text=_("Names or roles of participants who are not in the network overview."),
        max_length=500,
        required=False,
    )
    agreed = forms.CharField(
        label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, people: Iterable[NetworkPerson] = (), consultants: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = _person_choices(people)  # type: ignore[attr-defined]
        self.fields["job_consultants"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.get_full_name() or u.get_username()) for u in consultants
        ]

    def values(self) -> dict[str, Any]:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "participants", "job_consultants")
        }
        data["participant_ids"] = [int(pk) for pk in self.cleaned_data.get("participants") or ()]
        data["job_consultant_ids"] = [int(pk) for pk in self.cleaned_data.get("job_consultants") or ()]
        return data


class CelebrationForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        help_text=_("For example: coffee and cake at a café."),
        max_length=500,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClosingLetterForm(StyledForm):
    text = forms.CharField(label=_("The letter"), widget=forms.Textarea(attrs={"rows": 18}), max_length=6000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LetterTemplateForm(StyledForm):
    text_da = forms.CharField(
        label=_("Letter in Danish"), widget=forms.Textarea(attrs={"rows": 16}), max_length=6000
    )
    text_en = forms.CharField(
        label=_("Letter in English"), widget=forms.Textarea(attrs={"rows": 16}), max_length=6000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
