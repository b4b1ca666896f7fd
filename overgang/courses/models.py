"""Citizens and their CTI courses, with the history the phase plan needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from overgang.accounts.models import Municipality
from overgang.courses.cpr import format_cpr, validate_cpr
from overgang.method.clock import CourseDates, next_step
from overgang.method.clock import Pause as ClockPause
from overgang.programmes.models import Programme
from overgang.tenancy import TenantManager


class ContactForm(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("In person")


class Citizen(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("municipality")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(_("CPR number"), max_length=10, validators=[validate_cpr])
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_contact_form = models.CharField(
        _("preferred contact form"), max_length=20, choices=ContactForm.choices, blank=True
    )
    # Shelter manual 3.1.2: a woman may live hidden from the perpetrator. When set, address, phone
    # and e-mail are shown only to those courses/access.py `user_may_see_contact_details` allows.
    confidential_address = models.BooleanField(
        _("confidential address"),
        default=False,
        help_text=_("Address and phone are shown only to the CTI worker and the programme's coordinators."),
    )
    # Bumped by every change to the citizen's row, so a stale form cannot undo a newer change.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cpr"], name="citizen_unique_cpr"),
        ]
        indexes = [models.Index(fields=["municipality", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def cpr_display(self) -> str:
        return format_cpr(self.cpr)

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in (self.first_name, self.last_name) if part).upper()


NEXT_STEP_FIELDS = ("next_step_on", "next_step_paused_from")


class EndReason(models.TextChoices):
    """Appendix 5: completed as planned after the full time, or ended early for a reason."""

    COMPLETED = "completed", _("Completed as planned")
    DIED = "died", _("Died")
    MOVED = "moved", _("Moved to another municipality")
    DISAPPEARED = "disappeared", _("Disappeared")
    REFUSES = "refuses", _("Refuses to take part")
    IMPRISONED = "imprisoned", _("Imprisoned")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    OTHER = "other", pgettext_lazy("end reason", "Other")


class Course(models.Model):
    """One CTI course (CTI-forløb) for one citizen in one programme."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="courses", verbose_name=_("municipality")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="courses", verbose_name=_("citizen")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="courses", verbose_name=_("programme")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=30)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("CTI worker"),
    )
    referral_date = models.DateField(_("referral date"))
    contact_start = models.DateField(_("contact period start"), null=True, blank=True)
    phase_1_start = models.DateField(_("phase 1 start"), null=True, blank=True)
    phase_2_start = models.DateField(_("phase 2 start"), null=True, blank=True)
    phase_3_start = models.DateField(_("phase 3 start"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_reason_text = models.CharField(_("other reason"), max_length=300, blank=True)
    restarted_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restarted_as",
        verbose_name=_("restart of"),
    )
    # The job model's jobkonsulent(s) on a job-programme course: they read the course and write
    # their own journal entries (overgang/courses/access.py), nothing else.
    job_consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="job_courses",
        blank=True,
        verbose_name=_("job consultants"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The CTI clock's next step (overgang/method/clock.py `NextStep`), kept with the course by
    # `save()` and the pause receivers (overgang/courses/receivers.py): the phase plan orders a
    # programme of thousands of courses from these and the realised dates, without the clock.
    next_step_on = models.DateField(null=True, blank=True, editable=False)
    next_step_paused_from = models.DateField(null=True, blank=True, editable=False)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-referral_date", "pk"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["programme", "end_date"]),
            models.Index(fields=["municipality", "end_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(end_date__isnull=True), name="course_one_active_per_citizen"
            ),
            models.CheckConstraint(
                condition=Q(contact_start__isnull=True) | Q(contact_start__gte=F("referral_date")),
                name="course_contact_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(phase_1_start__isnull=True) | Q(phase_1_start__gte=F("referral_date")),
                name="course_phase_1_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(phase_1_start__isnull=True)
                | Q(contact_start__isnull=True)
                | Q(phase_1_start__gte=F("contact_start")),
                name="course_phase_1_after_contact",
            ),
            models.CheckConstraint(
                condition=Q(phase_2_start__isnull=True)
                | (Q(phase_1_start__isnull=False) & Q(phase_2_start__gt=F("phase_1_start"))),
                name="course_phase_2_after_phase_1",
            ),
            models.CheckConstraint(
                condition=Q(phase_3_start__isnull=True)
                | (Q(phase_2_start__isnull=False) & Q(phase_3_start__gt=F("phase_2_start"))),
                name="course_phase_3_after_phase_2",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="") & Q(end_date__gte=F("referral_date"))),
                name="course_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(end_reason=EndReason.OTHER) | ~Q(end_reason_text=""),
                name="course_other_reason_has_text",
            ),
            models.CheckConstraint(condition=Q(duration_months__gt=0), name="course_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} – {self.programme}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every save stores the next step anew from the course's dates and its pauses as they
        are in the database (one query): whatever a save changed, the stored step stays true."""
        pauses: Iterable[tuple[dt.date, dt.date | None]] = (
            Pause._base_manager.filter(course_id=self.pk).values_list("start", "resume") if self.pk else ()
        )
        self.set_next_step(pauses)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *NEXT_STEP_FIELDS}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    def set_next_step(self, pauses: Iterable[tuple[dt.date, dt.date | None]]) -> None:
        """Set the stored next step from the course's dates and these (start, resume) pauses, for
        code that writes courses without `save()` (bulk imports, the data generator)."""
        step = next_step(self._dates(tuple(ClockPause(start, resume) for start, resume in pauses)))
        self.next_step_on, self.next_step_paused_from = step.on, step.paused_from

    def clock_dates(self) -> CourseDates:
        """The course's facts as the pure CTI clock reads them (pauses must be prefetched)."""
        return self._dates(
            tuple(ClockPause(p.start, p.resume) for p in self.pauses.all()),
            tolerance_days=self.programme.tolerance_days,
        )

    def _dates(self, pauses: tuple[ClockPause, ...], **tolerance: int) -> CourseDates:
        return clock_dates_of(
            self.duration_months,
            self.referral_date,
            self.contact_start,
            self.phase_1_start,
            self.phase_2_start,
            self.phase_3_start,
            self.end_date,
            pauses=pauses,
            **tolerance,
        )


# A course's own fields the clock reads, in the order `clock_dates_of` takes them: code that reads
# thousands of courses as plain values builds the same CourseDates as `Course.clock_dates()`.
CLOCK_FIELDS = (
    "duration_months",
    "referral_date",
    "contact_start",
    "phase_1_start",
    "phase_2_start",
    "phase_3_start",
    "end_date",
)


def clock_dates_of(
    duration_months: int,
    referral_date: dt.date,
    contact_start: dt.date | None,
    phase_1_start: dt.date | None,
    phase_2_start: dt.date | None,
    phase_3_start: dt.date | None,
    end_date: dt.date | None,
    *,
    pauses: tuple[ClockPause, ...],
    **tolerance: int,
) -> CourseDates:
    """The CourseDates of a course's CLOCK_FIELDS values and its pauses (in start order)."""
    return CourseDates(
        duration_months=duration_months,
        referral=referral_date,
        contact_start=contact_start,
        phase_1=phase_1_start,
        phase_2=phase_2_start,
        phase_3=phase_3_start,
        end=end_date,
        pauses=pauses,
        **tolerance,
    )


class PauseReason(models.TextChoices):
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    HOSPITAL = "hospital", _("Hospital admission")
    TREATMENT = "treatment", _("Residential treatment")
    OTHER = "other", pgettext_lazy("pause reason", "Other")


class Pause(models.Model):
    """The CTI clock stops (homelessness manual 3.7); support continues."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="pauses", verbose_name=_("course")
    )
    start = models.DateField(_("pause start"))
    resume = models.DateField(_("resumed"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=PauseReason.choices)
    reason_text = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("course__municipality_id")

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resume__isnull=True) | Q(resume__gt=F("start")), name="pause_resume_after_start"
            ),
            models.UniqueConstraint(
                fields=["course"], condition=Q(resume__isnull=True), name="pause_one_open_per_course"
            ),
            models.CheckConstraint(
                condition=~Q(reason=PauseReason.OTHER) | ~Q(reason_text=""),
                name="pause_other_reason_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.resume or '…'}"

    @property
    def length_days(self) -> int | None:
        return (self.resume - self.start).days if self.resume else None


class WorkerAssignment(models.Model):
    """Who was the citizen's CTI worker, from when to when: reassignments keep their history."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("course")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("CTI worker"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("course__municipality_id")

    class Meta:
        verbose_name = _("worker assignment")
        verbose_name_plural = _("worker assignments")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=Q(end__isnull=True), name="assignment_one_current_per_course"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="assignment_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.start} – {self.end or '…'}"
