from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "overgang.api"
    label = "api"
