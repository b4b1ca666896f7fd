"""Load the checklist data files (data/*.json) into the database, idempotently.

A file's (code, version) is created once and never changed afterwards: a changed checklist is a new
version in its file, and answers given to the old version keep pointing at the old items. Called by
migrations (with historical models) and by tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def checklist_files() -> list[dict[str, Any]]:
    return [json.loads(path.read_text("utf-8")) for path in sorted(DATA_DIR.glob("*.json"))]


def load_checklists(checklist_model: Any, item_model: Any) -> int:
    """Create every (code, version) not yet in the database; returns how many were created."""
    created = 0
    for data in checklist_files():
        if checklist_model.objects.filter(
            code=data["code"], version=data["version"], programme__isnull=True
        ).exists():
            continue
        checklist = checklist_model.objects.create(
            code=data["code"],
            version=data["version"],
            kind=data["kind"],
            period=data.get("period") or "",
            scale=data["answers"],
            title=data["title"],
            intro=data.get("intro") or {},
            source=data.get("source", ""),
        )
        items = []
        position = 0
        for group_index, group in enumerate(data["groups"], start=1):
            for item in group["items"]:
                position += 1
                items.append(
                    item_model(
                        checklist=checklist,
                        position=position,
                        code=item["code"],
                        group=group_index,
                        heading=group.get("heading"),
                        transition=group.get("transition") or "",
                        text={"da": item["da"], "en": item["en"]},
                        evidence=item.get("evidence", ""),
                    )
                )
        item_model.objects.bulk_create(items)
        created += 1
    return created
