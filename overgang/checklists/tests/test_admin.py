"""The admin's way to give a programme an edited copy of a checklist: "Save as new" on the list."""

import pytest

from overgang.accounts.testing import log_in_verified
from overgang.checklists.models import Checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, django_user_model, municipality):
    admin = django_user_model.objects.create_superuser(
        username="root", password="x", municipality=municipality, role="administrator"
    )
    log_in_verified(client, admin)
    return client


def test_the_checklist_admin_offers_save_as_new_with_the_programme_and_the_items(admin_client_logged_in):
    checklist = Checklist.objects.get(code="homelessness_phase_1", programme__isnull=True)

    response = admin_client_logged_in.get(f"/admin/checklists/checklist/{checklist.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_saveasnew"' in html
    assert 'name="programme"' in html
    assert html.count('name="items-') > 0
    assert response.context["inline_admin_formsets"][0].formset.total_form_count() >= checklist.items.count()
