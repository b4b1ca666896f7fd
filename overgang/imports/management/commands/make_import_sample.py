"""Write the import wizard's sample file from the phase plan export of synthetic courses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from overgang.imports.sample_file import build_sample

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "faseplan-eksempel.xlsx"


class Command(BaseCommand):
    help = "Write overgang/imports/samples/faseplan-eksempel.xlsx (synthetic data, in the export's format)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(SAMPLE))
        parser.add_argument("--language", default="da")

    def handle(self, *args: Any, **options: Any) -> None:
        content = build_sample(language=options["language"])
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Wrote {options['output']} ({len(content)} bytes)")
