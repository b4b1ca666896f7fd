"""A course's checklists: the period's list answered item by item (saved as the worker goes, with
htmx), progress per group, and the transitions documented with their checklists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from overgang.audit.services import audit_record
from overgang.checklists.models import ChecklistAnswer, ChecklistItem, TransitionRecord
from overgang.checklists.selectors import (
    PERIODS,
    ItemRow,
    checklist_for,
    course_checklist,
    course_checklist_ids,
    no_share_per_item,
)
from overgang.checklists.services import answer_save
from overgang.courses.access import (
    courses_visible_to,
    get_course_for_user,
    programmes_visible_to,
    refuse_foreign,
    user_can_change_course,
)
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.courses.timeline import period_label
from overgang.method.clock import Period


def _period_choices(course: Any) -> list[tuple[str, str]]:
    return [
        (p, str(period_label(Period(p)))) for p in PERIODS if checklist_for(course.programme, p) is not None
    ]


@login_required
@require_GET
def checklist_page(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    current = str(course_schedule(course).period)
    periods = _period_choices(course)
    known = [code for code, _label in periods]
    period = request.GET.get("period") or (current if current in known else (known[0] if known else ""))
    if period not in known:
        raise Http404
    listed = course_checklist(course, period)
    audit_record(actor=request.user, action="checklist.viewed", obj=course, citizen_id=course.citizen_id)
    return render(
        request,
        "checklists/checklist.html",
        {
            "course": course,
            "citizen": course.citizen,
            "listed": listed,
            "period": period,
            "periods": periods,
            "current_period": current,
            "can_change": user_can_change_course(request.user, course) and course.end_date is None,
            "records": TransitionRecord.objects.filter(course=course).select_related("recorded_by"),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course):
        raise PermissionDenied
    item = ChecklistItem.objects.select_related("checklist").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    if item.checklist_id not in course_checklist_ids(course):
        # Another programme's or period's item: no citizen's data, but a refused attempt all the same.
        refuse_foreign(request.user, ChecklistItem, item_pk, citizen_path=None)
    version_text = request.POST.get("version", "")
    error = ""
    try:
        answer_save(
            course=course,
            item=item,
            answer=request.POST.get("answer", ""),
            comment=request.POST.get("comment", ""),
            actor=request.user,
            expected_version=int(version_text) if version_text.isdigit() else None,
        )
    except CourseActionError as refused:
        error = refused.message
    row = ItemRow(item=item, answer=ChecklistAnswer.objects.filter(course=course, item=item).first())
    if request.headers.get("HX-Request"):
        return render(
            request,
            "checklists/_item.html",
            {
                "course": course,
                "row": row,
                "can_change": course.end_date is None,
                "error": error,
                "saved": not error,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error + " " + _("Nothing was saved."))
    else:
        messages.success(request, _("The answer is saved."))
    return redirect(
        f"{reverse('checklists:checklist', args=[course.pk])}?period={item.checklist.period}#item-{item.pk}"
    )


@login_required
@require_GET
def item_figures(request: HttpRequest) -> HttpResponse:
    """Across a programme's courses: per item of a period's checklist, the share answered Nej —
    which items are most often not done."""
    programmes = [p for p in programmes_visible_to(request.user).filter(is_active=True) if p.checklists]
    if not programmes:
        raise Http404
    wanted = request.GET.get("programme", "")
    programme = next((p for p in programmes if str(p.pk) == wanted), programmes[0])
    periods = [(p, str(period_label(Period(p)))) for p in PERIODS if checklist_for(programme, p) is not None]
    period = request.GET.get("period") or (periods[0][0] if periods else "")
    checklist = checklist_for(programme, period) if period in dict(periods) else None
    if checklist is None:
        raise Http404
    courses = courses_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "checklists/item_figures.html",
        {
            "programmes": programmes,
            "programme": programme,
            "periods": periods,
            "period": period,
            "checklist": checklist,
            "rows": no_share_per_item(checklist, courses),
            "course_count": courses.count(),
        },
    )
