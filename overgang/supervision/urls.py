from django.urls import path

from overgang.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_new, name="new"),
    path("prepare/", views.prepare, name="prepare"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
]
