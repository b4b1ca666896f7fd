"""Fidelity reviews per programme (appendix 4): the list with the score over time, a new review
pre-filled from the evidence, a review's page and its printable report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from overgang.audit.services import audit_record
from overgang.checklists.selectors import checklist_for
from overgang.courses.access import (
    courses_visible_to,
    get_programme_for_user,
    log_denied,
    programmes_visible_to,
    refuse_foreign,
    user_can_manage_programme,
)
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.fidelity.evidence import EVIDENCE, Evidence
from overgang.fidelity.models import FidelityReview
from overgang.fidelity.services import review_create
from overgang.pdf import html_to_pdf, pdf_fonts
from overgang.programmes.models import Programme

CHART_WIDTH, CHART_HEIGHT = 600, 160


def _programme(request: HttpRequest) -> Programme:
    wanted = request.GET.get("programme") or request.POST.get("programme")
    if wanted:
        return get_programme_for_user(request.user, wanted)
    programme = next(
        (
            p
            for p in programmes_visible_to(request.user).filter(is_active=True)
            if checklist_for(p, "fidelity")
        ),
        None,
    )
    if programme is None:
        raise Http404
    return programme


def _chart(reviews: list[FidelityReview]) -> dict[str, Any] | None:
    """The programme-level scores over time as SVG points (oldest left)."""
    scored = [(r.reviewed_on, r.score().percent) for r in reversed(reviews) if r.course_id is None]
    points = [(day, percent) for day, percent in scored if percent is not None]
    if len(points) < 2:
        return None
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    coords = [
        (
            round(20 + (day - first).days / span * (CHART_WIDTH - 40), 1),
            round(CHART_HEIGHT - 20 - percent / 100 * (CHART_HEIGHT - 40), 1),
            day,
            percent,
        )
        for day, percent in points
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "polyline": " ".join(f"{x},{y}" for x, y, _day, _p in coords),
        "points": coords,
    }


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    programme = _programme(request)
    reviews = list(
        FidelityReview.objects.filter(programme=programme)
        .filter(Q(course__isnull=True) | Q(course__in=courses_visible_to(request.user)))
        .select_related("reviewer", "course__citizen", "checklist")
        .prefetch_related("answers", "checklist__items")
    )
    programmes = [
        p for p in programmes_visible_to(request.user).filter(is_active=True) if checklist_for(p, "fidelity")
    ]
    return render(
        request,
        "fidelity/list.html",
        {
            "programme": programme,
            "programmes": programmes,
            "rows": [(review, review.score()) for review in reviews],
            "chart": _chart(reviews),
            "can_review": user_can_manage_programme(request.user, programme),
            "has_checklist": checklist_for(programme, "fidelity") is not None,
        },
    )


def _items_with_evidence(
    programme: Programme, course: Any, today: Any
) -> tuple[Any, list[tuple[Any, Evidence | None]]]:
    checklist = checklist_for(programme, "fidelity")
    if checklist is None:
        raise Http404
    found = []
    for item in checklist.items.all():
        compute = EVIDENCE.get(item.evidence)
        found.append((item, compute(programme, course, today) if compute else None))
    return checklist, found


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest) -> HttpResponse:
    programme = _programme(request)
    if not user_can_manage_programme(request.user, programme):
        raise PermissionDenied
    course = None
    course_id = request.GET.get("course") or request.POST.get("course")
    if course_id:
        course = (
            courses_visible_to(request.user)
            .filter(programme=programme, pk=course_id if str(course_id).isdigit() else 0)
            .first()
        )
        if course is None:
            refuse_foreign(request.user, Course, course_id, citizen_path="citizen_id")
    today = timezone.localdate()
    checklist, items = _items_with_evidence(programme, course, today)
    posted: dict[int, str] = {}
    reasons: dict[int, str] = {}
    error = ""
    reviewed_on_text = request.POST.get("reviewed_on", today.isoformat())
    note = request.POST.get("note", "")
    if request.method == "POST":
        posted = {item.pk: request.POST.get(f"answer-{item.pk}", "") for item, _ev in items}
        reasons = {item.pk: request.POST.get(f"reason-{item.pk}", "") for item, _ev in items}
        try:
            from datetime import date

            reviewed_on = date.fromisoformat(reviewed_on_text)
        except ValueError:
            reviewed_on = None
        try:
            review = review_create(
                programme=programme,
                checklist=checklist,
                reviewed_on=reviewed_on,
                answers=posted,
                reasons=reasons,
                evidence={item.pk: ev for item, ev in items if ev is not None},
                actor=request.user,
                course=course,
                note=note,
                today=today,
            )
        except CourseActionError as refused:
            error = refused.message
        else:
            messages.success(request, _("The fidelity review is saved."))
            return redirect("fidelity:detail", pk=review.pk)
    rows = [
        {
            "item": item,
            "evidence": ev,
            "answer": posted.get(item.pk) or (ev.suggested if ev and ev.suggested else ""),
            "reason": reasons.get(item.pk, ""),
        }
        for item, ev in items
    ]
    return render(
        request,
        "fidelity/new.html",
        {
            "programme": programme,
            "course": course,
            "checklist": checklist,
            "rows": rows,
            "error": error,
            "reviewed_on": reviewed_on_text,
            "note": note,
            "choices": checklist.answer_choices,
        },
        status=400 if error else 200,
    )


def _review_for(request: HttpRequest, pk: int) -> FidelityReview:
    review = (
        FidelityReview.objects.filter(pk=pk, programme__in=programmes_visible_to(request.user))
        .select_related("programme", "reviewer", "course__citizen", "checklist")
        .first()
    )
    if review is None:
        refuse_foreign(request.user, FidelityReview, pk, citizen_path="course__citizen_id")
    if (
        review.course_id is not None
        and not courses_visible_to(request.user).filter(pk=review.course_id).exists()
    ):
        # A review of a course the user may not see: a refused attempt on that citizen.
        citizen_id = review.course.citizen_id if review.course else None
        log_denied(request.user, "fidelity.fidelityreview", review.pk, citizen_id=citizen_id)
        raise Http404
    return review


def _detail_context(review: FidelityReview) -> dict[str, Any]:
    answers = {a.item_id: a for a in review.answers.all()}
    return {
        "review": review,
        "score": review.score(),
        "rows": [(item, answers.get(item.pk)) for item in review.checklist.items.all()],
    }


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for(request, pk)
    return render(request, "fidelity/detail.html", _detail_context(review))


@login_required
@require_GET
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for(request, pk)
    audit_record(
        actor=request.user, action="fidelity.report", obj=review, municipality_id=review.municipality_id
    )
    html = render_to_string(
        "fidelity/report_pdf.html",
        {
            **_detail_context(review),
            **pdf_fonts(),
            "printed": timezone.localdate(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="fidelity-{review.programme_id}-{review.reviewed_on}.pdf"'
    )
    return response
