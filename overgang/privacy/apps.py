from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "overgang.privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from overgang.privacy import checks  # noqa: F401 - registers the system checks
