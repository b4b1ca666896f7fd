"""Hostile uploads to the network overview's photo field, made in the test: each is refused with the
translated error and nothing is saved, or (an image carrying a payload) stored re-encoded without
the payload or its metadata. The photo is served as a sandboxed, non-sniffable JPEG download, and
only through the door."""

from __future__ import annotations

import io
import random
import struct
import zlib
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from overgang.audit.models import AuditEntry
from overgang.network import photos
from overgang.network.models import NetworkPerson, NetworkPhoto

pytestmark = pytest.mark.usefixtures("frozen_today")

NOT_A_PHOTO = "The file is not a photo. Choose a JPEG, PNG or WebP image."
TOO_LARGE = "The photo is too large. Choose a photo of at most 5 MB."
TOO_MANY_PIXELS = "The photo has too many pixels. Choose a smaller photo."

SCRIPT = b"<script>alert(document.cookie)</script>"
PHP = b"<?php system($_GET['c']); ?>"


# --- Samples ---------------------------------------------------------------------------------------


def jpeg(size: tuple[int, int] = (64, 48), *, noise: bool = False, **save: Any) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    if noise:  # incompressible, so a cut-off file really lacks image data
        rng = random.Random(8)
        image = Image.frombytes("RGB", size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3)))
    out = io.BytesIO()
    image.save(out, format="JPEG", **save)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, format="GIF")
    return out.getvalue()


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        + SCRIPT
        + b"</svg>"
    )


def html_page() -> bytes:
    return b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"


def gif_polyglot() -> bytes:
    """A real GIF (valid header and image) with an HTML page appended after its trailer."""
    return gif() + html_page()


def jpeg_polyglot() -> bytes:
    """A real JPEG with an HTML page appended after its end marker: browsers that sniff find the page."""
    return jpeg() + html_page()


def jpeg_with_php_in_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = PHP.decode()  # ImageDescription
    exif[0x9286] = PHP.decode()  # UserComment (Exif IFD tag, tolerated in IFD0 by readers)
    return jpeg(exif=exif.tobytes(), comment=PHP)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (55.0, 40.0, 33.0)  # GPSLatitude: Copenhagen
    gps[3] = "E"
    gps[4] = (12.0, 34.0, 5.0)
    return jpeg(exif=exif.tobytes())


def oversized() -> bytes:
    """A valid JPEG padded past 5 MB (the padding after the end marker keeps it a decodable JPEG)."""
    image = jpeg()
    return image + b"\0" * (photos.MAX_UPLOAD_BYTES + 1 - len(image))


def decompression_bomb() -> bytes:
    """A few hundred bytes of PNG whose header claims 8000 × 6000 = 48 megapixels (> 40)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, format="PNG")
    raw = bytearray(out.getvalue())
    # IHDR: 8-byte signature, 4-byte length, "IHDR", then width and height; its CRC follows the data.
    raw[16:24] = struct.pack(">II", 8000, 6000)
    raw[29:33] = struct.pack(">I", zlib.crc32(bytes(raw[12:29])))
    return bytes(raw)


def truncated_jpeg() -> bytes:
    whole = jpeg((200, 200), noise=True)
    return whole[: len(whole) // 2]


# --- Helpers ---------------------------------------------------------------------------------------


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any) -> Any:
    return make_course(alice, homelessness)


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client: Client, course: Any, name: str, content: bytes, content_type: str) -> Any:
    data = {
        "role": "family",
        "role_text": "",
        "name": "Mor Borgersen",
        "direct_phone": "12345678",
        "main_phone": "",
        "email": "",
        "address": "",
        "is_active": "on",
        "can_help_with": "",
        "photo": SimpleUploadedFile(name, content, content_type=content_type),
    }
    return client.post(f"/courses/{course.pk}/network/add/", data)


def stored_photo() -> bytes:
    return bytes(NetworkPhoto.objects.get(person__name="Mor Borgersen").image)


# --- Refused ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "error"),
    [
        pytest.param("mor.svg", svg_with_script(), "image/svg+xml", NOT_A_PHOTO, id="svg-with-script"),
        pytest.param("mor.jpg", html_page(), "image/jpeg", NOT_A_PHOTO, id="html-named-jpg"),
        pytest.param("mor.jpg", gif_polyglot(), "image/jpeg", NOT_A_PHOTO, id="gif-html-polyglot"),
        pytest.param("mor.jpg", oversized(), "image/jpeg", TOO_LARGE, id="over-5-mb"),
        pytest.param("mor.png", decompression_bomb(), "image/png", TOO_MANY_PIXELS, id="decompression-bomb"),
        pytest.param("mor.jpg", truncated_jpeg(), "image/jpeg", NOT_A_PHOTO, id="truncated"),
    ],
)
def test_a_hostile_file_is_refused_with_the_translated_error_and_nothing_is_saved(
    course: Any, alice: Any, client_for: Any, name: str, content: bytes, content_type: str, error: str
) -> None:
    response = upload(english(client_for(alice)), course, name, content, content_type)

    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [error]
    assert error in response.content.decode()
    assert not NetworkPerson.objects.exists()
    assert not NetworkPhoto.objects.exists()
    assert not AuditEntry.objects.filter(action="network.person_added").exists()


def test_a_truncated_file_is_refused_even_after_weasyprint_told_pillow_to_accept_them() -> None:
    """WeasyPrint (the PDFs) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(photos.CourseActionError):
        photos.reencode(io.BytesIO(truncated_jpeg()))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's choice is left as it was


def test_the_error_is_danish_by_default(course: Any, alice: Any, client_for: Any) -> None:
    response = upload(client_for(alice), course, "mor.svg", svg_with_script(), "image/svg+xml")

    assert response.status_code == 400
    assert response.context["form"].errors["photo"] != [NOT_A_PHOTO]  # translated, not the English source


def test_the_bomb_is_refused_before_it_is_decoded(monkeypatch: Any) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the pixels of a bomb must never be decoded")

    bomb = decompression_bomb()
    monkeypatch.setattr(Image.Image, "load", explode)
    with pytest.raises(photos.CourseActionError):
        photos.reencode(io.BytesIO(bomb))


# --- Stored re-encoded, without the payload --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "payload"),
    [
        pytest.param(jpeg_polyglot(), SCRIPT, id="jpeg-html-polyglot"),
        pytest.param(jpeg_with_php_in_exif(), PHP, id="php-in-exif-and-comment"),
        pytest.param(jpeg_with_gps(), b"PhoneMaker", id="exif-gps"),
    ],
)
def test_an_image_carrying_a_payload_is_stored_re_encoded_without_it(
    course: Any, alice: Any, client_for: Any, content: bytes, payload: bytes
) -> None:
    assert payload in content

    response = upload(client_for(alice), course, "mor.jpg", content, "image/jpeg")

    assert response.status_code == 302
    stored = stored_photo()
    assert payload not in stored
    assert b"<script" not in stored
    assert b"<?php" not in stored
    assert stored != content
    assert stored.endswith(b"\xff\xd9")  # nothing after the JPEG's end marker
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)  # no GPS


def test_the_gps_sample_really_carries_a_position() -> None:
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(0x8825)[1] == "N"


# --- Served through the door -----------------------------------------------------------------------


@pytest.fixture
def photo_url(course: Any, alice: Any, client_for: Any) -> str:
    upload(client_for(alice), course, "mor.jpg", jpeg_polyglot(), "image/jpeg")
    person = NetworkPerson.objects.get(name="Mor Borgersen")
    return f"/courses/{course.pk}/network/{person.pk}/photo/"


def test_the_photo_is_served_as_a_sandboxed_jpeg_download(
    photo_url: str, alice: Any, client_for: Any
) -> None:
    response = client_for(alice).get(photo_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert response.content[:3] == b"\xff\xd8\xff"
    assert SCRIPT not in response.content


@pytest.mark.parametrize("outsider", ["bob", "mallory", "dave"])
def test_the_photo_is_404_for_users_outside(
    photo_url: str, client_for: Any, request: Any, outsider: str
) -> None:
    response = client_for(request.getfixturevalue(outsider)).get(photo_url)

    assert response.status_code == 404
    assert response.content[:3] != b"\xff\xd8\xff"
