"""The citizen's data export: a confirmation page, then the download (POST)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from overgang.audit.services import audit_record
from overgang.courses.access import get_course_for_user, log_denied
from overgang.privacy.export import citizen_export, user_may_export


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if not user_may_export(request.user):
        # The course may be read, its citizen's data not exported (a manager, a job consultant).
        log_denied(request.user, "privacy.data_export", course.pk, citizen_id=course.citizen_id)
        raise Http404
    if request.method == "GET":
        audit_record(
            actor=request.user, action="privacy.export_form_viewed", obj=course, citizen_id=course.citizen_id
        )
        return render(request, "privacy/data_export.html", {"course": course, "citizen": course.citizen})
    export = citizen_export(citizen=course.citizen, actor=request.user, now=timezone.now())
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response
