"""Retention: which citizens must be kept whatever the retention mode says."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


class PreservationMarker(models.Model):
    """Keep this citizen's data even when RETENTION_MODE allows anonymising or deleting it.

    Without any setting nothing is ever anonymised or deleted (RETENTION_MODE "preserve"): a
    municipality may not delete case records without the archive authority's approval, so deletion
    is an explicit setting. This marker is for the citizens the approval does not cover (selected
    for preservation by the archive authority, a pending complaint, a court case): `apply_retention`
    never touches a marked citizen.
    """

    citizen = models.OneToOneField(
        "courses.Citizen",
        on_delete=models.CASCADE,
        related_name="preservation_marker",
        verbose_name=_("citizen"),
    )
    reason = models.CharField(_("reason for preserving"), max_length=500)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    objects = TenantManager("citizen__municipality_id")

    class Meta:
        verbose_name = _("preservation marker")
        verbose_name_plural = _("preservation markers")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="preservation_has_reason")]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.reason}"
