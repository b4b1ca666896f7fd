from django.urls import path

from overgang.privacy import views

app_name = "privacy"

urlpatterns = [
    path("courses/<int:pk>/data-export/", views.data_export, name="data_export"),
]
