from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FidelityConfig(AppConfig):
    name = "overgang.fidelity"
    verbose_name = _("Fidelity")
