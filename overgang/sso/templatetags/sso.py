"""The login page's button for single sign-on (nothing at all while SSO is off)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from overgang.sso import config

register = template.Library()


@register.inclusion_tag("sso/_login_button.html")
def sso_login_button(next_url: str = "") -> dict[str, Any]:
    if not config.enabled():
        return {"enabled": False}
    url = reverse("sso:login")
    return {
        "enabled": True,
        "url": f"{url}?{urlencode({'next': next_url})}" if next_url else url,
        "provider_name": config.provider_name(),
    }
