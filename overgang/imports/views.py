"""The import wizard: upload, choose columns, preview, import (with a progress bar), result.

Who may import: an administrator, into any programme of the municipality, and a coordinator,
into the programmes they coordinate. For anyone else the pages do not exist (404). A batch is
its uploader's own: anyone else, in or outside the municipality, gets 404.

The progress bar: an import of fewer than BACKGROUND_ROWS rows runs in the request. A larger one
runs in a thread of the same process, in one transaction (all or nothing), and writes how far it
has come to a small file under var/imports/ every 100 rows; the page polls a fragment that reads
it. The counter is a file, not a row, because a row written beside the import's transaction
would wait for it (SQLite locks the whole database for a writer) or be invisible until it
commits. If the process dies mid-import, the transaction rolls back and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.accounts.models import Role, User
from overgang.courses.access import log_denied
from overgang.imports.forms import MappingForm, UploadForm
from overgang.imports.mapping import FIELDS, guess_mapping
from overgang.imports.models import BatchStatus, ImportBatch
from overgang.imports.parsing import ParseError, parse_upload
from overgang.imports.services import ImportRefused, check_rows, import_batch
from overgang.programmes.models import Programme

logger = logging.getLogger(__name__)

BACKGROUND_ROWS = 500
# A running import whose counter has not moved for this long died with its process (a restart):
# its transaction rolled back, so the batch is marked failed and can be started again.
STALE_AFTER = dt.timedelta(minutes=15)
PREVIEW_OK_ROWS = 50
SAMPLE = Path(__file__).resolve().parent / "samples" / "faseplan-eksempel.xlsx"
PROGRESS_DIR = Path(settings.VAR_DIR) / "imports"


def importable_programmes(user: Any) -> QuerySet[Programme]:
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Programme.objects.none()
    programmes = Programme.objects.filter(municipality_id=user.municipality_id, is_active=True)
    if user.role == Role.ADMINISTRATOR:
        return programmes
    if user.role == Role.COORDINATOR:
        return programmes.filter(coordinators=user)
    return Programme.objects.none()


def _require_importer(request: HttpRequest) -> tuple[User, int]:
    """The importing user and their municipality's id; 404 for anyone who may not import."""
    user = request.user
    municipality_id = getattr(user, "municipality_id", None)
    if getattr(user, "role", None) not in (Role.ADMINISTRATOR, Role.COORDINATOR) or not municipality_id:
        raise Http404
    return user, municipality_id  # type: ignore[return-value]


def _get_batch_for_user(request: HttpRequest, pk: int) -> ImportBatch:
    """The one door to a batch: the uploader's own, in their municipality; 404 otherwise."""
    user, municipality_id = _require_importer(request)
    batch = ImportBatch.objects.filter(pk=pk, municipality_id=municipality_id, created_by=user).first()
    if batch is None:
        if ImportBatch._base_manager.filter(pk=pk).exists():
            log_denied(user, "imports.importbatch", pk)
        raise Http404
    return batch


# Progress ------------------------------------------------------------------------------------------


def _progress_path(batch_pk: int) -> Path:
    return PROGRESS_DIR / f"{batch_pk}.progress"


def write_progress(batch_pk: int, done: int, total: int) -> None:
    PROGRESS_DIR.mkdir(parents=True, exist_ok=True)
    path = _progress_path(batch_pk)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{done} {total}")
    os.replace(tmp, path)  # atomic: a reader sees the old or the new counter, never half


def read_progress(batch_pk: int) -> tuple[int, int]:
    try:
        done, total = _progress_path(batch_pk).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return 0, 0


def _run(batch_pk: int, actor_pk: int, today: dt.date) -> str | None:
    """Run the import; the refusal's message, or None when it ran."""
    actor = User.objects.get(pk=actor_pk)
    batch = ImportBatch._base_manager.get(pk=batch_pk)
    try:
        import_batch(
            batch=batch,
            actor=actor,
            today=today,
            on_progress=lambda done, total: write_progress(batch_pk, done, total),
        )
    except ImportRefused as refused:
        ImportBatch._base_manager.filter(pk=batch_pk).update(
            status=BatchStatus.MAPPED, failure=refused.message[:300]
        )
        return refused.message
    except Exception as error:
        # The batch id and the error's kind only: a database error's text can quote a CPR number.
        logger.error("Import %s failed: %s", batch_pk, type(error).__name__)
        ImportBatch._base_manager.filter(pk=batch_pk).update(
            status=BatchStatus.FAILED, failure=_("The import failed: nothing was imported.")
        )
        return _("The import failed: nothing was imported.")
    finally:
        _progress_path(batch_pk).unlink(missing_ok=True)
    return None


def _run_in_background(batch_pk: int, actor_pk: int, today: dt.date) -> None:
    try:
        _run(batch_pk, actor_pk, today)
    finally:
        connection.close()  # the thread's own connection


# Views ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user, municipality_id = _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            parsed = parse_upload(upload.name, content)
        except ParseError as error:
            form.add_error("file", error.message)
        else:
            batch = ImportBatch.objects.create(
                municipality_id=municipality_id,
                created_by=user,
                filename=Path(upload.name).name[:200],
                file_sha256=hashlib.sha256(content).hexdigest(),
                headers=parsed.headers,
                rows=[[number, cells] for number, cells in parsed.rows],
                mapping=guess_mapping(parsed.headers),
            )
            return redirect("imports:mapping", pk=batch.pk)
    recent = ImportBatch.objects.filter(created_by=user, status=BatchStatus.DONE)[:5]
    return render(request, "imports/start.html", {"form": form, "recent": recent})


@login_required
@require_GET
def sample(request: HttpRequest) -> FileResponse:
    _require_importer(request)
    return FileResponse(SAMPLE.open("rb"), as_attachment=True, filename=SAMPLE.name)


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch_for_user(request, pk)
    if batch.status not in (BatchStatus.UPLOADED, BatchStatus.MAPPED):
        return redirect("imports:progress", pk=batch.pk)
    programmes = list(importable_programmes(request.user))
    initial: dict[str, Any] = {
        key: "" if index is None else str(index) for key, index in batch.mapping.items()
    }
    if batch.programme_id:
        initial["target"] = f"{batch.programme_id}:{batch.legal_basis}"
    form = MappingForm(request.POST or None, headers=batch.headers, programmes=programmes, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme_pk, legal_basis = form.target()
        batch.mapping = form.mapping()
        batch.programme_id = programme_pk
        batch.legal_basis = legal_basis
        batch.status = BatchStatus.MAPPED
        batch.failure = ""
        batch.save(update_fields=["mapping", "programme", "legal_basis", "status", "failure"])
        return redirect("imports:preview", pk=batch.pk)
    samples = [cells for _number, cells in batch.rows[:3]]
    columns = [
        {"index": i, "heading": heading, "examples": [row[i] for row in samples if i < len(row)]}
        for i, heading in enumerate(batch.headers)
    ]
    return render(request, "imports/mapping.html", {"batch": batch, "form": form, "columns": columns})


def _batch_programme(request: HttpRequest, batch: ImportBatch) -> Programme:
    programme = importable_programmes(request.user).filter(pk=batch.programme_id or 0).first()
    if programme is None:
        raise Http404
    return programme


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch_for_user(request, pk)
    if batch.status != BatchStatus.MAPPED:
        return redirect(
            "imports:progress" if batch.status != BatchStatus.UPLOADED else "imports:mapping", pk=pk
        )
    programme = _batch_programme(request, batch)
    summary = check_rows(batch, today=timezone.localdate())
    error_rows = [r for r in summary.rows if r.status == "error"]
    ok_rows = [r for r in summary.rows if r.status != "error"][:PREVIEW_OK_ROWS]
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "programme": programme,
            "summary": summary,
            "error_rows": error_rows,
            "ok_rows": ok_rows,
            "ok_more": summary.new + summary.unchanged - len(ok_rows),
            "fields": [f for f in FIELDS if batch.mapping.get(f.key) is not None],
        },
    )


@login_required
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_batch_for_user(request, pk)
    _batch_programme(request, batch)
    # Claim the batch: a double click or a second tab finds it running and only watches.
    if not ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.MAPPED).update(
        status=BatchStatus.RUNNING
    ):
        return redirect("imports:progress", pk=pk)
    today = timezone.localdate()
    if len(batch.rows) < BACKGROUND_ROWS:
        refused = _run(batch.pk, request.user.pk, today)  # type: ignore[arg-type]
        if refused is not None:
            messages.error(request, refused)
            return redirect("imports:preview", pk=pk)
    else:
        write_progress(batch.pk, 0, len(batch.rows))
        threading.Thread(
            target=_run_in_background, args=(batch.pk, request.user.pk, today), daemon=True
        ).start()
    return redirect("imports:progress", pk=pk)


def _fail_if_stale(batch: ImportBatch) -> ImportBatch:
    if batch.status != BatchStatus.RUNNING or batch.started_at is None:
        return batch
    try:
        last_sign = dt.datetime.fromtimestamp(_progress_path(batch.pk).stat().st_mtime, tz=dt.UTC)
    except OSError:
        last_sign = batch.started_at
    if timezone.now() - max(last_sign, batch.started_at) > STALE_AFTER:
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
            status=BatchStatus.FAILED, failure=_("The import stopped: nothing was imported. Start again.")
        )
        batch.refresh_from_db()
    return batch


def _progress_context(batch: ImportBatch) -> dict[str, Any]:
    done, total = read_progress(batch.pk)
    return {"batch": batch, "done": done, "total": total or len(batch.rows)}


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _fail_if_stale(_get_batch_for_user(request, pk))
    if batch.status in (BatchStatus.UPLOADED,):
        return redirect("imports:mapping", pk=pk)
    if batch.status == BatchStatus.MAPPED:
        return redirect("imports:preview", pk=pk)
    return render(request, "imports/progress.html", _progress_context(batch))


@login_required
@require_GET
def fragment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _fail_if_stale(_get_batch_for_user(request, pk))
    response = render(request, "imports/fragment_progress.html", _progress_context(batch))
    if batch.status != BatchStatus.RUNNING:
        response["HX-Refresh"] = "true"  # finished: the page reloads and shows the result
    return response
