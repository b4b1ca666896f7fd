"""The administrator's page for the evaluation extract of their own municipality."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from overgang.accounts.models import Role, User
from overgang.evaluation.extract import MIN_KEY_LENGTH
from overgang.evaluation.forms import EvaluationExportForm
from overgang.evaluation.services import evaluation_export
from overgang.programmes.models import ProgrammeTemplate, localised


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse | FileResponse:
    """Administrators only (for everyone else the page does not exist). The key is the
    deployment's (OVERGANG_EVALUATION_KEY): it never passes through the browser."""
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.ADMINISTRATOR or user.municipality_id is None:
        raise Http404
    key = settings.OVERGANG_EVALUATION_KEY
    configured = len(key) >= MIN_KEY_LENGTH
    templates = [(t.code, localised(t.name)) for t in ProgrammeTemplate.objects.order_by("code")]
    form = EvaluationExportForm(request.POST if request.method == "POST" else None, templates=templates)
    if request.method == "POST" and configured and form.is_valid():
        # Spooled to a temporary file (on disk past a few MB): the extract of a large municipality
        # never sits in memory whole.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        evaluation_export(
            actor=user,
            key=key,
            out=spool,
            today=timezone.localdate(),
            municipality_codes=[user.municipality.code],  # type: ignore[union-attr]
            templates=form.cleaned_data["templates"],
            ended_after=form.cleaned_data["ended_after"],
        )
        spool.seek(0)
        filename = f"evaluering-{user.municipality.code}-{timezone.localdate():%Y%m%d}.zip"  # type: ignore[union-attr]
        response = FileResponse(spool, as_attachment=True, filename=filename, content_type="application/zip")
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response
    status = 400 if form.is_bound and configured else 200
    return render(request, "evaluation/export.html", {"form": form, "configured": configured}, status=status)
