"""The alerts page, and comments on alerts: they document what is done, they never hide the alert."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, SUCCESS
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.desk.models import AlertAcknowledgement
from overgang.method.alerts import SOURCES, AlertCode

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/alerts/"
ACKNOWLEDGE = "/desk/alerts/acknowledge/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def make_course(make_course, contact_on, supervised):
    """In this module every citizen was seen yesterday and every worker had supervision yesterday, so
    only the alerts under test show up."""

    def make(*args, **kwargs):
        course = make_course(*args, **kwargs)
        contact_on(course)
        supervised(course.programme, course.worker)
        return course

    return make


@pytest.fixture
def sen(alice, homelessness, make_course):
    """Alice's citizen whose phase 2 was planned 2026-11-01: 21 days ago, past the 7 days' tolerance."""
    return make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Sen")


@pytest.fixture
def bente(bob, homelessness, make_course):
    """Bob's citizen, phase 2 planned 2026-11-25: due in three days."""
    return make_course(bob, homelessness, phase_1=d("2026-08-25"), first_name="Bente")


def alerts_about(response, course) -> list:
    return [
        item for item in response.context["items"] if item.course is not None and item.course.pk == course.pk
    ]


def overdue_key(client, course) -> str:
    (item,) = alerts_about(client.get(URL), course)
    assert item.alert.code is AlertCode.TRANSITION_OVERDUE
    return item.alert.key


def acknowledge(client, key, comment="Ringer til Sen i morgen og aftaler fase 2."):
    return client.post(ACKNOWLEDGE, {"alert_key": key, "comment": comment})


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


# --- the list -------------------------------------------------------------------------------------


def test_it_lists_the_workers_alerts_with_links_to_the_courses(alice, sen, bente, client_for):
    response = client_for(alice).get(URL)

    assert response.status_code == 200
    assertTemplateUsed(response, "desk/alerts.html")
    assert [(item.alert.code, item.course.pk) for item in response.context["items"]] == [
        (AlertCode.TRANSITION_OVERDUE, sen.pk)
    ]
    assertContains(response, f'href="/courses/{sen.pk}/"')
    assertContains(response, 'data-alert="transition_overdue"')
    assertContains(response, SOURCES[AlertCode.TRANSITION_OVERDUE])
    assertNotContains(response, "Bente Borgersen")


def test_the_coordinator_sees_every_alert_of_the_programme_most_severe_first(carol, sen, bente, client_for):
    response = client_for(carol).get(URL)

    assert [(item.alert.code, item.course.pk) for item in response.context["items"]] == [
        (AlertCode.TRANSITION_OVERDUE, sen.pk),
        (AlertCode.TRANSITION_DUE, bente.pk),
    ]
    assertContains(response, f'href="/courses/{bente.pk}/"')


def test_a_caseload_over_capacity_is_listed_for_the_worker(bob, homelessness, make_course, client_for):
    # Bob works half time: three citizens in phase 1 are 6 units of his 5.
    for name in ("Ib", "Jo", "Ulf"):
        make_course(bob, homelessness, phase_1=d("2026-11-01"), first_name=name)

    response = client_for(bob).get(URL)

    assert [(item.alert.code, item.worker) for item in response.context["items"]] == [
        (AlertCode.OVER_CAPACITY, bob)
    ]


@pytest.mark.parametrize("programme", ["abc", "-1", "999999"])
def test_a_programme_filter_the_user_may_not_use_is_ignored(programme, carol, sen, bente, client_for):
    client = client_for(carol)
    client.raise_request_exception = False

    response = client.get(URL, {"programme": programme})

    assert response.status_code == 200
    assert response.context["programme"] is None
    assert len(response.context["items"]) == 2


def test_the_outsider_sees_none_of_our_alerts(mallory, sen, bente, client_for):
    response = client_for(mallory).get(URL)

    assert response.context["items"] == []
    assertNotContains(response, "Borgersen")


# --- acknowledging --------------------------------------------------------------------------------


def test_a_comment_on_an_alert_is_stored(alice, sen, client_for):
    client = client_for(alice)
    key = overdue_key(client, sen)

    response = acknowledge(client, key)

    assert response.status_code == 302
    assert response["Location"] == URL
    ack = AlertAcknowledgement.objects.get()
    assert (ack.alert_key, ack.user, ack.course, ack.municipality, ack.comment) == (
        key,
        alice,
        sen,
        alice.municipality,
        "Ringer til Sen i morgen og aftaler fase 2.",
    )
    assert [level for level, _ in messages_of(response)] == [SUCCESS]


def test_a_comment_on_an_alert_is_audited(alice, sen, client_for):
    client = client_for(alice)
    key = overdue_key(client, sen)

    acknowledge(client, key)

    entry = AuditEntry.objects.get(action="alert.acknowledged")
    assert entry.actor == alice
    assert entry.citizen_id == sen.citizen_id
    assert entry.object_id == str(AlertAcknowledgement.objects.get().pk)
    assert entry.after["comment"] == "Ringer til Sen i morgen og aftaler fase 2."
    assert entry.after["alert_key"] == key


def test_the_coordinator_still_sees_the_alert_with_the_comment(alice, carol, sen, client_for):
    acknowledge(client_for(alice), overdue_key(client_for(alice), sen))

    response = client_for(carol).get(URL)

    (item,) = alerts_about(response, sen)
    assert item.alert.code is AlertCode.TRANSITION_OVERDUE
    assert [(ack.user, ack.comment) for ack in item.acknowledgements] == [
        (alice, "Ringer til Sen i morgen og aftaler fase 2.")
    ]
    assertContains(response, "Ringer til Sen i morgen og aftaler fase 2.")


def test_the_worker_still_sees_the_alert_after_commenting(alice, sen, client_for):
    client = client_for(alice)
    acknowledge(client, overdue_key(client, sen))

    (item,) = alerts_about(client.get(URL), sen)

    assert len(item.acknowledgements) == 1


def test_the_comment_goes_back_to_the_page_it_came_from(alice, sen, client_for):
    client = client_for(alice)
    key = overdue_key(client, sen)

    response = client.post(
        ACKNOWLEDGE, {"alert_key": key, "comment": "Ringer i morgen.", "next": "/courses/"}
    )

    assert response["Location"] == "/courses/"


@pytest.mark.parametrize("next_url", ["//evil.example/", "https://evil.example/"])
def test_it_does_not_redirect_to_another_site(next_url, alice, sen, client_for):
    client = client_for(alice)
    key = overdue_key(client, sen)

    response = client.post(ACKNOWLEDGE, {"alert_key": key, "comment": "Ringer i morgen.", "next": next_url})

    assert response["Location"] == URL


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_an_empty_comment_is_refused(comment, alice, sen, client_for):
    client = client_for(alice)
    key = overdue_key(client, sen)

    response = acknowledge(client, key, comment)

    assert response.status_code == 302
    assert not AlertAcknowledgement.objects.exists()
    assert not AuditEntry.objects.filter(action="alert.acknowledged").exists()
    assert [level for level, _ in messages_of(response)] == [ERROR]


def test_a_comment_on_a_caseload_alert_is_stored_without_a_course(
    bob, carol, homelessness, make_course, client_for
):
    for name in ("Ib", "Jo", "Ulf"):  # 6 units of bob's 5
        make_course(bob, homelessness, phase_1=d("2026-11-01"), first_name=name)
    client = client_for(bob)
    (item,) = client.get(URL).context["items"]

    acknowledge(client, item.alert.key, "Aftaler med Carol, hvem der tager den næste.")

    ack = AlertAcknowledgement.objects.get()
    assert (ack.alert_key, ack.course, ack.user) == (item.alert.key, None, bob)
    (seen,) = [i for i in client_for(carol).get(URL).context["items"] if i.alert.key == item.alert.key]
    assert [a.comment for a in seen.acknowledgements] == ["Aftaler med Carol, hvem der tager den næste."]


def test_a_too_long_comment_is_refused(alice, sen, client_for):
    client = client_for(alice)

    acknowledge(client, overdue_key(client, sen), "x" * 2001)

    assert not AlertAcknowledgement.objects.exists()


def test_the_outsider_cannot_comment_on_our_alert(alice, mallory, sen, client_for):
    key = overdue_key(client_for(alice), sen)

    response = acknowledge(client_for(mallory), key)

    assert not AlertAcknowledgement.objects.exists()
    assert [level for level, _ in messages_of(response)] == [ERROR]


def test_a_colleague_cannot_comment_on_an_alert_he_cannot_see(alice, bob, sen, client_for):
    key = overdue_key(client_for(alice), sen)

    acknowledge(client_for(bob), key)

    assert not AlertAcknowledgement.objects.exists()


def test_a_made_up_key_is_refused(alice, sen, client_for):
    response = acknowledge(client_for(alice), f"transition_overdue:{sen.pk}:phase_2:2026-10-01")

    assert not AlertAcknowledgement.objects.exists()
    assert [level for level, _ in messages_of(response)] == [ERROR]


def test_the_manager_reads_but_cannot_comment(alice, manny, sen, client_for):
    key = overdue_key(client_for(manny), sen)

    acknowledge(client_for(manny), key)

    assert not AlertAcknowledgement.objects.exists()


def test_it_refuses_get(alice, client_for):
    assert client_for(alice).get(ACKNOWLEDGE).status_code == 405


# --- the worker's overview ------------------------------------------------------------------------


def test_the_workers_overview_shows_her_alerts(alice, sen, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-11-01"), first_name="Rolig")

    response = client_for(alice).get("/courses/")

    assert response.status_code == 200
    assert response.context["alert_count"] == 1
    assert [(item.alert.code, item.course.pk) for item in response.context["alert_items"]] == [
        (AlertCode.TRANSITION_OVERDUE, sen.pk)
    ]
    assertContains(response, 'id="alerts-heading"')
    assertContains(response, 'data-alert="transition_overdue"')
    assertContains(
        response,
        f'<input type="hidden" name="alert_key" value="{response.context["alert_items"][0].alert.key}">',
    )


def test_the_overview_shows_five_alerts_and_links_to_the_rest(alice, homelessness, make_course, client_for):
    # Six overdue citizens in phase 1: six overdue transitions, and 12 units of 10 over capacity.
    for name in ("Aa", "Bb", "Cc", "Dd", "Ee", "Ff"):
        make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name=name)

    response = client_for(alice).get("/courses/")

    assert response.context["alert_count"] == 7
    assert len(response.context["alert_items"]) == 5
    assertContains(response, f'href="{URL}"')


def test_an_overview_without_alerts_says_so(alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-11-01"))

    response = client_for(alice).get("/courses/")

    assert response.context["alert_count"] == 0
    assertContains(response, 'data-testid="no-alerts"')


def test_the_overviews_comment_form_carries_the_csrf_token(
    alice, homelessness, make_course, client_for, frozen_today
):
    make_course(alice, homelessness, phase_1=dt.date(2026, 8, 1))  # phase 2 overdue: an alert

    html = client_for(alice).get("/courses/").content.decode()

    panel = html[html.index('aria-labelledby="alerts-heading"') :]
    form = panel[: panel.index('name="alert_key"')]
    assert 'name="csrfmiddlewaretoken"' in form[form.rindex("<form") :]


# --- no contact in the journal (homelessness 4.2.3) -----------------------------------------------


@pytest.fixture
def quiet(alice, homelessness, make_course, contact_on):
    """Seen last on 2026-11-02: 20 days without contact."""
    course = make_course(alice, homelessness, phase_1=d("2026-11-01"), first_name="Stille")
    course.contacts.all().delete()
    contact_on(course, d("2026-11-02"))
    return course


def test_a_citizen_not_seen_for_more_than_14_days_is_flagged_from_the_journal(alice, quiet, client_for):
    response = client_for(alice).get(URL)

    (item,) = alerts_about(response, quiet)
    assert (item.alert.code, item.alert.due, item.alert.days) == (AlertCode.NO_CONTACT, d("2026-11-02"), 20)
    assertContains(response, 'data-alert="no_contact"')
    assertContains(response, SOURCES[AlertCode.NO_CONTACT])


def test_a_new_contact_clears_the_alert(alice, quiet, contact_on, client_for):
    contact_on(quiet, d("2026-11-20"))

    assert alerts_about(client_for(alice).get(URL), quiet) == []


def test_a_contact_that_did_not_take_place_does_not_count(alice, quiet, client_for):
    from django.utils import timezone

    from overgang.journal.services import contact_entry_create

    at = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))
    contact_entry_create(
        course=quiet, actor=alice, occurred_at=at, duration_minutes=0, kind="phone", status="no_show"
    )

    (item,) = alerts_about(client_for(alice).get(URL), quiet)
    assert item.alert.code is AlertCode.NO_CONTACT


def test_a_course_never_contacted_counts_from_its_start(alice, homelessness, client_for, make_course):
    course = make_course(alice, homelessness, phase_1=d("2026-11-01"), first_name="Ny")
    course.contacts.all().delete()

    (item,) = alerts_about(client_for(alice).get(URL), course)
    assert (item.alert.code, item.alert.due, item.alert.days) == (AlertCode.NO_CONTACT, d("2026-11-01"), 21)


def test_a_paused_course_is_not_flagged_for_no_contact(alice, quiet, client_for):
    from overgang.courses.services import course_pause

    course_pause(course=quiet, start=d("2026-11-10"), reason="hospital", actor=alice, today=d("2026-11-22"))

    codes = [item.alert.code for item in alerts_about(client_for(alice).get(URL), quiet)]
    assert AlertCode.NO_CONTACT not in codes
    assert AlertCode.OPEN_PAUSE in codes
