"""Printable documents: HTML laid out as PDF by WeasyPrint, with the bundled fonts and a page
counter in the active language. Used by the phase plan export, the citizen's copy of the CTI plan
and the fidelity report. Nothing is fetched from the network."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

STATIC_DIR = settings.BASE_DIR / "overgang" / "static"
FONT_DIR = STATIC_DIR / "vendor" / "dkfds" / "fonts" / "IBMPlexSans" / "complete" / "woff"


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """CSS `content` for "Page X of Y" in the active language, e.g. `"Side " counter(page) ...`."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    parts = []
    for index, part in enumerate(text.split(marker)):
        if index % 2 and part in ("page", "pages"):
            parts.append(f"counter({part})")
        elif part:
            parts.append(_css_string(part))
    return " ".join(parts)


def font_url(name: str) -> str | None:
    path = FONT_DIR / f"IBMPlexSans-{name}.woff"
    return path.as_uri() if path.exists() else None


def pdf_fonts() -> dict[str, Any]:
    """What a PDF template needs for its fonts and page counter."""
    return {
        "font_regular": font_url("Regular"),
        "font_bold": font_url("Bold"),
        "page_counter": page_counter_css(),
    }


def html_to_pdf(html: str) -> bytes:
    """Lay out HTML as PDF with the bundled fonts; nothing is fetched from the network."""
    from weasyprint import HTML, URLFetcher  # imported late: it loads Pango

    document = HTML(
        string=html,
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=URLFetcher(allowed_protocols={"file", "data"}),
    )
    return document.write_pdf()
