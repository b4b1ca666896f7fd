"""The API's tenant scope.

TenantMiddleware scopes a request by the session's user before the view runs, but DRF
authenticates a token (or a test's forced user) inside the view. DRF checks permissions right
after authenticating, so this permission sets the scope to the authenticated user's municipality
there; TenantMiddleware restores the previous scope after the response.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from overgang import tenancy


class ScopedToUsersMunicipality(BasePermission):
    """Refuses nothing: scopes the request's queries to the authenticated user's municipality."""

    def has_permission(self, request: Request, view: Any) -> bool:
        tenancy.activate(tenancy.municipality_of(request.user))
        return True
