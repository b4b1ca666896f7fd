"""Reading the audit log: who may search it, what they see, and the purposes a citizen is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import Role
from overgang.audit.models import AuditEntry
from overgang.courses.access import citizens_visible_to
from overgang.courses.cpr import normalise_cpr
from overgang.courses.models import Citizen


def user_may_search_audit_log(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.municipality_id is not None
        and user.role in (Role.ADMINISTRATOR, Role.COORDINATOR)
    )


def entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """Administrators: every row of their municipality. Coordinators: the rows about citizens in
    their programmes, and their own actions. Everyone else: nothing."""
    if not user_may_search_audit_log(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.ADMINISTRATOR:
        return entries
    return entries.filter(Q(citizen_id__in=citizens_visible_to(user).values("pk")) | Q(actor=user))


ACTIONS_CACHE_KEY = "auditlog:actions"
ACTIONS_CACHE_SECONDS = 600


def audit_actions(*, refresh: bool = False) -> list[str]:
    """The action names the log holds, for the search form's list. The names are code constants,
    not personal data, so one list serves every reader; it is read with one DISTINCT over the whole
    table at most every ten minutes per process, not on every search (the log grows by millions of
    rows a year). `refresh` reads the table again, for an action newer than the cached list."""
    actions = None if refresh else cache.get(ACTIONS_CACHE_KEY)
    if actions is None:
        actions = sorted(AuditEntry._base_manager.values_list("action", flat=True).distinct().order_by())
        cache.set(ACTIONS_CACHE_KEY, actions, ACTIONS_CACHE_SECONDS)
    return list(actions)


def citizens_matching(user: Any, term: str) -> QuerySet[Citizen]:
    """The municipality's citizens a term names: a whole CPR number (with or without the dash) or
    words of the name."""
    citizens = Citizen.objects.filter(municipality_id=user.municipality_id)
    digits = normalise_cpr(term)
    if digits.isdigit():
        return citizens.filter(cpr=digits)
    condition = Q()
    for part in term.split():
        condition &= Q(first_name__icontains=part) | Q(last_name__icontains=part)
    return citizens.filter(condition)


def audit_search(
    user: Any,
    *,
    actor: Any = None,
    citizen_term: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = entries_visible_to(user).select_related("actor")
    if actor is not None:
        entries = entries.filter(actor=actor)
    if citizen_term:
        entries = entries.filter(citizen_id__in=citizens_matching(user, citizen_term).values("pk"))
    if action:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(at__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-pk")


# --- The citizen's right of access (GDPR art. 15; EU Court C-579/21) --------------------------------
#
# The citizen is told when their data was looked up and why, in plain words; the employees' names
# only when the data protection officer judges it necessary (with a reason, which is logged).

REFUSED = _("An attempt to open the case was refused")
EXPORTED = _("Data was exported or printed")
DELETED = _("Data was deleted")
CHANGED = _("Data was registered or changed")
LOOKUPS_LISTED = _("The list of lookups was made")
CASE_READ = _("The case was read")
READ_BY_AREA = {
    "course": CASE_READ,
    "citizen": CASE_READ,
    "privacy": CASE_READ,
    "contact_journal": _("The contact journal was read"),
    "cti_plan": _("The CTI plan was read"),
    "network": _("The network was read"),
    "safety": _("The safety plan was read"),
    "handover": _("The handover was read"),
    "compass": _("The change compass was read"),
    "jobs": _("The job programme's steps were read"),
    "checklist": _("The checklist was read"),
    "supervision": _("The case was discussed in method supervision"),
}
EXPORT_WORDS = ("export", "pdf", "citizen_copy", "section_141")
DELETE_WORDS = ("remove", "delete", "withdraw")


def purpose_of(action: str) -> Any:
    """The plain purpose of an audit action, as the citizen reads it."""
    if action == "access.denied":
        return REFUSED
    area, _dot, verb = action.partition(".")
    if area == "audit":
        return LOOKUPS_LISTED
    if any(word in verb for word in EXPORT_WORDS):
        return EXPORTED
    if verb.endswith("viewed") or verb == "prepared":
        return READ_BY_AREA.get(area, CASE_READ)
    if any(word in verb for word in DELETE_WORDS):
        return DELETED
    return CHANGED


def citizen_lookups(citizen_id: int) -> QuerySet[AuditEntry]:
    """Every row about one citizen, oldest first. Across municipalities on purpose: an attempt by
    someone in another municipality is about this citizen too."""
    return AuditEntry._base_manager.filter(citizen_id=citizen_id).select_related("actor").order_by("at", "pk")
