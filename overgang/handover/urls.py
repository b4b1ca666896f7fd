from django.urls import path

from overgang.handover import views

app_name = "handover"

urlpatterns = [
    path("courses/<int:pk>/handover/", views.handover, name="handover"),
    path("courses/<int:pk>/handover/plan/", views.plan_edit, name="plan_edit"),
    path("courses/<int:pk>/handover/meetings/new/", views.meeting_new, name="meeting_new"),
    path(
        "courses/<int:pk>/handover/meetings/<int:meeting_pk>/edit/", views.meeting_edit, name="meeting_edit"
    ),
    path(
        "courses/<int:pk>/handover/meetings/<int:meeting_pk>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("courses/<int:pk>/handover/celebration/", views.celebration, name="celebration"),
    path("courses/<int:pk>/handover/letter/", views.letter, name="letter"),
    path("courses/<int:pk>/handover/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("programmes/<int:pk>/closing-letter/", views.letter_template, name="letter_template"),
]
