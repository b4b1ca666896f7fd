"""The handover and the ending of a course (phase 3): the handover plan, handover meetings, the
phase 3 checklist, the marking of the ending and the closing letter; and the programme's letter
template, kept by its coordinator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overgang.audit.services import audit_record
from overgang.checklists.selectors import course_checklist
from overgang.courses.access import (
    get_course_for_user,
    get_programme_for_user,
    refuse_foreign,
    user_can_manage_programme,
)
from overgang.courses.job_people import course_is_job
from overgang.courses.models import Course
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.handover import selectors, services
from overgang.handover.documents import closing_letter_pdf
from overgang.handover.forms import (
    CelebrationForm,
    ClosingLetterForm,
    HandoverMeetingForm,
    HandoverPlanForm,
    LetterTemplateForm,
)
from overgang.handover.letters import PLACEHOLDERS
from overgang.handover.models import ClosingLetterTemplate, HandoverMeeting, MeetingKind
from overgang.method.clock import Period


def _nothing_saved() -> str:
    return _("Nothing was saved. Correct the marked field and try again.")


def _changeable(request: HttpRequest, pk: int) -> Course:
    """The course, if the user may change its handover: visible, writable, and not ended."""
    course = get_course_for_user(request.user, pk)
    if not selectors.can_change_handover(request.user, course):
        raise PermissionDenied
    return course


def _ending_changeable(request: HttpRequest, pk: int) -> Course:
    """The course, if the user may mark its ending or write the closing letter now."""
    course = get_course_for_user(request.user, pk)
    if not selectors.can_change_ending(request.user, course, course_schedule(course)):
        raise PermissionDenied
    return course


def _meeting(user: Any, course: Course, meeting_pk: int) -> HandoverMeeting:
    meeting = (
        HandoverMeeting.objects.filter(course=course, pk=meeting_pk).prefetch_related("participants").first()
    )
    if meeting is None:
        refuse_foreign(user, HandoverMeeting, meeting_pk, citizen_path="course__citizen_id")
    meeting.course = course
    return meeting


def _form_error(form: Any, error: CourseActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _refused(request: HttpRequest, form: Any, error: CourseActionError) -> None:
    if error.conflict:
        messages.error(request, error.message + " " + _("Nothing was saved; what you wrote is kept below."))
    else:
        _form_error(form, error)
        messages.error(request, _nothing_saved())


def _page(
    request: HttpRequest,
    course: Course,
    *,
    celebration_form: CelebrationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    schedule = course_schedule(course)
    plan = selectors.plan_for(course)
    meetings = selectors.meetings_for(course)
    celebration = selectors.celebration_for(course)
    checklist = course_checklist(course, Period.PHASE_3.value)
    deadline = selectors.meeting_deadline(schedule)
    today = schedule.today
    if celebration_form is None:
        initial: dict[str, Any] = {"held_on": today}
        if celebration is not None:
            initial = {
                "held_on": celebration.held_on,
                "note": celebration.note,
                "version": celebration.version,
            }
        celebration_form = CelebrationForm(initial=initial)
    can_change_ending = selectors.can_change_ending(request.user, course, schedule)
    return render(
        request,
        "handover/handover.html",
        {
            "course": course,
            "citizen": course.citizen,
            "schedule": schedule,
            "in_phase_3": schedule.period is Period.PHASE_3,
            "planned_end": schedule.planned(Period.ENDED),
            "plan": plan,
            "meetings": meetings,
            "deadline": deadline,
            "meeting_in_time": any(deadline is None or m.held_on <= deadline for m in meetings),
            "deadline_passed": deadline is not None and today > deadline,
            "checklist": checklist,
            "end_rows": checklist.transition_rows("end") if checklist else [],
            "celebration": celebration,
            "celebration_form": celebration_form,
            "letter": selectors.letter_for(course),
            "can_change": selectors.can_change_handover(request.user, course),
            "can_change_ending": can_change_ending,
            "can_manage_template": user_can_manage_programme(request.user, course.programme),
            **selectors.job_handover_context(course, plan, meetings),
        },
        status=status,
    )


@login_required
@require_GET
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    audit_record(actor=request.user, action="handover.viewed", obj=course, citizen_id=course.citizen_id)
    return _page(request, course)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    plan = selectors.plan_for(course)
    people = list(selectors.network_people(course))
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {
            name: getattr(plan, name)
            for name in services.PLAN_FIELDS
            if name not in ("responsible_id", "new_worker_id")
        }
        initial |= {
            "responsible": str(plan.responsible_id or ""),
            "new_worker": str(plan.new_worker_id or ""),
            "version": plan.version,
        }
    form = HandoverPlanForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.handover_plan_save(
                    course=course,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    today=timezone.localdate(),
                    **form.values(),
                )
            except CourseActionError as error:
                _refused(request, form, error)
            else:
                messages.success(
                    request,
                    _("The long-term retention plan is saved.")
                    if course_is_job(course)
                    else _("The handover plan is saved."),
                )
                return redirect("handover:handover", pk=course.pk)
        else:
            messages.error(request, _nothing_saved())
    else:
        audit_record(
            actor=request.user, action="handover.plan_form_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        "handover/plan_edit.html",
        {
            "course": course,
            "citizen": course.citizen,
            "plan": plan,
            "form": form,
            "people": people,
            "is_job": course_is_job(course),
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting_page(
    request: HttpRequest, course: Course, form: HandoverMeetingForm, meeting: HandoverMeeting | None
) -> HttpResponse:
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action="handover.meeting_form_viewed",
            obj=course,
            citizen_id=course.citizen_id,
        )
    return render(
        request,
        "handover/meeting_edit.html",
        {
            "course": course,
            "citizen": course.citizen,
            "form": form,
            "meeting": meeting,
            "deadline": selectors.meeting_deadline(course_schedule(course)),
            "is_job": course_is_job(course),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    people = list(selectors.network_people(course))
    is_job = course_is_job(course)
    kind = request.GET.get("kind") if is_job and request.GET.get("kind") in MeetingKind.values else None
    form = HandoverMeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "kind": kind or MeetingKind.HANDOVER},
        people=people,
        consultants=course.job_consultants.all(),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_add(
                    course=course, actor=request.user, today=timezone.localdate(), **form.values()
                )
            except CourseActionError as error:
                _refused(request, form, error)
            else:
                messages.success(
                    request,
                    _("The closing meeting is registered.")
                    if form.cleaned_data.get("kind") == MeetingKind.CLOSING
                    else _("The handover meeting is registered."),
                )
                return redirect("handover:handover", pk=course.pk)
        else:
            messages.error(request, _nothing_saved())
    return _meeting_page(request, course, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    course = _changeable(request, pk)
    meeting = _meeting(request.user, course, meeting_pk)
    people = list(selectors.network_people(course))
    initial = {
        "held_on": meeting.held_on,
        "participants": [str(p.pk) for p in meeting.participants.all()],
        "other_participants": meeting.other_participants,
        "agreed": meeting.agreed,
        "version": meeting.version,
        "kind": meeting.kind,
        "citizen_attended": meeting.citizen_attended,
        "worker_attended": meeting.worker_attended,
        "job_consultants": [str(u.pk) for u in meeting.job_consultants.all()],
    }
    form = HandoverMeetingForm(
        request.POST or None, initial=initial, people=people, consultants=course.job_consultants.all()
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_change(
                    meeting=meeting,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    today=timezone.localdate(),
                    **form.values(),
                )
            except CourseActionError as error:
                _refused(request, form, error)
            else:
                messages.success(request, _("The handover meeting is changed."))
                return redirect("handover:handover", pk=course.pk)
        else:
            messages.error(request, _nothing_saved())
    return _meeting_page(request, course, form, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_remove(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A confirmation page (GET) before the meeting is removed (POST)."""
    course = _changeable(request, pk)
    meeting = _meeting(request.user, course, meeting_pk)
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            services.meeting_remove(
                meeting=meeting,
                actor=request.user,
                expected_version=int(version) if version.isdigit() else None,
            )
        except CourseActionError as error:
            messages.error(request, error.message + " " + _("Nothing was removed."))
        else:
            messages.success(request, _("The handover meeting is removed."))
        return redirect("handover:handover", pk=course.pk)
    audit_record(
        actor=request.user, action="handover.meeting_remove_viewed", obj=course, citizen_id=course.citizen_id
    )
    return render(
        request,
        "handover/meeting_remove.html",
        {"course": course, "citizen": course.citizen, "meeting": meeting},
    )


@login_required
@require_POST
def celebration(request: HttpRequest, pk: int) -> HttpResponse:
    course = _ending_changeable(request, pk)
    form = CelebrationForm(request.POST)
    if form.is_valid():
        try:
            services.celebration_save(
                course=course,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                today=timezone.localdate(),
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
            )
        except CourseActionError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The marking of the ending is saved."))
            return redirect("handover:handover", pk=course.pk)
    else:
        messages.error(request, _nothing_saved())
    return _page(request, course, celebration_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the closing letter: prefilled from the programme's template the first time."""
    course = get_course_for_user(request.user, pk)
    schedule = course_schedule(course)
    can_change = selectors.can_change_ending(request.user, course, schedule)
    existing = selectors.letter_for(course)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if existing is None and not can_change:
        raise Http404  # nothing to read, and nothing may be written
    if existing is not None:
        initial: dict[str, Any] = {"text": existing.text, "version": existing.version}
    else:
        initial = {"text": selectors.letter_prefill(course, schedule)}
    form = ClosingLetterForm(request.POST or None, initial=initial)
    if not can_change:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if form.is_valid():
            try:
                services.closing_letter_save(
                    course=course,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    text=form.cleaned_data["text"],
                )
            except CourseActionError as error:
                _refused(request, form, error)
            else:
                messages.success(request, _("The closing letter is saved."))
                return redirect("handover:letter", pk=course.pk)
        else:
            messages.error(request, _nothing_saved())
    else:
        audit_record(
            actor=request.user, action="handover.letter_viewed", obj=course, citizen_id=course.citizen_id
        )
    return render(
        request,
        "handover/letter.html",
        {
            "course": course,
            "citizen": course.citizen,
            "letter": existing,
            "form": form,
            "can_change": can_change,
            "placeholders": PLACEHOLDERS,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    letter = selectors.letter_for(course)
    if letter is None:
        raise Http404
    letter.course = course
    audit_record(actor=request.user, action="handover.letter_pdf", obj=letter, citizen_id=course.citizen_id)
    response = HttpResponse(closing_letter_pdf(letter), content_type="application/pdf")
    name = _("closing-letter") + f"-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme's closing letter template: read by those who see the programme, edited by its
    coordinators (and administrators)."""
    programme = get_programme_for_user(request.user, pk)
    can_change = user_can_manage_programme(request.user, programme)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    own = ClosingLetterTemplate.objects.filter(programme=programme).first()
    texts = selectors.letter_template_texts(programme)
    initial: dict[str, Any] = {"text_da": texts["da"], "text_en": texts["en"]}
    if own is not None:
        initial["version"] = own.version
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if not can_change:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if form.is_valid():
            try:
                services.letter_template_save(
                    programme=programme,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    text_da=form.cleaned_data["text_da"],
                    text_en=form.cleaned_data["text_en"],
                )
            except CourseActionError as error:
                _refused(request, form, error)
            else:
                messages.success(request, _("The letter template is saved."))
                return redirect("handover:letter_template", pk=programme.pk)
        else:
            messages.error(request, _nothing_saved())
    return render(
        request,
        "handover/letter_template.html",
        {
            "programme": programme,
            "form": form,
            "own": own,
            "can_change": can_change,
            "placeholders": PLACEHOLDERS,
        },
        status=400 if request.method == "POST" else 200,
    )
