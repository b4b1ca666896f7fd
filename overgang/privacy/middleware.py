"""Refuse any request whose address carries a CPR number.

CPR numbers travel only in request bodies (the search is a POST, the API takes no CPR filter).
An address is kept by browsers' history, proxies and access logs, so one that carries a CPR number
is answered 400 without running any view: a client that tries learns at once, and nothing is
searched or stored.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from overgang.privacy.cpr import find_cpr_numbers


class RefuseCprInUrlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = f"{request.path_info}?{request.META.get('QUERY_STRING', '')}"
        if find_cpr_numbers(unquote_plus(address)):
            return HttpResponseBadRequest(
                _("A CPR number may not be sent in a web address. Send it in the request body."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
