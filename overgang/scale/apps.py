from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "overgang.scale"
    label = "scale"
