from django.urls import path

from overgang.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.export, name="export"),
]
