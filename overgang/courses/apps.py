from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "overgang.courses"
    label = "courses"
    verbose_name = _("Citizens and courses")

    def ready(self) -> None:
        from overgang.courses import receivers  # noqa: F401  (keeps the stored next step with the pauses)
