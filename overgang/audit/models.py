"""The audit log: who did what to which citizen's data, when, with values before and after.

One row per read, search, change, export, deletion and refused attempt. `at` is stored in UTC
(USE_TZ). On PostgreSQL the application's role may only insert and read (audit/sql/append_only.sql).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager

SEARCH_TERM_MAX_LENGTH = 200


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    citizen_id = models.BigIntegerField(_("citizen"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(_("request id"), max_length=40, blank=True)
    # What was searched for (a name or a CPR number): Datatilsynet wants searches logged with their
    # terms. Only this table holds it, never a log line or a URL.
    search_term = models.CharField(_("search term"), max_length=SEARCH_TERM_MAX_LENGTH, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
