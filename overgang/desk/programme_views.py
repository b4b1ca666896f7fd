"""A programme's contact-frequency norms: everyone who sees the programme reads them; its
coordinators and the municipality's administrators change them.

The norm says at most how many days may pass between contacts in each period (contact period,
phases 1 to 3); the journal and the course page compare each course with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from overgang.audit.services import audit_record
from overgang.courses.access import (
    get_programme_for_user,
    refuse_job_consultants,
    user_can_change_contact_norms,
)
from overgang.courses.services import CourseActionError
from overgang.desk.forms_norms import NORM_LABELS, ContactNormsForm
from overgang.method.clock import Period
from overgang.programmes.models import NORM_KEYS, Programme, contact_norms_error

# The write ------------------------------------------------------------------------------------------------


@transaction.atomic
def programme_contact_norms_change(
    *, programme: Programme, norms: dict[str, Any], expected_version: int, actor: Any
) -> bool:
    """Replace the programme's contact norms, if nobody changed them since the form was shown.

    Validated as the model validates them, under a row lock, the version bumped and the change
    audited with before and after. Returns False (and writes nothing) when nothing changed.
    """
    error = contact_norms_error(norms)
    if error:
        raise CourseActionError(error, field="contact_norms")
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.version != expected_version:
        raise CourseActionError(
            _(
                "Someone else changed the contact norms while you were working. Nothing was saved: "
                "reload the page to see their change."
            ),
            conflict=True,
        )
    if locked.contact_norms == norms:
        return False
    before = {"contact_norms": locked.contact_norms, "version": locked.version}
    locked.contact_norms = dict(norms)
    locked.version += 1
    locked.save(update_fields=["contact_norms", "version"])
    audit_record(
        actor=actor,
        action="programme.contact_norms_changed",
        obj=locked,
        before=before,
        after={"contact_norms": locked.contact_norms, "version": locked.version},
    )
    programme.contact_norms = locked.contact_norms
    programme.version = locked.version
    return True


# The page ------------------------------------------------------------------------------------------------


def _norm_rows(programme: Programme) -> list[dict[str, Any]]:
    current = programme.contact_norm_days()
    template = programme.template.contact_norm_days()
    return [
        {
            "key": key,
            "period": Period(key),
            "label": NORM_LABELS[key],
            "days": current.get(key),
            "template_days": template.get(key),
        }
        for key in NORM_KEYS
    ]


@login_required
@require_http_methods(["GET", "POST"])
@refuse_job_consultants
def contact_norms(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk)
    can_change = user_can_change_contact_norms(request.user, programme)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = ContactNormsForm(request.POST)
        if form.is_valid():
            try:
                changed = programme_contact_norms_change(
                    programme=programme,
                    norms=form.norms(),
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                )
            except CourseActionError as error:
                form.add_error(None, error.message)
            else:
                if changed:
                    messages.success(request, _("The contact norms are saved."))
                else:
                    messages.info(request, _("The contact norms are unchanged."))
                return redirect("desk:contact_norms", pk=programme.pk)
        messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
        status = 400
    else:
        form = ContactNormsForm(initial={**programme.contact_norm_days(), "version": programme.version})
    return render(
        request,
        "desk/contact_norms.html",
        {
            "programme": programme,
            "rows": _norm_rows(programme),
            "form": form if can_change else None,
            "can_change": can_change,
        },
        status=status,
    )
