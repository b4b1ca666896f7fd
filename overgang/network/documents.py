"""The network map on paper: the same server-rendered SVG as on screen, laid out as a PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from overgang.courses.models import Course
from overgang.network import selectors
from overgang.pdf import html_to_pdf, pdf_fonts


def map_html(course: Course) -> str:
    """The PDF's HTML before layout (tests read the text here). The active language decides."""
    drawing = selectors.map_drawing(course)
    return render_to_string(
        "network/map_pdf.html",
        {
            "course": course,
            "citizen": course.citizen,
            "drawing": drawing,
            "printed": timezone.localdate(),
            **pdf_fonts(),
        },
    )


def map_pdf(course: Course) -> bytes:
    return html_to_pdf(map_html(course))
