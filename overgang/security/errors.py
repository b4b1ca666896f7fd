"""The generic answer to an unexpected error (DEBUG off), and the request id on every log line.

The page and the JSON say nothing about the error itself (no traceback, no exception text): only
the request id, which is also on the log line Django writes for the error, so support can find it.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from overgang.audit.middleware import current_request_id


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a generic page, or a generic JSON error for the API."""
    request_id = current_request_id.get()
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {
                "errors": [{"field": None, "message": _("Something went wrong. The error has been logged.")}],
                "request_id": request_id,
            },
            status=500,
        )
    # No request context on purpose: the error may come from the session, the user or the database.
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponse(html, status=500)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the API answers a path it does not have in its own JSON shape, like a missing object."""
    if request.path_info.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        return JsonResponse(
            {"errors": [{"field": None, "message": str(NotFound.default_detail)}]}, status=404
        )
    return defaults.page_not_found(request, exception)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True
