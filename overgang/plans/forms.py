"""Forms for the CTI plan. They parse input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.access import JOB_TEMPLATE
from overgang.courses.forms import DateInput, StyledForm
from overgang.plans.models import PlanPeriod, Responsibility
from overgang.programmes.models import Programme, localised


def dimension_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(d["code"], localised(d)) for d in programme.dimensions]


class PlanForm(StyledForm):
    period = forms.ChoiceField(label=_("Made for"), choices=PlanPeriod.choices)
    made_on = forms.DateField(label=_("Date made"), widget=DateInput())
    starts_on = forms.DateField(label=_("Start of the period"), widget=DateInput())
    ends_on = forms.DateField(label=_("End of the period"), widget=DateInput())
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions worked on in the period"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        required=False,
        help_text=_("The citizen decides which dimensions to work with."),
    )
    citizen_words = forms.CharField(
        label=_("In the citizen's own words"),
        help_text=_("What matters most to the citizen now, written as the citizen says it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    carry_forward = forms.BooleanField(
        label=_("Start from the previous period's plan (its focus areas and open sub-goals, to review)"),
        required=False,
        initial=True,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programme: Programme, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].choices = dimension_choices(programme)  # type: ignore[attr-defined]
        if editing:
            del self.fields["period"]
            del self.fields["carry_forward"]
        else:
            del self.fields["version"]


class FocusAreaForm(StyledForm):
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    reason = forms.CharField(
        label=_("Why work with this"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    goal = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("A focus area needs a goal.")},
    )
    responsibility = forms.ChoiceField(label=_("Responsibility"), choices=Responsibility.choices)
    responsible_name = forms.CharField(
        label=_("Named person from the network"),
        help_text=_("Who, and their role, when a person from the network is responsible."),
        max_length=200,
        required=False,
    )
    activities = forms.CharField(
        label=_("Activities"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    time_horizon = forms.CharField(
        label=_("Time horizon"),
        help_text=_("For example: before the end of phase 1."),
        max_length=200,
        required=False,
    )
    contacts = forms.CharField(
        label=_("Contacts to involve"),
        help_text=_("Names, roles and phone numbers of the people in the citizen's case who take part."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        is_job = programme.template.code == JOB_TEMPLATE
        self.fields["dimension"].choices = [  # type: ignore[attr-defined]
            ("", _("— not tied to a track —") if is_job else _("— not tied to a dimension —")),
            *dimension_choices(programme),
        ]
        if is_job:
            # The job programme's plan is structured by its three tracks: job, coping, network.
            self.fields["dimension"].label = _("Track")


class SubGoalForm(StyledForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Sub-goal"), max_length=500, required=False)
    achieved_on = forms.DateField(label=_("Achieved on"), widget=DateInput(), required=False)


SubGoalFormSet = forms.formset_factory(SubGoalForm, extra=2, max_num=20, validate_max=True)


class SubGoalMarkForm(forms.Form):
    achieved_on = forms.DateField(required=False, widget=DateInput())
    version = forms.IntegerField(required=False)


class FollowUpForm(StyledForm):
    on = forms.DateField(label=_("Date of the follow-up"), widget=DateInput())
    note = forms.CharField(
        label=_("What was followed up and agreed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionOnlyForm(forms.Form):
    version = forms.IntegerField(required=False)
