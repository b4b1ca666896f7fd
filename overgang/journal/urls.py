from django.urls import path

from overgang.journal import views

app_name = "journal"

urlpatterns = [
    path("courses/<int:pk>/journal/", views.journal, name="journal"),
    path("courses/<int:pk>/journal/new/", views.entry_new, name="entry_new"),
    path("courses/<int:pk>/journal/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path("courses/<int:pk>/journal/frame/", views.frame_save, name="frame_save"),
]
