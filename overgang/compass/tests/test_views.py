"""The compass pages: the course's compass with due rounds and charts, the worker's rating, citizen
mode, and the programme's instrument editor; who may read and who may write; bad input."""

from __future__ import annotations

import re

import pytest

from overgang.audit.models import AuditEntry
from overgang.compass.instruments import instrument_for_programme
from overgang.compass.models import CompassInstrument, CompassRating, CompassRound
from overgang.courses import services as course_services

pytestmark = pytest.mark.usefixtures("frozen_today")


def url(course, tail=""):
    return f"/courses/{course.pk}/compass/{tail}"


def html_of(response):
    return response.content.decode()


# --- the compass page ------------------------------------------------------------------------


def test_the_course_page_links_to_the_compass(course, alice, client_for):
    html = html_of(client_for(alice).get(f"/courses/{course.pk}/"))
    assert f'href="/courses/{course.pk}/compass/" data-testid="compass-link"' in html


def test_the_compass_shows_the_rounds_due_from_the_clock(course, alice, client_for):
    html = html_of(client_for(alice).get(url(course)))
    assert re.search(r'data-slot="contact" data-status="overdue"', html)
    assert re.search(r'data-slot="phase_1" data-status="due"', html)
    assert 'data-slot="phase_2"' not in html
    assert "20-11-2026" in html  # the planned start of phase 2 ends phase 1
    assert f'href="/courses/{course.pk}/compass/phase_1/citizen/"' in html
    assert 'data-testid="compass-empty"' in html


def test_viewing_the_compass_is_audited(course, alice, client_for):
    client_for(alice).get(url(course))
    entry = AuditEntry.objects.get(action="compass.viewed")
    assert entry.actor == alice and entry.citizen_id == course.citizen_id


def test_the_charts_carry_both_ratings_and_sort_disagreement(course, rate, alice, client_for):
    rate(course, "contact", "citizen", {"housing": 3, "finances": 2})
    rate(course, "contact", "worker", {"housing": 2, "finances": 2})
    rate(course, "phase_1", "citizen", {"housing": 8, "finances": 4, "network": 6})
    rate(
        course,
        "phase_1",
        "worker",
        {"housing": 5, "finances": 3, "network": 6},
        notes={"housing": "Vi taler om det"},
    )
    html = html_of(client_for(alice).get(url(course)))
    radar = html[html.index('data-testid="compass-radar"') : html.index('data-testid="compass-disagreement"')]
    citizen = radar[radar.index('data-respondent="citizen"') : radar.index('data-respondent="worker"')]
    assert 'data-dimension="housing" data-value="8"' in citizen
    assert 'data-dimension="finances" data-value="4"' in citizen
    worker = radar[radar.index('<g class="og-series og-series-worker"') :]
    assert 'data-dimension="housing" data-value="5"' in worker
    # The table says the same.
    assert re.search(
        r'data-dimension="housing"><th scope="row">Bolig</th>'
        r'\s*<td[^>]*citizen">8</td>\s*<td[^>]*worker">5</td>',
        radar,
    )
    gaps = html[html.index('data-testid="compass-disagreement"') : html.index('data-testid="compass-lines"')]
    order = re.findall(r'<li data-dimension="(\w+)" data-difference="(\d+)"', gaps)
    assert order == [("housing", "3"), ("finances", "1"), ("network", "0")]
    assert "Vi taler om det" in gaps
    lines = html[html.index('data-testid="compass-lines"') :]
    housing = lines[lines.index('<figure class="og-line-chart" data-dimension="housing"') :]
    housing = housing[: housing.index("</figure>")]
    assert re.findall(r'data-respondent="citizen">.*?</g>', housing, re.S)[0].count("data-value") == 2
    assert 'data-value="3"' in housing and 'data-value="8"' in housing
    assert re.search(r'data-slot="contact" data-respondent="citizen">3<', lines)
    assert re.search(r'data-slot="phase_1" data-respondent="worker">5<', lines)


def test_choosing_an_earlier_round_shows_it(course, rate, alice, client_for):
    rate(course, "contact", "citizen", {"housing": 3})
    rate(course, "phase_1", "citizen", {"housing": 8})
    html = html_of(client_for(alice).get(url(course) + "?round=contact"))
    radar = html[html.index('data-testid="compass-radar"') : html.index('data-testid="compass-disagreement"')]
    assert 'data-dimension="housing" data-value="3"' in radar
    assert 'data-value="8"' not in radar


def test_a_retired_dimension_still_shows_in_past_rounds(course, rate, alice, carol, homelessness, client_for):
    rate(course, "phase_1", "citizen", {"substance_use": 4})
    rows = []
    for d in instrument_for_programme(homelessness).dimensions:
        rows.append(
            {
                "key": d.key,
                "label_da": d.label["da"],
                "label_en": d.label["en"],
                "retired": d.key == "substance_use",
            }
        )
    from overgang.compass.services import instrument_change

    instrument_change(programme=homelessness, actor=carol, expected_version=0, rows=rows)
    html = html_of(client_for(alice).get(url(course)))
    table = html[html.index('data-testid="compass-round-table"') :]
    assert re.search(
        r'data-dimension="substance_use"><th scope="row">Misbrug <span class="og-muted og-small">\(', table
    )
    assert re.search(r'data-dimension="substance_use">.*?citizen">4<', table, re.S)
    form = html_of(client_for(alice).get(url(course, "phase_1/worker/")))
    assert 'name="rating-substance_use"' not in form


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("alice", 200),
        ("carol", 200),
        ("manny", 200),
        ("bob", 404),
        ("dave", 404),
        ("erin", 404),
        ("mallory", 404),
    ],
)
def test_who_may_read_the_compass(course, who, status, client_for, request):
    assert client_for(request.getfixturevalue(who)).get(url(course)).status_code == status


def test_anonymous_is_sent_to_log_in(course, client):
    for tail in ("", "phase_1/worker/", "phase_1/citizen/"):
        response = client.get(url(course, tail))
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who, status", [("manny", 403), ("bob", 404), ("mallory", 404)])
def test_who_may_not_rate(course, who, status, client_for, request):
    client = client_for(request.getfixturevalue(who))
    for tail in ("phase_1/worker/", "phase_1/citizen/"):
        assert client.get(url(course, tail)).status_code == status
        assert client.post(url(course, tail), {"version": "0", "rating-housing": "5"}).status_code == status
    assert not CompassRating.objects.exists()


def test_the_manager_sees_no_rating_buttons(course, manny, client_for):
    html = html_of(client_for(manny).get(url(course)))
    assert "/citizen/" not in html and "/worker/" not in html


def test_the_coordinator_may_rate_as_worker(course, carol, client_for):
    response = client_for(carol).post(
        url(course, "phase_1/worker/"), {"version": "0", "rating-housing": "6", "rated_on": "2026-11-20"}
    )
    assert response.status_code == 302
    assert CompassRating.objects.get().value == 6


def test_an_ended_course_is_read_only(course, alice, today, client_for):
    course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    client = client_for(alice)
    assert client.get(url(course)).status_code == 200
    assert "/citizen/" not in html_of(client.get(url(course)))
    assert (
        client.post(url(course, "phase_1/worker/"), {"version": "0", "rating-housing": "5"}).status_code
        == 403
    )


def test_a_round_not_reached_or_unknown_is_not_found(course, alice, client_for):
    client = client_for(alice)
    assert client.get(url(course, "phase_2/worker/")).status_code == 404
    assert client.get(url(course, "phase_9/citizen/")).status_code == 404


# --- the worker's rating ---------------------------------------------------------------------


def test_the_worker_rates_with_a_date_and_a_note(course, alice, client_for):
    response = client_for(alice).post(
        url(course, "phase_1/worker/"),
        {
            "version": "0",
            "rated_on": "2026-11-18",
            "rating-housing": "6",
            "rating-finances": "",
            "note-housing": "Fint",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?round=phase_1")
    rating = CompassRating.objects.get()
    assert (rating.respondent, rating.dimension, rating.value, rating.note) == (
        "worker",
        "housing",
        6,
        "Fint",
    )
    assert str(rating.rated_on) == "2026-11-18"


@pytest.mark.parametrize("bad", ["0", "11", "syv"])
def test_a_bad_rating_is_a_400_with_the_input_kept_and_nothing_saved(course, alice, client_for, bad):
    response = client_for(alice).post(
        url(course, "phase_1/worker/"),
        {
            "version": "0",
            "rated_on": "2026-11-18",
            "rating-housing": "6",
            "rating-finances": bad,
            "note-housing": "Min note",
        },
    )
    assert response.status_code == 400
    html = html_of(response)
    assert (
        "En vurdering er et helt tal fra 1 til 10." in html
        or "A rating is a whole number from 1 to 10." in html
    )
    assert 'value="6" checked' in html and "Min note" in html
    assert not CompassRound.objects.exists()


def test_an_unknown_dimension_is_a_400(course, alice, client_for):
    response = client_for(alice).post(url(course, "phase_1/worker/"), {"version": "0", "rating-safety": "5"})
    assert response.status_code == 400
    assert not CompassRound.objects.exists()


def test_a_bad_date_is_a_400(course, alice, client_for):
    response = client_for(alice).post(
        url(course, "phase_1/worker/"), {"version": "0", "rated_on": "i går", "rating-housing": "5"}
    )
    assert response.status_code == 400
    assert not CompassRound.objects.exists()


def test_a_stale_version_is_a_400_conflict(course, rate, alice, client_for):
    rate(course, "phase_1", "citizen", {"housing": 7})
    response = client_for(alice).post(url(course, "phase_1/worker/"), {"version": "0", "rating-housing": "5"})
    assert response.status_code == 400
    assert not CompassRating.objects.filter(respondent="worker").exists()


def test_the_worker_form_does_not_show_the_citizens_rating(course, rate, alice, client_for):
    rate(course, "phase_1", "citizen", {"housing": 9})
    html = html_of(client_for(alice).get(url(course, "phase_1/worker/")))
    assert "checked" not in html.replace('value="" checked', "")


# --- citizen mode ----------------------------------------------------------------------------


def test_citizen_mode_shows_only_the_first_name_and_the_questions(course, alice, client_for):
    response = client_for(alice).get(url(course, "phase_1/citizen/"))
    assert response.status_code == 200
    html = html_of(response)
    assert "Sanne" in html
    assert "Borgersen" not in html  # no last name
    assert course.citizen.cpr not in html and course.citizen.cpr_display not in html
    assert "og-nav" not in html and "/desk/" not in html and '/courses/"' not in html
    assert "alice" not in html.lower() and "Log ud" not in html and "Log out" not in html
    links = re.findall(r'href="([^"]+)"', html)
    assert [link for link in links if not link.startswith("/static/") and link != "data:,"] == [url(course)]
    assert html.count('class="og-cm-question') == 8
    assert html.count('type="radio"') == 80
    assert (
        "Hvordan vurderer du dit psykiske helbred?" in html or "How do you rate your mental health?" in html
    )


def test_citizen_mode_never_shows_the_workers_ratings(course, rate, alice, client_for):
    rate(course, "phase_1", "worker", {"housing": 4, "finances": 9}, notes={"housing": "Arbejderens note"})
    html = html_of(client_for(alice).get(url(course, "phase_1/citizen/")))
    assert "checked" not in html
    assert "Arbejderens note" not in html


def test_citizen_mode_shows_the_citizens_own_earlier_answers(course, rate, alice, client_for):
    rate(course, "phase_1", "citizen", {"housing": 7})
    rate(course, "phase_1", "worker", {"housing": 3})
    html = html_of(client_for(alice).get(url(course, "phase_1/citizen/")))
    assert html.count("checked") == 1
    assert 'id="c-housing-7" name="rating-housing" value="7" checked' in html


def test_saving_in_citizen_mode_stores_the_citizens_rating_and_thanks_them(course, alice, client_for):
    client = client_for(alice)
    response = client.post(
        url(course, "phase_1/citizen/"), {"version": "0", "rating-housing": "7", "note-housing": "Godt"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(course, "phase_1/citizen/done/")
    rating = CompassRating.objects.get()
    assert (rating.respondent, rating.value, rating.note, rating.entered_by) == ("citizen", 7, "Godt", alice)
    done = html_of(client.get(response["Location"]))
    assert "Sanne" in done and f'href="{url(course)}?round=phase_1"' in done


def test_bad_input_in_citizen_mode_is_a_400_in_citizen_mode(course, alice, client_for):
    response = client_for(alice).post(
        url(course, "phase_1/citizen/"), {"version": "0", "rating-housing": "11"}
    )
    assert response.status_code == 400
    html = html_of(response)
    assert 'data-testid="citizen-mode"' in html and 'data-testid="rating-error"' in html
    assert "og-nav" not in html
    assert not CompassRound.objects.exists()


# --- the instrument editor -------------------------------------------------------------------


def instrument_post(programme, version="0", **changes):
    data = {"version": version}
    dims = instrument_for_programme(programme).dimensions
    for i, d in enumerate(dims):
        data |= {
            f"row-{i}-key": d.key,
            f"row-{i}-position": str(i + 1),
            f"row-{i}-label_da": d.label["da"],
            f"row-{i}-label_en": d.label["en"],
            f"row-{i}-help_da": d.help.get("da", ""),
            f"row-{i}-help_en": d.help.get("en", ""),
        }
    data["rows"] = str(len(dims) + 1)
    data |= changes
    return data


def test_the_coordinator_edits_the_instrument(homelessness, carol, client_for):
    client = client_for(carol)
    page = client.get(f"/programmes/{homelessness.pk}/compass/")
    assert page.status_code == 200 and 'data-testid="form-instrument"' in html_of(page)
    data = instrument_post(
        homelessness,
        **{
            "row-0-label_en": "Home",
            "row-7-retired": "on",
            "row-8-label_da": "Sikkerhed",
            "row-8-label_en": "Safety",
            "row-8-position": "0",
        },
    )
    response = client.post(f"/programmes/{homelessness.pk}/compass/", data)
    assert response.status_code == 302
    instrument = instrument_for_programme(homelessness)
    assert instrument.version == 1
    assert instrument.dimensions[0].key == "safety"
    assert instrument.get("housing").label["en"] == "Home"
    assert instrument.get("education_employment").retired
    assert AuditEntry.objects.filter(action="compass.instrument_changed", actor=carol).count() == 1


def test_a_bad_instrument_edit_is_a_400_keeping_the_input(homelessness, carol, client_for):
    data = instrument_post(homelessness, **{"row-0-label_en": "", "row-1-label_da": "Mit nye navn"})
    response = client_for(carol).post(f"/programmes/{homelessness.pk}/compass/", data)
    assert response.status_code == 400
    assert "Mit nye navn" in html_of(response)
    assert not CompassInstrument.objects.exists()


def test_a_stale_instrument_edit_is_a_400(homelessness, carol, client_for):
    client = client_for(carol)
    assert (
        client.post(
            f"/programmes/{homelessness.pk}/compass/",
            instrument_post(homelessness, **{"row-0-label_en": "A"}),
        ).status_code
        == 302
    )
    response = client.post(
        f"/programmes/{homelessness.pk}/compass/",
        instrument_post(homelessness, version="0", **{"row-0-label_en": "B"}),
    )
    assert response.status_code == 400
    assert instrument_for_programme(homelessness).get("housing").label["en"] == "A"


@pytest.mark.parametrize(
    "who, get_status, post_status",
    [("alice", 200, 403), ("manny", 200, 403), ("dave", 404, 404), ("mallory", 404, 404)],
)
def test_only_the_programmes_coordinator_may_edit_the_instrument(
    homelessness, who, get_status, post_status, client_for, request
):
    client = client_for(request.getfixturevalue(who))
    page = client.get(f"/programmes/{homelessness.pk}/compass/")
    assert page.status_code == get_status
    if get_status == 200:
        assert 'data-testid="form-instrument"' not in html_of(page)
    response = client.post(
        f"/programmes/{homelessness.pk}/compass/", instrument_post(homelessness, **{"row-0-label_en": "X"})
    )
    assert response.status_code == post_status
    assert not CompassInstrument.objects.exists()


def test_the_instrument_editor_requires_log_in(homelessness, client):
    response = client.get(f"/programmes/{homelessness.pk}/compass/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_compass_page_queries_do_not_grow_with_the_rounds(course, rate, alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    rate(course, "contact", "citizen", {"housing": 3})
    with CaptureQueriesContext(connection) as one:
        client.get(url(course))
    rate(course, "contact", "worker", {"housing": 3, "finances": 4})
    rate(course, "phase_1", "citizen", {"housing": 5, "network": 2})
    rate(course, "phase_1", "worker", {"housing": 6, "network": 2})
    with CaptureQueriesContext(connection) as two:
        client.get(url(course))
    assert len(two.captured_queries) == len(one.captured_queries)
