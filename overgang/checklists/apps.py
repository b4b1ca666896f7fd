from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "overgang.checklists"
    verbose_name = _("Checklists")

    def ready(self) -> None:
        from overgang.checklists import receivers  # noqa: F401 - connects the transition receiver
