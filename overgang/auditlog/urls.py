from django.urls import path

from overgang.auditlog import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.search, name="log"),
    path("courses/<int:pk>/lookups/", views.citizen_lookups_view, name="citizen_lookups"),
]
