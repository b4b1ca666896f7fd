"""`manage.py evaluation_export --out extract.zip`: the pseudonymised extract for evaluators.

The key comes from OVERGANG_EVALUATION_KEY (or --key-file); keep it with the municipality, never
with the evaluator: whoever holds the key and the database can turn pseudonyms back into citizens.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overgang.evaluation.extract import ExportKeyError
from overgang.evaluation.services import evaluation_export


class Command(BaseCommand):
    help = (
        "Write the pseudonymised evaluation extract (courses, periods, timeliness, endings, compass, "
        "checklists) as a zip."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, help="The zip file to write.")
        parser.add_argument(
            "--key-file", help="A file holding the export key (else OVERGANG_EVALUATION_KEY)."
        )
        parser.add_argument(
            "--municipality", action="append", default=[], help="Municipality code (repeatable)."
        )
        parser.add_argument(
            "--template", action="append", default=[], help="Programme template code (repeatable)."
        )
        parser.add_argument(
            "--ended-after", type=dt.date.fromisoformat, help="Leave out courses ended before this day."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["key_file"]:
            key = Path(options["key_file"]).read_text(encoding="utf-8").strip()
        else:
            key = os.environ.get("OVERGANG_EVALUATION_KEY", "")
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} exists already; choose a new file name.")
        started = timezone.now()
        try:
            with out.open("xb") as handle:
                summary = evaluation_export(
                    actor=None,
                    key=key,
                    out=handle,
                    today=timezone.localdate(),
                    municipality_codes=options["municipality"],
                    templates=options["template"],
                    ended_after=options["ended_after"],
                )
        except ExportKeyError as error:
            out.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        seconds = (timezone.now() - started).total_seconds()
        for name, count in summary.rows.items():
            self.stdout.write(f"{name}: {count} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out} ({out.stat().st_size} bytes) in {seconds:.1f} s; key {summary.fingerprint}."
            )
        )
