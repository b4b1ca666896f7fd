"""The handover pages: what they show, who may read and write them, bad input, conflicts, the PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from overgang.audit.models import AuditEntry
from overgang.checklists.models import ChecklistItem
from overgang.checklists.selectors import checklist_for
from overgang.checklists.services import answer_save
from overgang.courses import services as course_services
from overgang.handover import services
from overgang.handover.models import (
    Celebration,
    ClosingLetter,
    ClosingLetterTemplate,
    HandoverMeeting,
    HandoverPlan,
)
from overgang.handover.tests.conftest import PHASE_1_FAR_END

pytestmark = pytest.mark.usefixtures("frozen_today")

LETTER = "Kære Test\n\nDu har fået din egen lejlighed og holdt fast i den.\n\nVenlig hilsen Alice"


def url(course, tail=""):
    return f"/courses/{course.pk}/handover/{tail}"


def section(html, testid):
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</section>", start)
    return html[start:end]


def plan_post(**changes):
    data = {
        "long_term_goals": "Bo i egen lejlighed",
        "support_needs": "Hjælp til økonomi",
        "continued_support_plan": "Bostøtte",
        "responsible": "",
        "continued_support": "sel_85",
        "continued_support_text": "",
        "support_decided_on": "2026-11-10",
        "support_started_on": "2026-12-01",
    }
    return data | changes


@pytest.fixture
def meeting(course, alice, today, case_worker):
    return services.meeting_add(
        course=course,
        actor=alice,
        today=today,
        held_on=today,
        participant_ids=[case_worker.pk],
        agreed="Aftalt",
    )


@pytest.fixture
def letter(course, alice):
    return services.closing_letter_save(course=course, actor=alice, expected_version=None, text=LETTER)


# What the page shows -------------------------------------------------------------------------------


def test_the_page_shows_plan_meetings_and_the_ending(course, alice, today, client_for, case_worker, meeting):
    services.handover_plan_save(
        course=course,
        actor=alice,
        expected_version=None,
        today=today,
        long_term_goals="Bo i egen lejlighed",
        responsible_id=case_worker.pk,
        continued_support="sel_85",
        support_decided_on=dt.date(2026, 11, 10),
    )
    response = client_for(alice).get(url(course))

    assert response.status_code == 200
    html = response.content.decode()
    plan = section(html, "handover-plan")
    assert "Bo i egen lejlighed" in plan
    assert "Sara Sagsbehandler" in section(html, "handover-plan")
    assert "Not started yet" in plan
    meetings = section(html, "handover-meetings")
    assert meetings.count('data-testid="handover-meeting"') == 1
    assert "Sara Sagsbehandler" in meetings
    # At the latest 30 days before the planned end 2027-01-01.
    assert "02-12-2026" in meetings
    assert "Held in time" in meetings
    ending = section(html, "handover-ending")
    assert "?period=phase_3" in ending
    assert 'data-testid="form-celebration"' in ending
    assert 'data-testid="handover-letter-open"' in ending
    assert AuditEntry.objects.filter(action="handover.viewed", citizen_id=course.citizen_id).count() == 1


def test_the_ending_shows_the_phase_3_checklist_and_its_end_items(course, alice, client_for):
    checklist = checklist_for(course.programme, "phase_3")
    end_item = ChecklistItem.objects.filter(checklist=checklist, transition="end").first()
    answer_save(course=course, item=end_item, answer="yes", comment="", actor=alice)

    html = client_for(alice).get(url(course)).content.decode()

    ending = section(html, "handover-ending")
    total = ChecklistItem.objects.filter(checklist=checklist).count()
    assert f"1 of {total} answered" in ending
    checks = ending[ending.index('data-testid="handover-end-checks"') :]
    assert end_item.label in checks
    assert checks.count("<li") == ChecklistItem.objects.filter(checklist=checklist, transition="end").count()
    assert "Yes" in checks


def test_without_a_meeting_the_page_says_none_is_registered(course, alice, client_for):
    html = client_for(alice).get(url(course)).content.decode()
    assert 'data-testid="handover-missing"' in html
    assert 'data-testid="handover-plan-missing"' in html


# Making and changing the plan -----------------------------------------------------------------------


def test_the_plan_is_made_in_the_browser_form(course, alice, client_for, case_worker):
    client = client_for(alice)
    form = client.get(url(course, "plan/"))
    assert form.status_code == 200
    assert "Sara Sagsbehandler" in form.content.decode()

    response = client.post(url(course, "plan/"), plan_post(responsible=str(case_worker.pk)))

    assert response.status_code == 302
    assert response["Location"] == url(course)
    plan = HandoverPlan.objects.get()
    assert plan.responsible == case_worker
    assert plan.support_started_on == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"continued_support": "other"}, id="other-without-text"),
        pytest.param({"support_started_on": "2026-11-01"}, id="started-before-decided"),
        pytest.param({"support_decided_on": "not a date"}, id="bad-date"),
        pytest.param({"responsible": "999999"}, id="unknown-person"),
    ],
)
def test_a_bad_plan_is_400_keeps_the_input_and_saves_nothing(course, alice, client_for, changes):
    response = client_for(alice).post(url(course, "plan/"), plan_post(**changes))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "Bo i egen lejlighed" in response.content.decode()
    assert not HandoverPlan.objects.exists()


def test_a_person_of_another_citizen_cannot_be_made_responsible(course, alice, client_for, stranger):
    response = client_for(alice).post(url(course, "plan/"), plan_post(responsible=str(stranger.pk)))
    assert response.status_code == 400
    assert not HandoverPlan.objects.exists()


def test_a_stale_plan_form_is_a_conflict_that_keeps_what_was_typed(course, alice, carol, today, client_for):
    services.handover_plan_save(
        course=course, actor=alice, expected_version=None, today=today, long_term_goals="Første udgave"
    )
    services.handover_plan_save(
        course=course, actor=carol, expected_version=1, today=today, long_term_goals="Carols udgave"
    )

    response = client_for(alice).post(
        url(course, "plan/"), plan_post(long_term_goals="Alices udgave", version="1")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else changed the handover plan" in html
    assert "Alices udgave" in html
    plan = HandoverPlan.objects.get()
    assert plan.long_term_goals == "Carols udgave"
    assert plan.version == 2


# Meetings ------------------------------------------------------------------------------------------


def test_a_meeting_is_registered_changed_and_removed_after_confirmation(
    course, alice, client_for, case_worker, sister
):
    client = client_for(alice)
    assert client.get(url(course, "meetings/new/")).status_code == 200
    response = client.post(
        url(course, "meetings/new/"),
        {"held_on": "2026-11-20", "participants": [str(case_worker.pk), str(sister.pk)], "agreed": "Aftalt"},
    )
    assert response.status_code == 302
    meeting = HandoverMeeting.objects.get()
    assert set(meeting.participants.all()) == {case_worker, sister}

    response = client.post(
        url(course, f"meetings/{meeting.pk}/edit/"),
        {
            "held_on": "2026-11-21",
            "participants": [str(sister.pk)],
            "other_participants": "Bostøtte",
            "version": "1",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == dt.date(2026, 11, 21)
    assert list(meeting.participants.all()) == [sister]

    confirm = client.get(url(course, f"meetings/{meeting.pk}/remove/"))
    assert confirm.status_code == 200
    assert 'data-testid="form-handover-meeting-remove"' in confirm.content.decode()
    assert HandoverMeeting.objects.exists()  # a GET removes nothing
    assert client.post(url(course, f"meetings/{meeting.pk}/remove/"), {"version": "1"}).status_code == 302
    assert HandoverMeeting.objects.exists()  # stale version
    assert client.post(url(course, f"meetings/{meeting.pk}/remove/"), {"version": "2"}).status_code == 302
    assert not HandoverMeeting.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"held_on": "", "other_participants": "Mor"}, id="no-date"),
        pytest.param({"held_on": "2026-11-20"}, id="nobody"),
        pytest.param({"held_on": "2026-11-20", "participants": ["999999"]}, id="not-in-network"),
    ],
)
def test_a_bad_meeting_is_400_and_saves_nothing(course, alice, client_for, case_worker, data):
    response = client_for(alice).post(url(course, "meetings/new/"), data)
    assert response.status_code == 400
    assert not HandoverMeeting.objects.exists()


def test_a_meeting_of_another_course_is_404(course, alice, today, client_for, make_course, homelessness):
    other = make_course(alice, homelessness, first_name="Anden")
    foreign = services.meeting_add(
        course=other, actor=alice, today=today, held_on=today, other_participants="Mor"
    )
    client = client_for(alice)
    assert client.get(url(course, f"meetings/{foreign.pk}/edit/")).status_code == 404
    assert client.post(url(course, f"meetings/{foreign.pk}/remove/"), {"version": "1"}).status_code == 404
    assert HandoverMeeting.objects.filter(pk=foreign.pk).exists()


# The ending ----------------------------------------------------------------------------------------


def test_the_celebration_is_marked_from_the_page(course, alice, client_for):
    client = client_for(alice)
    response = client.post(url(course, "celebration/"), {"held_on": "2026-11-22", "note": "Café"})
    assert response.status_code == 302
    assert Celebration.objects.get().note == "Café"
    assert "Café" in section(client.get(url(course)).content.decode(), "handover-ending")


def test_a_celebration_without_date_is_400(course, alice, client_for):
    response = client_for(alice).post(url(course, "celebration/"), {"held_on": "", "note": "Café"})
    assert response.status_code == 400
    assert "Café" in response.content.decode()
    assert not Celebration.objects.exists()


def test_the_letter_is_prefilled_from_the_programme_template(course, alice, carol, client_for):
    services.letter_template_save(
        programme=course.programme,
        actor=carol,
        expected_version=None,
        text_da="Kære {first_name}, hilsen {worker_name}",
        text_en="Dear {first_name}, from {worker_name}",
    )
    response = client_for(alice).get(url(course, "letter/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kære Test, hilsen Alice Testsen" in html or "Dear Test, from Alice Testsen" in html
    assert not ClosingLetter.objects.exists()


def test_the_letter_is_saved_and_its_pdf_holds_the_text(course, alice, client_for):
    client = client_for(alice)
    response = client.post(url(course, "letter/"), {"text": LETTER})
    assert response.status_code == 302
    assert ClosingLetter.objects.get().text == LETTER

    pdf = client.get(url(course, "letter.pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Du har fået din egen lejlighed" in " ".join(text.split())
    entry = AuditEntry.objects.get(action="handover.letter_pdf")
    assert entry.citizen_id == course.citizen_id


def test_a_stale_letter_keeps_what_was_typed(course, alice, client_for, letter):
    services.closing_letter_save(course=course, actor=alice, expected_version=1, text="Ny udgave")
    response = client_for(alice).post(url(course, "letter/"), {"text": "Min tekst", "version": "1"})
    assert response.status_code == 400
    assert "Min tekst" in response.content.decode()
    assert ClosingLetter.objects.get().text == "Ny udgave"


def test_no_letter_no_pdf(course, alice, client_for):
    assert client_for(alice).get(url(course, "letter.pdf")).status_code == 404


def test_the_ending_can_be_written_shortly_after_the_end(course, alice, today, client_for, letter):
    course_services.course_end(course=course, on=today, reason="completed", actor=alice, today=today)
    client = client_for(alice)
    html = client.get(url(course)).content.decode()
    assert 'data-testid="handover-meeting-new"' not in html  # the handover itself is read-only
    assert 'data-testid="form-celebration"' in html
    meeting = {"held_on": "2026-11-20", "other_participants": "Mor"}
    assert client.post(url(course, "meetings/new/"), meeting).status_code == 403
    assert client.post(url(course, "letter/"), {"text": "Efter slut", "version": "1"}).status_code == 302
    assert client.post(url(course, "celebration/"), {"held_on": "2026-11-22"}).status_code == 302
    assert ClosingLetter.objects.get().text == "Efter slut"
    assert Celebration.objects.exists()


def test_the_ending_is_read_only_some_weeks_after_the_end(course, alice, today, client_for, letter):
    ended = today - dt.timedelta(days=15)
    course_services.course_end(course=course, on=ended, reason="completed", actor=alice, today=today)
    client = client_for(alice)
    assert 'data-testid="form-celebration"' not in client.get(url(course)).content.decode()
    assert client.post(url(course, "letter/"), {"text": "For sent", "version": "1"}).status_code == 403
    assert client.post(url(course, "celebration/"), {"held_on": "2026-11-22"}).status_code == 403
    assert ClosingLetter.objects.get().text == LETTER
    assert not Celebration.objects.exists()
    page = client.get(url(course, "letter/"))
    assert page.status_code == 200  # still readable
    assert "Save the letter" not in page.content.decode()
    assert client.get(url(course, "letter.pdf")).status_code == 200


def test_the_ending_is_not_written_before_phase_3(alice, homelessness, make_course, client_for):
    early = make_course(alice, homelessness, phase_1=PHASE_1_FAR_END)
    client = client_for(alice)
    assert client.get(url(early)).status_code == 200
    assert client.post(url(early, "celebration/"), {"held_on": "2026-11-22"}).status_code == 403
    assert client.get(url(early, "letter/")).status_code == 404
    assert client.post(url(early, "letter/"), {"text": "Tidligt"}).status_code == 403
    assert client.post(url(early, "plan/"), plan_post()).status_code == 302  # the plan may start early
    assert not ClosingLetter.objects.exists()
    assert not Celebration.objects.exists()


# Who may read and write ----------------------------------------------------------------------------


def write_requests(course, meeting):
    return [
        ("get", url(course, "plan/"), None),
        ("post", url(course, "plan/"), plan_post()),
        ("get", url(course, "meetings/new/"), None),
        ("post", url(course, "meetings/new/"), {"held_on": "2026-11-20", "other_participants": "Mor"}),
        ("get", url(course, f"meetings/{meeting.pk}/edit/"), None),
        (
            "post",
            url(course, f"meetings/{meeting.pk}/edit/"),
            {"held_on": "2026-11-20", "other_participants": "X", "version": "1"},
        ),
        ("get", url(course, f"meetings/{meeting.pk}/remove/"), None),
        ("post", url(course, f"meetings/{meeting.pk}/remove/"), {"version": "1"}),
        ("post", url(course, "celebration/"), {"held_on": "2026-11-22"}),
        ("post", url(course, "letter/"), {"text": "Overskrevet", "version": "1"}),
    ]


def assert_nothing_changed(meeting):
    meeting.refresh_from_db()
    assert meeting.version == 1
    assert HandoverMeeting.objects.count() == 1
    assert not HandoverPlan.objects.exists()
    assert not Celebration.objects.exists()
    assert ClosingLetter.objects.get().text == LETTER


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_the_worker_and_the_coordinator_read_and_write(request, course, meeting, letter, client_for, who):
    client = client_for(request.getfixturevalue(who))
    html = client.get(url(course)).content.decode()
    assert 'data-testid="handover-plan-edit"' in html
    assert client.get(url(course, "letter/")).status_code == 200
    assert client.get(url(course, "letter.pdf")).status_code == 200
    for method, address, data in write_requests(course, meeting):
        response = getattr(client, method)(address, data) if data else getattr(client, method)(address)
        assert response.status_code in (200, 302), (address, response.status_code)


def test_the_manager_reads_but_cannot_write(course, meeting, letter, manny, client_for):
    client = client_for(manny)
    page = client.get(url(course))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sara Sagsbehandler" in html
    assert 'data-testid="handover-plan-edit"' not in html
    assert 'data-testid="form-celebration"' not in html
    assert f"meetings/{meeting.pk}/edit/" not in html
    letter_page = client.get(url(course, "letter/"))
    assert letter_page.status_code == 200
    assert LETTER.splitlines()[0] in letter_page.content.decode()
    assert client.get(url(course, "letter.pdf")).status_code == 200
    for method, address, data in write_requests(course, meeting):
        response = getattr(client, method)(address, data) if data else getattr(client, method)(address)
        assert response.status_code == 403, address
    assert_nothing_changed(meeting)


@pytest.mark.parametrize("who", ["bob", "mallory", "dave", "erin"])
def test_outsiders_get_404_everywhere(request, course, meeting, letter, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(course)).status_code == 404
    assert client.get(url(course, "letter/")).status_code == 404
    assert client.get(url(course, "letter.pdf")).status_code == 404
    for method, address, data in write_requests(course, meeting):
        response = getattr(client, method)(address, data) if data else getattr(client, method)(address)
        assert response.status_code == 404, address
    assert_nothing_changed(meeting)
    assert not AuditEntry.objects.filter(action__in=["handover.viewed", "handover.letter_pdf"]).exists()


def test_anonymous_visitors_are_sent_to_log_in(course, meeting, letter):
    client = Client()
    for address in (
        url(course),
        url(course, "letter/"),
        url(course, "letter.pdf"),
        f"/programmes/{course.programme_id}/closing-letter/",
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    for _method, address, data in write_requests(course, meeting):
        assert client.post(address, data or {}).status_code == 302
    assert_nothing_changed(meeting)


def test_write_views_refuse_the_wrong_method(course, alice, client_for):
    client = client_for(alice)
    assert client.get(url(course, "celebration/")).status_code == 405
    assert client.post(url(course), {}).status_code == 405
    assert client.post(url(course, "letter.pdf"), {}).status_code == 405


# The programme's letter template -------------------------------------------------------------------


def template_url(programme):
    return f"/programmes/{programme.pk}/closing-letter/"


def test_the_coordinator_edits_the_template(homelessness, carol, client_for):
    client = client_for(carol)
    page = client.get(template_url(homelessness))
    assert page.status_code == 200
    assert "{first_name}" in page.content.decode()
    response = client.post(
        template_url(homelessness), {"text_da": "Kære {first_name}", "text_en": "Dear {first_name}"}
    )
    assert response.status_code == 302
    assert ClosingLetterTemplate.objects.get(programme=homelessness).text_da == "Kære {first_name}"


def test_a_template_with_unknown_placeholder_is_400(homelessness, carol, client_for):
    response = client_for(carol).post(
        template_url(homelessness), {"text_da": "Kære {navn}", "text_en": "Dear {first_name}"}
    )
    assert response.status_code == 400
    assert "Kære {navn}" in response.content.decode()
    assert not ClosingLetterTemplate.objects.exists()


@pytest.mark.parametrize("who", ["alice", "manny"])
def test_workers_and_managers_read_the_template_but_cannot_change_it(request, homelessness, client_for, who):
    client = client_for(request.getfixturevalue(who))
    page = client.get(template_url(homelessness))
    assert page.status_code == 200
    assert "Save the template" not in page.content.decode()
    assert client.post(template_url(homelessness), {"text_da": "X", "text_en": "Y"}).status_code == 403
    assert not ClosingLetterTemplate.objects.exists()


@pytest.mark.parametrize("who", ["mallory", "dave"])
def test_others_do_not_see_the_template(request, homelessness, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(template_url(homelessness)).status_code == 404
    assert client.post(template_url(homelessness), {"text_da": "X", "text_en": "Y"}).status_code == 404
    assert not ClosingLetterTemplate.objects.exists()


def test_the_job_programme_shows_its_closing_meeting(
    phase_3_course, make_course, alice, job_programme, client_for
):
    from overgang.handover.tests.conftest import PHASE_1_FAR_END as START

    job = phase_3_course(make_course, alice, job_programme, phase_1=START, legal_basis="sel_85")
    assert 'data-testid="closing-meeting"' in client_for(alice).get(url(job)).content.decode()


def test_other_programmes_do_not(course, alice, client_for):
    assert 'data-testid="closing-meeting"' not in client_for(alice).get(url(course)).content.decode()
