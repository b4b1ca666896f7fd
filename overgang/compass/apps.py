from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompassConfig(AppConfig):
    name = "overgang.compass"
    verbose_name = _("Change compass")
