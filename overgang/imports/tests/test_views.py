"""The wizard through HTTP: who may use it, each step, and the progress fragment."""

import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from overgang.courses.models import Course
from overgang.imports import views
from overgang.imports.models import BatchStatus, ImportBatch
from overgang.imports.parsing import parse_upload
from overgang.imports.tests.conftest import csv_bytes

GOOD = ["Anna Andersen", "0101804000", "alice", "01-10-2026", "", "", "", "", "", ""]
BAD = ["Bo Berg", "0101814007", "zoe", "01-10-2026", "", "", "", "", "", ""]


def upload(client, rows, name="plan.csv"):
    return client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, csv_bytes(rows))})


def map_columns(client, batch, programme):
    data = {key: "" if index is None else str(index) for key, index in batch.mapping.items()}
    data["target"] = f"{programme.pk}:{programme.legal_bases[0]['code']}"
    return client.post(reverse("imports:mapping", args=[batch.pk]), data)


@pytest.mark.parametrize("person", ["alice", "manny"])
def test_workers_and_managers_find_no_import(request, client_for, person):
    client = client_for(request.getfixturevalue(person))
    assert client.get(reverse("imports:start")).status_code == 404
    assert client.get(reverse("imports:sample")).status_code == 404


def test_a_coordinator_imports_only_into_the_programmes_they_coordinate(
    client_for, carol, homelessness, job_programme, alice
):
    client = client_for(carol)
    assert client.get(reverse("imports:start")).status_code == 200
    response = upload(client, [GOOD])
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert homelessness.name in page and "Job ·" not in page
    response = map_columns(client, batch, job_programme)
    assert response.status_code == 200  # the job programme is no choice for carol
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UPLOADED


def test_an_administrator_may_import_into_any_programme(client_for, ada, job_programme, homelessness, erin):
    client = client_for(ada)
    upload(client, [["Erik Eriksen", "0101804000", "erin", "01-10-2026"]])
    batch = ImportBatch.objects.get()
    assert map_columns(client, batch, job_programme).url == reverse("imports:preview", args=[batch.pk])


def test_a_batch_is_its_uploaders_only(
    client_for, carol, ada, other_municipality, make_batch, homelessness, alice
):
    from conftest import _user
    from overgang.audit.models import AuditEntry

    outsider = _user("oscar", other_municipality, "administrator")  # may import, but at home
    batch = make_batch(carol, homelessness, [GOOD])
    for person in (ada, outsider):
        client = client_for(person)
        for name in ("mapping", "preview", "progress", "fragment_progress"):
            assert client.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404
        assert client.post(reverse("imports:run", args=[batch.pk])).status_code == 404
    assert not Course.objects.exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MAPPED
    assert (
        AuditEntry.objects.filter(action="access.denied", actor=outsider, object_id=str(batch.pk)).count()
        == 5
    )


def test_the_whole_wizard_refuses_errors_then_imports_the_corrected_file(
    client_for, carol, alice, homelessness
):
    client = client_for(carol)
    upload(client, [GOOD, BAD])
    batch = ImportBatch.objects.get()
    preview = client.get(map_columns(client, batch, homelessness).url).content.decode()
    assert "Unknown CTI worker “zoe”" in preview
    assert 'data-testid="import-button" disabled' in preview
    response = client.post(reverse("imports:run", args=[batch.pk]))  # the button bypassed
    assert response.url == reverse("imports:preview", args=[batch.pk])
    assert not Course.objects.exists()

    upload(client, [GOOD, [*BAD[:2], "alice", *BAD[3:]]])
    fixed = ImportBatch.objects.exclude(pk=batch.pk).get()
    preview = client.get(map_columns(client, fixed, homelessness).url).content.decode()
    assert 'data-testid="count-new">2<' in preview
    response = client.post(reverse("imports:run", args=[fixed.pk]))
    assert response.url == reverse("imports:progress", args=[fixed.pk])
    done = client.get(response.url).content.decode()
    assert 'data-testid="import-done"' in done
    assert Course.objects.filter(programme=homelessness).count() == 2


def test_the_progress_fragment_polls_while_running_and_reloads_when_done(
    client_for, carol, alice, homelessness, make_batch
):
    batch = make_batch(carol, homelessness, [GOOD])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    views.write_progress(batch.pk, 100, 400)
    client = client_for(carol)
    fragment = client.get(reverse("imports:fragment_progress", args=[batch.pk]))
    assert 'hx-trigger="every 1s"' in fragment.content.decode() and 'value="100"' in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    assert client.get(reverse("imports:fragment_progress", args=[batch.pk]))["HX-Refresh"] == "true"
    views._progress_path(batch.pk).unlink()


def test_the_sample_file_downloads_and_maps_itself(client_for, carol):
    response = client_for(carol).get(reverse("imports:sample"))
    content = b"".join(response.streaming_content)
    parsed = parse_upload("faseplan-eksempel.xlsx", content)
    from overgang.imports.mapping import guess_mapping

    assert None not in guess_mapping(parsed.headers).values()
    assert len(parsed.rows) == 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_imports_in_the_background(
    client_for, carol, alice, homelessness, make_batch, monkeypatch
):
    monkeypatch.setattr(views, "BACKGROUND_ROWS", 1)
    batch = make_batch(carol, homelessness, [GOOD, [*BAD[:2], "alice", *BAD[3:]]])
    client = client_for(carol)
    response = client.post(reverse("imports:run", args=[batch.pk]))
    assert response.url == reverse("imports:progress", args=[batch.pk])
    for _ in range(100):  # wait for the thread (not a timing assertion)
        batch.refresh_from_db()
        if batch.status != BatchStatus.RUNNING:
            break
        time.sleep(0.1)
    assert batch.status == BatchStatus.DONE and Course.objects.count() == 2


def test_an_unexpected_failure_marks_the_batch_failed_and_logs_no_cell(
    client_for, carol, alice, homelessness, make_batch, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("duplicate key (0101804000)")

    monkeypatch.setattr(views, "import_batch", broken)
    batch = make_batch(carol, homelessness, [GOOD])
    client = client_for(carol)
    response = client.post(reverse("imports:run", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    page = client.get(reverse("imports:progress", args=[batch.pk]), follow=True).content.decode()
    assert "The import failed: nothing was imported." in page
    assert response.status_code == 302
    assert "0101804000" not in caplog.text and "RuntimeError" in caplog.text


def test_an_import_whose_process_died_is_shown_as_failed(client_for, carol, alice, homelessness, make_batch):
    from django.utils import timezone

    batch = make_batch(carol, homelessness, [GOOD])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started_at=timezone.now() - views.STALE_AFTER * 2
    )
    response = client_for(carol).get(reverse("imports:fragment_progress", args=[batch.pk]))
    assert response["HX-Refresh"] == "true"
    batch.refresh_from_db()
    assert (batch.status, batch.failure) == (
        BatchStatus.FAILED,
        "The import stopped: nothing was imported. Start again.",
    )


def test_a_running_import_that_just_started_keeps_running(client_for, carol, alice, homelessness, make_batch):
    from django.utils import timezone

    batch = make_batch(carol, homelessness, [GOOD])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, started_at=timezone.now())
    response = client_for(carol).get(reverse("imports:fragment_progress", args=[batch.pk]))
    assert "HX-Refresh" not in response
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING


@pytest.mark.parametrize(
    ("who", "shown"), [("ada", True), ("carol", True), ("alice", False), ("manny", False)]
)
def test_the_phase_plan_links_to_the_import_for_those_who_may_import(
    who: str, shown: bool, request: Any, client_for: Any
) -> None:
    user = request.getfixturevalue(who)

    page = client_for(user).get(reverse("desk:phase_plan")).content.decode()

    assert ('data-testid="import-link"' in page) is shown
