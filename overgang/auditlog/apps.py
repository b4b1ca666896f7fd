from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    """The audit log's screens: searching the log and the citizen's list of lookups. They read
    through the one door (overgang/courses/access.py), so they live above the courses; the log
    itself (overgang/audit) lives below, since every app writes to it."""

    name = "overgang.auditlog"
    verbose_name = _("Audit log screens")
