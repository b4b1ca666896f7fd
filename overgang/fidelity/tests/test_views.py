"""The fidelity pages: who reads and who reviews, through the one door; the form pre-filled from the
data; bad input; the score over time; a review's page and its printable report."""

from __future__ import annotations

import io
import re

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from overgang.audit.models import AuditEntry
from overgang.fidelity.models import FidelityAnswer, FidelityReview
from overgang.fidelity.tests.conftest import d

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = "/fidelity/"
NEW = "/fidelity/new/"

RADIO = re.compile(r'<input class="form-radio" type="radio" id="answer-(\d+)-(\w+)"[^>]*?( checked)?>')
DOT = re.compile(
    r'<circle cx="([^"]*)" cy="([^"]*)" r="4" class="og-chart-dot"><title>([\d-]+): (\d+) %</title>'
)


def checked(response) -> set[tuple[int, str]]:
    return {(int(pk), value) for pk, value, on in RADIO.findall(response.content.decode()) if on}


def form_data(programme, items, *, reviewed_on="2026-11-20", skip=(), **by_code):
    """Every item answered Ja unless named; items in `skip` left out."""
    data = {"programme": programme.pk, "reviewed_on": reviewed_on, "note": ""}
    for item in items:
        if item.code not in skip:
            data[f"answer-{item.pk}"] = by_code.get(item.code, "yes")
    return data


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def situation(alice, bob, homelessness, make_course, supervised):
    """What the data says today: caseload Ja (1 citizen at most), timeliness cannot say (no
    transition yet), plans Nej (alice's citizen in phase 1 has no plan), supervision Ja (both workers
    on 15 November)."""
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Ena")
    supervised(homelessness, alice, bob, day=d("2026-11-15"))
    return course


# --- the list --------------------------------------------------------------------------------------


def test_the_coordinator_sees_the_reviews_and_may_start_one(carol, homelessness, review, client_for):
    made = review(on=d("2026-11-01"), yes=20, no=5)

    response = client_for(carol).get(LIST)

    assert response.status_code == 200
    assert response.context["programme"] == homelessness
    assert [r for r, _score in response.context["rows"]] == [made]
    assertContains(response, f'href="/fidelity/{made.pk}/"')
    assertContains(response, 'data-testid="fidelity-row"', count=1)
    assertContains(response, "80 %")
    assertContains(response, "20 / 5 / 6")
    assertContains(response, f'href="/fidelity/new/?programme={homelessness.pk}" data-testid="fidelity-new"')


def test_the_manager_reads_the_list_without_the_new_button(manny, homelessness, review, client_for):
    made = review(on=d("2026-11-01"), yes=20, no=5)

    response = client_for(manny).get(LIST, {"programme": homelessness.pk})

    assert response.status_code == 200
    assert [r for r, _score in response.context["rows"]] == [made]
    assertNotContains(response, 'data-testid="fidelity-new"')


def test_the_manager_may_not_review(manny, homelessness, items, client_for):
    client = client_for(manny)

    assert client.get(NEW, {"programme": homelessness.pk}).status_code == 403
    assert client.post(NEW, form_data(homelessness, items)).status_code == 403
    assert not FidelityReview.objects.exists()


def test_a_worker_may_not_review(alice, homelessness, items, client_for):
    client = client_for(alice)

    assert client.get(NEW).status_code == 403
    assert client.get(NEW, {"programme": homelessness.pk}).status_code == 403
    assert client.post(NEW, form_data(homelessness, items)).status_code == 403
    assert not FidelityReview.objects.exists()


def test_an_outsider_finds_nothing_of_ours(mallory, carol, homelessness, review, items, client_for):
    made = review(on=d("2026-11-01"), yes=20, no=5)
    client = client_for(mallory)

    assert client.get(LIST, {"programme": homelessness.pk}).status_code == 404
    assert client.get(NEW, {"programme": homelessness.pk}).status_code == 404
    assert client.post(NEW, form_data(homelessness, items)).status_code == 404
    assert client.get(f"/fidelity/{made.pk}/").status_code == 404
    assert client.get(f"/fidelity/{made.pk}/report.pdf").status_code == 404
    assert FidelityReview.objects.count() == 1


def test_a_coordinator_of_another_programme_cannot_open_ours(dave, homelessness, review, client_for):
    made = review(on=d("2026-11-01"), yes=20, no=5)
    client = client_for(dave)

    assert client.get(LIST, {"programme": homelessness.pk}).status_code == 404
    assert client.get(NEW, {"programme": homelessness.pk}).status_code == 404
    assert client.get(f"/fidelity/{made.pk}/").status_code == 404


def test_a_programme_without_a_fidelity_checklist(carol, homelessness, job_programme, client_for):
    job_programme.coordinators.add(carol)
    client = client_for(carol)

    listed = client.get(LIST)
    assert listed.status_code == 200
    assert listed.context["programme"] == homelessness
    assert listed.context["programmes"] == [homelessness]

    job_list = client.get(LIST, {"programme": job_programme.pk})
    assert job_list.status_code == 200
    assertNotContains(job_list, 'data-testid="fidelity-new"')

    assert client.get(NEW, {"programme": job_programme.pk}).status_code == 404
    assert client.get(NEW, {"programme": homelessness.pk}).status_code == 200


# --- a new review ----------------------------------------------------------------------------------


def test_the_new_review_is_pre_filled_from_the_data(
    carol, homelessness, situation, items, item_with, english
):
    response = english(carol).get(NEW, {"programme": homelessness.pk})

    assert response.status_code == 200
    assertContains(response, 'data-testid="evidence"', count=4)
    assertContains(response, "Today at most 1 active citizens per CTI worker")
    assertContains(response, "0 of 1 active courses in phase 1–3 have a CTI plan.")
    assertContains(response, "No transitions in the last 12 months to judge by.")
    assertContains(response, "2 of 2 CTI workers took part in supervision in the last 4 weeks.")
    assert checked(response) == {
        (item_with("caseload").pk, "yes"),
        (item_with("plans").pk, "no"),
        (item_with("supervision").pk, "yes"),
    }
    # Every item offers Ja, Nej and Ved ikke.
    assert len(RADIO.findall(response.content.decode())) == 31 * 3


def test_the_suggestion_follows_the_data(carol, alice, bob, homelessness, situation, item_with, client_for):
    from overgang.plans.services import plan_create

    plan_create(
        course=situation,
        actor=alice,
        period="phase_1",
        made_on=d("2026-10-05"),
        starts_on=d("2026-10-01"),
        ends_on=d("2026-12-31"),
        today=d("2026-11-22"),
    )

    response = client_for(carol).get(NEW, {"programme": homelessness.pk})

    assert (item_with("plans").pk, "yes") in checked(response)
    assert (item_with("plans").pk, "no") not in checked(response)


def test_saving_a_review_shows_its_score(carol, homelessness, situation, items, item_with, english):
    client = english(carol)  # the evidence is kept in the reviewer's language

    response = client.post(NEW, form_data(homelessness, items, f_cti_plan="no", f_referral="unknown"))

    review = FidelityReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fidelity/{review.pk}/"
    assert review.reviewer == carol
    assert review.reviewed_on == d("2026-11-20")
    assert review.answers.count() == 31
    plans = FidelityAnswer.objects.get(review=review, item=item_with("plans"))
    assert (plans.answer, plans.suggested, plans.reason) == ("no", "no", "")
    assert plans.evidence == "0 of 1 active courses in phase 1–3 have a CTI plan."
    page = client.get(response["Location"])
    assert page.status_code == 200
    assertContains(page, '<strong data-testid="fidelity-score">97 %</strong>')  # 29 Ja of 30


def test_a_missing_answer_is_refused_and_nothing_is_saved(carol, homelessness, situation, items, client_for):
    data = form_data(homelessness, items, skip={"f_closing_meeting"}, f_referral="no")

    response = client_for(carol).post(NEW, data)

    assert response.status_code == 400
    assertContains(response, 'data-testid="fidelity-error"', status_code=400)
    assert not FidelityReview.objects.exists()
    assert not FidelityAnswer.objects.exists()
    # What was answered stays answered.
    referral = next(item for item in items if item.code == "f_referral")
    assert (referral.pk, "no") in checked(response)


def test_an_answer_against_the_data_needs_a_reason(
    carol, homelessness, situation, items, item_with, client_for
):
    client = client_for(carol)
    plans = item_with("plans")
    data = form_data(homelessness, items)  # Ja for plans, where the data says Nej

    refused = client.post(NEW, data)
    assert refused.status_code == 400
    assertContains(refused, 'data-testid="fidelity-error"', status_code=400)
    assert not FidelityReview.objects.exists()

    accepted = client.post(NEW, data | {f"reason-{plans.pk}": "Planen er lavet på papir."})
    assert accepted.status_code == 302
    kept = FidelityAnswer.objects.get(item=plans)
    assert (kept.answer, kept.suggested, kept.reason) == ("yes", "no", "Planen er lavet på papir.")


@pytest.mark.parametrize("reviewed_on", ["2026-11-23", "", "22-11-2026", "2023-11-01"])
def test_a_bad_date_is_refused(carol, homelessness, items, reviewed_on, client_for):
    response = client_for(carol).post(NEW, form_data(homelessness, items, reviewed_on=reviewed_on))

    assert response.status_code == 400
    assertContains(response, 'data-testid="fidelity-error"', status_code=400)
    assert not FidelityReview.objects.exists()


def test_a_review_of_one_course(carol, alice, homelessness, situation, items, item_with, english):
    client = english(carol)

    page = client.get(NEW, {"programme": homelessness.pk, "course": situation.pk})
    assert page.status_code == 200
    assertContains(page, "1 of 1 CTI workers took part in supervision")
    assertContains(page, f'name="course" value="{situation.pk}"')

    response = client.post(NEW, form_data(homelessness, items, f_cti_plan="no") | {"course": situation.pk})
    assert response.status_code == 302
    assert FidelityReview.objects.get().course == situation


def test_a_course_outside_the_programme_or_sight_is_not_found(
    carol, alice, homelessness, job_programme, make_course, client_for
):
    elsewhere = make_course(alice, job_programme)
    client = client_for(carol)

    assert client.get(NEW, {"programme": homelessness.pk, "course": elsewhere.pk}).status_code == 404
    assert client.get(NEW, {"programme": homelessness.pk, "course": "x"}).status_code == 404


# --- the score over time ---------------------------------------------------------------------------


@pytest.fixture
def reviews_over_time(alice, homelessness, make_course, review):
    """Three programme reviews made out of date order, one course review, one without a score."""
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    review(on=d("2026-11-01"), yes=20, no=5)  # 80 %
    review(on=d("2026-05-01"), yes=10, no=10)  # 50 %
    review(on=d("2026-08-01"), yes=30, no=0)  # 100 %
    review(on=d("2026-09-01"), yes=0, no=10, course=course)  # one course: not in the chart
    review(on=d("2026-10-01"), yes=0, no=0)  # only Ved ikke: no score to draw


# 184 days from the first review to the last, drawn 560 wide from x=20; 0-100 % from y=140 up to y=20.
EXPECTED_POINTS = [("20.0", "80.0"), ("300.0", "20.0"), ("580.0", "44.0")]


def test_the_chart_shows_programme_reviews_in_date_order(carol, reviews_over_time, client_for):
    response = client_for(carol).get(LIST)

    assertContains(response, 'data-testid="fidelity-chart"', count=1)
    dots = DOT.findall(response.content.decode())
    assert [(day, int(percent)) for _x, _y, day, percent in dots] == [
        ("01-05-2026", 50),
        ("01-08-2026", 100),
        ("01-11-2026", 80),
    ]
    assertContains(response, 'points="20.0,80.0 300.0,20.0 580.0,44.0"')
    assertContains(response, 'data-testid="fidelity-row"', count=5)


def test_the_charts_dots_sit_on_the_line_in_english(carol, reviews_over_time, english):
    response = english(carol).get(LIST)

    assert [(x, y) for x, y, _day, _p in DOT.findall(response.content.decode())] == EXPECTED_POINTS


def test_the_charts_dots_sit_on_the_line_in_danish(carol, reviews_over_time, client_for):
    """SVG numbers take a decimal point whatever the language (Danish would write "20,0")."""
    response = client_for(carol).get(LIST)

    assert [(x, y) for x, y, _day, _p in DOT.findall(response.content.decode())] == EXPECTED_POINTS


def test_one_programme_review_draws_no_chart(carol, alice, homelessness, make_course, review, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    review(on=d("2026-11-01"), yes=20, no=5)
    review(on=d("2026-09-01"), yes=0, no=10, course=course)

    response = client_for(carol).get(LIST)

    assertNotContains(response, 'data-testid="fidelity-chart"')


# --- a review's page and its report ---------------------------------------------------------------


def test_the_review_page_shows_the_score_and_the_answers(carol, homelessness, items, review, english):
    made = review(on=d("2026-11-01"), yes=20, no=5)

    response = english(carol).get(f"/fidelity/{made.pk}/")

    assert response.status_code == 200
    assertContains(response, '<strong data-testid="fidelity-score">80 %</strong>')
    assertContains(response, "Yes 20 · No 5 · Don't know 6 · 01-11-2026")
    for item in items:
        assertContains(response, escape(item.text["en"]))
    assertContains(response, f'href="/fidelity/{made.pk}/report.pdf"')


def test_the_review_page_shows_the_reason_for_a_different_answer(
    carol, homelessness, situation, items, item_with, client_for
):
    plans = item_with("plans")
    client = client_for(carol)
    client.post(NEW, form_data(homelessness, items) | {f"reason-{plans.pk}": "Planen er lavet på papir."})

    response = client.get(f"/fidelity/{FidelityReview.objects.get().pk}/")

    assertContains(response, "Planen er lavet på papir.")


def pdf_text(response) -> str:
    from pypdf import PdfReader

    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_report_is_a_pdf_with_the_programme_the_score_and_the_items(
    carol, homelessness, items, review, client_for
):
    made = review(on=d("2026-11-01"), yes=20, no=5)

    response = client_for(carol).get(f"/fidelity/{made.pk}/report.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response)
    assert homelessness.name in text
    assert "80 %" in text
    assert "01-11-2026" in text
    for item in items:  # the report is in the default language, Danish
        assert " ".join(item.text["da"].split()) in text
    assert AuditEntry.objects.filter(action="fidelity.report", object_id=str(made.pk)).count() == 1


def test_a_review_of_a_course_the_user_cannot_see_is_not_found(
    bob, alice, homelessness, make_course, review, client_for
):
    alices = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    of_the_course = review(on=d("2026-11-01"), yes=20, no=5, course=alices)
    of_the_programme = review(on=d("2026-11-02"), yes=20, no=5)
    client = client_for(bob)  # works in the programme, but the citizen is alice's

    assert client.get(f"/fidelity/{of_the_programme.pk}/").status_code == 200
    assert client.get(f"/fidelity/{of_the_course.pk}/").status_code == 404
    assert client.get(f"/fidelity/{of_the_course.pk}/report.pdf").status_code == 404
    assert client_for(alice).get(f"/fidelity/{of_the_course.pk}/").status_code == 200


def test_a_missing_review_is_not_found(carol, client_for):
    assert client_for(carol).get("/fidelity/999999/").status_code == 404


def test_a_worker_reads_the_list_without_the_new_button(alice, homelessness, review, client_for):
    made = review(on=d("2026-11-01"), yes=20, no=5)

    response = client_for(alice).get(LIST)

    assert response.status_code == 200
    assert [r for r, _score in response.context["rows"]] == [made]
    assertNotContains(response, 'data-testid="fidelity-new"')


def test_the_list_does_not_name_a_citizen_the_user_cannot_see(
    bob, alice, homelessness, make_course, review, client_for
):
    alices = make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Hemmelig")
    review(on=d("2026-11-01"), yes=20, no=5, course=alices)
    review(on=d("2026-11-02"), yes=20, no=5)

    response = client_for(bob).get(LIST)

    assert response.status_code == 200
    assertNotContains(response, "Hemmelig")


def test_the_coordinator_sees_course_reviews_in_the_list(
    carol, alice, homelessness, make_course, review, client_for
):
    alices = make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Synlig")
    of_the_course = review(on=d("2026-11-01"), yes=20, no=5, course=alices)

    response = client_for(carol).get(LIST)

    assertContains(response, "Synlig Borgersen")
    assertContains(response, f'href="/fidelity/{of_the_course.pk}/"')
