"""The network overview of a course's citizen (appendix 7) with photos, and the network map
(appendix 8) with the citizen's consent to who else may see it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.courses.access import (
    get_course_for_user,
    log_denied,
    refuse_foreign,
    user_can_change_course,
    user_may_see_contact_details,
)
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.network import documents, geometry, selectors, services
from overgang.network.forms import (
    ConsentForm,
    LineForm,
    NetworkPersonForm,
    PlaceForm,
    UnplaceForm,
    WithdrawConsentForm,
)
from overgang.network.models import (
    ConsentScope,
    MapConsent,
    MapLine,
    MapRing,
    MapSector,
    NetworkMap,
    NetworkPerson,
    NetworkPhoto,
)
from overgang.network.photos import Photo, reencode


def _changeable(request: HttpRequest, pk: int) -> Course:
    course = get_course_for_user(request.user, pk)
    if not user_can_change_course(request.user, course) or course.end_date is not None:
        raise PermissionDenied
    return course


def _person(user: Any, course: Course, person_pk: int) -> NetworkPerson:
    person = NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk=person_pk).first()
    if person is None:
        refuse_foreign(user, NetworkPerson, person_pk, citizen_path="citizen_id")
    return person


def _error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _page(
    request: HttpRequest, course: Course, form: NetworkPersonForm | None = None, status: int = 200
) -> HttpResponse:
    people = list(
        NetworkPerson.objects.filter(citizen_id=course.citizen_id).annotate(
            has_photo=Exists(NetworkPhoto.objects.filter(person=OuterRef("pk")))
        )
    )
    return render(
        request,
        "network/overview.html",
        {
            "course": course,
            "citizen": course.citizen,
            "private": [p for p in people if p.is_private],
            "professional": [p for p in people if not p.is_private],
            "form": form or NetworkPersonForm(),
            "can_change": user_can_change_course(request.user, course) and course.end_date is None,
            "map_visible": selectors.map_visible_to(
                request.user, course, selectors.current_consent(course.citizen)
            ),
            # A relative's address can be where a woman with a confidential address lives.
            "private_addresses_hidden": not user_may_see_contact_details(request.user, course.citizen),
        },
        status=status,
    )


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    audit_record(actor=request.user, action="network.viewed", obj=course, citizen_id=course.citizen_id)
    return _page(request, course)


def _person_values(form: NetworkPersonForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.FIELDS}


def _photo(form: NetworkPersonForm) -> Photo | None:
    """The uploaded photo, checked and re-encoded; CourseActionError if it is not a photo."""
    upload = form.cleaned_data.get("photo")
    if not upload:
        return None
    return reencode(upload, size=upload.size)


@login_required
@require_POST
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    form = NetworkPersonForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photo = _photo(form)
            services.person_add(
                citizen=course.citizen, actor=request.user, photo=photo, **_person_values(form)
            )
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The person is added to the network."))
            return redirect("network:overview", pk=course.pk)
    messages.error(request, _("Nothing was saved. Correct the marked field and try again."))
    return _page(request, course, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    person = _person(request.user, course, person_pk)
    initial = {name: getattr(person, name) for name in services.FIELDS} | {"version": person.version}
    form = NetworkPersonForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            photo = _photo(form)
            services.person_change(
                person=person,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                photo=photo,
                remove_photo=form.cleaned_data["remove_photo"],
                **_person_values(form),
            )
        except CourseActionError as error:
            _error(form, error)
        else:
            messages.success(request, _("The person is changed."))
            return redirect("network:overview", pk=course.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        audit_record(
            actor=request.user, action="network.person_form_viewed", obj=person, citizen_id=course.citizen_id
        )
    has_photo = NetworkPhoto.objects.filter(person=person).exists()
    return render(
        request,
        "network/person_edit.html",
        {"course": course, "person": person, "form": form, "has_photo": has_photo},
        status=status,
    )


@login_required
@require_POST
def person_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    person = _person(request.user, course, person_pk)
    version = request.POST.get("version", "")
    try:
        services.person_remove(
            person=person, actor=request.user, expected_version=int(version) if version.isdigit() else None
        )
    except CourseActionError as error:
        messages.error(request, error.message + " " + _("Nothing was removed."))
    else:
        messages.success(request, _("The person is removed from the network."))
    return redirect("network:overview", pk=course.pk)


@login_required
@require_GET
def person_photo(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """The photo, only through the door: never a static or media URL, never cached, never sniffed.
    Every fetch is logged: the photo is a third party's personal data, read on its own request."""
    course = get_course_for_user(request.user, pk)
    photo = NetworkPhoto.objects.filter(person__citizen_id=course.citizen_id, person_id=person_pk).first()
    if photo is None:
        if NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk=person_pk).exists():
            raise Http404  # the citizen's own person, without a photo: simply missing
        refuse_foreign(request.user, NetworkPerson, person_pk, citizen_path="citizen_id")
    audit_record(
        actor=request.user, action="network.photo_viewed", obj=photo.person, citizen_id=course.citizen_id
    )
    response = HttpResponse(bytes(photo.image), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own (not in an <img>, which ignores this header) the photo is a download, never a page.
    response["Content-Disposition"] = 'attachment; filename="photo.jpg"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- The network map (appendix 8) -----------------------------------------------------------------


def _map_course(request: HttpRequest, pk: int) -> tuple[Course, MapConsent | None]:
    """The door, then the citizen's consent: outside its scope the map looks missing (404)."""
    course = get_course_for_user(request.user, pk)
    consent = selectors.current_consent(course.citizen)
    if not selectors.map_visible_to(request.user, course, consent):
        # The course may be read, the map not (outside the citizen's consent): a refused attempt.
        log_denied(request.user, "network.networkmap", course.pk, citizen_id=course.citizen_id)
        raise Http404
    return course, consent


def _map_changeable(request: HttpRequest, pk: int) -> Course:
    course, _consent = _map_course(request, pk)
    if not user_can_change_course(request.user, course) or course.end_date is not None:
        raise PermissionDenied
    return course


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _map_page(
    request: HttpRequest,
    course: Course,
    consent: MapConsent | None,
    *,
    status: int = 200,
    error: str = "",
    **forms: Any,
) -> HttpResponse:
    citizen = course.citizen
    drawing = selectors.map_drawing(course)
    expected_consent = consent.pk if consent else 0
    can_change = user_can_change_course(request.user, course) and course.end_date is None
    if error:
        messages.error(request, error)
    context = {
        "course": course,
        "citizen": citizen,
        "drawing": drawing,
        "consent": consent,
        "consents": MapConsent.objects.filter(citizen=citizen)
        .select_related("recorded_by")
        .prefetch_related("shared_with"),
        "can_change": can_change,
        "place_form": forms.get("place_form")
        or PlaceForm(citizen=citizen, initial={"version": drawing.version}),
        "line_form": forms.get("line_form")
        or LineForm(citizen=citizen, initial={"version": drawing.version}),
        "consent_form": forms.get("consent_form")
        or ConsentForm(
            citizen=citizen,
            initial={
                "expected_consent": expected_consent,
                "given_on": timezone.localdate(),
                "scope": consent.scope if consent else ConsentScope.WORKER,
            },
        ),
        "withdraw_form": forms.get("withdraw_form")
        or WithdrawConsentForm(initial={"expected_consent": expected_consent, "on": timezone.localdate()}),
        "sectors": MapSector.choices,
        "rings": MapRing.choices,
    }
    return render(request, "network/map.html", context, status=status)


def _map_error(
    request: HttpRequest, course: Course, error: CourseActionError | None, form: Any, form_name: str
) -> HttpResponse:
    """Bad input: 400 (409 for a conflict) and nothing saved; the no-JS page keeps what was chosen."""
    message = error.message if error else _("Nothing was saved. Correct the marked field and try again.")
    status = 409 if error is not None and error.conflict else 400
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    if error is not None and form.is_bound:
        _error(form, error)
    consent = selectors.current_consent(course.citizen)
    return _map_page(request, course, consent, status=status, error=message, **{form_name: form})


def _saved(request: HttpRequest, course: Course, message: str) -> HttpResponse:
    if _wants_json(request):
        network_map = NetworkMap.objects.filter(citizen_id=course.citizen_id).first()
        return JsonResponse({"message": message, "version": network_map.version if network_map else 0})
    messages.success(request, message)
    return redirect("network:map", pk=course.pk)


@login_required
@require_GET
def network_map(request: HttpRequest, pk: int) -> HttpResponse:
    course, consent = _map_course(request, pk)
    audit_record(actor=request.user, action="network.map_viewed", obj=course, citizen_id=course.citizen_id)
    return _map_page(request, course, consent)


@login_required
@require_GET
def network_map_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    course, _consent = _map_course(request, pk)
    audit_record(
        actor=request.user,
        action="network.map_viewed",
        obj=course,
        citizen_id=course.citizen_id,
        after={"format": "pdf"},
    )
    response = HttpResponse(documents.map_pdf(course), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="netvaerkskort.pdf"'
    return response


@login_required
@require_POST
def map_place(request: HttpRequest, pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    form = PlaceForm(request.POST, citizen=course.citizen)
    if not form.is_valid():
        return _map_error(request, course, None, form, "place_form")
    data = form.cleaned_data
    try:
        placement = services.map_place(
            citizen=course.citizen,
            person=data["person"],
            actor=request.user,
            expected_version=data["version"],
            x=data["x"],
            y=data["y"],
            sector=data["sector"] or None,
            ring=data["ring"],
        )
    except CourseActionError as error:
        return _map_error(request, course, error, form, "place_form")
    sector = geometry.sector_of(placement.x, placement.y)
    ring = geometry.ring_of(placement.x, placement.y)
    message = _("%(name)s is placed in %(field)s, %(ring)s.") % {
        "name": placement.person.name,
        "field": MapSector(sector).label,
        "ring": str(MapRing(ring).label).lower(),
    }
    if _wants_json(request):
        return JsonResponse(
            {
                "message": message,
                "version": placement.network_map.version,
                "person": placement.person_id,
                "x": placement.x,
                "y": placement.y,
                "sector": sector,
                "ring": ring,
            }
        )
    messages.success(request, message)
    return redirect("network:map", pk=course.pk)


@login_required
@require_POST
def map_unplace(request: HttpRequest, pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    form = UnplaceForm(request.POST, citizen=course.citizen)
    if not form.is_valid():
        return _map_error(request, course, None, form, "unplace_form")
    try:
        services.map_unplace(
            citizen=course.citizen,
            person=form.cleaned_data["person"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except CourseActionError as error:
        return _map_error(request, course, error, form, "unplace_form")
    return _saved(
        request, course, _("The person is taken off the map. They are still in the network overview.")
    )


@login_required
@require_POST
def map_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    form = LineForm(request.POST, citizen=course.citizen)
    if not form.is_valid():
        return _map_error(request, course, None, form, "line_form")
    try:
        services.map_line_add(
            citizen=course.citizen,
            person_a=form.cleaned_data["person_a"],
            person_b=form.cleaned_data["person_b"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except CourseActionError as error:
        return _map_error(request, course, error, form, "line_form")
    return _saved(request, course, _("The line is drawn."))


@login_required
@require_POST
def map_line_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    line = MapLine.objects.filter(network_map__citizen_id=course.citizen_id, pk=line_pk).first()
    if line is None:
        refuse_foreign(request.user, MapLine, line_pk, citizen_path="network_map__citizen_id")
    version = request.POST.get("version", "")
    try:
        services.map_line_remove(
            citizen=course.citizen,
            line=line,
            actor=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except CourseActionError as error:
        return _map_error(request, course, error, LineForm(citizen=course.citizen), "line_form")
    return _saved(request, course, _("The line is removed."))


@login_required
@require_POST
def map_consent(request: HttpRequest, pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    form = ConsentForm(request.POST, citizen=course.citizen)
    if not form.is_valid():
        return _map_error(request, course, None, form, "consent_form")
    data = form.cleaned_data
    try:
        services.consent_record(
            citizen=course.citizen,
            actor=request.user,
            scope=data["scope"],
            given_on=data["given_on"],
            shared_with=list(data["shared_with"]),
            note=data["note"],
            expected_consent=data["expected_consent"],
            today=timezone.localdate(),
        )
    except CourseActionError as error:
        return _map_error(request, course, error, form, "consent_form")
    messages.success(request, _("The consent is recorded."))
    return redirect("network:map", pk=course.pk)


@login_required
@require_POST
def map_consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    course = _map_changeable(request, pk)
    form = WithdrawConsentForm(request.POST)
    if not form.is_valid():
        return _map_error(request, course, None, form, "withdraw_form")
    try:
        services.consent_withdraw(
            citizen=course.citizen,
            actor=request.user,
            on=form.cleaned_data["on"],
            expected_consent=form.cleaned_data["expected_consent"],
            today=timezone.localdate(),
        )
    except CourseActionError as error:
        return _map_error(request, course, error, form, "withdraw_form")
    messages.success(request, _("The consent is withdrawn. Only the CTI worker can see the network map now."))
    return redirect("network:map", pk=course.pk)
