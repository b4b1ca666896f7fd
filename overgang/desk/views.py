"""The coordinator's desk: the live phase plan, alerts, and the caseload board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.checklists.selectors import checklist_completion
from overgang.courses.access import (
    courses_visible_to,
    programmes_visible_to,
    refuse_foreign,
    refuse_job_consultants,
    user_can_reassign,
)
from overgang.courses.forms import DateInput, StyledForm
from overgang.courses.selectors import workers_visible_to
from overgang.courses.services import CourseActionError
from overgang.desk import services
from overgang.desk.models import DigestDelivery
from overgang.desk.selectors import (
    PERIOD_FILTERS,
    PhasePlanRow,
    alerts_for,
    caseload_board,
    next_citizen_ranking,
    phase_plan_courses,
    phase_plan_order,
    phase_plan_rows,
    phase_plan_sections_for,
)
from overgang.programmes.models import Programme


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def phase_plan_filters(request: HttpRequest) -> dict[str, Any]:
    """The phase plan's filters from the query string, each checked against what the user may see."""
    user = request.user
    # Read once: the filter's choices, and the chosen one among them.
    programmes = list(programmes_visible_to(user).order_by("name"))
    programme_id = _int_param(request, "programme")
    programme = next((p for p in programmes if p.pk == programme_id), None) if programme_id else None
    workers = workers_visible_to(user).order_by("first_name", "last_name")
    if programme is not None:
        workers = workers.filter(programmes=programme)
    worker_id = _int_param(request, "worker")
    worker = workers.filter(pk=worker_id).first() if worker_id else None
    period = request.GET.get("period", "")
    return {
        "programmes": programmes,
        "programme": programme,
        "workers": workers if getattr(user, "role", None) != Role.WORKER else None,
        "worker": worker,
        "period": period if period in PERIOD_FILTERS else "",
        "include_ended": request.GET.get("ended") == "1" or period == "ended",
    }


def phase_plan_sections(request: HttpRequest, filters: dict[str, Any]) -> list[tuple[Programme, list[Any]]]:
    """The rows per programme (one section, sheet or page group each)."""
    chosen = [filters["programme"]] if filters["programme"] else list(filters["programmes"])
    return phase_plan_sections_for(
        request.user,
        programmes=chosen,
        worker=filters["worker"],
        period=filters["period"] or None,
        include_ended=filters["include_ended"],
        today=timezone.localdate(),
    )


PHASE_PLAN_PAGE_SIZE = 100


@dataclass(frozen=True)
class PlanSection:
    """One programme's part of the phase plan page: how many courses, and the page of them shown."""

    programme: Programme
    page: Page[int]  # of the programme's course keys, most urgent first
    rows: list[PhasePlanRow]  # the page's rows, in the page's order
    page_param: str
    query_without_page: str

    @property
    def count(self) -> int:
        return self.page.paginator.count

    def page_url(self, number: int) -> str:
        return (
            f"?{self.query_without_page}&{self.page_param}={number}"
            if self.query_without_page
            else (f"?{self.page_param}={number}")
        )

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None


def phase_plan_page(request: HttpRequest, filters: dict[str, Any], *, today: dt.date) -> list[PlanSection]:
    """Each programme's page of the plan: the order of every course from their stored next steps,
    the rows (clock, alerts) of only the courses on the page, read together for every section."""
    chosen = [filters["programme"]] if filters["programme"] else list(filters["programmes"])
    courses = phase_plan_courses(
        request.user, worker=filters["worker"], include_ended=filters["include_ended"]
    )
    order = phase_plan_order(courses, today=today, period=filters["period"] or None, programmes=chosen)
    pages = []
    for programme in chosen:
        param = f"page-{programme.pk}"
        rest = request.GET.copy()
        rest.pop(param, None)
        page = Paginator(order[programme.pk], PHASE_PLAN_PAGE_SIZE).get_page(request.GET.get(param))
        pages.append((programme, page, param, rest.urlencode()))
    shown = [pk for _programme, page, _param, _rest in pages for pk in page]
    rows = {
        row.course.pk: row
        for row in phase_plan_rows(courses.filter(pk__in=shown), today=today, programmes=chosen)
    }
    # A course changed between the two reads (ended, moved) is left out rather than failing the page.
    return [
        PlanSection(programme, page, [rows[pk] for pk in page if pk in rows], param, rest)
        for programme, page, param, rest in pages
    ]


PERIOD_LABELS = {
    "referred": gettext_lazy("Referred"),
    "contact": gettext_lazy("Contact period"),
    "phase_1": gettext_lazy("Phase 1"),
    "phase_2": gettext_lazy("Phase 2"),
    "phase_3": gettext_lazy("Phase 3"),
    "ended": gettext_lazy("Ended"),
}


@login_required
@require_GET
@refuse_job_consultants
def phase_plan(request: HttpRequest) -> HttpResponse:
    filters = phase_plan_filters(request)
    today = timezone.localdate()
    # A big programme's plan is shown a page at a time, the most urgent rows first; the files
    # (xlsx, PDF) hold every row.
    plan_sections = phase_plan_page(request, filters, today=today)
    completion = checklist_completion(
        [row.course for section in plan_sections for row in section.rows], today=today
    )
    # A list of many citizens: one audit row for the list, not one per citizen.
    audit_record(
        actor=request.user,
        action="phase_plan.viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={"courses": sum(section.count for section in plan_sections)},
    )
    return render(
        request,
        "desk/phase_plan.html",
        {
            **filters,
            "plan_sections": plan_sections,
            "completion": completion,
            "today": today,
            "period_choices": [(p, PERIOD_LABELS[p]) for p in PERIOD_FILTERS],
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
@refuse_job_consultants
def alerts(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    programmes = programmes_visible_to(request.user).order_by("name")
    programme_id = _int_param(request, "programme")
    programme = programmes.filter(pk=programme_id).first() if programme_id else None
    items = alerts_for(request.user, today=today, programme=programme)
    audit_record(
        actor=request.user,
        action="alerts.viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={"alerts": len(items)},
    )
    return render(
        request,
        "desk/alerts.html",
        {"items": items, "programmes": programmes, "programme": programme, "today": today},
    )


class AcknowledgeForm(StyledForm):
    alert_key = forms.CharField(widget=forms.HiddenInput, max_length=200)
    comment = forms.CharField(
        label=gettext_lazy("What do you do about it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
@require_POST
@refuse_job_consultants
def alert_acknowledge(request: HttpRequest) -> HttpResponse:
    form = AcknowledgeForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.alert_acknowledge(
                user=request.user,
                alert_key=form.cleaned_data["alert_key"],
                comment=form.cleaned_data["comment"],
            )
        except CourseActionError as exc:
            error = exc.message
    else:
        error = _("Write a short comment on what you do about the alert.")
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Your comment on the alert is saved. The coordinator still sees the alert.")
        )
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("desk:alerts")


BOARD_PAGE_SIZE = 24
BOARD_RANKING_SHOWN = 10


@login_required
@require_GET
@refuse_job_consultants
def board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    programmes = programmes_visible_to(request.user).order_by("name")
    programme_id = _int_param(request, "programme")
    programme = programmes.filter(pk=programme_id).first() if programme_id else None
    workers = workers_visible_to(request.user).order_by("first_name", "last_name")
    if programme is not None:
        workers = workers.filter(programmes=programme)
    entries = caseload_board(workers, today=today, programme=programme)
    # A worker's load counts all their courses, but the viewer is shown only the citizens they may
    # see: a worker who also works in another programme has citizens this coordinator may not see.
    visible = set(courses_visible_to(request.user).values_list("pk", flat=True))
    entries = [
        replace(entry, courses=tuple(c for c in entry.courses if c.pk in visible)) for entry in entries
    ]
    audit_record(
        actor=request.user,
        action="caseload_board.viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
    )
    # Every worker is ranked (and their alerts counted), but a big team's cards, each with its
    # chart, are shown a page at a time.
    page = Paginator(entries, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    ranking = next_citizen_ranking(entries)
    return render(
        request,
        "desk/board.html",
        {
            "entries": page,
            "page": page,
            "page_query": rest.urlencode(),
            "ranking": ranking[:BOARD_RANKING_SHOWN],
            "ranking_rest": ranking[BOARD_RANKING_SHOWN:],
            "programmes": programmes,
            "programme": programme,
            "today": today,
            "can_reassign": user_can_reassign(request.user),
        },
    )


class MoveCaseloadForm(StyledForm):
    to_worker = forms.ModelChoiceField(label=gettext_lazy("Move to"), queryset=User.objects.none())
    on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())

    def __init__(self, *args: Any, workers: Any, exclude_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = workers.exclude(pk=exclude_pk)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def move_caseload(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """Confirmation page (GET) and the move itself (POST): every active course to another worker."""
    if not user_can_reassign(request.user):
        raise PermissionDenied
    workers = workers_visible_to(request.user)
    from_worker = workers.filter(pk=worker_pk).first()
    if from_worker is None:
        refuse_foreign(request.user, User, worker_pk, citizen_path=None)
    form = MoveCaseloadForm(
        request.POST or None, workers=workers, exclude_pk=from_worker.pk, initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.worker_caseload_move(
                from_worker=from_worker,
                to_worker=form.cleaned_data["to_worker"],
                on=form.cleaned_data["on"],
                actor=request.user,
            )
        except CourseActionError as exc:
            form.add_error("to_worker" if exc.field == "worker" else None, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d course moved to %(worker)s.", "%(count)d courses moved to %(worker)s.", moved
                )
                % {"count": moved, "worker": form.cleaned_data["to_worker"]},
            )
            return redirect("desk:board")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "desk/move_caseload.html", {"from_worker": from_worker, "form": form}, status=status
    )


@login_required
@require_GET
@refuse_job_consultants
def digest_preview(request: HttpRequest) -> HttpResponse:
    """Exactly what this week's digest mail holds, for yourself or (coordinators) a worker of yours."""
    from overgang.desk.digest import digest_for, iso_week, render_digest

    today = timezone.localdate()
    user: User = request.user  # type: ignore[assignment]
    target = user
    recipients = None
    if user.role in (Role.COORDINATOR, Role.ADMINISTRATOR, Role.MANAGER):
        recipients = [user, *workers_visible_to(user).order_by("first_name", "last_name")]
        chosen = _int_param(request, "user")
        target = next((r for r in recipients if r.pk == chosen), user)
    digest = digest_for(target, today=today)
    if target.pk != user.pk:
        # A coordinator sees what a worker's mail holds, but only the citizens they may see themselves.
        visible = set(courses_visible_to(user).values_list("pk", flat=True))
        own_programmes = set(programmes_visible_to(user).values_list("pk", flat=True))
        digest = replace(
            digest,
            sections=[
                (programme, [row for row in rows if row.course.pk in visible])
                for programme, rows in digest.sections
                if programme.pk in own_programmes
            ],
            alerts=[item for item in digest.alerts if item.course is None or item.course.pk in visible],
        )
    subject, _text, _html = render_digest(digest)
    audit_record(
        actor=user,
        action="digest.previewed",
        municipality_id=user.municipality_id,
        after={"recipient": target.pk},
    )
    return render(
        request,
        "desk/digest_preview.html",
        {
            "digest": digest,
            "subject": subject,
            "recipients": recipients,
            "already_sent": DigestDelivery.objects.filter(user=target, week=iso_week(today)).exists(),
        },
    )
