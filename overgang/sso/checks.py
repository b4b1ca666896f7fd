"""Configuration checks: a broken group map is found at start-up, not at someone's login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from overgang.sso import config


@register()
def sso_configuration(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not config.enabled():
        return []
    errors: list[Error] = []
    try:
        grants = config.group_map()
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), id="sso.E001"))
    else:
        if not grants:
            errors.append(
                Error(
                    "Single sign-on is on, but OVERGANG_OIDC_GROUP_MAP maps no group: nobody can log in.",
                    id="sso.E002",
                )
            )
    if config.BACKEND not in settings.AUTHENTICATION_BACKENDS:
        errors.append(
            Error(
                f"Single sign-on is on, but {config.BACKEND} is not in AUTHENTICATION_BACKENDS.",
                id="sso.E003",
            )
        )
    return errors
