"""The pseudonymised evaluation extract: what it holds, what it never holds, and who may make it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.checklists.models import ChecklistAnswer
from overgang.compass.models import CompassRating
from overgang.courses.models import Citizen, Course, Pause
from overgang.evaluation.extract import (
    COURSE_COLUMNS,
    age_band,
    courses_for_extract,
    sex_from_cpr,
)
from overgang.evaluation.services import evaluation_export

KEY = "k" * 40
OTHER_KEY = "o" * 40


def tables(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def extract(key: str = KEY, **filters: Any) -> bytes:
    out = io.BytesIO()
    evaluation_export(actor=None, key=key, out=out, today=dt.date(2026, 12, 6), **filters)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo municipality, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_world: None, db: Any) -> Any:
    return Course.objects.all()


def test_it_holds_every_course_and_its_rows(demo: Any) -> None:
    found = tables(extract())

    assert len(found["courses.csv"]) == Course.objects.count() > 0
    assert len(found["pauses.csv"]) == Pause.objects.count() > 0
    assert len(found["compass.csv"]) == CompassRating.objects.count() > 0
    assert len(found["checklist_answers.csv"]) == ChecklistAnswer.objects.count() > 0
    assert list(found["courses.csv"][0]) == COURSE_COLUMNS
    ended = [row for row in found["courses.csv"] if row["end_date"]]
    assert ended and all(row["end_reason"] for row in ended)
    realised = [row for row in found["transitions.csv"] if row["realised"]]
    assert realised and all(row["timeliness"] in {"on_time", "early", "late"} for row in realised)
    for row in realised:
        days = (dt.date.fromisoformat(row["realised"]) - dt.date.fromisoformat(row["planned"])).days
        assert int(row["days_from_planned"]) == days


def test_no_name_cpr_address_phone_or_free_text_leaves(demo: Any) -> None:
    content = extract()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())

    secrets: set[str] = set()
    for citizen in Citizen.objects.all():
        secrets |= {
            citizen.cpr,
            f"{citizen.cpr[:6]}-{citizen.cpr[6:]}",
            f"{citizen.first_name} {citizen.last_name}",
        }
        secrets |= {value for value in (citizen.address, citizen.phone) if value}
    secrets |= {c.end_reason_text for c in Course.objects.exclude(end_reason_text="")}
    secrets |= {p.reason_text for p in Pause.objects.exclude(reason_text="")}
    secrets |= {r.note for r in CompassRating.objects.exclude(note="")}
    secrets |= {a.comment for a in ChecklistAnswer.objects.exclude(comment="")}
    from overgang.accounts.models import User

    leaked = sorted(secret for secret in secrets if secret and secret in text)
    assert leaked == []
    assert len(secrets) > 20
    # User names are short words ("admin"), so they are looked for as whole cells.
    cells = {cell for rows in tables(content).values() for row in rows for cell in row.values()}
    assert not cells & {u.username for u in User.objects.all()}


def test_pseudonyms_are_stable_per_key_and_unlinkable_across_keys(demo: Any) -> None:
    first, again, other = (tables(extract(key))["courses.csv"] for key in (KEY, KEY, OTHER_KEY))

    assert [row["citizen"] for row in first] == [row["citizen"] for row in again]
    assert not {row["citizen"] for row in first} & {row["citizen"] for row in other}
    assert not {row["course"] for row in first} & {row["course"] for row in other}
    # One citizen, one pseudonym: as many pseudonyms as citizens with courses.
    assert len({row["citizen"] for row in first}) == Course.objects.values("citizen").distinct().count()


def test_restarts_point_at_the_course_they_restart(demo: Any) -> None:
    rows = tables(extract())["courses.csv"]
    pseudonyms = {row["course"] for row in rows}
    restarts = [row for row in rows if row["restart_of"]]

    assert len(restarts) == Course.objects.exclude(restarted_from=None).count()
    assert all(row["restart_of"] in pseudonyms for row in restarts)


def test_each_municipality_logs_the_extract_once(
    demo: Any, municipality: Any, make_course: Any, alice: Any, homelessness: Any
) -> None:
    make_course(alice, homelessness)
    before = AuditEntry.objects.filter(action="evaluation.exported").count()

    extract()

    rows = AuditEntry.objects.filter(action="evaluation.exported")
    assert rows.count() - before == 2
    assert {row.municipality_id for row in rows} == set(
        Course.objects.values_list("municipality_id", flat=True)
    )
    assert all(row.after["rows"]["courses.csv"] == Course.objects.count() for row in rows)
    assert all(row.citizen_id is None for row in rows)


def test_filters_by_municipality_and_template(
    demo: Any, municipality: Any, make_course: Any, alice: Any, homelessness: Any
) -> None:
    make_course(alice, homelessness)

    only_ours = tables(extract(municipality_codes=[municipality.code]))["courses.csv"]
    only_job = tables(extract(templates=["job"]))["courses.csv"]

    assert len(only_ours) == 1 and only_ours[0]["municipality_code"] == municipality.code
    assert {row["programme_template"] for row in only_job} == {"job"}
    assert len(only_job) == courses_for_extract(templates=["job"]).count() > 0


@pytest.mark.parametrize(
    ("cpr", "on", "band", "sex"),
    [
        ("0101901233", dt.date(2026, 1, 1), "35-44", "M"),
        ("0101901234", dt.date(2025, 12, 31), "35-44", "K"),
        ("0201081234", dt.date(2026, 2, 1), "65+", "K"),  # seventh digit 1: born in the 1900s, so 1908
        ("0000000000", dt.date(2026, 1, 1), "", "K"),
    ],
)
def test_age_band_and_sex_from_cpr(cpr: str, on: dt.date, band: str, sex: str) -> None:
    assert age_band(cpr, on) == band
    assert sex_from_cpr(cpr) == sex


def test_the_command_refuses_a_short_key_and_writes_nothing(db: Any, tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("OVERGANG_EVALUATION_KEY", "too-short")
    out = tmp_path / "extract.zip"

    with pytest.raises(CommandError, match="at least 32"):
        call_command("evaluation_export", out=str(out), stdout=StringIO())

    assert not out.exists()
    assert not AuditEntry.objects.filter(action="evaluation.exported").exists()


def test_the_command_writes_the_zip_with_its_manifest(demo: Any, tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("OVERGANG_EVALUATION_KEY", KEY)
    out = tmp_path / "extract.zip"
    printed = StringIO()

    call_command("evaluation_export", out=str(out), stdout=printed)

    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert "README.md" in archive.namelist()
    assert manifest["rows"]["courses.csv"] == Course.objects.count()
    assert manifest["key_fingerprint"] in printed.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("evaluation_export", out=str(out), stdout=StringIO())


def test_memory_stays_in_chunks(demo: Any, monkeypatch: Any) -> None:
    """With a chunk of 2, the extract is the same as in one chunk: chunking loses nothing."""
    import overgang.evaluation.extract as module

    whole = tables(extract())
    monkeypatch.setattr(module, "CHUNK", 2)
    chunked = tables(extract())

    assert chunked == whole


# --- The administrator's page ----------------------------------------------------------------------


@pytest.fixture
def ada(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(username="ada", municipality=municipality, role="administrator")


def test_the_administrator_downloads_her_municipalitys_extract(
    ada: Any, alice: Any, homelessness: Any, make_course: Any, mallory: Any, client_for: Any, settings: Any
) -> None:
    settings.OVERGANG_EVALUATION_KEY = KEY
    ours = make_course(alice, homelessness)
    make_course(mallory, mallory.programmes.first())

    response = client_for(ada).post(reverse("evaluation:export"), {"templates": ["homelessness"]})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    rows = tables(b"".join(response.streaming_content))["courses.csv"]  # type: ignore[attr-defined]
    assert [row["municipality_code"] for row in rows] == [ours.municipality.code]
    entry = AuditEntry.objects.get(action="evaluation.exported")
    assert (entry.actor_id, entry.municipality_id) == (ada.pk, ada.municipality_id)


def test_without_a_key_the_page_says_so_and_makes_nothing(ada: Any, client_for: Any, settings: Any) -> None:
    settings.OVERGANG_EVALUATION_KEY = ""
    client = client_for(ada)

    page = client.get(reverse("evaluation:export"))
    posted = client.post(reverse("evaluation:export"), {})

    assert 'data-testid="evaluation-not-configured"' in page.content.decode()
    assert posted.status_code == 200 and posted["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(action="evaluation.exported").exists()


def test_a_bad_date_is_refused(ada: Any, client_for: Any, settings: Any) -> None:
    settings.OVERGANG_EVALUATION_KEY = KEY

    response = client_for(ada).post(reverse("evaluation:export"), {"ended_after": "not a date"})

    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="evaluation.exported").exists()


@pytest.mark.parametrize("who", ["alice", "carol", "manny", "mallory"])
def test_only_administrators_have_the_page(who: str, request: Any, client_for: Any, settings: Any) -> None:
    settings.OVERGANG_EVALUATION_KEY = KEY
    user = request.getfixturevalue(who)

    assert client_for(user).get(reverse("evaluation:export")).status_code == 404
    assert client_for(user).post(reverse("evaluation:export"), {}).status_code == 404
