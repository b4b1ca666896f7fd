"""Import fixtures: an administrator (ada) who may import anywhere in the municipality, and
helpers that build files and batches. Rows are synthetic; CPR numbers are fictitious."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import Workbook

HEADERS = [
    "Citizen",
    "CPR number",
    "CTI worker",
    "Contact period start",
    "Phase 1 realised",
    "Phase 2 realised",
    "Phase 3 realised",
    "End realised",
    "Reason for ending",
    "Pauses",
]


@pytest.fixture(autouse=True)
def in_english() -> Any:
    """Messages are asserted in English (their msgids), whatever the catalogue holds by then;
    a test that wants Danish overrides it."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def ada(municipality: Any) -> Any:
    from conftest import _user

    return _user("ada", municipality, "administrator")


def xlsx_bytes(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list[Any]], *, delimiter: str = ";", bom: bool = False, headers: list[str] = HEADERS
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")


@pytest.fixture
def make_batch(db: Any) -> Any:
    """A batch mapped with the guessed columns into a programme: make_batch(user, programme, rows)."""
    from overgang.imports.mapping import guess_mapping
    from overgang.imports.models import BatchStatus, ImportBatch

    def make(user: Any, programme: Any, rows: list[list[Any]], headers: list[str] = HEADERS) -> Any:
        cells = [
            [number, ["" if c is None else str(c) for c in row]] for number, row in enumerate(rows, start=2)
        ]
        return ImportBatch.objects.create(
            municipality_id=user.municipality_id,
            created_by=user,
            programme=programme,
            legal_basis=programme.legal_bases[0]["code"],
            filename="faseplan.xlsx",
            file_sha256="0" * 64,
            headers=headers,
            rows=cells,
            mapping=guess_mapping(headers),
            status=BatchStatus.MAPPED,
        )

    return make


@pytest.fixture
def client_for(db: Any) -> Any:
    """As the root conftest's, with English pages: the messages are asserted by their msgids."""
    from django.conf import settings
    from django.test import Client

    from overgang.accounts.testing import log_in_verified

    def make(user: Any) -> Client:
        client = log_in_verified(Client(), user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
