"""The audit log's two screens: searching it (administrators, coordinators) and the citizen's list
of lookups (GDPR art. 15). Both are audited themselves."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook

from overgang.accounts.models import Role, User
from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record
from overgang.auditlog.forms import AuditSearchForm, CitizenLookupsForm
from overgang.auditlog.selectors import (
    audit_actions,
    audit_search,
    citizen_lookups,
    purpose_of,
    user_may_search_audit_log,
)
from overgang.courses.access import citizens_visible_to, get_course_for_user, log_denied

PAGE_SIZE = 50
LOOKUPS_PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """GET shows the newest rows; the filters and the page travel by POST (a CPR number never goes
    in a URL). Every view of the log is itself one audit row, with the citizen term as its term.
    Only administrators and coordinators: for everyone else, logged in or not, the page does not
    exist (404)."""
    user: User = request.user  # type: ignore[assignment]
    if not user_may_search_audit_log(user):
        raise Http404
    users = User.objects.filter(municipality=user.municipality).order_by("first_name", "last_name")
    actions = audit_actions()
    if request.method == "POST" and request.POST.get("action") and request.POST["action"] not in actions:
        actions = audit_actions(refresh=True)
    form = AuditSearchForm(request.POST if request.method == "POST" else None, users=users, actions=actions)
    filters: dict[str, Any] = {}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        entries = AuditEntry.objects.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        filters = {
            "actor": data.get("actor"),
            "citizen_term": (data.get("citizen") or "").strip(),
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        entries = audit_search(user, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(form.cleaned_data.get("page") if form.is_bound else 1)
    # Names only of the citizens the reader may see now: a refused attempt's row may point at a
    # citizen outside their reach, and then the id is all they get.
    rows = list(page.object_list)
    shown = citizens_visible_to(user).filter(pk__in={entry.citizen_id for entry in rows if entry.citizen_id})
    names = {citizen.pk: citizen.full_name for citizen in shown.only("first_name", "last_name")}
    for entry in rows:
        entry.citizen_name = names.get(entry.citizen_id, "")  # type: ignore[attr-defined]
    audit_record(
        actor=user,
        action="audit.searched",
        municipality_id=user.municipality_id,
        search_term=filters.get("citizen_term", ""),
        after={
            "actor": filters["actor"].pk if filters.get("actor") else None,
            "action": filters.get("action", ""),
            "from": filters.get("date_from"),
            "to": filters.get("date_to"),
            "page": page.number,
            "results": page.paginator.count,
        },
    )
    return render(request, "audit/search.html", {"form": form, "page": page, "rows": rows}, status=status)


# --- The citizen's right of access ----------------------------------------------------------------


def _lookups_course(request: HttpRequest, pk: int) -> Any:
    """The course, for its CTI worker, a coordinator or an administrator who may see it; 404 for
    everyone else (managers, job consultants, anyone outside)."""
    course = get_course_for_user(request.user, pk)
    if getattr(request.user, "role", None) not in (Role.WORKER, Role.COORDINATOR, Role.ADMINISTRATOR):
        # The course is theirs to read, its list of lookups is not: a refused attempt on the citizen.
        log_denied(request.user, "audit.citizen_lookups", course.pk, citizen_id=course.citizen_id)
        raise Http404
    return course


def _lookup_rows(entries: Any, *, with_names: bool) -> list[list[str]]:
    rows = []
    for entry in entries:
        row = [timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"), str(purpose_of(entry.action))]
        if with_names:
            row.append(
                entry.actor.get_full_name() or entry.actor.username if entry.actor else _("The system")
            )
        rows.append(row)
    return rows


def _download(rows: list[list[str]], header: list[str], *, file_format: str, filename: str) -> HttpResponse:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        # With a byte-order mark, so Excel opens the Danish letters correctly.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Lookups")[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for column, width in zip("ABC", (18, 50, 30), strict=False):
            sheet.column_dimensions[column].width = width
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def citizen_lookups_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of lookups of one citizen's data: when and why, without the employees' names unless
    explicitly asked for with a reason (EU Court C-579/21). GET shows it; POST downloads it."""
    course = _lookups_course(request, pk)
    citizen_id = course.citizen_id
    form = CitizenLookupsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with_names = form.cleaned_data["with_names"]
        rows = _lookup_rows(citizen_lookups(citizen_id).iterator(chunk_size=2000), with_names=with_names)
        audit_record(
            actor=request.user,
            action="audit.citizen_lookups_exported",
            obj=course,
            citizen_id=citizen_id,
            after={
                "format": form.cleaned_data["file_format"],
                "with_names": with_names,
                "reason": form.cleaned_data["reason"].strip() if with_names else "",
                "rows": len(rows),
            },
        )
        header = [_("Date and time"), _("Purpose")] + ([_("Employee")] if with_names else [])
        return _download(
            rows,
            header,
            file_format=form.cleaned_data["file_format"],
            filename=f"opslag-{citizen_id}-{timezone.localdate():%Y%m%d}",
        )
    # The newest first on screen, a page at a time (a long course gathers thousands of rows); the
    # download holds them all, oldest first.
    page = Paginator(citizen_lookups(citizen_id).reverse(), LOOKUPS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_record(
        actor=request.user,
        action="audit.citizen_lookups_viewed",
        obj=course,
        citizen_id=citizen_id,
        after={"page": page.number},
    )
    rows = _lookup_rows(page.object_list, with_names=False)
    return render(
        request,
        "audit/citizen_lookups.html",
        {"course": course, "citizen": course.citizen, "form": form, "rows": rows, "page": page},
        status=400 if form.is_bound else 200,
    )
