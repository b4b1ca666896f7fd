from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from overgang.accounts import views as account_views
from overgang.ops.views import readyz


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="courses:overview", permanent=False)),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("overgang.accounts.urls")),
    path("sso/", include("overgang.sso.urls")),  # single sign-on (issue 10): 404 while not configured
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin logs in through our login and its second factor, never around them.
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", include("overgang.api.urls")),
    path("healthz", health, name="health"),
    path("readyz", readyz, name="readyz"),  # readiness: database and migrations (overgang/ops)
    path("bench/", include("overgang.bench.urls")),  # the framework floor of `make bench`, off by default
    path("desk/", include("overgang.desk.urls")),
    path("feeds/", include("overgang.feeds.urls")),
    path("figures/", include("overgang.figures.urls")),
    path("fidelity/", include("overgang.fidelity.urls")),
    path("supervision/", include("overgang.supervision.urls")),
    path("", include("overgang.journal.urls")),
    path("", include("overgang.plans.urls")),
    path("", include("overgang.checklists.urls")),
    path("", include("overgang.network.urls")),
    path("", include("overgang.compass.urls")),
    path("", include("overgang.handover.urls")),
    path("", include("overgang.safety.urls")),
    path("", include("overgang.jobs.urls")),
    path("", include("overgang.privacy.urls")),
    path("", include("overgang.evaluation.urls")),
    path("", include("overgang.auditlog.urls")),  # before courses: its courses/<pk>/<action>/ catches all
    path("", include("overgang.imports.urls")),  # before courses, like the rest
    path("", include("overgang.courses.urls")),
]
handler500 = "overgang.security.errors.server_error"
handler404 = "overgang.security.errors.not_found"
