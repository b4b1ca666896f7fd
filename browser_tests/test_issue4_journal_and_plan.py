"""Working with the citizen (issue 4): the contact journal, reminders the day before a meeting, and
the CTI plan with its focus areas, sub-goals, history, citizen's copy and conflicting edits.

The plan's own strings may not be translated yet, so elements are found by data-testid, name or
role, and the assertions are about the data the test entered (or the app's message ids through
`danish`, which falls back to the English id while a translation is missing).
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import (
    DESKTOP,
    DOWNLOAD_TIMEOUT,
    PHONE,
    SCREENSHOTS,
    danish,
    dmy,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
PHONE_NUMBER = "+4520304050"
CITIZEN_WORDS = "Jeg vil have mit eget sted at bo, og jeg vil se min søn hver weekend."
# (dimension, goal, sub-goals): two sub-goals each, the number of empty rows a new focus area offers.
AREAS = [
    ("housing", "Sofie har sin egen lejlighed", ["Skrive sig op til en bolig", "Se lejligheden i Valby"]),
    ("finances", "Sofie har styr på sin økonomi", ["Lave et budget med Alice", "Betale huslejen til tiden"]),
    ("network", "Sofie ser sin søn hver weekend", ["Ringe til familieafdelingen", "Første samvær i parken"]),
]
FOURTH_AREA = ("daily_activities", "Sofie går til fodbold om tirsdagen", ["Finde et hold i Valby"])


def progress_text(achieved: int, total: int) -> str:
    return danish("%(achieved)s of %(total)s sub-goals achieved") % {"achieved": achieved, "total": total}


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any, today: dt.date) -> Any:
    """Sofie has been in phase 1 for exactly five weeks (35 days counting today) and has a phone."""
    course = make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=34), first_name="Sofie", last_name="Nielsen"
    )
    citizen = course.citizen
    citizen.phone = PHONE_NUMBER
    citizen.save(update_fields=["phone"])
    return course


@pytest.fixture
def plan(course: Any, alice: Any, today: dt.date) -> Any:
    """A phase 1 plan with the three focus areas of AREAS, built through the real services."""
    from overgang.plans import services
    from overgang.plans.models import CtiPlan

    starts_on, ends_on = services.period_dates(course, "phase_1", today=today)
    plan = services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=today,
        starts_on=starts_on,
        ends_on=ends_on,
        dimensions=["housing", "finances", "network"],
        citizen_words=CITIZEN_WORDS,
        today=today,
    )
    for dimension, goal, sub_goals in AREAS:
        services.focus_area_save(
            plan=plan,
            actor=alice,
            expected_version=CtiPlan.objects.get(pk=plan.pk).version,
            sub_goals=[services.SubGoalInput(text=text) for text in sub_goals],
            dimension=dimension,
            goal=goal,
            responsibility="both",
        )
    plan.refresh_from_db()
    return plan


def intensity_row(page: Any, period: str) -> Any:
    return page.get_by_test_id("intensity").locator("tbody tr").filter(has_text=danish(period))


# (1) The contact journal -------------------------------------------------------------------------


def test_a_worker_registers_a_contact_and_the_intensity_table_counts_it(
    page: Any, alice: Any, course: Any, today: dt.date
) -> None:
    yesterday = today - dt.timedelta(days=1)
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/journal/")

    phase_1 = intensity_row(page, "Phase 1")
    expect(phase_1.locator("td")).to_have_text([danish("Phase 1"), "0", "0", "0"])
    expect(page.get_by_test_id("contact-entry")).to_have_count(0)

    form = page.get_by_test_id("form-contact-entry")
    form.locator("[name=occurred_at]").fill(f"{yesterday.isoformat()}T10:00")
    form.locator("[name=status]").select_option("happened")
    form.locator("[name=kind]").select_option("home_visit")
    form.locator("[name=duration_minutes]").fill("150")
    form.locator("[name=place]").fill("Sofies værelse på herberget")
    form.locator("[name=note]").fill("Vi talte om boligansøgningen.")
    form.locator("[name=next_agreement]").fill("Sofie finder lønsedlerne frem.")
    form.get_by_role("button").click()

    expect(page.locator(".alert-success")).to_have_text(danish("The contact is registered."))
    entry = page.get_by_test_id("contact-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(f"{dmy(yesterday)} 10:00")
    expect(entry).to_contain_text("150 min")
    expect(entry).to_contain_text("Sofies værelse på herberget")
    expect(entry).to_contain_text("Vi talte om boligansøgningen.")
    expect(entry).to_contain_text("Sofie finder lønsedlerne frem.")
    # 150 minutes in five weeks of phase 1: one contact, 2,5 hours, 0,5 hours per week.
    expect(phase_1.locator("td")).to_have_text([danish("Phase 1"), "1", "2,5", "0,5"])
    screenshot(page, "issue4-journal-contact-registered", phone=True)


# (2) A reminder the day before a planned meeting --------------------------------------------------


def test_a_planned_meeting_is_reminded_once_by_text_message_the_day_before(
    page: Any, alice: Any, course: Any, today: dt.date, settings: Any, tmp_path: Path
) -> None:
    import time_machine
    from django.core.management import call_command

    sms_file = tmp_path / "sms.txt"
    settings.SMS_BACKEND = "overgang.journal.sms.ConsoleBackend"
    settings.SMS_FILE_PATH = str(sms_file)
    tomorrow = today + dt.timedelta(days=1)
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/journal/")

    # The contact frame: the citizen wants reminders by text message.
    frame = page.get_by_test_id("form-frame")
    page.locator("details", has=frame).locator("summary").click()
    frame.locator("[name=frequency]").fill("Hver tirsdag")
    frame.locator("[name=reminder_channel]").select_option("sms")
    frame.get_by_role("button").click()
    expect(page.locator(".alert-success")).to_have_text(danish("The contact frame is saved."))
    expect(page.get_by_test_id("contact-frame")).to_contain_text(danish("Text message"))

    # A meeting tomorrow at 14:00, with details that must never reach the text message.
    form = page.get_by_test_id("form-contact-entry")
    form.locator("[name=occurred_at]").fill(f"{tomorrow.isoformat()}T14:00")
    form.locator("[name=status]").select_option("planned")
    form.locator("[name=kind]").select_option("meeting")
    form.locator("[name=duration_minutes]").fill("60")
    form.locator("[name=place]").fill("Jobcenter Nørrebro")
    form.locator("[name=note]").fill("Samtale om gæld og misbrugsbehandling")
    form.locator("[name=reminder_wanted]").check()
    form.get_by_role("button").click()

    expect(page.locator(".alert-success")).to_have_text(danish("The contact is registered."))
    expect(page.get_by_test_id("reminder-status")).to_contain_text(danish("Waiting to be sent"))
    screenshot(page, "issue4-journal-meeting-planned")
    assert not sms_file.exists()  # nothing sent when the meeting is registered

    # The hourly run at 18:00 the day before the meeting.
    evening_before = dt.datetime.combine(today, dt.time(18, 0), tzinfo=COPENHAGEN)
    first, second = StringIO(), StringIO()
    with time_machine.travel(evening_before, tick=False):
        call_command("send_reminders", stdout=first)
    assert first.getvalue().strip() == "sent 1, failed 0"

    lines = sms_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"SMS to {PHONE_NUMBER}: ")
    text = lines[0].removeprefix(f"SMS to {PHONE_NUMBER}: ")
    assert "kl. 14.00" in text  # the meeting's time
    assert "i morgen" in text
    citizen = course.citizen
    for secret in (
        "Nørrebro",  # the place
        "Jobcenter",
        "gæld",  # the note
        "misbrug",
        "Hjemløshed",  # the programme
        citizen.cpr,
        citizen.cpr[:6],
        "Nielsen",  # the citizen's name
    ):
        assert secret.lower() not in text.lower(), secret

    # Run again (the next hour): nothing more is sent.
    with time_machine.travel(evening_before + dt.timedelta(hours=1), tick=False):
        call_command("send_reminders", stdout=second)
    assert second.getvalue().strip() == "sent 0, failed 0"
    assert sms_file.read_text(encoding="utf-8").splitlines() == lines

    page.reload()
    expect(page.get_by_test_id("reminder-status")).to_contain_text(danish("Sent"))


DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach((element) => { seen[element.id] = (seen[element.id] || 0) + 1; });
  return Object.keys(seen).filter((id) => seen[id] > 1).sort();
}"""


def test_the_contact_forms_labels_point_at_its_own_fields(page: Any, alice: Any, course: Any) -> None:
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/journal/")

    form = page.get_by_test_id("form-contact-entry")
    for name in ("kind", "place"):
        label_for = form.locator(f"label[for={form.locator(f'[name={name}]').get_attribute('id')}]")
        expect(label_for).to_have_count(1)
    assert page.evaluate(DUPLICATE_IDS) == []
    # A click on the contact form's "Place" label puts the cursor in the contact form's field.
    place_id = form.locator("[name=place]").get_attribute("id")
    form.locator(f"label[for={place_id}]").click()
    expect(form.locator("[name=place]")).to_be_focused()


def test_no_text_message_when_the_contact_frame_says_no_reminders(
    page: Any, alice: Any, course: Any, today: dt.date, settings: Any, tmp_path: Path
) -> None:
    import time_machine
    from django.core.management import call_command

    sms_file = tmp_path / "sms.txt"
    settings.SMS_BACKEND = "overgang.journal.sms.ConsoleBackend"
    settings.SMS_FILE_PATH = str(sms_file)
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/journal/")
    frame = page.get_by_test_id("form-frame")
    page.locator("details", has=frame).locator("summary").click()
    frame.locator("[name=reminder_channel]").select_option("none")
    frame.get_by_role("button").click()
    expect(page.get_by_test_id("contact-frame")).to_contain_text(danish("No reminders"))

    form = page.get_by_test_id("form-contact-entry")
    form.locator("[name=occurred_at]").fill(f"{(today + dt.timedelta(days=1)).isoformat()}T14:00")
    form.locator("[name=status]").select_option("planned")
    form.locator("[name=kind]").select_option("meeting")
    form.locator("[name=reminder_wanted]").check()
    form.get_by_role("button").click()
    # Refused: the contact frame decides, and nothing is saved.
    expect(form.locator(".form-error-message")).to_have_count(1)
    from overgang.journal.models import ContactEntry

    assert not ContactEntry.objects.filter(course=course, reminder_wanted=True).exists()
    with time_machine.travel(dt.datetime.combine(today, dt.time(18, 0), tzinfo=COPENHAGEN), tick=False):
        call_command("send_reminders", stdout=StringIO())

    assert not sms_file.exists(), sms_file.read_text(encoding="utf-8")


# (3) Building the CTI plan through the pages --------------------------------------------------------


def add_focus_area(page: Any, dimension: str, goal: str, sub_goals: list[str]) -> None:
    page.get_by_test_id("focus-area-new").click()
    form = page.get_by_test_id("form-focus-area")
    form.locator("[name=dimension]").select_option(dimension)
    form.locator("[name=goal]").fill(goal)
    for index, text in enumerate(sub_goals):
        form.locator(f"[name=goals-{index}-text]").fill(text)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/plan/\?plan=\d+#focus-\d+$"))


def test_a_worker_makes_the_cti_plan_with_three_focus_areas_and_is_warned_about_a_fourth(
    page: Any, alice: Any, course: Any, today: dt.date
) -> None:
    from overgang.plans.models import CtiPlan, FocusArea

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/plan/")
    expect(page.get_by_test_id("plan")).to_have_count(0)

    page.get_by_test_id("plan-new").click()
    form = page.get_by_test_id("form-plan")
    expect(form.locator("[name=period]")).to_have_value("phase_1")  # the course's current period
    expect(form.locator("[name=made_on]")).to_have_value(today.isoformat())
    form.locator("[name=citizen_words]").fill(CITIZEN_WORDS)
    for dimension, _goal, _sub_goals in AREAS:
        form.locator(f"input[name=dimensions][value={dimension}]").check()
    form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(rf"/courses/{course.pk}/plan/\?plan=\d+$"))
    expect(page.get_by_test_id("plan")).to_be_visible()
    expect(page.get_by_test_id("citizen-words")).to_contain_text(CITIZEN_WORDS)
    expect(page.get_by_test_id("plan-dimensions")).to_have_text(
        "Bolig, Økonomi, Netværk og sociale relationer"
    )
    expect(page.get_by_test_id("no-focus-areas")).to_be_visible()

    for dimension, goal, sub_goals in AREAS:
        add_focus_area(page, dimension, goal, sub_goals)

    areas = page.get_by_test_id("focus-area")
    expect(areas).to_have_count(3)
    expect(page.get_by_test_id("focus-goal")).to_have_text([goal for _d, goal, _s in AREAS])
    for index, (_dimension, _goal, sub_goals) in enumerate(AREAS):
        expect(areas.nth(index).get_by_test_id("sub-goal")).to_have_text(
            [re.compile(re.escape(text)) for text in sub_goals]
        )
    expect(page.get_by_test_id("too-many")).to_have_count(0)
    expect(page.get_by_test_id("plan-progress")).to_contain_text(progress_text(0, 6))
    screenshot(page, "issue4-plan-three-focus-areas", phone=True)
    # At 390 px the plan fits the screen: nothing sticks out sideways.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    # A fourth: warned about on the form and on the plan, but saved.
    page.get_by_test_id("focus-area-new").click()
    expect(page.get_by_test_id("too-many")).to_be_visible()
    page.go_back()
    add_focus_area(page, *FOURTH_AREA)

    expect(page.get_by_test_id("focus-area")).to_have_count(4)
    expect(page.get_by_test_id("too-many")).to_be_visible()
    expect(page.locator(".alert-warning.og-alert")).to_be_visible()
    expect(page.get_by_test_id("focus-goal").nth(3)).to_have_text(FOURTH_AREA[1])
    plan = CtiPlan.objects.get(course=course)
    assert plan.period == "phase_1"
    assert FocusArea.objects.filter(plan=plan).count() == 4
    assert plan.revisions.count() == 5  # made, then four focus areas added
    screenshot(page, "issue4-plan-four-focus-areas", phone=True)


# (4) A sub-goal achieved ----------------------------------------------------------------------------


def test_marking_a_sub_goal_achieved_shows_the_badge_and_moves_the_progress(
    page: Any, alice: Any, course: Any, plan: Any, today: dt.date
) -> None:
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/plan/")

    progress = page.get_by_test_id("plan-progress")
    expect(progress).to_contain_text(progress_text(0, 6))
    expect(progress.locator(".og-gauge-fill")).to_have_attribute("style", "width: 0%;")
    expect(page.get_by_test_id("achieved")).to_have_count(0)
    goal = page.get_by_test_id("sub-goal").filter(has_text=AREAS[1][2][0])

    goal.get_by_test_id("mark-achieved").click()

    expect(page.locator(".alert-success")).to_have_text(danish("Well done: the sub-goal is marked achieved."))
    goal = page.get_by_test_id("sub-goal").filter(has_text=AREAS[1][2][0])
    expect(goal.get_by_test_id("achieved")).to_contain_text(dmy(today))
    expect(goal.get_by_test_id("mark-achieved")).to_have_count(0)
    expect(page.get_by_test_id("achieved")).to_have_count(1)
    expect(progress).to_contain_text(progress_text(1, 6))
    expect(progress.locator(".og-gauge-fill")).to_have_attribute("style", "width: 17%;")
    assert plan.focus_areas.get(goal=AREAS[1][1]).sub_goals.get(text=AREAS[1][2][0]).achieved_on == today
    screenshot(page, "issue4-plan-sub-goal-achieved")


# (5) The history shows what changed -----------------------------------------------------------------


def test_the_history_shows_a_changed_goal_before_and_after(
    page: Any, alice: Any, course: Any, plan: Any
) -> None:
    old_goal = AREAS[1][1]
    new_goal = "Sofie har betalt sin gæld til boligselskabet af"
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/plan/")

    page.get_by_test_id("focus-area").nth(1).locator("a[href*='/focus/']").click()
    form = page.get_by_test_id("form-focus-area")
    expect(form.locator("[name=goal]")).to_have_value(old_goal)
    expect(form.locator("[name=goals-0-text]")).to_have_value(AREAS[1][2][0])
    form.locator("[name=goal]").fill(new_goal)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("focus-goal").nth(1)).to_have_text(new_goal)

    page.get_by_test_id("plan-history").click()

    revisions = page.get_by_test_id("revision")
    expect(revisions).to_have_count(5)  # made, three focus areas added, one changed
    newest = revisions.first
    expect(newest).to_contain_text(danish("Focus area changed"))
    row = newest.get_by_test_id("diff").locator("tbody tr")
    expect(row).to_have_count(1)  # only the goal changed
    expect(row.locator("td").nth(1)).to_have_text(danish("Goal"))
    expect(row.locator("del")).to_have_text(old_goal)
    expect(row.locator("ins")).to_have_text(new_goal)
    # The oldest revision is the first version: no diff there.
    expect(revisions.last.get_by_test_id("diff")).to_have_count(0)
    screenshot(page, "issue4-plan-history", phone=True)


# (6) The citizen's copy ------------------------------------------------------------------------------


def pdf_first_page_screenshot(browser: Any, content: bytes, path: Path) -> None:
    """Chromium's own PDF viewer renders the file; the route serves it inline, not as a download."""
    context = browser.new_context(viewport={"width": 900, "height": 1270})
    try:
        page = context.new_page()
        page.route(
            "http://pdf.invalid/copy.pdf",
            lambda route: route.fulfill(body=content, content_type="application/pdf"),
        )
        page.goto("http://pdf.invalid/copy.pdf#page=1&toolbar=0&navpanes=0&view=FitH")
        page.wait_for_timeout(2_000)  # the viewer draws in an inner frame Playwright cannot watch
        page.screenshot(path=str(path))
    finally:
        context.close()


def test_the_citizens_copy_is_a_pdf_with_her_goals_steps_and_own_words(
    page: Any, browser: Any, alice: Any, course: Any, plan: Any, tmp_path: Path
) -> None:
    from PIL import Image
    from pypdf import PdfReader

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/plan/")

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_test_id("citizen-copy").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(f"-phase_1-{plan.made_on:%Y-%m-%d}.pdf")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    path = tmp_path / "citizen-copy.pdf"
    path.write_bytes(content)

    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert CITIZEN_WORDS in text
    for _dimension, goal, sub_goals in AREAS:
        assert goal in text
        for sub_goal in sub_goals:
            assert sub_goal in text
    assert "Sofie Nielsen" in text
    assert course.citizen.cpr not in text  # the citizen's copy has no CPR number

    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "issue4-plan-citizen-copy-page-1.png"
    pdf_first_page_screenshot(browser, content, shot)
    with Image.open(shot) as image:
        colours = image.convert("L").getcolors(maxcolors=256 * 256)
    assert colours is None or len(colours) > 2  # drawn text, not a blank or failed page


# (7) Two people change the same focus area ----------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_the_typed_text(
    page: Any, browser: Any, live_server: Any, alice: Any, carol: Any, course: Any, plan: Any
) -> None:
    from overgang.plans.models import FocusArea

    area = plan.focus_areas.get(goal=AREAS[0][1])
    url = f"/courses/{course.pk}/plan/{plan.pk}/focus/{area.pk}/"
    alices_goal = "Sofie har sin egen lejlighed i Valby"
    carols_goal = "Sofie bor i en almen bolig før jul"
    carols_step = "Møde med boligsocialt team"

    other = browser.new_context(viewport=DESKTOP, locale="da-DK", base_url=live_server.url)
    other.set_default_timeout(5_000)
    try:
        coordinator = other.new_page()
        log_in(page, alice)
        log_in(coordinator, carol)
        page.goto(url)
        coordinator.goto(url)
        expect(coordinator.get_by_test_id("form-focus-area").locator("[name=goal]")).to_have_value(
            AREAS[0][1]
        )

        first = page.get_by_test_id("form-focus-area")
        first.locator("[name=goal]").fill(alices_goal)
        first.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_have_text(danish("The focus area is saved."))

        second = coordinator.get_by_test_id("form-focus-area")
        second.locator("[name=goal]").fill(carols_goal)
        second.locator("[name=goals-2-text]").fill(carols_step)
        second.locator("button[type=submit]").click()

        expect(coordinator).to_have_url(re.compile(re.escape(url) + "$"))  # still on the form
        refusal = coordinator.locator(".alert-error")
        expect(refusal).to_contain_text(
            danish(
                "Someone else changed this plan while you were working, so your change was not saved. "
                "See their change in the plan's history, then make yours again."
            )
        )
        expect(refusal).to_contain_text("Alice Testsen")  # who got there first
        second = coordinator.get_by_test_id("form-focus-area")
        expect(second.locator("[name=goal]")).to_have_value(carols_goal)
        expect(second.locator("[name=goals-2-text]")).to_have_value(carols_step)
        screenshot(coordinator, "issue4-plan-conflict-refused")
    finally:
        other.close()

    area = FocusArea.objects.get(pk=area.pk)
    assert area.goal == alices_goal
    assert not area.sub_goals.filter(text=carols_step).exists()
