"""Phase 3: handing over and ending the course (homelessness manual 4.5.1–4.5.4, the job model's
closing meeting, shelter manual 2.4).

The handover plan (overdragelsesplan) holds the citizen's long-term goals and support needs, how
continued support will be provided and the one person who holds the long-term responsibility.
Handover meetings with the network are held at the latest one month before the end. The ending is
marked (a celebration) and the worker may write a closing letter to the citizen about the changes
the citizen has made (shelter 2.4.2), from a template the programme's coordinator keeps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


class ContinuedSupport(models.TextChoices):
    """Whether the citizen needs continued individual support after CTI, and which (4.5.1; job model)."""

    UNDECIDED = "", _("Not clarified yet")
    NONE = "none", _("No continued support needed")
    SEL_85 = "sel_85", _("Socio-educational support (SEL § 85)")
    MENTOR = "mentor", _("Mentor support")
    OTHER = "other", _("Other support")


SUPPORT_NEEDED = (ContinuedSupport.SEL_85, ContinuedSupport.MENTOR, ContinuedSupport.OTHER)


class MeetingKind(models.TextChoices):
    """A handover meeting with the network (4.5.1), or the job model's closing meeting
    (afsluttende møde) with the citizen, both case workers, the job consultant and the CTI worker."""

    HANDOVER = "handover", _("Handover meeting")
    CLOSING = "closing", _("Closing meeting")


class HandoverPlan(models.Model):
    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="handover_plan", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    long_term_goals = models.TextField(
        _("the citizen's long-term goals and dreams"), blank=True, max_length=4000
    )
    support_needs = models.TextField(_("support needs after CTI"), blank=True, max_length=4000)
    continued_support_plan = models.TextField(
        _("how continued support will be provided"), blank=True, max_length=4000
    )
    responsible = models.ForeignKey(
        "network.NetworkPerson",
        on_delete=models.SET_NULL,  # removing the person from the network leaves the plan without one
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holds the long-term responsibility"),
    )
    continued_support = models.CharField(
        _("continued support after CTI"), max_length=10, choices=ContinuedSupport.choices, blank=True
    )
    continued_support_text = models.CharField(_("which support"), max_length=300, blank=True)
    support_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    support_started_on = models.DateField(_("started on"), null=True, blank=True)
    # The job model's long-term retention plan: who supports the citizen in crises.
    crisis_support = models.TextField(
        _("who supports the citizen if a crisis arises"), blank=True, max_length=4000
    )
    # SEL § 85 support cannot be time-limited: when it continues after CTI, it is handed over to
    # another socio-educational worker (the job model, "Bevilling af CTI-støtte").
    new_worker = models.ForeignKey(
        "network.NetworkPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the new worker who continues the support"),
    )
    new_worker_text = models.CharField(_("the new worker: name and organisation"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("handover plan")
        verbose_name_plural = _("handover plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(continued_support__in=[c.value for c in ContinuedSupport]),
                name="handover_plan_known_support",
            ),
            models.CheckConstraint(
                condition=~Q(continued_support=ContinuedSupport.OTHER) | ~Q(continued_support_text=""),
                name="handover_plan_other_support_has_text",
            ),
            models.CheckConstraint(
                condition=Q(continued_support__in=[c.value for c in SUPPORT_NEEDED])
                | (Q(support_decided_on__isnull=True) & Q(support_started_on__isnull=True)),
                name="handover_plan_dates_only_with_support",
            ),
            models.CheckConstraint(
                condition=Q(support_decided_on__isnull=True)
                | Q(support_started_on__isnull=True)
                | Q(support_started_on__gte=F("support_decided_on")),
                name="handover_plan_started_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Handover plan"))

    @property
    def support_needed(self) -> bool:
        return self.continued_support in SUPPORT_NEEDED


class HandoverMeeting(models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="handover_meetings", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind of meeting"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.HANDOVER
    )
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(
        "network.NetworkPerson", blank=True, related_name="+", verbose_name=_("participants from the network")
    )
    citizen_attended = models.BooleanField(_("the citizen took part"), default=False)
    worker_attended = models.BooleanField(_("the CTI worker took part"), default=False)
    job_consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("job consultants who took part"),
    )
    other_participants = models.CharField(_("other participants"), max_length=500, blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True, max_length=4000)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("handover meeting")
        verbose_name_plural = _("handover meetings")
        ordering = ["course", "held_on", "pk"]
        indexes = [models.Index(fields=["course", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in MeetingKind]), name="handover_meeting_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y}"


class Celebration(models.Model):
    """The ending marked with the citizen, e.g. coffee and cake at a café (4.5.2; shelter 2.4.2)."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="celebration", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("marking of the ending")
        verbose_name_plural = _("markings of the ending")

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y}"


class ClosingLetterTemplate(models.Model):
    """A programme's own wording of the closing letter, in Danish and English (shelter 2.4.2).
    Without one the programme uses the default text in overgang/handover/letters.py."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="closing_letter_template",
        verbose_name=_("programme"),
    )
    text_da = models.TextField(_("letter in Danish"), max_length=6000)
    text_en = models.TextField(_("letter in English"), max_length=6000)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("programme__municipality_id")

    class Meta:
        verbose_name = _("closing letter template")
        verbose_name_plural = _("closing letter templates")

    def __str__(self) -> str:
        return str(self.programme)


class ClosingLetter(models.Model):
    """The worker's letter to the citizen about the changes the citizen has made (shelter 2.4.2)."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="closing_letter", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("the letter"), max_length=6000)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("closing letter")
        verbose_name_plural = _("closing letters")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="closing_letter_has_text")]

    def __str__(self) -> str:
        return str(_("Closing letter"))
