"""Calendar feeds: a worker's planned transitions at a secret, revocable address.

The address holds a random token; only its SHA-256 hash is stored, so the database alone cannot
be used to read anyone's calendar. A worker has at most one active feed: a new link revokes the old.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


class NameStyle(models.TextChoices):
    """How much of the citizen's name the calendar shows: the worker chooses, initials by default."""

    INITIALS = "initials", _("Initials only (e.g. AB)")
    FIRST_NAME = "first_name", _("First name")
    FULL_NAME = "full_name", _("Full name")
    NONE = "none", _("No name (shown as “Citizen”)")


class CalendarFeed(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    name_style = models.CharField(
        _("citizen names in the calendar"),
        max_length=20,
        choices=NameStyle.choices,
        default=NameStyle.INITIALS,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TenantManager("user__municipality_id")

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            ),
            models.CheckConstraint(
                condition=Q(name_style__in=[style.value for style in NameStyle]),
                name="calendar_feed_name_style_valid",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="calendar_feed_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
