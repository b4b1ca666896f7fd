from django.urls import path

from overgang.compass import views

app_name = "compass"

urlpatterns = [
    path("courses/<int:pk>/compass/", views.compass_page, name="compass"),
    path("courses/<int:pk>/compass/<slug:slot>/worker/", views.worker_rate, name="worker_rate"),
    path("courses/<int:pk>/compass/<slug:slot>/citizen/", views.citizen_mode, name="citizen_mode"),
    path("courses/<int:pk>/compass/<slug:slot>/citizen/done/", views.citizen_done, name="citizen_done"),
    path("programmes/<int:pk>/compass/", views.instrument_edit, name="instrument"),
]
