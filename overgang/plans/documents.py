"""The CTI plan on paper: the citizen's own copy (plain language, big type, the citizen's words
first, no internal notes) and the section for the authority case worker's § 141 action plan."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from overgang.pdf import html_to_pdf, pdf_fonts
from overgang.plans.models import CtiPlan
from overgang.plans.presentation import plan_view


def citizen_copy_html(plan: CtiPlan) -> str:
    """The citizen's copy before layout (tests read the text here). The active language decides."""
    return render_to_string(
        "plans/citizen_copy.html",
        {
            "view": plan_view(plan),
            "citizen": plan.course.citizen,
            "printed": timezone.localdate(),
            **pdf_fonts(),
        },
    )


def citizen_copy_pdf(plan: CtiPlan) -> bytes:
    return html_to_pdf(citizen_copy_html(plan))


def section_141_context(plan: CtiPlan) -> dict[str, Any]:
    return {
        "view": plan_view(plan),
        "course": plan.course,
        "citizen": plan.course.citizen,
        "printed": timezone.localdate(),
    }
