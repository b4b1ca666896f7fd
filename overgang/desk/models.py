"""What the coordinator's desk keeps: acknowledgements of alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


class AlertAcknowledgement(models.Model):
    """A worker has seen an alert and says what they do about it. It never hides the alert from
    the coordinator; it is kept (and audited) as part of the course's documentation."""

    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        related_name="alert_acknowledgements",
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    alert_key = models.CharField(_("alert"), max_length=200, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), max_length=2000)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("alert acknowledgement")
        verbose_name_plural = _("alert acknowledgements")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(comment=""), name="acknowledgement_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_key} ({self.user_id})"


class DigestDelivery(models.Model):
    """One weekly digest per user and ISO week: the claim that makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(_("week"), max_length=8)  # ISO year and week, e.g. 2026-W47
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = TenantManager("user__municipality_id")

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
