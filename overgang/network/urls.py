from django.urls import path

from overgang.network import views

app_name = "network"

urlpatterns = [
    path("courses/<int:pk>/network/", views.overview, name="overview"),
    path("courses/<int:pk>/network/add/", views.person_add, name="person_add"),
    path("courses/<int:pk>/network/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("courses/<int:pk>/network/<int:person_pk>/remove/", views.person_remove, name="person_remove"),
]
