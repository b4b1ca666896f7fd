from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "overgang.accounts"
    label = "accounts"
    verbose_name = _("Users and organisation")

    def ready(self) -> None:
        from overgang.accounts import receivers  # noqa: F401  (connects the login signals)
