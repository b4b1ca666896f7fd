from django.urls import path

from overgang.figures import intensity_views, views

app_name = "figures"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/", views.figure_course_list, name="courses"),
    path("weeks/<int:worker_pk>/", views.worker_weeks, name="worker_weeks"),
    path("intensity/", intensity_views.intensity_page, name="intensity"),
]
