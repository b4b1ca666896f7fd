from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "overgang.bench"
    label = "bench"
