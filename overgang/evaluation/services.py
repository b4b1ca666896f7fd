"""Making an evaluation extract: written through `write_extract`, logged once per municipality."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence
from typing import IO, Any

from overgang.audit.services import audit_record
from overgang.evaluation.extract import ExtractSummary, check_key, courses_for_extract, write_extract


def evaluation_export(
    *,
    actor: Any,
    key: str,
    out: IO[bytes],
    today: dt.date,
    municipality_codes: Sequence[str] = (),
    templates: Sequence[str] = (),
    ended_after: dt.date | None = None,
) -> ExtractSummary:
    """Write the pseudonymised extract and one `evaluation.exported` audit row for each municipality
    whose courses it holds (no citizen on the row: the extract holds none by name)."""
    secret = check_key(key)
    courses = courses_for_extract(
        municipality_codes=municipality_codes, templates=templates, ended_after=ended_after
    )
    summary = write_extract(courses, key=secret, out=out, today=today)
    made_by = "" if getattr(actor, "is_authenticated", False) else getpass.getuser()
    for municipality_id in sorted(summary.municipality_ids):
        audit_record(
            actor=actor,
            action="evaluation.exported",
            municipality_id=municipality_id,
            after={
                "key_fingerprint": summary.fingerprint,
                "rows": summary.rows,
                "municipalities": len(summary.municipality_ids),
                "templates": list(templates),
                "ended_after": ended_after,
                "operating_system_user": made_by,
            },
        )
    return summary
