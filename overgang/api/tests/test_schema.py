"""The API describes itself: an OpenAPI 3 document and a docs page whose assets are served locally."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from overgang.api import urls as api_urls


@pytest.fixture
def document(client_for: Any, alice: Any) -> dict[str, Any]:
    response = client_for(alice).get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return json.loads(response.content)


def api_routes() -> Iterator[tuple[str, set[str]]]:
    """Each data endpoint in overgang/api/urls.py as (OpenAPI path, methods), from the URLconf itself."""
    prefix = reverse("api:course-list").removesuffix("courses/")
    for pattern in api_urls.urlpatterns:
        if pattern.name in ("schema", "docs"):
            continue
        route = re.sub(r"<(?:\w+:)?pk>", "{id}", str(pattern.pattern))
        methods = {m.lower() for m in pattern.callback.cls().allowed_methods} - {"options"}
        yield prefix + route, methods


def test_it_is_an_openapi_3_document(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Overgang API"
    validate_schema(document)  # against the OpenAPI 3 JSON schema; raises when invalid


def test_every_endpoint_appears_with_its_methods(document: dict[str, Any]) -> None:
    routes = dict(api_routes())
    assert len(routes) == len(api_urls.urlpatterns) - 2

    assert set(document["paths"]) == set(routes)
    for path, methods in routes.items():
        assert set(document["paths"][path]) - {"parameters"} == methods, path


def test_every_reference_points_at_a_component(document: dict[str, Any]) -> None:
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))

    assert refs
    assert refs <= set(document["components"]["schemas"])


def test_actions_describe_their_input_and_error_answers(document: dict[str, Any]) -> None:
    phases = document["paths"]["/api/v1/courses/{id}/phases/"]["post"]

    body = phases["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = document["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert {"phase", "on", "version"} <= set(properties)
    assert {"200", "400", "403", "404", "409"} <= set(phases["responses"])


def test_it_names_token_and_session_authentication(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]

    assert {scheme["type"] for scheme in schemes.values()} == {"apiKey"}
    assert {(scheme["in"], scheme["name"]) for scheme in schemes.values()} == {
        ("header", "Authorization"),
        ("cookie", settings.SESSION_COOKIE_NAME),
    }


def test_a_plain_get_of_openapi_json_returns_json(client_for: Any, alice: Any) -> None:
    response = client_for(alice).get(reverse("api:schema"))

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0].endswith("json")
    assert json.loads(response.content)["openapi"].startswith("3.")


# The docs page ---------------------------------------------------------------------------------


@pytest.fixture
def docs_page(client_for: Any, alice: Any) -> str:
    response = client_for(alice).get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_docs_page_serves_swagger_ui_for_the_schema(docs_page: str, client_for: Any, alice: Any) -> None:
    assert 'id="swagger-ui"' in docs_page
    # No inline script (CSP): the page loads its init script from the docs view itself.
    init_script = f"{reverse('api:docs')}?script="
    assert f'<script src="{init_script}"' in docs_page
    assert not re.search(r"<script>", docs_page)
    script = client_for(alice).get(init_script)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()


def _vendored_assets(docs_page: str) -> list[str]:
    """Every src/href of the page but the init script, which the docs view serves itself."""
    init_script = f"{reverse('api:docs')}?script="
    return [a for a in re.findall(r'(?:src|href)="([^"]+)"', docs_page) if a != init_script]


def test_the_docs_page_loads_nothing_from_a_cdn(docs_page: str) -> None:
    assert not re.search(r"cdn\.|jsdelivr|unpkg|cdnjs", docs_page, re.IGNORECASE)
    assets = _vendored_assets(docs_page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert not re.match(r"(https?:)?//", asset), asset
        assert asset.startswith(f"/{settings.STATIC_URL.strip('/')}/drf_spectacular_sidecar/"), asset


def test_the_docs_pages_assets_exist_in_the_static_files(docs_page: str) -> None:
    static = f"/{settings.STATIC_URL.strip('/')}/"
    for asset in _vendored_assets(docs_page):
        assert finders.find(asset.removeprefix(static)), asset
