"""The programme's admin form carries the version it was read at: a stale save changes nothing, so an
administrator cannot overwrite the contact norms a coordinator changed on the desk meanwhile."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from overgang.accounts.testing import log_in_verified
from overgang.desk.programme_views import programme_contact_norms_change
from overgang.programmes.models import Programme

pytestmark = pytest.mark.django_db

NEW_NORMS = {"contact": 5, "phase_1": 6, "phase_2": 10, "phase_3": 21}


@pytest.fixture
def admin_client(client: Any, django_user_model: Any, municipality: Any) -> Any:
    admin = django_user_model.objects.create_superuser(
        username="root", password="x", municipality=municipality, role="administrator"
    )
    return log_in_verified(client, admin)


def change_url(programme: Programme) -> str:
    return f"/admin/programmes/programme/{programme.pk}/change/"


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back: the change form as it was shown."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return data


def test_the_form_carries_the_version_it_was_read_at(admin_client: Any, homelessness: Any) -> None:
    response = admin_client.get(change_url(homelessness))

    assert response.status_code == 200
    assert 'type="hidden" name="version" value="1"' in response.content.decode()


def test_a_fresh_save_goes_through_and_bumps_the_version(admin_client: Any, homelessness: Any) -> None:
    data = form_data(admin_client.get(change_url(homelessness))) | {"name": "Hjemløshed Nord"}

    response = admin_client.post(change_url(homelessness), data)

    assert response.status_code == 302
    stored = Programme.objects.get(pk=homelessness.pk)
    assert (stored.name, stored.version) == ("Hjemløshed Nord", 2)


def test_a_stale_save_is_refused_and_keeps_the_coordinators_norms(
    admin_client: Any, homelessness: Any, carol: Any
) -> None:
    data = form_data(admin_client.get(change_url(homelessness))) | {"name": "Hjemløshed Nord"}
    programme_contact_norms_change(programme=homelessness, norms=NEW_NORMS, expected_version=1, actor=carol)

    response = admin_client.post(change_url(homelessness), data)

    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.has_error(NON_FIELD_ERRORS, code="conflict")
    stored = Programme.objects.get(pk=homelessness.pk)
    assert (stored.name, stored.contact_norms, stored.version) == ("Hjemløshed", NEW_NORMS, 2)
