from django.urls import path

from overgang.plans import views

app_name = "plans"

urlpatterns = [
    path("courses/<int:pk>/plan/", views.plan_page, name="plan"),
    path("courses/<int:pk>/plan/new/", views.plan_new, name="plan_new"),
    path("courses/<int:pk>/plan/<int:plan_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("courses/<int:pk>/plan/<int:plan_pk>/focus/new/", views.focus_area_edit, name="focus_area_new"),
    path(
        "courses/<int:pk>/plan/<int:plan_pk>/focus/<int:area_pk>/",
        views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "courses/<int:pk>/plan/<int:plan_pk>/focus/<int:area_pk>/remove/",
        views.focus_area_remove,
        name="focus_area_remove",
    ),
    path(
        "courses/<int:pk>/plan/<int:plan_pk>/sub-goals/<int:goal_pk>/",
        views.sub_goal_mark,
        name="sub_goal_mark",
    ),
    path("courses/<int:pk>/plan/<int:plan_pk>/follow-up/", views.follow_up, name="follow_up"),
    path("courses/<int:pk>/plan/<int:plan_pk>/history/", views.history, name="history"),
    path("courses/<int:pk>/plan/<int:plan_pk>/citizen-copy.pdf", views.citizen_copy, name="citizen_copy"),
    path("courses/<int:pk>/plan/<int:plan_pk>/section-141/", views.section_141, name="section_141"),
]
