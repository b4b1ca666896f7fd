"""Django's and django-axes' authentication signals, handed to the services.

Signals, because they fire on every way in: the login page, the admin, the test client and
whatever comes later; the work itself is in services.py.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from overgang.accounts import services


@receiver(user_logged_in, dispatch_uid="overgang_login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        services.session_login_record(request=request, user=user, now=timezone.now())


@receiver(user_logged_out, dispatch_uid="overgang_logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        services.session_logout_record(request=request, user=user)


@receiver(user_login_failed, dispatch_uid="overgang_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the user name is kept.
    services.login_failed_record(username=credentials.get("username"))


@receiver(user_locked_out, dispatch_uid="overgang_locked_out")
def on_locked_out(sender: Any, request: Any, username: Any = None, **kwargs: Any) -> None:
    services.locked_out_record(username=username)
