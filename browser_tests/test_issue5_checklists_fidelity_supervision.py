"""Method fidelity (issue 5): the course checklists answered as the worker goes, the transition
checklist recorded (never blocking) with a phase change, the coordinator's fidelity review with the
system's own evidence, and the supervision log with its preparation page.

The new pages' strings may not be translated yet, so elements are found by data-testid, name or
role, and the assertions are about the data the test entered (or the app's message ids through
`danish`, which falls back to the English id while a translation is missing).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from browser_tests.conftest import DESKTOP, DOWNLOAD_TIMEOUT, PHONE, danish, dmy, log_in, screenshot
from overgang.method.dates import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The six items of appendix 1's "Ved overgang til 2. fase" group, in the order of the source.
TRANSITION_ITEMS = [
    "p1_moved_in",
    "p1_support_needs_clarified",
    "p1_prioritised_plan",
    "p1_coordinated_services",
    "p1_agreements_in_place",
    "p1_activities_under_way",
]
# What the system itself suggests for appendix 4's four evidence items, given the fixtures below:
# two active citizens for Alice (≤ 10), one transition in the last year and on time, no CTI plans,
# and Alice at supervision yesterday.
SUGGESTED = {"caseload": "yes", "timeliness": "yes", "plans": "no", "supervision": "yes"}
OPPOSITE = {"yes": "no", "no": "yes"}
OVERRIDE_REASON = "Alice har reelt 12 borgere: to forløb er registreret hos en kollega."
COMMENT = "Sofie vil ikke tale om sin søn endnu."
CONCLUSIONS = "Sofies aktiviteter passer til 1. fase; Alice laver CTI-planen inden fredag."
SUPERVISOR = "Signe Supervisorsen"

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth"


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any, today: dt.date) -> Any:
    """Sofie has been in phase 1 for exactly five weeks (35 days counting today)."""
    return make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=34), first_name="Sofie", last_name="Nielsen"
    )


@pytest.fixture
def timely_course(alice: Any, homelessness: Any, make_course: Any, today: dt.date) -> Any:
    """Karl went from phase 1 to phase 2 on the planned day, about a month ago."""
    from overgang.courses import services

    phase_1 = add_months(today, -4)
    course = make_course(alice, homelessness, phase_1=phase_1, first_name="Karl", last_name="Hansen")
    return services.course_start_phase(
        course=course, phase=2, on=add_months(phase_1, 3), actor=alice, today=today
    )


@contextmanager
def second_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Another person's browser, next to the test's own page."""
    context = browser.new_context(viewport=DESKTOP, locale="da-DK", base_url=live_server.url)
    context.set_default_timeout(5_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def check_item(page: Any, code: str) -> Any:
    return page.locator(f'[data-testid="check-item"][data-item="{code}"]')


def choose(item: Any, value: str) -> None:
    """DKFDS hides the radio behind its label: click the label, as a person does."""
    item.locator(f'label[for$="-{value}"]').click()


def is_answer_post(response: Any) -> bool:
    return response.request.method == "POST" and "/checklist/items/" in response.url


def assert_fits_a_phone(page: Any) -> None:
    page.set_viewport_size(PHONE)
    try:
        assert page.evaluate(NO_SIDEWAYS_SCROLL) <= PHONE["width"]
    finally:
        page.set_viewport_size(DESKTOP)


# (1) A worker answers the phase 1 checklist as she goes --------------------------------------------


def test_a_worker_answers_checklist_items_and_the_answers_are_saved_at_once(
    page: Any, alice: Any, course: Any
) -> None:
    from overgang.checklists.models import ChecklistAnswer

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/checklist/")
    expect(page.get_by_test_id("checklist")).to_be_visible()
    expect(page.get_by_test_id("check-answered")).to_have_count(0)

    trust = check_item(page, "p1_trusting_relation")
    needs = check_item(page, "p1_asked_about_needs")
    with page.expect_response(is_answer_post) as first:
        choose(trust, "yes")
    assert first.value.status == 200
    expect(trust.get_by_test_id("check-answered")).to_contain_text("Alice Testsen")
    expect(trust.locator('input[name="answer"][value="yes"]')).to_be_checked()

    with page.expect_response(is_answer_post) as second:
        choose(needs, "no")
    assert second.value.status == 200
    expect(needs.get_by_test_id("check-answered")).to_contain_text("Alice Testsen")
    # The comment is saved when the field is left (a change event), on the same answer.
    with page.expect_response(is_answer_post) as third:
        needs.locator('input[name="comment"]').fill(COMMENT)
        needs.locator('input[name="comment"]').press("Tab")
    assert third.value.status == 200
    expect(needs.locator('input[name="version"]')).to_have_value("2")
    expect(needs.get_by_test_id("check-answered")).to_be_visible()
    expect(needs.get_by_test_id("check-error")).to_have_count(0)
    expect(page.get_by_test_id("check-answered")).to_have_count(2)
    # Nothing else was answered by the clicks.
    expect(page.locator('[data-testid="check-item"] input[name="answer"]:checked')).to_have_count(2)

    page.reload()
    trust = check_item(page, "p1_trusting_relation")
    needs = check_item(page, "p1_asked_about_needs")
    expect(trust.locator('input[name="answer"][value="yes"]')).to_be_checked()
    expect(needs.locator('input[name="answer"][value="no"]')).to_be_checked()
    expect(needs.locator('input[name="comment"]')).to_have_value(COMMENT)
    expect(trust.locator('input[name="comment"]')).to_have_value("")
    expect(page.get_by_test_id("check-answered")).to_have_count(2)

    answers = {a.item.code: a for a in ChecklistAnswer.objects.filter(course=course).select_related("item")}
    assert set(answers) == {"p1_trusting_relation", "p1_asked_about_needs"}
    assert answers["p1_trusting_relation"].answer == "yes"
    assert answers["p1_trusting_relation"].comment == ""
    assert answers["p1_asked_about_needs"].answer == "no"
    assert answers["p1_asked_about_needs"].comment == COMMENT
    assert answers["p1_asked_about_needs"].version == 2
    assert {a.answered_by_id for a in answers.values()} == {alice.pk}


def test_a_stale_answer_is_refused_on_screen_and_shows_the_other_persons_answer(
    page: Any, browser: Any, live_server: Any, alice: Any, carol: Any, course: Any
) -> None:
    from overgang.checklists.models import ChecklistAnswer

    url = f"/courses/{course.pk}/checklist/"
    log_in(page, alice)
    page.goto(url)
    with second_page(browser, live_server) as coordinator:
        log_in(coordinator, carol)
        coordinator.goto(url)
        with coordinator.expect_response(is_answer_post) as first:
            choose(check_item(coordinator, "p1_trusting_relation"), "yes")
        assert first.value.status == 200

    item = check_item(page, "p1_trusting_relation")  # Alice's page still shows no answer
    with page.expect_response(is_answer_post):
        choose(item, "no")
    # Refused: she saw no answer, but there is one now.
    saved = ChecklistAnswer.objects.get(course=course, item__code="p1_trusting_relation")
    assert (saved.answer, saved.answered_by_id) == ("yes", carol.pk)

    # She is told, and sees Carol's answer instead of her own unsaved one.
    expect(item.get_by_test_id("check-error")).to_be_visible()
    expect(item.locator('input[name="answer"][value="yes"]')).to_be_checked()
    expect(item.get_by_test_id("check-answered")).to_contain_text("Carol Testsen")


# (2) An incomplete transition checklist never blocks the phase change ----------------------------


def test_an_incomplete_transition_checklist_is_recorded_with_the_phase_change(
    page: Any, alice: Any, course: Any, today: dt.date
) -> None:
    from overgang.checklists.models import TransitionRecord

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/checklist/")
    for code, value in zip(TRANSITION_ITEMS[:2], ("yes", "no"), strict=True):
        item = check_item(page, code)
        with page.expect_response(is_answer_post):
            choose(item, value)
        expect(item.get_by_test_id("check-answered")).to_be_visible()

    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_test_id("checklist-card")).to_be_visible()
    form = page.get_by_test_id("form-phase")
    transition_list = form.get_by_test_id("transition-checklist")
    expect(transition_list).to_be_visible()
    expect(transition_list.locator("summary")).to_contain_text(
        danish("Checklist for the transition: %(answered)s of %(total)s answered")
        % {"answered": 2, "total": 6}
    )
    expect(transition_list.locator("li")).to_have_count(6)
    expect(transition_list.locator("li strong")).to_have_count(2)  # the two answers given

    form.locator("input[type=date]").fill(today.isoformat())
    form.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_have_text(danish("The transition is registered."))
    expect(page.get_by_test_id("current-period")).to_have_text(danish("Phase 2"))

    planned = add_months(course.phase_1_start, 3)
    early_by = (planned - today).days
    page.goto(f"/courses/{course.pk}/checklist/")
    record = page.get_by_test_id("transition-record")
    expect(record).to_have_count(1)
    expect(record).to_contain_text(dmy(today))
    expect(record).to_contain_text(
        danish("checklist %(answered)s of %(total)s answered") % {"answered": 2, "total": 6}
    )
    with translation.override("da"):
        early_text = translation.ngettext("%(days)s day early", "%(days)s days early", early_by)
    expect(record).to_contain_text(early_text % {"days": early_by})

    saved = TransitionRecord.objects.get(course=course, to_period="phase_2")
    assert (saved.answered, saved.total) == (2, 6)
    assert saved.on == today
    assert saved.recorded_by_id == alice.pk
    assert (saved.timeliness, saved.timeliness_days) == ("early", early_by)
    assert [row["code"] for row in saved.items] == TRANSITION_ITEMS
    assert [row["answer"] for row in saved.items] == ["yes", "no", None, None, None, None]
    course.refresh_from_db()
    assert course.phase_2_start == today


# (3) The coordinator's fidelity review -----------------------------------------------------------


def test_a_coordinator_fills_a_fidelity_review_with_the_evidence_and_a_documented_override(
    page: Any,
    carol: Any,
    alice: Any,
    homelessness: Any,
    course: Any,
    timely_course: Any,
    supervised: Any,
    tmp_path: Path,
) -> None:
    from django.utils import translation
    from pypdf import PdfReader

    from overgang.checklists.selectors import checklist_for
    from overgang.fidelity.models import FidelityAnswer, FidelityReview

    supervised(homelessness, alice)
    checklist = checklist_for(homelessness, "fidelity")
    assert checklist is not None
    items = list(checklist.items.all())
    by_evidence = {item.evidence: item for item in items if item.evidence}
    assert set(by_evidence) == set(SUGGESTED)

    log_in(page, carol)
    page.goto("/fidelity/")
    expect(page.get_by_test_id("fidelity-row")).to_have_count(0)
    page.get_by_test_id("fidelity-new").click()
    page.wait_for_url(re.compile(r"/fidelity/new/\?programme=\d+$"))

    form = page.get_by_test_id("form-fidelity")
    rows = form.get_by_test_id("fidelity-item")
    expect(rows).to_have_count(len(items))
    evidenced = form.locator('[data-testid="fidelity-item"]:not([data-evidence=""])')
    expect(evidenced).to_have_count(4)
    expect(form.get_by_test_id("evidence")).to_have_count(4)
    for code, suggested in SUGGESTED.items():
        row = form.locator(f'[data-testid="fidelity-item"][data-evidence="{code}"]')
        expect(row.get_by_test_id("evidence")).to_be_visible()
        expect(row.get_by_test_id("evidence")).not_to_be_empty()
        expect(row.locator(f'input[type=radio][value="{suggested}"]')).to_be_checked()
        expect(row.locator("input[type=radio]:checked")).to_have_count(1)
    # Only the evidence is pre-filled: the reviewer answers the rest.
    expect(form.locator("input[type=radio]:checked")).to_have_count(4)

    # The other items: Ja, except two Nej and one Ved ikke.
    others = [item for item in items if not item.evidence]
    planned = {item.pk: "yes" for item in others}
    planned[others[0].pk] = "no"
    planned[others[5].pk] = "no"
    planned[others[10].pk] = "unknown"
    for pk, value in planned.items():
        form.locator(f'label[for="answer-{pk}-{value}"]').click()
    # The caseload item is answered against what the data shows, without a reason first.
    caseload = by_evidence["caseload"]
    overridden = OPPOSITE[SUGGESTED["caseload"]]
    form.locator(f'label[for="answer-{caseload.pk}-{overridden}"]').click()
    expect(form.locator("input[type=radio]:checked")).to_have_count(len(items))
    form.locator("button[type=submit]").click()

    error = page.get_by_test_id("fidelity-error")
    expect(error).to_be_visible()
    with translation.override("da"):
        expect(error).to_contain_text(caseload.label)
    assert FidelityReview.objects.count() == 0
    assert FidelityAnswer.objects.count() == 0
    # The answers given are kept on the refused form.
    form = page.get_by_test_id("form-fidelity")
    expect(form.locator(f'input[name="answer-{caseload.pk}"][value="{overridden}"]')).to_be_checked()
    expect(form.locator(f'input[name="answer-{others[10].pk}"][value="unknown"]')).to_be_checked()
    expect(form.locator("input[type=radio]:checked")).to_have_count(len(items))

    form.locator(f'[name="reason-{caseload.pk}"]').fill(OVERRIDE_REASON)
    form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/fidelity/\d+/$"))
    answers = {**planned, **{by_evidence[code].pk: s for code, s in SUGGESTED.items()}}
    answers[caseload.pk] = overridden
    yes = sum(1 for value in answers.values() if value == "yes")
    no = sum(1 for value in answers.values() if value == "no")
    percent = round(100 * yes / (yes + no))
    expect(page.get_by_test_id("fidelity-score")).to_have_text(f"{percent} %")
    expect(page.locator("main")).to_contain_text(OVERRIDE_REASON)

    review = FidelityReview.objects.get()
    assert review.programme_id == homelessness.pk
    assert review.reviewer_id == carol.pk
    assert review.course_id is None
    saved = {a.item_id: a for a in review.answers.all()}
    assert {pk: a.answer for pk, a in saved.items()} == answers
    assert saved[caseload.pk].suggested == SUGGESTED["caseload"]
    assert saved[caseload.pk].reason == OVERRIDE_REASON
    for code, suggested in SUGGESTED.items():
        assert saved[by_evidence[code].pk].suggested == suggested
        assert saved[by_evidence[code].pk].evidence  # the evidence as the reviewer saw it

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_test_id("fidelity-pdf").click()
    download = info.value
    assert download.failure() is None
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    path = tmp_path / "fidelity.pdf"
    path.write_bytes(content)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())
    assert homelessness.name in text
    assert OVERRIDE_REASON in text
    assert f"{percent} %" in text

    page.goto("/fidelity/")
    expect(page.get_by_test_id("fidelity-row")).to_have_count(1)


# (4) The supervision log -------------------------------------------------------------------------


def test_a_coordinator_logs_a_supervision_session_that_only_its_participants_can_read(
    page: Any,
    browser: Any,
    live_server: Any,
    carol: Any,
    alice: Any,
    bob: Any,
    course: Any,
    today: dt.date,
) -> None:
    from overgang.supervision.models import SupervisionSession

    held_on = today - dt.timedelta(days=2)
    log_in(page, carol)
    page.goto("/supervision/")
    expect(page.get_by_test_id("no-sessions")).to_be_visible()
    page.get_by_test_id("log-session").click()

    form = page.get_by_test_id("form-session")
    expect(form).to_be_visible()
    form.locator("[name=held_on]").fill(held_on.isoformat())
    form.locator("[name=kind]").select_option("case")
    form.locator("[name=supervisor]").fill(SUPERVISOR)
    form.locator(f'label[for="participant-{alice.pk}"]').click()
    form.locator(f'label[for="session-course-{course.pk}"]').click()
    form.locator("[name=conclusions]").fill(CONCLUSIONS)
    form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/supervision/\d+/$"))
    session = SupervisionSession.objects.get()
    url = f"/supervision/{session.pk}/"
    expect(page.get_by_test_id("conclusions")).to_have_text(CONCLUSIONS)
    expect(page.get_by_test_id("session")).to_contain_text(SUPERVISOR)
    expect(page.get_by_test_id("session")).to_contain_text("Alice Testsen")
    expect(page.get_by_test_id("courses-discussed")).to_contain_text("Sofie Nielsen")

    page.goto("/supervision/")
    row = page.locator(f'[data-testid="sessions"] tr[data-session="{session.pk}"]')
    expect(row).to_contain_text(dmy(held_on))
    expect(row).to_contain_text(SUPERVISOR)
    expect(row).to_contain_text("Alice Testsen")
    expect(page.locator(f'[data-testid="last-sessions"] tr[data-worker="{alice.pk}"]')).to_contain_text(
        dmy(held_on)
    )

    assert session.held_on == held_on
    assert session.kind == "case"
    assert session.supervisor == SUPERVISOR
    assert session.conclusions == CONCLUSIONS
    assert session.created_by_id == carol.pk
    assert list(session.participants.values_list("pk", flat=True)) == [alice.pk]
    assert list(session.courses.values_list("pk", flat=True)) == [course.pk]

    with second_page(browser, live_server) as worker:
        log_in(worker, alice)
        response = worker.goto(url)
        assert response is not None and response.status == 200
        expect(worker.get_by_test_id("conclusions")).to_have_text(CONCLUSIONS)
        expect(worker.get_by_test_id("courses-discussed")).to_contain_text("Sofie Nielsen")
        expect(worker.get_by_test_id("edit-session")).to_have_count(0)  # she reads, the coordinator logs

    with second_page(browser, live_server) as colleague:
        log_in(colleague, bob)
        response = colleague.goto(url)
        assert response is not None and response.status == 404
        expect(colleague.locator("body")).not_to_contain_text(CONCLUSIONS)
        colleague.goto("/supervision/")
        expect(colleague.locator(f'tr[data-session="{session.pk}"]')).to_have_count(0)


# (5) The pages at 1280 and 390 px ----------------------------------------------------------------


def test_the_new_pages_at_desktop_and_phone_width(
    page: Any,
    browser: Any,
    live_server: Any,
    alice: Any,
    carol: Any,
    homelessness: Any,
    course: Any,
) -> None:
    from overgang.checklists.selectors import checklist_for
    from overgang.checklists.services import answer_save

    checklist = checklist_for(homelessness, "phase_1")
    assert checklist is not None
    for code, value, comment in (
        ("p1_trusting_relation", "yes", ""),
        ("p1_asked_about_needs", "no", COMMENT),
        ("p1_moved_in", "yes", ""),
    ):
        answer_save(
            course=course, item=checklist.items.get(code=code), answer=value, comment=comment, actor=alice
        )

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/checklist/")
    expect(page.get_by_test_id("check-answered")).to_have_count(3)
    screenshot(page, "issue5-checklist", phone=True)
    assert_fits_a_phone(page)

    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_test_id("checklist-card")).to_be_visible()
    expect(page.get_by_test_id("form-phase").get_by_test_id("transition-checklist")).to_be_visible()
    screenshot(page, "issue5-course-checklist-card", phone=True)

    with second_page(browser, live_server) as coordinator:
        log_in(coordinator, carol)
        coordinator.goto(f"/fidelity/new/?programme={homelessness.pk}")
        expect(coordinator.get_by_test_id("form-fidelity")).to_be_visible()
        expect(coordinator.get_by_test_id("evidence")).to_have_count(4)
        screenshot(coordinator, "issue5-fidelity-form", phone=True)
        assert_fits_a_phone(coordinator)

        coordinator.goto(f"/supervision/new/?programme={homelessness.pk}")
        expect(coordinator.get_by_test_id("form-session")).to_be_visible()
        expect(coordinator.locator(f'label[for="session-course-{course.pk}"]')).to_contain_text(
            "Sofie Nielsen"
        )
        screenshot(coordinator, "issue5-supervision-form", phone=True)

        coordinator.goto("/supervision/prepare/")
        prepare = coordinator.get_by_test_id("form-prepare")
        prepare.locator(f'label[for="prepare-course-{course.pk}"]').click()
        prepare.locator("button[type=submit]").click()
        prepared = coordinator.get_by_test_id("prepared-course")
        expect(prepared).to_have_count(1)
        expect(prepared).to_contain_text("Sofie Nielsen")
        expect(prepared.get_by_test_id("period")).to_contain_text(danish("Phase 1"))
        total = checklist.items.count()
        expect(prepared.get_by_test_id("checklist")).to_have_text(re.compile(rf"\b3\b.*\b{total}\b"))
        expect(prepared.get_by_test_id("no-plan")).to_be_visible()
        screenshot(coordinator, "issue5-supervision-prepare", phone=True)
