from django.urls import path, re_path

from overgang.feeds import views

app_name = "feeds"

urlpatterns = [
    path("", views.feed_settings, name="settings"),
    path("revoke/", views.feed_revoke, name="revoke"),
    # The token is the credential: URL-safe base64 (secrets.token_urlsafe), bounded in length.
    re_path(r"^(?P<token>[A-Za-z0-9_-]{16,100})\.ics$", views.feed_ics, name="feed"),
]
