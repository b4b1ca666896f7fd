"""The contact journal (homelessness manual 4.2.3): every contact with the citizen, and the
contact frame agreed with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from overgang.tenancy import TenantManager


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Meeting in the citizen's home")
    MEETING = "meeting", _("Meeting elsewhere")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    VIDEO = "video", _("Video call")
    ESCORT = "escort", _("Accompanying the citizen to an appointment")
    NETWORK = "network", _("Meeting with the network")


class ContactStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HAPPENED = "happened", _("Took place")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("The citizen did not show up")


class ReminderStatus(models.TextChoices):
    NONE = "none", _("No reminder")
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class ContactEntry(models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="contacts", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=0)
    kind = models.CharField(_("form"), max_length=20, choices=ContactKind.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    citizen_present = models.BooleanField(_("the citizen took part"), default=True)
    third_parties = models.CharField(
        _("others who took part"), max_length=300, blank=True, help_text=_("By role, e.g. case worker, GP.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ContactStatus.choices)
    note = models.TextField(_("note"), blank=True, max_length=20000)
    next_agreement = models.TextField(
        pgettext_lazy("contact journal", "agreement for next time"), blank=True, max_length=2000
    )
    reminder_wanted = models.BooleanField(_("remind the citizen the day before"), default=False)
    reminder_status = models.CharField(
        _("reminder"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.NONE
    )
    reminder_attempts = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_error = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["course", "status", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ContactStatus]), name="contact_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ContactStatus.HAPPENED) | Q(duration_minutes__gt=0),
                name="contact_happened_has_duration",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=1440), name="contact_duration_at_most_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind}"


class ReminderChannel(models.TextChoices):
    NONE = "none", _("No reminders")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")


class ContactFrame(models.Model):
    """What the worker and the citizen agreed about how they keep in touch."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="contact_frame", verbose_name=_("course")
    )
    frequency = models.CharField(_("how often"), max_length=200, blank=True)
    time = models.CharField(_("when"), max_length=200, blank=True, help_text=_("E.g. Tuesday mornings."))
    place = models.CharField(_("where"), max_length=200, blank=True)
    kind = models.CharField(_("form"), max_length=20, choices=ContactKind.choices, blank=True)
    reminder_channel = models.CharField(
        _("reminders the day before"),
        max_length=10,
        choices=ReminderChannel.choices,
        default=ReminderChannel.NONE,
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("course__municipality_id")

    class Meta:
        verbose_name = _("contact frame")
        verbose_name_plural = _("contact frames")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.frequency}"
