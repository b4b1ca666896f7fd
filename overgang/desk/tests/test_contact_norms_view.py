"""Editing a programme's contact norms: who may read, who may change, and that a bad or stale form
saves nothing."""

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.desk.programme_views import programme_contact_norms_change
from overgang.programmes.models import Programme

DEFAULT = {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30}
NEW = {"contact": 5, "phase_1": 4, "phase_2": 10, "phase_3": 21}


def url(programme) -> str:
    return f"/desk/programmes/{programme.pk}/contact-norms/"


def form_data(version=1, **norms):
    return {**{k: str(v) for k, v in (NEW | norms).items()}, "version": str(version)}


def norms_of(programme):
    return Programme.objects.get(pk=programme.pk).contact_norms


def administrator(municipality, username="ada"):
    return User.objects.create_user(
        username=username, municipality=municipality, role="administrator", fte=Decimal("1.00")
    )


@pytest.fixture
def client_for(client_for):
    """The project's logged-in client, reading the pages in English (the msgids)."""

    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def ada(municipality):
    """An administrator of our municipality."""
    return administrator(municipality)


# --- who may change --------------------------------------------------------------------------------


def test_the_coordinator_changes_the_norms_of_her_programme(carol, homelessness, client_for):
    response = client_for(carol).post(url(homelessness), form_data())

    assert response.status_code == 302
    assert response["Location"] == url(homelessness)
    saved = Programme.objects.get(pk=homelessness.pk)
    assert saved.contact_norms == NEW
    assert saved.version == 2


def test_the_change_is_audited_with_before_and_after(carol, homelessness, client_for):
    client_for(carol).post(url(homelessness), form_data())

    entry = AuditEntry.objects.get(action="programme.contact_norms_changed")
    assert entry.actor == carol
    assert entry.object_id == str(homelessness.pk)
    assert entry.municipality_id == homelessness.municipality_id
    assert entry.before == {"contact_norms": DEFAULT, "version": 1}
    assert entry.after == {"contact_norms": NEW, "version": 2}


def test_an_administrator_of_the_municipality_changes_the_norms(ada, homelessness, client_for):
    response = client_for(ada).post(url(homelessness), form_data())

    assert response.status_code == 302
    assert norms_of(homelessness) == NEW


def test_the_page_shows_the_norms_and_the_form_to_the_coordinator(carol, homelessness, client_for):
    response = client_for(carol).get(url(homelessness))

    assert response.status_code == 200
    assertContains(response, 'data-testid="form-contact-norms"')
    assertContains(response, "every 14 days")
    assert response.context["form"].initial == {**DEFAULT, "version": 1}


def test_the_saved_norms_show_on_the_page(carol, homelessness, client_for):
    client = client_for(carol)
    client.post(url(homelessness), form_data())

    response = client.get(url(homelessness))

    assertContains(response, "every 21 days")
    assert response.context["form"].initial["version"] == 2


# --- who may only read, and who sees nothing ---------------------------------------------------------


def test_the_manager_reads_the_norms_but_cannot_change_them(manny, homelessness, client_for):
    client = client_for(manny)

    page = client.get(url(homelessness))
    refused = client.post(url(homelessness), form_data())

    assert page.status_code == 200
    assertContains(page, "every 30 days")
    assertNotContains(page, 'data-testid="form-contact-norms"')
    assert refused.status_code == 403
    assert norms_of(homelessness) == DEFAULT
    assert not AuditEntry.objects.filter(action="programme.contact_norms_changed").exists()


def test_a_worker_reads_but_gets_403_on_a_change(alice, homelessness, client_for):
    client = client_for(alice)

    assert client.get(url(homelessness)).status_code == 200
    assert client.post(url(homelessness), form_data()).status_code == 403
    assert norms_of(homelessness) == DEFAULT


def test_a_coordinator_of_another_programme_gets_404(dave, homelessness, job_programme, client_for):
    client = client_for(dave)

    assert client.get(url(homelessness)).status_code == 404
    assert client.post(url(homelessness), form_data()).status_code == 404
    assert norms_of(homelessness) == DEFAULT
    # His own programme is his to change.
    assert client.post(url(job_programme), form_data()).status_code == 302
    assert norms_of(job_programme) == NEW


def test_an_outsider_gets_404(mallory, homelessness, client_for):
    client = client_for(mallory)

    assert client.get(url(homelessness)).status_code == 404
    assert client.post(url(homelessness), form_data()).status_code == 404
    assert norms_of(homelessness) == DEFAULT


def test_an_administrator_of_another_municipality_gets_404(other_municipality, homelessness, client_for):
    client = client_for(administrator(other_municipality, username="otto"))

    assert client.get(url(homelessness)).status_code == 404
    assert client.post(url(homelessness), form_data()).status_code == 404
    assert norms_of(homelessness) == DEFAULT


def test_a_programme_that_does_not_exist_is_404(carol, client_for):
    assert client_for(carol).get("/desk/programmes/999999/contact-norms/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, homelessness):
    response = client.post(url(homelessness), form_data())

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert norms_of(homelessness) == DEFAULT


# --- bad input and stale forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "93", "-7", "7.5", "weekly", ""])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(carol, homelessness, client_for, value):
    response = client_for(carol).post(url(homelessness), form_data(phase_2=value))

    assert response.status_code == 400
    assertContains(response, "Write a whole number of days from 1 to 92.", status_code=400)
    assertContains(response, "Nothing was saved.", status_code=400)
    saved = Programme.objects.get(pk=homelessness.pk)
    assert saved.contact_norms == DEFAULT
    assert saved.version == 1
    assert not AuditEntry.objects.filter(action="programme.contact_norms_changed").exists()


def test_a_form_without_its_version_is_refused(carol, homelessness, client_for):
    data = form_data()
    del data["version"]

    response = client_for(carol).post(url(homelessness), data)

    assert response.status_code == 400
    assert norms_of(homelessness) == DEFAULT


def test_a_stale_form_is_refused_and_keeps_the_newer_norms(carol, ada, homelessness, client_for):
    first = client_for(ada).post(url(homelessness), form_data(version=1))
    assert first.status_code == 302

    stale = client_for(carol).post(url(homelessness), form_data(version=1, phase_3=60))

    assert stale.status_code == 400
    assertContains(stale, "Someone else changed the contact norms", status_code=400)
    saved = Programme.objects.get(pk=homelessness.pk)
    assert saved.contact_norms == NEW
    assert saved.version == 2
    assert AuditEntry.objects.filter(action="programme.contact_norms_changed").count() == 1


def test_saving_the_same_norms_writes_nothing(carol, homelessness, client_for):
    response = client_for(carol).post(url(homelessness), form_data(**DEFAULT))

    assert response.status_code == 302
    saved = Programme.objects.get(pk=homelessness.pk)
    assert saved.version == 1
    assert not AuditEntry.objects.filter(action="programme.contact_norms_changed").exists()


def test_the_write_itself_refuses_norms_the_model_would_refuse(carol, homelessness):
    with pytest.raises(CourseActionError) as error:
        programme_contact_norms_change(
            programme=homelessness, norms={"phase_9": 7}, expected_version=1, actor=carol
        )

    assert error.value.field == "contact_norms"
    assert norms_of(homelessness) == DEFAULT
