from django.urls import path

from overgang.imports import views

app_name = "imports"

urlpatterns = [
    path("import/", views.start, name="start"),
    path("import/sample/", views.sample, name="sample"),
    path("import/<int:pk>/columns/", views.mapping, name="mapping"),
    path("import/<int:pk>/preview/", views.preview, name="preview"),
    path("import/<int:pk>/run/", views.run, name="run"),
    path("import/<int:pk>/", views.progress, name="progress"),
    path("import/<int:pk>/progress/", views.fragment_progress, name="fragment_progress"),
]
