"""Supervision sessions (homelessness manual 3.6, shelter manual 1.3.7): when the CTI workers met a
supervisor, whether it was method or case supervision, which courses they discussed and what they
concluded. The phase plan (appendix 5) is the group's tool for method supervision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from overgang.method.alerts import SUPERVISION_INTERVAL_WEEKS
from overgang.tenancy import TenantManager

__all__ = ["CONCLUSIONS_MAX", "SUPERVISION_INTERVAL_WEEKS", "SupervisionKind", "SupervisionSession"]

CONCLUSIONS_MAX = 4000  # "short conclusions": minutes belong elsewhere


class SupervisionKind(models.TextChoices):
    # Homelessness 3.6: method supervision "must not be confused with" case supervision.
    METHOD = "method", _("Method supervision")
    CASE = "case", _("Case supervision")


class SupervisionSession(models.Model):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
        verbose_name=_("programme"),
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=SupervisionKind.choices)
    supervisor = models.CharField(
        _("supervisor"),
        max_length=200,
        help_text=_(
            "A name; the supervisor may come from outside, e.g. a CTI worker in another municipality."
        ),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supervision_sessions", verbose_name=_("participants")
    )
    courses = models.ManyToManyField(
        "courses.Course", related_name="supervision_sessions", blank=True, verbose_name=_("courses discussed")
    )
    conclusions = models.TextField(_("conclusions"), max_length=CONCLUSIONS_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["programme", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in SupervisionKind]), name="supervision_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(supervisor=""), name="supervision_has_supervisor"),
            models.CheckConstraint(condition=~models.Q(conclusions=""), name="supervision_has_conclusions"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("conclusions"), CONCLUSIONS_MAX),
                name="supervision_conclusions_short",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y} {self.get_kind_display()}"
