"""The calendar page (create, regenerate, revoke) and the feed itself.

The feed has no login: its secret address is the credential, checked by hash. Anything else, an
unknown, revoked or replaced token, or a deactivated owner, is a plain 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from overgang import tenancy
from overgang.feeds import services
from overgang.feeds.forms import CalendarFeedForm
from overgang.feeds.ical import render_calendar
from overgang.feeds.models import CalendarFeed, NameStyle
from overgang.feeds.selectors import (
    calendar_feed_active_for,
    calendar_feed_courses,
    calendar_feed_events,
    calendar_feed_for_token,
    calendar_feed_last_read,
)


def _check_may_have_feed(user: Any) -> None:
    if not services.user_may_have_calendar_feed(user):
        raise PermissionDenied


def _settings_page(
    request: HttpRequest, *, form: CalendarFeedForm, feed: CalendarFeed | None, token: str | None = None
) -> HttpResponse:
    subscribe_url = webcal_url = None
    if token is not None:
        subscribe_url = request.build_absolute_uri(reverse("feeds:feed", kwargs={"token": token}))
        webcal_url = "webcal://" + subscribe_url.split("://", 1)[1]
    return render(
        request,
        "feeds/settings.html",
        {
            "form": form,
            "feed": feed,
            "last_read": calendar_feed_last_read(feed) if feed is not None else None,
            "subscribe_url": subscribe_url,
            "webcal_url": webcal_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    _check_may_have_feed(user)
    feed = calendar_feed_active_for(user)
    if request.method == "POST":
        form = CalendarFeedForm(request.POST)
        if form.is_valid():
            try:
                feed, token = services.calendar_feed_create(
                    user=user,  # type: ignore[arg-type]
                    name_style=form.cleaned_data["name_style"],
                )
            except services.CalendarFeedError as error:
                form.add_error(None, error.message)
            else:
                # Rendered, not redirected: the raw token exists only in this response, never in
                # a session or a message cookie.
                form = CalendarFeedForm(initial={"name_style": feed.name_style})
                return _settings_page(request, form=form, feed=feed, token=token)
    else:
        form = CalendarFeedForm(initial={"name_style": feed.name_style if feed else NameStyle.INITIALS})
    return _settings_page(request, form=form, feed=feed)


@login_required
@require_http_methods(["GET", "POST"])
def feed_revoke(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; POST stops the link."""
    user = request.user
    _check_may_have_feed(user)
    if request.method == "POST":
        revoked = services.calendar_feed_revoke(user=user)  # type: ignore[arg-type]
        if revoked is not None:
            messages.success(
                request, _("The calendar link is stopped. Calendars using it get no more dates.")
            )
        else:
            messages.info(request, _("You have no active calendar link."))
        return redirect("feeds:settings")
    feed = calendar_feed_active_for(user)
    if feed is None:
        return redirect("feeds:settings")
    return render(request, "feeds/revoke.html", {"feed": feed})


@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    # No session: the token names the user, so it is looked up across municipalities, and the
    # rest of the request is scoped to the feed owner's municipality.
    with tenancy.unscoped():
        feed = calendar_feed_for_token(token)
    if feed is None:
        raise Http404
    tenancy.activate(feed.user.municipality_id)
    now = timezone.now()
    today = timezone.localdate(now)
    courses = calendar_feed_courses(feed)
    # A calendar program sends no language preference we can trust: the product's language.
    with translation.override(settings.LANGUAGE_CODE):
        events = calendar_feed_events(feed, courses, today=today)
        body = render_calendar(
            feed=feed,
            events=events,
            now=now,
            course_url=lambda pk: request.build_absolute_uri(reverse("courses:detail", args=[pk])),
        )
    services.calendar_feed_record_read(feed=feed, course_ids=[course.pk for course in courses])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="overgang.ics"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
