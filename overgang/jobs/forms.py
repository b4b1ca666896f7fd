"""Forms for the job programme's steps. They parse input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm
from overgang.jobs.models import TEXT_MAX, HoursKind, PlanWriter


def _text(label: Any, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_MAX,
        required=False,
    )


class StartMeetingForm(StyledForm):
    held_on = forms.DateField(label=_("Date of the start meeting"), widget=DateInput())
    attendees = _text(
        _("Who attended"),
        _(
            "For example: the citizen, the case workers from the job centre and the social services, "
            "the job consultant and the CTI worker."
        ),
        rows=2,
    )
    attendee_people = forms.MultipleChoiceField(
        label=_("Attendees from the citizen's network"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        required=False,
    )
    dreams_and_wishes = _text(_("The citizen's dreams and wishes for the future, including job"))
    resources = _text(_("The citizen's resources, competences and experience"))
    network = _text(
        _("The citizen's network"), _("And other partners the citizen wants involved in the course.")
    )
    plan_writer = forms.ChoiceField(
        label=_("Responsible for the joint plan with the citizen"),
        choices=[("", "—"), *PlanWriter.choices],
        required=False,
    )
    timetable = _text(_("Agreed timetable for the course"), rows=2)
    cv_agreed = forms.BooleanField(
        label=_("Agreed when the job consultant and the citizen start the CV and the job search"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    cv_note = forms.CharField(label=_("About the CV"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee_people"].choices = people  # type: ignore[attr-defined]
        if not people:
            self.fields["attendee_people"].help_text = _(
                "No one is in the citizen's network overview yet: write the attendees above."
            )


class JointPlanForm(StyledForm):
    made_on = forms.DateField(label=_("Date made"), widget=DateInput())
    job_centre_case_worker = forms.CharField(label=_("Case worker in the job centre"), max_length=150)
    social_services_case_worker = forms.CharField(
        label=_("Case worker in the social services"), max_length=150
    )
    purpose = forms.CharField(
        label=_("The common purpose and goal"),
        help_text=_(
            "One plan with one common purpose and goal, so the citizen does not meet opposing demands."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
    )
    citizen_goals = _text(_("The citizen's own goals"), _("The citizen's own goals set the direction."))
    resources = _text(_("Resources"), rows=2)
    barriers = _text(_("Barriers"), rows=2)
    support_needs = _text(_("Support needs"), rows=2)
    offers = _text(
        _("Offers and activities"),
        _(
            "Regional, municipal and voluntary offers, as far as possible in parallel with the "
            "company-oriented course."
        ),
    )
    job_match_considerations = _text(
        _("What a good job match must allow for"),
        _("For example substance-abuse treatment or rehabilitation."),
        rows=2,
    )
    existing_plans = _text(_("Existing action plans it builds on"), rows=2)
    consent_to_involve = forms.BooleanField(
        label=_(
            "The citizen consents to involving the network and exchanging information across authorities"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class JobMatchForm(StyledForm):
    employer = forms.CharField(label=_("Employer"), max_length=200)
    position = forms.CharField(label=_("Job"), max_length=200)
    found_on = forms.DateField(
        label=_("Date the job match was found"),
        help_text=_("Phase 1 of CTI starts on this date."),
        widget=DateInput(),
    )
    note = _text(_("Note"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WorkAgreementForm(StyledForm):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    employer = forms.CharField(label=_("Employer"), max_length=200)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=60, decimal_places=1, max_digits=4
    )
    hours_kind = forms.ChoiceField(label=_("Kind of hours"), choices=HoursKind.choices)
    tasks = _text(_("Tasks"), rows=2)
    health_considerations = _text(_("Health considerations"), rows=2)
    sub_goals = _text(_("Sub-goals for progression"), rows=2)
    follow_up = _text(_("Agreement on follow-up and adjustment"), rows=2)
    aids = _text(_("Aids, company mentor or personal assistance"), rows=2)
    expected_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class HoursUpdateForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Hours worked per week"), min_value=0, max_value=60, decimal_places=1, max_digits=4
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
