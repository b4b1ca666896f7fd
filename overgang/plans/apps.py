from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "overgang.plans"
    verbose_name = _("CTI plans")
