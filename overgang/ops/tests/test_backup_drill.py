"""The backup and restore drill (PostgreSQL only): scripts/backup.sh, then scripts/restore.sh into a
scratch database, and the restored copy is checked.

Seeded with the demo municipality (manage.py load_demo) and one citizen whose course ended more than
five years ago, with a journal note, a pause, a network person with a photo, a checklist answer and a
compass rating, which is then anonymised by the retention service. The restored database must have
the same tables with the same number of rows, the anonymised citizen as anonymised, and the
citizen's former name, CPR number and free texts nowhere in any table. Prints the figures.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from overgang.courses.models import Citizen
from overgang.privacy.retention import (
    ANONYMISED_FIRST_NAME,
    Mode,
    citizen_apply_retention,
    retention_candidates,
    retention_cutoff,
)
from overgang.privacy.tests.test_retention import SECRET, closed_course

BASE_DIR = Path(__file__).resolve().parents[3]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the backup drill needs PostgreSQL (pg_dump/pg_restore): run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def url_of(name: str) -> str:
    """A postgres:// URL for database `name` on the test database's server, as its user."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{credentials}@{s['HOST'] or ''}:{s['PORT'] or 5432}/{name}"


def run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [str(BASE_DIR / "scripts" / script), *args],
        cwd=BASE_DIR,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def row_counts(conn: Any) -> dict[str, int]:
    """Every table of the application's schema (public) with its number of rows."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM public."{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
    return counts


def tables_containing(conn: Any, needle: str) -> list[str]:
    """The tables with a row whose text form (every column, JSON included) contains `needle`."""
    found = []
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM public."{table}" AS t WHERE t::text ILIKE %s',  # noqa: S608
                ["%" + needle + "%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return sorted(found)


@pytest.fixture
def scratch_database() -> Any:
    name = f"og_drill_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_drill(
    alice: Any, homelessness: Any, today: Any, scratch_database: str, tmp_path: Path
) -> None:
    # --- Seed: the demo municipality and a citizen past retention, anonymised --------------------
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discarded output
    old = closed_course(
        alice, homelessness, ended_on=retention_cutoff(today=today, years=5).replace(day=1), rich=True
    )
    citizen = Citizen.objects.get(pk=old.citizen_id)
    former = {"cpr": citizen.cpr, "last name": citizen.last_name, "free text": SECRET}
    assert SECRET in citizen.last_name
    [candidate] = retention_candidates(today=today, years=5, citizen_id=citizen.pk)
    outcome = citizen_apply_retention(candidate=candidate, mode=Mode.ANONYMISE, today=today, years=5)
    assert outcome is not None and outcome.rows
    # The audit log is append-only and anonymisation leaves it alone: the rows written while the
    # course ran (more than five years ago) still name the citizen until the audit log's own
    # retention removes them. Production runs both (overgang-retention and overgang-audit-purge).
    audit_purge = StringIO()
    call_command("purge_audit_log", stdout=audit_purge)
    assert audit_purge.getvalue().startswith("deleted ")

    source_db = connection.settings_dict["NAME"]
    with psycopg.connect(url_of(source_db)) as source:
        before = row_counts(source)
        # The drill is only worth something if the source itself holds none of it.
        for what, value in former.items():
            assert tables_containing(source, value) == [], (what, "in the source")

    # --- Back up ------------------------------------------------------------------------------------
    backups = tmp_path / "backups"
    started = time.monotonic()
    backup = run("backup.sh", "--dir", str(backups), "--keep", "2", env={"DATABASE_URL": url_of(source_db)})
    backup_seconds = time.monotonic() - started
    assert backup.returncode == 0, backup.stderr
    [dump] = sorted(backups.glob("overgang-*.dump"))
    assert (backups / f"{dump.name}.sha256").read_text().split() == [
        hashlib.sha256(dump.read_bytes()).hexdigest(),
        dump.name,
    ]
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    # --- Restore into the scratch database -----------------------------------------------------------
    target = url_of(scratch_database)
    started = time.monotonic()
    restore = run("restore.sh", str(dump), target)
    restore_seconds = time.monotonic() - started
    assert restore.returncode == 0, restore.stderr
    # A second restore over the now full database is refused without --force.
    refused = run("restore.sh", str(dump), target)
    assert refused.returncode == 4, refused.stderr
    assert "refusing" in refused.stderr

    with psycopg.connect(target) as restored:
        after = row_counts(restored)
        assert after == before
        with restored.cursor() as cursor:
            cursor.execute("SELECT first_name, cpr FROM courses_citizen WHERE id = %s", [citizen.pk])
            first_name, cpr = cursor.fetchone()
        assert first_name == ANONYMISED_FIRST_NAME
        assert cpr != former["cpr"]
        for what, value in former.items():
            assert tables_containing(restored, value) == [], (what, "came back")

    rows = sum(after.values())
    print(  # the figures for the closing note (pytest -s shows them)
        f"\nbackup drill: {len(after)} tables, {rows} rows, dump {dump.stat().st_size} bytes, "
        f"backup {backup_seconds:.2f} s, restore {restore_seconds:.2f} s; "
        f"anonymised citizen rows touched: {sum(outcome.rows.values())}; "
        f"audit purge: {audit_purge.getvalue().strip()}"
    )


def test_the_retention_keeps_the_newest_dumps_and_refuses_a_bad_checksum(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    env = {"DATABASE_URL": url_of(connection.settings_dict["NAME"])}
    for _ in range(3):
        assert run("backup.sh", "--dir", str(backups), "--keep", "2", env=env).returncode == 0
        time.sleep(1.1)  # the file names have one-second resolution
    dumps = sorted(backups.glob("overgang-*.dump"))
    assert len(dumps) == 2
    assert len(list(backups.glob("*.sha256"))) == 2

    with dumps[-1].open("ab") as damaged:
        damaged.write(b"x")
    result = run("restore.sh", str(dumps[-1]), url_of("og_drill_never_created"))
    assert result.returncode == 3
    assert "checksum" in result.stderr


def test_backup_refuses_without_a_postgres_url(tmp_path: Path) -> None:
    result = run("backup.sh", "--dir", str(tmp_path), env={"DATABASE_URL": "sqlite:///x.sqlite3"})
    assert result.returncode == 1
    assert "not PostgreSQL" in result.stderr
