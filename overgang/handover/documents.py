"""The closing letter on paper: the worker's letter to the citizen (shelter 2.4.2) as a PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from overgang.handover.models import ClosingLetter
from overgang.pdf import html_to_pdf, pdf_fonts


def closing_letter_html(letter: ClosingLetter) -> str:
    """The letter before layout (tests read the text here)."""
    course = letter.course
    return render_to_string(
        "handover/letter_pdf.html",
        {
            "letter": letter,
            "citizen": course.citizen,
            "programme": course.programme,
            "municipality": course.municipality,
            "printed": timezone.localdate(),
            **pdf_fonts(),
        },
    )


def closing_letter_pdf(letter: ClosingLetter) -> bytes:
    return html_to_pdf(closing_letter_html(letter))
