from django.urls import path

from overgang.sso import views

app_name = "sso"
urlpatterns = [
    path("login/", views.SsoLoginView.as_view(), name="login"),
    path("callback/", views.callback, name="callback"),
]
