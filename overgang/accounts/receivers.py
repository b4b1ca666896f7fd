"""Django's and django-axes' authentication signals, handed to the services.

Signals, because they fire on every way in: the login page, the admin, the test client and
whatever comes later; the work itself is in services.py.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from overgang.accounts import services
from overgang.accounts.models import User

# Set on the instance by pre_save when the save turns an active user inactive.
_DEACTIVATING = "_overgang_deactivating"


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


@receiver(pre_save, sender=User, dispatch_uid="overgang_user_deactivating")
def on_user_saving(
    sender: Any, instance: User, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """Notice a save that deactivates the user, however it is done (the admin, a script, a
    service), comparing with the row as it is before the save."""
    if raw or instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    setattr(instance, _DEACTIVATING, bool(was_active))


@receiver(post_save, sender=User, dispatch_uid="overgang_user_deactivated")
def on_user_saved(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    """A deactivated user's sessions end at once, not at their next request."""
    if getattr(instance, _DEACTIVATING, False):
        setattr(instance, _DEACTIVATING, False)
        services.user_sessions_end(user=instance)
