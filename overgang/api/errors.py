"""Errors as JSON: {"errors": [{"field": ..., "message": ...}]}, with 400 or 409."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from overgang.courses.services import CourseActionError


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key == "non_field_errors" else (f"{field}.{key}" if field else str(key))
            items.extend(_flatten(value, name))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    return [{"field": field, "message": str(detail)}]


def action_error_response(error: CourseActionError) -> Response:
    return Response(
        {"errors": [{"field": error.field, "message": error.message}]},
        status=status.HTTP_409_CONFLICT if error.conflict else status.HTTP_400_BAD_REQUEST,
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, CourseActionError):
        return action_error_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"errors": [{"field": None, "message": str(response.data["detail"])}]}
    return response
