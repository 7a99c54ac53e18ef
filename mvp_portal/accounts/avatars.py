"""Profile photos: an uploaded image checked and made into two small squares,
and the fallback shown without one (initials in a coloured circle).

An upload is accepted only if Pillow reads it as one of ``ACCEPTED_FORMATS``
within the size limits (bytes, pixels: a decompression bomb is refused before
it is decoded). What is kept is made here, never the upload itself: the EXIF
orientation applied, transparency flattened on white, cropped to a centred
square, resized to ``SIZES`` and written as WebP from fresh pixels, so no
metadata (EXIF, GPS, ICC, comments) survives. The squares are small (a few
kilobytes each) and live in the database (``Avatar``): every web node serves
them without a shared media volume.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LARGE, SMALL = 256, 64
SIZES = (LARGE, SMALL)
CONTENT_TYPE = "image/webp"
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000; more is refused before decoding
MIN_SIDE = SMALL


@dataclass(frozen=True)
class ProcessedAvatar:
    large: bytes
    small: bytes
    digest: str  # of the large square: the ETag, and the version in the photo's address

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE


UNREADABLE = _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF picture.")
TOO_LARGE = _("The photo is larger than 5 MB. Upload a smaller one.")
TOO_MANY_PIXELS = _("The picture is too large (more than 40 megapixels). Upload a smaller one.")
TOO_SMALL = _("The picture is too small: at least 64 × 64 pixels.")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent parts on white."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _square(image: Image.Image, side: int) -> bytes:
    fitted = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    clean = Image.new("RGB", fitted.size)  # fresh pixels: nothing of the upload's metadata
    clean.paste(fitted)
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def process_upload(upload) -> ProcessedAvatar:
    """The two squares of an uploaded file, or a ``ValidationError`` saying what is wrong."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                width, height = image.size  # from the header, nothing decoded yet
                if width * height > MAX_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
                if min(width, height) < MIN_SIDE:
                    raise ValidationError(TOO_SMALL, code="too_small")
                if image.format == "JPEG":
                    image.draft("RGB", (LARGE * 2, LARGE * 2))  # decode a large JPEG at a reduced scale
                image.seek(0)  # an animation: its first frame
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = _flatten(upright)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError):
            raise ValidationError(UNREADABLE, code="unreadable") from None
    large = _square(pixels, LARGE)
    small = _square(pixels, SMALL)
    return ProcessedAvatar(large=large, small=small, digest=hashlib.sha256(large).hexdigest()[:16])


# The fallback -------------------------------------------------------------------
# Background colours of the initials circle, each with white text at a contrast of
# at least 4.5:1 (WCAG AA; tests/accounts/test_avatars.py checks them and the CSS).
PALETTE = ("#1f5f99", "#7a3e9d", "#a4373a", "#2e7d32", "#8a5300", "#00697a", "#5c5f66", "#b0306a")


def colour_index(user_id: int | None) -> int:
    """The person's colour: fixed by their id, so it survives a change of name."""
    return (user_id or 0) % len(PALETTE)


def _first_letter(word: str) -> str:
    """The first letter or digit of ``word`` with its combining marks ("" if none)."""
    for index, char in enumerate(word):
        if unicodedata.category(char)[0] in ("L", "N"):
            end = index + 1
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1
            return unicodedata.normalize("NFC", word[index:end])
    return ""


# Scripts whose names are not spelled with initials: one character stands for the name.
_ONE_CHARACTER_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def initials(name: str) -> str:
    """Up to two initials of a display name, in any script.

    "Ada Lovelace" → "AL", "josé  de la peña" → "JP", "Ærøskøbing" → "Æ",
    "محمد علي" → "مع" (separated by a zero-width non-joiner, so the two stay
    letters and are not joined into a word), "山田 太郎" → "山", "김민준" → "김".
    "?" when the name has no letter.
    """
    words = [word for word in (name or "").split() if _first_letter(word)]
    if not words:
        return "?"
    first = _first_letter(words[0])
    if unicodedata.name(first[0], "").startswith(_ONE_CHARACTER_SCRIPTS):
        return first
    if len(words) == 1:
        return first.upper()
    last = _first_letter(words[-1])
    joiner = "\u200c" if unicodedata.bidirectional(first[0]) == "AL" else ""
    return f"{first}{joiner}{last}".upper()
