"""Photos of people in the network: checked by what the bytes are, never by the file's name, and
re-encoded by us before they are stored, so what we keep is a small JPEG with no metadata (EXIF,
GPS, comments) and nothing that a browser could take for anything but an image."""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps

from overgang.courses.services import CourseActionError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb claims a huge size in a tiny file
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
STORED_SIZE = 512
STORED_TYPE = "image/jpeg"


@dataclass(frozen=True)
class Photo:
    data: bytes
    width: int
    height: int
    content_type: str = STORED_TYPE


_strict = threading.Lock()


@contextmanager
def _refusing_truncated_files() -> Iterator[None]:
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported (the PDFs),
    after which a cut-off file would load as a grey-filled photo. Refuse it while we decode."""
    with _strict:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _refuse(message: str) -> CourseActionError:
    return CourseActionError(message, field="photo")


def reencode(upload: IO[bytes], *, size: int | None = None) -> Photo:
    """The upload as a stored photo, or CourseActionError (field "photo") if it is not one."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse(_("The photo is too large. Choose a photo of at most 5 MB."))
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise _refuse(_("The photo is too large. Choose a photo of at most 5 MB."))
    not_an_image = _refuse(_("The file is not a photo. Choose a JPEG, PNG or WebP image."))
    try:
        with warnings.catch_warnings(), _refusing_truncated_files():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refuse(_("The photo has too many pixels. Choose a smaller photo."))
                probe.verify()
            with Image.open(io.BytesIO(raw)) as opened:
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened)  # upright before the EXIF goes
                if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                    rgba = image.convert("RGBA")
                    image = Image.new("RGB", rgba.size, (255, 255, 255))
                    image.paste(rgba, mask=rgba.getchannel("A"))
                else:
                    image = image.convert("RGB")
                image.thumbnail((STORED_SIZE, STORED_SIZE))
                # Pillow carries metadata such as a JPEG comment (COM) over to the saved file: none of it.
                image.info = {}
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
                return Photo(data=out.getvalue(), width=image.width, height=image.height)
    except CourseActionError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The photo has too many pixels. Choose a smaller photo.")) from None
    except Exception:  # Pillow raises many kinds for broken or hostile files: all mean "not a photo"
        raise not_an_image from None
