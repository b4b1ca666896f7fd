"""An import of a phase plan spreadsheet, kept server-side between the wizard's steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import Municipality
from overgang.programmes.models import Programme
from overgang.tenancy import TenantManager


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    MAPPED = "mapped", _("Columns chosen")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One uploaded file: its parsed cells (never the file itself, never in a URL), the chosen
    column mapping and, once imported, what happened. The cells hold CPR numbers, so they are
    cleared when the import has run; the batch keeps only the counts."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("municipality")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="import_batches"
    )
    legal_basis = models.CharField(max_length=30, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)  # list of (row number in the file, [cell, ...])
    mapping = models.JSONField(default=dict)  # field name -> column index
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
