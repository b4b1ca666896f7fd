from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "overgang.demo"
    label = "demo"
