"""Fill the database with synthetic data at a chosen scale (overgang/scale/generator.py).

    manage.py generate_data [--preset national|region|municipality|small|tiny] [--seed 1]
        [--municipalities N] [--workers N] [--courses N] [--journal-per-course N]
        [--prefix NAME] [--into-empty]

A progress bar on stderr; at the end the rows per model, the total, the seconds and rows per second.
On PostgreSQL the planner's statistics are brought up to date (ANALYZE) after the load.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from overgang import tenancy
from overgang.accounts.models import Municipality, User
from overgang.scale.generator import (
    BENCH_PROGRAMME_NAME,
    DEFAULT_PASSWORD,
    MUNICIPALITY_NAME,
    PRESETS,
    Generator,
    default_prefix,
)


class Command(BaseCommand):
    help = "Fill the database with fictitious municipalities, workers and courses at a chosen scale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=list(PRESETS), default="national")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--municipalities", type=int)
        parser.add_argument("--workers", type=int)
        parser.add_argument("--courses", type=int)
        parser.add_argument("--journal-per-course", type=float, dest="journal_per_course")
        parser.add_argument(
            "--prefix",
            help="Prefix of the usernames and municipality names (default: bench, or bench-s<seed>). "
            "A new prefix adds another copy of a seed that is already in the database.",
        )
        parser.add_argument(
            "--into-empty",
            action="store_true",
            help="Refuse unless the database holds no municipality at all (for benchmark databases).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        scale = PRESETS[options["preset"]]
        overrides = {
            name: options[name]
            for name in ("municipalities", "workers", "courses", "journal_per_course")
            if options[name] is not None
        }
        scale = dataclasses.replace(scale, **overrides)
        if scale.municipalities < 1 or scale.workers < scale.municipalities or scale.courses < 0:
            raise CommandError("Give at least one municipality and at least one worker per municipality.")
        seed = options["seed"]
        prefix = options["prefix"] or default_prefix(seed)
        with tenancy.unscoped():
            if options["into_empty"] and Municipality.objects.exists():
                raise CommandError(
                    "--into-empty: the database already holds municipalities. Use an empty database."
                )
            first = MUNICIPALITY_NAME.format(number=1, prefix=prefix)
            if (
                Municipality.objects.filter(name=first).exists()
                or User.objects.filter(username__startswith=f"{prefix}-").exists()
            ):
                raise CommandError(
                    f"The database already holds generated data for seed {seed} (prefix {prefix!r}). "
                    "Use an empty database, or --prefix to add another copy."
                )
        self.stderr.write(
            f"Generating {scale.municipalities} municipalities, {scale.workers} workers, "
            f"{scale.courses} courses, about {scale.journal_per_course:g} journal entries per course "
            f"(seed {seed}, prefix {prefix!r})."
        )
        bar = tqdm(total=scale.courses, unit="course", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
        started = time.monotonic()

        def progress(courses: int, rows: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-9)
            bar.update(courses)
            bar.set_postfix(rows=rows, rows_per_s=int(rows / elapsed), refresh=False)

        generator = Generator(
            scale,
            seed=seed,
            prefix=prefix,
            today=timezone.localdate(),
            batch_size=options["batch_size"],
            progress=progress,
        )
        # With DEBUG on, Django keeps the SQL of every query: millions of rows' worth.
        with override_settings(DEBUG=False):
            rows = generator.run()
        bar.close()
        seconds = time.monotonic() - started
        if connection.vendor == "postgresql":
            # COPY leaves the planner without statistics until autovacuum comes round: plans for
            # tables of millions of rows then assume a handful (a page of the phase plan took
            # three times as long). A bulk load is followed by ANALYZE, as in any deployment.
            analyse_started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"ANALYZE: {time.monotonic() - analyse_started:.1f} seconds")
        total = sum(rows.values())
        self.stdout.write("Rows per model:")
        for label, count in sorted(rows.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {label:<40} {count:>12,}")
        self.stdout.write(f"  {'total':<40} {total:>12,}")
        self.stdout.write(f"{seconds:.1f} seconds, {total / max(seconds, 1e-9):,.0f} rows/second")
        self.stdout.write(
            f"Benchmark: users {prefix}-worker-001 and {prefix}-coordinator-001 "
            f"(password $OVERGANG_BENCH_PASSWORD or {DEFAULT_PASSWORD!r}); programme "
            f"{BENCH_PROGRAMME_NAME!r} in {MUNICIPALITY_NAME.format(number=1, prefix=prefix)!r}."
        )
