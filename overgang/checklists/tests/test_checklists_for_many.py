"""Finding many programmes' checklists in one query picks exactly what `checklist_for` picks."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.checklists.models import Checklist
from overgang.checklists.selectors import PERIODS, checklist_for, checklists_for_many

KEYS = (*PERIODS, "fidelity")


def test_it_picks_what_checklist_for_picks_in_one_query(homelessness: Any, job_programme: Any) -> None:
    shared = checklist_for(homelessness, "phase_1")
    assert shared is not None
    items = list(shared.items.all())
    own = Checklist.objects.get(pk=shared.pk)
    own.pk = None
    own.programme = homelessness
    own.save()
    for item in items:
        item.pk = None
        item.checklist = own
        item.save()
    pairs = {(programme, key) for programme in (homelessness, job_programme) for key in KEYS}

    with CaptureQueriesContext(connection) as captured:
        found = checklists_for_many(pairs)

    assert len(captured.captured_queries) == 1
    assert found == {(p.pk, key): checklist_for(p, key) for p, key in pairs}
    assert found[(homelessness.pk, "phase_1")] == own
    assert found[(job_programme.pk, "phase_1")] != own
    assert any(value is not None for value in found.values())
