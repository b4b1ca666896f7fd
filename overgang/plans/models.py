"""The CTI plan (homelessness manual 4.3.3 and appendix 6): the citizen's plan for one period of the
course, about three focus areas with goals, sub-goals on the way, responsibility, activities and the
contacts to involve. Every change is a numbered revision holding the whole plan as it then stood.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager

RECOMMENDED_FOCUS_AREAS = 3  # "ca. tre fokusområder" (appendix 6): more is warned about, never blocked


class PlanPeriod(models.TextChoices):
    CONTACT = "contact", _("Contact period")
    PHASE_1 = "phase_1", _("Phase 1")
    PHASE_2 = "phase_2", _("Phase 2")
    PHASE_3 = "phase_3", _("Phase 3")


PERIOD_ORDER = [p.value for p in PlanPeriod]


class Responsibility(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    WORKER = "worker", _("The CTI worker")
    CITIZEN_AND_WORKER = "both", _("The citizen and the CTI worker together")
    NETWORK = "network", _("A named person from the network")


class CtiPlan(models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="plans", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("made for"), max_length=10, choices=PlanPeriod.choices)
    made_on = models.DateField(_("date made"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("CTI worker")
    )
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    dimensions = models.JSONField(_("dimensions worked on"), default=list, blank=True)
    citizen_words = models.TextField(
        _("in the citizen's own words"),
        blank=True,
        max_length=2000,
        help_text=_("What matters most to the citizen now, written as the citizen says it."),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried from"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("CTI plan")
        verbose_name_plural = _("CTI plans")
        ordering = ["course", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "period"], name="cti_plan_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cti_plan_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} ({self.made_on:%d-%m-%Y})"


class FocusArea(models.Model):
    plan = models.ForeignKey(CtiPlan, on_delete=models.CASCADE, related_name="focus_areas")
    position = models.PositiveSmallIntegerField(default=0)
    dimension = models.CharField(_("dimension"), max_length=50, blank=True)
    reason = models.TextField(_("why work with it"), blank=True, max_length=2000)
    goal = models.TextField(_("goal"), max_length=1000)
    responsibility = models.CharField(
        _("responsibility"),
        max_length=10,
        choices=Responsibility.choices,
        default=Responsibility.CITIZEN_AND_WORKER,
    )
    responsible_name = models.CharField(_("named person from the network"), max_length=200, blank=True)
    activities = models.TextField(_("activities"), blank=True, max_length=2000)
    time_horizon = models.CharField(_("time horizon"), max_length=200, blank=True)
    contacts = models.TextField(_("contacts to involve"), blank=True, max_length=2000)

    objects = TenantManager("plan__municipality_id")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(goal=""), name="focus_area_has_goal")]

    def __str__(self) -> str:
        return self.goal[:60]


class SubGoal(models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="sub_goals")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("sub-goal"), max_length=500)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    objects = TenantManager("focus_area__plan__municipality_id")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="sub_goal_has_text")]

    def __str__(self) -> str:
        return self.text[:60]


class RevisionKind(models.TextChoices):
    CREATED = "created", _("Plan made")
    CARRIED_FORWARD = "carried_forward", _("Plan made from the previous period's plan")
    CHANGED = "changed", _("Plan changed")
    FOCUS_AREA_ADDED = "focus_area_added", _("Focus area added")
    FOCUS_AREA_CHANGED = "focus_area_changed", _("Focus area changed")
    FOCUS_AREA_REMOVED = "focus_area_removed", _("Focus area removed")
    SUB_GOAL_ACHIEVED = "sub_goal_achieved", _("Sub-goal achieved")
    SUB_GOAL_REOPENED = "sub_goal_reopened", _("Sub-goal no longer marked achieved")
    FOLLOW_UP = "follow_up", _("Follow-up with the citizen")


class PlanRevision(models.Model):
    """One saved state of the plan: what happened, when, by whom, and the whole plan after it."""

    plan = models.ForeignKey(CtiPlan, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=RevisionKind.choices)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    snapshot = models.JSONField()

    objects = TenantManager("plan__municipality_id")

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number")]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.number}"
