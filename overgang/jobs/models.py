"""The job programme's own steps (indsatsmodel for social support in the transition to and
retention of a job): the steps before CTI ("trappetrin": the start meeting, one joint plan, the
individual job match, which is the transition event that starts phase 1) and the work agreement
with the employer, revised over time and never overwritten."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager

TEXT_MAX = 2000


class PlanWriter(models.TextChoices):
    """Which case worker is responsible for writing the joint plan with the citizen."""

    JOB_CENTRE = "job_centre", _("The case worker in the job centre")
    SOCIAL_SERVICES = "social_services", _("The case worker in the social services")


class StartMeeting(models.Model):
    """The first step (opstartsmøde)."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="start_meeting", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the start meeting"))
    attendees = models.TextField(_("who attended"), blank=True, max_length=TEXT_MAX)
    attendee_people = models.ManyToManyField(
        "network.NetworkPerson", blank=True, related_name="+", verbose_name=_("attendees from the network")
    )
    dreams_and_wishes = models.TextField(
        _("the citizen's dreams and wishes for the future, including job"), blank=True, max_length=TEXT_MAX
    )
    resources = models.TextField(
        _("the citizen's resources, competences and experience"), blank=True, max_length=TEXT_MAX
    )
    network = models.TextField(
        _("the citizen's network and other partners to involve"), blank=True, max_length=TEXT_MAX
    )
    plan_writer = models.CharField(
        _("responsible for the joint plan"), max_length=20, choices=PlanWriter.choices, blank=True
    )
    timetable = models.TextField(_("timetable for the course"), blank=True, max_length=TEXT_MAX)
    cv_agreed = models.BooleanField(_("CV agreed"), default=False)
    cv_note = models.CharField(_("about the CV"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("start meeting")
        verbose_name_plural = _("start meetings")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.held_on}"


class JointPlan(models.Model):
    """The second step: one plan with one common purpose and goal (én plan for forløbet), made by
    the case worker in the job centre and the case worker in the social services with the citizen."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="joint_plan", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField(_("date made"))
    job_centre_case_worker = models.CharField(_("case worker in the job centre"), max_length=150)
    social_services_case_worker = models.CharField(_("case worker in the social services"), max_length=150)
    purpose = models.TextField(_("the common purpose and goal"), max_length=TEXT_MAX)
    citizen_goals = models.TextField(_("the citizen's own goals"), blank=True, max_length=TEXT_MAX)
    resources = models.TextField(_("resources"), blank=True, max_length=TEXT_MAX)
    barriers = models.TextField(_("barriers"), blank=True, max_length=TEXT_MAX)
    support_needs = models.TextField(_("support needs"), blank=True, max_length=TEXT_MAX)
    offers = models.TextField(_("offers and activities"), blank=True, max_length=TEXT_MAX)
    job_match_considerations = models.TextField(
        _("what a good job match must allow for"), blank=True, max_length=TEXT_MAX
    )
    existing_plans = models.TextField(
        _("existing action plans it builds on"), blank=True, max_length=TEXT_MAX
    )
    consent_to_involve = models.BooleanField(
        _("the citizen consents to involving the network and exchanging information"), default=False
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("joint plan")
        verbose_name_plural = _("joint plans")
        constraints = [models.CheckConstraint(condition=~Q(purpose=""), name="joint_plan_has_purpose")]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.made_on}"


class StepRevision(models.Model):
    """One saved state of the start meeting or the joint plan: the history of a versioned step."""

    class Step(models.TextChoices):
        START_MEETING = "start_meeting", _("Start meeting")
        JOINT_PLAN = "joint_plan", _("Joint plan")

    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=20, choices=Step.choices)
    number = models.PositiveIntegerField()
    values = models.JSONField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("course__municipality_id")

    class Meta:
        ordering = ["course", "step", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "step", "number"], name="job_step_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.step} #{self.number}"


class JobMatch(models.Model):
    """The third step, the individual job match: the transition event that starts phase 1."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="job_match", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    employer = models.CharField(_("employer"), max_length=200)
    position = models.CharField(_("job"), max_length=200)
    found_on = models.DateField(_("date the job match was found"))
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("job match")
        verbose_name_plural = _("job matches")
        constraints = [
            models.CheckConstraint(condition=~Q(employer=""), name="job_match_has_employer"),
            models.CheckConstraint(condition=~Q(position=""), name="job_match_has_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.employer})"


class HoursKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary hours")
    PLACEMENT = "placement", _("Work placement")


MAX_HOURS = Decimal("60")


class WorkAgreementRevision(models.Model):
    """The work agreement (arbejdsaftale) as it stands from a date. A change is a new revision:
    the earlier ones are kept, so the history shows how hours and tasks grew."""

    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        related_name="work_agreement_revisions",
        verbose_name=_("course"),
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    valid_from = models.DateField(_("valid from"))
    employer = models.CharField(_("employer"), max_length=200)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    hours_kind = models.CharField(_("kind of hours"), max_length=20, choices=HoursKind.choices)
    tasks = models.TextField(_("tasks"), blank=True, max_length=TEXT_MAX)
    health_considerations = models.TextField(_("health considerations"), blank=True, max_length=TEXT_MAX)
    sub_goals = models.TextField(_("sub-goals for progression"), blank=True, max_length=TEXT_MAX)
    follow_up = models.TextField(_("agreement on follow-up"), blank=True, max_length=TEXT_MAX)
    aids = models.TextField(_("aids, mentor or personal assistance"), blank=True, max_length=TEXT_MAX)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("work agreement")
        verbose_name_plural = _("work agreements")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="work_agreement_number"),
            models.UniqueConstraint(fields=["course", "valid_from"], name="work_agreement_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=MAX_HOURS),
                name="work_agreement_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_kind__in=[k.value for k in HoursKind]), name="work_agreement_known_kind"
            ),
            models.CheckConstraint(condition=~Q(employer=""), name="work_agreement_has_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.number}"


class HoursUpdate(models.Model):
    """Hours actually worked per week, noted on a date between revisions of the work agreement
    (the follow-up on progression)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="hours_updates", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    hours_per_week = models.DecimalField(_("hours worked per week"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=500, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("hours update")
        verbose_name_plural = _("hours updates")
        ordering = ["course", "on"]
        constraints = [
            models.UniqueConstraint(fields=["course", "on"], name="hours_update_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=MAX_HOURS),
                name="hours_update_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.on}"
