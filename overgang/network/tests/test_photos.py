"""Photos in the network overview: checked by content, re-encoded without metadata, size-limited,
and served only through the door."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.network import photos, services
from overgang.network.models import NetworkPerson, NetworkPhoto

pytestmark = pytest.mark.usefixtures("frozen_today")

PERSON = {
    "role": "family",
    "role_text": "",
    "name": "Mor Borgersen",
    "direct_phone": "12345678",
    "main_phone": "",
    "email": "",
    "address": "",
    "is_active": True,
    "can_help_with": "Støtte",
}


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "Geo tagger"  # Software
    return image_bytes("JPEG", exif=exif.tobytes())


def post_data(**extra):
    data = {k: v for k, v in PERSON.items() if k != "is_active"} | {"is_active": "on"}
    return data | extra


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness)


@pytest.fixture
def mother(course, alice):
    photo = photos.reencode(io.BytesIO(image_bytes()))
    return services.person_add(citizen=course.citizen, actor=alice, photo=photo, **PERSON)


def url(course, tail=""):
    return f"/courses/{course.pk}/network/{tail}"


# --- Checking and re-encoding ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_jpeg_png_and_webp_are_reencoded_as_small_jpeg(fmt):
    photo = photos.reencode(io.BytesIO(image_bytes(fmt, size=(1600, 1200))))
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG"
    assert max(stored.size) == photos.STORED_SIZE
    assert (photo.width, photo.height) == stored.size == (512, 384)


def test_exif_is_stripped():
    raw = jpeg_with_exif()
    assert b"SecretCam" in raw
    photo = photos.reencode(io.BytesIO(raw))
    assert b"SecretCam" not in photo.data
    assert b"Exif" not in photo.data
    assert not Image.open(io.BytesIO(photo.data)).getexif()


def test_transparent_png_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    photo = photos.reencode(io.BytesIO(out.getvalue()))
    pixel = Image.open(io.BytesIO(photo.data)).convert("RGB").getpixel((5, 5))
    assert isinstance(pixel, tuple)
    assert min(pixel) > 240


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"hello, I am text pretending to be a PNG\n", id="text"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, id="broken-png"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", id="svg"),
        pytest.param(image_bytes("GIF"), id="gif"),
        pytest.param(image_bytes("BMP"), id="bmp"),
    ],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(raw):
    with pytest.raises(CourseActionError) as caught:
        photos.reencode(io.BytesIO(raw))
    assert caught.value.field == "photo"


def test_too_many_bytes_is_refused_by_declared_size_and_by_content():
    with pytest.raises(CourseActionError, match="for stort"):
        photos.reencode(io.BytesIO(b""), size=photos.MAX_UPLOAD_BYTES + 1)
    with pytest.raises(CourseActionError, match="for stort"):
        photos.reencode(io.BytesIO(b"\0" * (photos.MAX_UPLOAD_BYTES + 1)))


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 1000)
    with pytest.raises(CourseActionError, match="for mange pixels"):
        photos.reencode(io.BytesIO(image_bytes("PNG", size=(100, 100))))


# --- Upload through the pages ------------------------------------------------------------------


def test_a_png_named_jpg_is_accepted_and_stored_as_jpeg(course, alice, client_for):
    upload = SimpleUploadedFile("mor.jpg", image_bytes("PNG"), content_type="image/jpeg")
    response = client_for(alice).post(url(course, "add/"), post_data(photo=upload))
    assert response.status_code == 302
    stored = NetworkPhoto.objects.get(person__name="Mor Borgersen")
    assert bytes(stored.image)[:3] == b"\xff\xd8\xff"
    assert stored.content_type == "image/jpeg"
    entry = AuditEntry.objects.get(action="network.person_added")
    assert "photo" in entry.after["fields"]


def test_a_text_file_named_png_is_400_nothing_saved_and_the_typed_fields_are_kept(course, alice, client_for):
    upload = SimpleUploadedFile("mor.png", b"just some text, not a photo", content_type="image/png")
    response = client_for(alice).post(url(course, "add/"), post_data(photo=upload))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="Mor Borgersen"' in html
    assert 'value="12345678"' in html
    assert not NetworkPerson.objects.exists()
    assert not NetworkPhoto.objects.exists()
    assert not AuditEntry.objects.filter(action="network.person_added").exists()


def test_a_too_large_upload_is_400(course, alice, client_for, monkeypatch):
    monkeypatch.setattr(photos, "MAX_UPLOAD_BYTES", 100)
    upload = SimpleUploadedFile("mor.png", image_bytes("PNG", size=(200, 200)), content_type="image/png")
    response = client_for(alice).post(url(course, "add/"), post_data(photo=upload))
    assert response.status_code == 400
    assert "for stort" in str(response.context["form"].errors["photo"])
    assert not NetworkPerson.objects.exists()


def test_edit_replaces_and_removes_the_photo(course, mother, alice, client_for):
    client = client_for(alice)
    before = bytes(mother.photo.image)
    upload = SimpleUploadedFile("ny.webp", image_bytes("WEBP", size=(64, 64)), content_type="image/webp")
    response = client.post(url(course, f"{mother.pk}/edit/"), post_data(version=mother.version, photo=upload))
    assert response.status_code == 302
    photo = NetworkPhoto.objects.get(person=mother)
    assert bytes(photo.image) != before
    assert photo.width == 64
    mother.refresh_from_db()
    assert mother.version == 2
    response = client.post(url(course, f"{mother.pk}/edit/"), post_data(version=2, remove_photo="on"))
    assert response.status_code == 302
    assert not NetworkPhoto.objects.filter(person=mother).exists()
    assert AuditEntry.objects.filter(action="network.person_changed").count() == 2


def test_a_bad_photo_on_edit_changes_nothing(course, mother, alice, client_for):
    before = bytes(mother.photo.image)
    upload = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    response = client_for(alice).post(
        url(course, f"{mother.pk}/edit/"), post_data(version=1, name="Nyt Navn", photo=upload)
    )
    assert response.status_code == 400
    assert 'value="Nyt Navn"' in response.content.decode()
    mother.refresh_from_db()
    assert mother.name == "Mor Borgersen"
    assert mother.version == 1
    assert bytes(NetworkPhoto.objects.get(person=mother).image) == before


# --- Serving -----------------------------------------------------------------------------------


def test_the_overview_shows_the_photo_through_the_photo_view(course, mother, alice, client_for):
    html = client_for(alice).get(url(course)).content.decode()
    assert f'src="/courses/{course.pk}/network/{mother.pk}/photo/"' in html
    assert "/media/" not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("carol", 200), ("manny", 200), ("bob", 404), ("mallory", 404), ("dave", 404)],
)
def test_who_may_fetch_the_photo(course, mother, client_for, request, who, status):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url(course, f"{mother.pk}/photo/"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response.content[:3] == b"\xff\xd8\xff"


def test_anonymous_is_sent_to_log_in_for_the_photo(course, mother, client):
    response = client.get(url(course, f"{mother.pk}/photo/"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_photo_of_another_citizens_network_is_404_through_this_course(
    course, mother, alice, homelessness, make_course, client_for
):
    other = make_course(alice, homelessness)
    response = client_for(alice).get(url(other, f"{mother.pk}/photo/"))
    assert response.status_code == 404


def test_a_person_without_photo_is_404(course, alice, client_for):
    person = services.person_add(citizen=course.citizen, actor=alice, **PERSON)
    assert client_for(alice).get(url(course, f"{person.pk}/photo/")).status_code == 404
