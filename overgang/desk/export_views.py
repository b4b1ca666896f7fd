"""The phase plan as files: xlsx and PDF, with the same filters and access as the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from overgang.audit.services import audit_record
from overgang.courses.access import refuse_job_consultants
from overgang.desk.views import phase_plan_filters, phase_plan_sections

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    # Imported here: WeasyPrint takes a while to load, and only exports need it.
    from overgang.desk.exports import phase_plan_pdf, phase_plan_xlsx

    today = timezone.localdate()
    filters = phase_plan_filters(request)
    sections = phase_plan_sections(request, filters)
    if kind == "xlsx":
        content, content_type = phase_plan_xlsx(sections, today=today), XLSX
    else:
        content, content_type = phase_plan_pdf(sections, today=today), "application/pdf"
    audit_record(
        actor=request.user,
        action=f"phase_plan.exported_{kind}",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={
            "programmes": [programme.pk for programme, _ in sections],
            "worker": filters["worker"].pk if filters["worker"] else None,
            "period": filters["period"],
            "courses": sum(len(rows) for _, rows in sections),
        },
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="faseplan-{today:%Y-%m-%d}.{kind}"'
    return response


@login_required
@require_GET
@refuse_job_consultants
def phase_plan_xlsx_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_GET
@refuse_job_consultants
def phase_plan_pdf_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
