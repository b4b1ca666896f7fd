"""A worker registers a new citizen, refers them to CTI and lands on the new course."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_registers_a_citizen_and_lands_on_the_new_course(
    page: Any, alice: Any, homelessness: Any, today: dt.date
) -> None:
    log_in(page, alice)
    page.get_by_role("navigation").get_by_role("link", name=danish("New citizen")).click()
    expect(page).to_have_url(re.compile(r"/citizens/new/$"))
    form = page.get_by_test_id("form-citizen")

    form.locator("#id_first_name").fill("Karen")
    form.locator("#id_last_name").fill("Kristensen")
    form.locator("#id_cpr").fill("150585-1001")
    form.locator("#id_address").fill("Testvej 1, 9999 Testby")
    # Choosing a programme reloads its legal bases and workers (htmx): wait for that swap.
    with page.expect_response(re.compile(r"/citizens/new/options/")):
        form.locator("#id_programme").select_option(label="Hjemløshed")
    expect(form.locator("#id_legal_basis option")).to_have_text(["SEL § 85", "SEL § 110 (efterforsorg)"])
    form.locator("#id_legal_basis").select_option(label="SEL § 110 (efterforsorg)")
    expect(form.locator("#id_worker")).to_have_value(str(alice.pk))
    screenshot(page, "citizen-new", phone=True)
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/courses/\d+/$"))
    expect(page.locator(".alert-success")).to_have_text(danish("The citizen is registered and referred."))
    expect(page.get_by_test_id("citizen-name")).to_have_text("Karen Kristensen")
    expect(page.get_by_test_id("current-period")).to_have_class("og-period og-period-referred")
    expect(page.locator("main")).to_contain_text("150585-1001")
    expect(page.locator("main")).to_contain_text("SEL § 110 (efterforsorg)")
    expect(page.get_by_test_id("schedule")).to_contain_text(dmy(today))  # referred today
    expect(page.get_by_test_id("form-contact")).to_be_visible()
    screenshot(page, "citizen-new-course")


def test_choosing_another_programme_reloads_its_legal_bases(page: Any, alice: Any, homelessness: Any) -> None:
    log_in(page, alice)
    page.goto("/citizens/new/")
    form = page.get_by_test_id("form-citizen")

    form.locator("#id_programme").select_option(label="Job")

    expect(form.locator("#id_legal_basis option", has_text="SEL § 110")).to_have_count(0)
    expect(form.locator("#id_legal_basis option")).not_to_have_count(0)
    form.locator("#id_programme").select_option(label="Hjemløshed")
    expect(form.locator("#id_legal_basis option", has_text="SEL § 110")).to_have_count(1)


def test_an_invalid_cpr_number_is_explained_and_the_input_kept(
    page: Any, alice: Any, homelessness: Any
) -> None:
    log_in(page, alice)
    page.goto("/citizens/new/")
    form = page.get_by_test_id("form-citizen")
    form.locator("#id_first_name").fill("Karen")
    form.locator("#id_last_name").fill("Kristensen")
    form.locator("#id_cpr").fill("321385-1001")  # the 32nd day of a month
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/citizens/new/$"))
    screenshot(page, "citizen-new-error")
    expect(page.locator(".form-error-message")).to_have_text(
        [f"{danish('Error:')} {danish('The first six digits of the CPR number are not a valid date.')}"]
    )  # only the CPR number is wrong
    expect(page.locator("#id_first_name")).to_have_value("Karen")
    expect(page.locator("#id_cpr")).to_have_attribute("aria-invalid", "true", timeout=1_000)
