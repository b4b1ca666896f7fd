from django.urls import path

from overgang.network import views

app_name = "network"

urlpatterns = [
    path("courses/<int:pk>/network/", views.overview, name="overview"),
    path("courses/<int:pk>/network/add/", views.person_add, name="person_add"),
    path("courses/<int:pk>/network/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("courses/<int:pk>/network/<int:person_pk>/remove/", views.person_remove, name="person_remove"),
    path("courses/<int:pk>/network/<int:person_pk>/photo/", views.person_photo, name="person_photo"),
    path("courses/<int:pk>/network/map/", views.network_map, name="map"),
    path("courses/<int:pk>/network/map/pdf/", views.network_map_pdf, name="map_pdf"),
    path("courses/<int:pk>/network/map/place/", views.map_place, name="map_place"),
    path("courses/<int:pk>/network/map/unplace/", views.map_unplace, name="map_unplace"),
    path("courses/<int:pk>/network/map/lines/", views.map_line_add, name="map_line_add"),
    path(
        "courses/<int:pk>/network/map/lines/<int:line_pk>/remove/",
        views.map_line_remove,
        name="map_line_remove",
    ),
    path("courses/<int:pk>/network/map/consent/", views.map_consent, name="map_consent"),
    path(
        "courses/<int:pk>/network/map/consent/withdraw/",
        views.map_consent_withdraw,
        name="map_consent_withdraw",
    ),
]
