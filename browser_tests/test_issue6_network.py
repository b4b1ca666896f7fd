"""The network overview and the network map (issue 6, appendices 7 and 8): people added in the
overview, placed on the map by dragging (kept after a reload), moved with the keyboard, a line
drawn between two people, the citizen's consent recorded, and the map exported as PNG.

The new strings may not be translated yet, so elements are found by data-testid, name or role.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DOWNLOAD_TIMEOUT, SCREENSHOTS, log_in, screenshot
from overgang.network import geometry
from overgang.network.models import MapConsent, MapLine, MapPlacement, NetworkPerson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PEOPLE = [
    # (role, words for "other", name)
    ("family", "", "Mette Borgersen"),
    ("gp", "", "Grete Lægesen"),
    ("other", "ven", "Jonas Holm"),
    ("school", "", "Lise Lærer"),
    ("job_centre_consultant", "", "Karim Jobsen"),
]


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any, today: dt.date) -> Any:
    return make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=20), first_name="Sofie", last_name="Nielsen"
    )


def photo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 300), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 50, 205, 160), fill=(120, 90, 70))
    draw.rectangle((70, 170, 230, 300), fill=(40, 90, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_person(page: Any, role: str, role_text: str, name: str, *, photo: bytes | None = None) -> None:
    form = page.get_by_test_id("form-network-person")
    if photo is not None:
        # A PNG with a .jpg name: checked by what it is, not by what it is called.
        form.locator("input[name=photo]").set_input_files(
            {"name": "mette.jpg", "mimeType": "image/jpeg", "buffer": photo}
        )
    form.locator("select[name=role]").select_option(role)
    if role_text:
        form.locator("input[name=role_text]").fill(role_text)
    form.locator("input[name=name]").fill(name)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("network-person").filter(has_text=name)).to_be_visible()


def node(page: Any, name: str) -> Any:
    return page.locator(f'[data-testid="map-person"][data-name="{name}"]')


def screen_point(page: Any, x: float, y: float) -> tuple[float, float]:
    """Where a normalised map point is on screen."""
    return page.evaluate(
        """([x, y]) => {
            const svg = document.getElementById('network-map');
            const p = svg.createSVGPoint();
            p.x = Number(svg.dataset.cx) + x * Number(svg.dataset.radius);
            p.y = Number(svg.dataset.cy) + y * Number(svg.dataset.radius);
            const s = p.matrixTransform(svg.getScreenCTM());
            return [s.x, s.y];
        }""",
        [x, y],
    )


def drag(page: Any, name: str, x: float, y: float) -> None:
    """Mouse down on the person, move in steps, release at the point; wait for the save."""
    target = node(page, name).locator(".og-map-dot")
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    to_x, to_y = screen_point(page, x, y)
    with page.expect_response(lambda r: r.url.endswith("/network/map/place/") and r.status == 200):
        page.mouse.move(to_x, to_y, steps=12)
        page.mouse.up()
    expect(node(page, name)).to_have_attribute("data-placed", "1")


def test_network_people_are_placed_on_the_map_moved_connected_and_consent_recorded(
    page: Any, alice: Any, course: Any
) -> None:
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_test_id("network-link").click()
    for index, (role, role_text, name) in enumerate(PEOPLE):
        add_person(page, role, role_text, name, photo=photo_png() if index == 0 else None)
    assert NetworkPerson.objects.filter(citizen=course.citizen).count() == len(PEOPLE)
    photo = page.get_by_test_id("network-photo")
    expect(photo).to_have_count(1)
    photo.evaluate("img => img.decode()")  # wait until the photo has loaded (a race otherwise)
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    screenshot(page, "issue6-network-overview")

    page.get_by_test_id("network-map-link").click()
    expect(page.get_by_test_id("network-map-svg")).to_be_visible()
    expect(page.get_by_test_id("map-person")).to_have_count(len(PEOPLE))
    expect(page.get_by_test_id("map-sector-label")).to_have_count(5)
    expect(page.get_by_test_id("map-ring-label")).to_have_count(3)

    # Dragging, at the distance that feels right.
    drag(page, "Mette Borgersen", 0.05, -0.35)  # family, close
    drag(page, "Grete Lægesen", -0.8, -0.3)  # professionals, further away
    drag(page, "Jonas Holm", 0.3, 0.55)  # others, in between
    drag(page, "Karim Jobsen", -0.55, -0.05)  # professionals, in between
    drag(page, "Jonas Holm", 0.42, 0.5)  # moved again: the version follows along
    placements = {p.person.name: p for p in MapPlacement.objects.select_related("person")}
    assert geometry.sector_of(placements["Mette Borgersen"].x, placements["Mette Borgersen"].y) == "family"
    assert geometry.ring_of(placements["Mette Borgersen"].x, placements["Mette Borgersen"].y) == 1
    assert geometry.sector_of(placements["Grete Lægesen"].x, placements["Grete Lægesen"].y) == "professionals"
    assert geometry.ring_of(placements["Grete Lægesen"].x, placements["Grete Lægesen"].y) == 3
    assert geometry.sector_of(placements["Jonas Holm"].x, placements["Jonas Holm"].y) == "others"
    assert abs(placements["Jonas Holm"].x - 0.42) < 0.03

    # Kept after a reload.
    page.reload()
    for name in ("Mette Borgersen", "Grete Lægesen", "Jonas Holm", "Karim Jobsen"):
        expect(node(page, name)).to_have_attribute("data-placed", "1")
    expect(node(page, "Lise Lærer")).to_have_attribute("data-placed", "0")

    # The keyboard: an unplaced person goes to the field their role suggests, then arrows move them.
    teacher = node(page, "Lise Lærer")
    teacher.focus()
    with page.expect_response(lambda r: r.url.endswith("/network/map/place/") and r.status == 200):
        page.keyboard.press("ArrowRight")
    expect(teacher).to_have_attribute("data-placed", "1")
    placed = MapPlacement.objects.get(person__name="Lise Lærer")
    assert geometry.sector_of(placed.x, placed.y) == "work_school"
    assert geometry.ring_of(placed.x, placed.y) == 2
    before = placed.x
    for _ in range(3):
        with page.expect_response(lambda r: r.url.endswith("/network/map/place/") and r.status == 200):
            page.keyboard.press("ArrowRight")
    placed.refresh_from_db()
    assert placed.x == pytest.approx(before + 0.15, abs=0.01)
    expect(page.get_by_test_id("map-status")).to_contain_text("Lise Lærer")

    # A line between two people who have something to do with each other.
    line_form = page.get_by_test_id("form-map-line")
    line_form.locator("select[name=person_a]").select_option(label="Mette Borgersen")
    line_form.locator("select[name=person_b]").select_option(label="Jonas Holm")
    line_form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("map-line")).to_have_count(1)
    line_form = page.get_by_test_id("form-map-line")
    line_form.locator("select[name=person_a]").select_option(label="Grete Lægesen")
    line_form.locator("select[name=person_b]").select_option(label="Karim Jobsen")
    line_form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("map-line")).to_have_count(2)
    assert MapLine.objects.count() == 2

    # The lines follow a person who is dragged.
    drag(page, "Mette Borgersen", -0.1, -0.6)
    line = page.get_by_test_id("map-line").first
    x1, y1 = float(line.get_attribute("x1")), float(line.get_attribute("y1"))
    assert (x1, y1) == pytest.approx((600 - 0.1 * 360, 430 - 0.6 * 360), abs=2) or (
        float(line.get_attribute("x2")),
        float(line.get_attribute("y2")),
    ) == pytest.approx((600 - 0.1 * 360, 430 - 0.6 * 360), abs=2)

    # The citizen's consent.
    consent = page.get_by_test_id("form-map-consent")
    consent.locator("input[name=scope][value=worker_and_coordinator]").check()
    consent.get_by_label("Jonas Holm").check()
    consent.locator("textarea[name=note]").fill("Må også vises til bostøtten")
    consent.locator("button[type=submit]").click()
    expect(page.get_by_test_id("map-consent-history")).to_contain_text("Jonas Holm")
    recorded = MapConsent.objects.get()
    assert recorded.scope == "worker_and_coordinator"
    assert recorded.recorded_by == alice

    page.locator("#network-map").scroll_into_view_if_needed()
    page.mouse.move(5, 5)
    screenshot(page, "issue6-network-map", phone=True)

    # PNG export in the browser: encoding the canvas at twice the size takes seconds on a busy machine.
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as download_info:
        page.get_by_test_id("map-png").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    exported = SCREENSHOTS / "issue6-network-map-export.png"
    download.save_as(str(exported))
    assert exported.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # On paper: the drawing, without the forms.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("form-map-line")).to_be_hidden()
    expect(page.get_by_test_id("network-map-svg")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "issue6-network-map-print.png"), full_page=True)
    page.emulate_media(media="screen")


def test_a_second_tab_cannot_silently_overwrite_the_first(page: Any, alice: Any, course: Any) -> None:
    from overgang.network import services

    mother = services.person_add(
        citizen=course.citizen,
        actor=alice,
        role="family",
        role_text="",
        name="Mette Borgersen",
        direct_phone="",
        main_phone="",
        email="",
        address="",
        is_active=True,
        can_help_with="",
    )
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/network/map/")
    other_tab = page.context.new_page()
    other_tab.goto(f"/courses/{course.pk}/network/map/")
    page.bring_to_front()
    drag(page, "Mette Borgersen", 0.0, -0.4)
    other_tab.bring_to_front()
    # The other tab still has the old version: its move is refused and undone on screen.
    target = node(other_tab, "Mette Borgersen").locator(".og-map-dot")
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    other_tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    other_tab.mouse.down()
    to_x, to_y = screen_point(other_tab, 0.5, 0.5)
    with other_tab.expect_response(lambda r: r.url.endswith("/network/map/place/") and r.status == 409):
        other_tab.mouse.move(to_x, to_y, steps=8)
        other_tab.mouse.up()
    expect(other_tab.get_by_test_id("map-status")).to_have_class(re.compile("og-map-status-error"))
    expect(node(other_tab, "Mette Borgersen")).to_have_attribute("data-placed", "0")
    placement = MapPlacement.objects.get(person=mother)
    assert (placement.x, placement.y) == pytest.approx((0.0, -0.4), abs=0.02)


def test_the_coordinator_sees_the_map_only_with_consent(
    page: Any, alice: Any, carol: Any, course: Any
) -> None:
    from overgang.network import services

    log_in(page, carol)
    page.goto(f"/courses/{course.pk}/network/")
    expect(page.get_by_test_id("network-map-link")).to_have_count(0)
    response = page.goto(f"/courses/{course.pk}/network/map/")
    assert response is not None and response.status == 404
    services.consent_record(
        citizen=course.citizen,
        actor=alice,
        scope="worker_and_coordinator",
        given_on=dt.date.today(),
        shared_with=[],
        note="",
        expected_consent=0,
        today=dt.date.today(),
    )
    page.goto(f"/courses/{course.pk}/network/")
    page.get_by_test_id("network-map-link").click()
    expect(page.get_by_test_id("network-map-svg")).to_be_visible()
