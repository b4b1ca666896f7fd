"""Browser-security headers on pages with personal data (issue 8): a Content Security Policy with a
per-request nonce and no 'unsafe-inline', no framing, no sniffing, no referrer to other sites, and
nothing with personal data kept by a browser or a proxy (Cache-Control: no-store)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.usefixtures("frozen_today")


def directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def nonce_of(response: Any) -> str:
    nonces = {value for value in directives(response)["script-src"] if value.startswith("'nonce-")}
    assert len(nonces) == 1, response["Content-Security-Policy"]
    return nonces.pop().removeprefix("'nonce-").removesuffix("'")


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any, today: Any) -> Any:
    return make_course(alice, homelessness, contact=today)


@pytest.fixture
def course_page(client_for: Any, alice: Any, course: Any) -> Any:
    response = client_for(alice).get(reverse("courses:detail", args=[course.pk]))
    assert response.status_code == 200
    assert course.citizen.first_name in response.content.decode()  # a page with personal data
    return response


def test_the_policy_allows_only_our_own_scripts_and_styles_and_those_with_the_nonce(course_page: Any) -> None:
    policy = directives(course_page)
    assert policy["script-src"][0] == "'self'"
    assert policy["style-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "unsafe-inline" not in course_page["Content-Security-Policy"]
    assert "unsafe-eval" not in course_page["Content-Security-Policy"]


def test_the_page_may_not_be_framed_by_anyone(course_page: Any) -> None:
    assert directives(course_page)["frame-ancestors"] == ["'none'"]
    assert course_page["X-Frame-Options"] == "DENY"


def test_the_nonce_is_new_for_every_request_and_is_the_one_on_the_pages_scripts(
    client_for: Any, alice: Any, course: Any, course_page: Any
) -> None:
    again = client_for(alice).get(reverse("courses:detail", args=[course.pk]))
    first, second = nonce_of(course_page), nonce_of(again)
    assert first != second
    assert len(first) >= 22  # 16 random bytes, base64
    assert f'nonce="{first}"' in course_page.content.decode()
    assert f'nonce="{second}"' in again.content.decode()
    assert f'nonce="{first}"' not in again.content.decode()


def test_the_page_carries_no_inline_script_handler_or_style_attribute(course_page: Any) -> None:
    html = course_page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<style(?![^>]*nonce=)", html)


def test_no_sniffing_and_no_referrer_to_other_sites(course_page: Any) -> None:
    assert course_page["X-Content-Type-Options"] == "nosniff"
    assert course_page["Referrer-Policy"] == "same-origin"
    assert course_page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_page_with_personal_data_is_never_stored(course_page: Any) -> None:
    assert "no-store" in course_page["Cache-Control"]
    assert "private" in course_page["Cache-Control"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_over_https_the_browser_is_told_to_use_https_for_a_year(
    client_for: Any, alice: Any, course: Any
) -> None:
    response = client_for(alice).get(reverse("courses:detail", args=[course.pk]), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client_for: Any, alice: Any, course: Any) -> None:
    response = client_for(alice).get(reverse("courses:detail", args=[course.pk]))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


# --- Cache-Control: no-store on everything with personal data ---------------------------------------


def assert_never_stored(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_the_excel_export_is_never_stored(client_for: Any, carol: Any, course: Any) -> None:
    response = client_for(carol).get(reverse("desk:phase_plan_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_never_stored(response)


def test_a_pdf_is_never_stored(client_for: Any, carol: Any, course: Any) -> None:
    response = client_for(carol).get(reverse("desk:phase_plan_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert_never_stored(response)


def test_the_api_with_a_token_is_never_stored(alice: Any, course: Any) -> None:
    token = Token.objects.create(user=alice)
    response = Client().get(
        reverse("api:course-detail", args=[course.pk]), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.json()["citizen_name"] == course.citizen.full_name
    assert_never_stored(response)


def test_the_calendar_feed_is_never_stored(alice: Any, course: Any) -> None:
    from overgang.feeds.services import calendar_feed_create

    _feed, token = calendar_feed_create(user=alice, name_style="initials")
    response = Client().get(f"/feeds/{token}.ics")  # no session: the secret link is the key
    assert response["Content-Type"].startswith("text/calendar")
    assert_never_stored(response)


def test_a_network_photo_is_never_stored(client_for: Any, alice: Any, course: Any) -> None:
    from overgang.network import photos, services

    raw = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(raw, format="PNG")
    person = services.person_add(
        citizen=course.citizen,
        actor=alice,
        photo=photos.reencode(io.BytesIO(raw.getvalue())),
        role="family",
        role_text="",
        name="Mor Borgersen",
        direct_phone="",
        main_phone="",
        email="",
        address="",
        is_active=True,
        can_help_with="",
    )
    response = client_for(alice).get(reverse("network:person_photo", args=[course.pk, person.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert_never_stored(response)


def test_the_login_page_has_the_same_policy(db: Any) -> None:
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
