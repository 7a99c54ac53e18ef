"""Profile photos: what an upload becomes (mvp_portal.accounts.avatars), what is
refused and why, and the initials in a coloured circle shown without a photo."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from mvp_portal.accounts import avatars
from tests.support.images import picture, upload


def processed(data: bytes, name: str = "me.jpg") -> avatars.ProcessedAvatar:
    return avatars.process_upload(upload(data, name=name))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refusal(data: bytes, name: str = "me.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        processed(data, name)
    return caught.value.code


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (the data is a single pixel)."""
    data = picture((1, 1), format="PNG")
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


# What an upload becomes --------------------------------------------------------
def test_a_photo_becomes_two_webp_squares():
    photo = processed(picture((900, 600)))
    large, small = opened(photo.large), opened(photo.small)
    assert (large.format, large.size, large.mode) == ("WEBP", (256, 256), "RGB")
    assert (small.format, small.size) == ("WEBP", (64, 64))
    assert photo.content_type == "image/webp"
    assert re.fullmatch(r"[0-9a-f]{16}", photo.digest)
    assert len(photo.large) < 20_000 and len(photo.small) < 5_000


def test_the_crop_is_centred():
    """A wide picture, red in its middle third and blue at the sides: the square keeps the middle."""
    image = Image.new("RGB", (600, 200), (0, 0, 255))
    image.paste((255, 0, 0), (200, 0, 400, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    square = opened(processed(out.getvalue(), "wide.png").large)
    red, green, blue = square.getpixel((128, 128))
    assert red > 200 and blue < 60
    red, green, blue = square.getpixel((2, 128))
    assert red > 200 and blue < 60  # the blue sides are cut off


def test_exif_orientation_is_applied_and_every_metadata_dropped():
    """A 200 × 100 picture, red above and blue below, tagged "turn 90° clockwise to
    show" (orientation 6), with a camera maker, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "Spy Camera Inc."  # make
    image = Image.new("RGB", (200, 100), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 200, 50))
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, icc_profile=b"\0" * 128, comment=b"secret")
    photo = processed(out.getvalue())
    for square in (photo.large, photo.small):
        result = opened(square)
        assert not result.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(result.info)
    assert b"Spy Camera" not in photo.large and b"secret" not in photo.large
    # Shown upright, the top (red) is on the right and the bottom (blue) on the left.
    large = opened(photo.large)
    for y in (40, 216):
        left, right = large.getpixel((20, y)), large.getpixel((236, y))
        assert left[2] > 200 and left[0] < 60, (y, left)
        assert right[0] > 200 and right[2] < 60, (y, right)


def test_transparency_is_flattened_on_white():
    data = picture((100, 100), format="PNG", mode="RGBA", colour=(0, 0, 0, 0))
    assert min(opened(processed(data, "clear.png").small).getpixel((32, 32))) >= 245


@pytest.mark.parametrize("format", ["PNG", "WEBP", "GIF"])
def test_other_accepted_formats(format):
    assert opened(processed(picture((120, 120), format=format), f"me.{format.lower()}").large).size == (256, 256)


def test_an_animated_gif_gives_its_first_frame():
    frames = [Image.new("RGB", (100, 100), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    red, green, blue = opened(processed(out.getvalue(), "anim.gif").large).getpixel((10, 10))
    assert red > 200 and blue < 60


# What is refused -------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is not a picture",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"></svg>',
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        picture((200, 200))[:300],  # a JPEG cut short
        picture((200, 200), format="BMP"),  # a real picture in a format not accepted
        picture((200, 200), format="TIFF"),
    ],
    ids=["empty", "text", "svg", "pdf", "truncated-jpeg", "bmp", "tiff"],
)
def test_a_file_that_is_not_an_accepted_picture_is_refused(data):
    assert refusal(data) == "unreadable"


def test_a_file_over_5_mb_is_refused_before_it_is_read():
    assert refusal(b"\xff\xd8" + b"\0" * (avatars.MAX_UPLOAD_BYTES + 1)) == "too_large"


def test_too_many_pixels_is_refused_before_decoding():
    assert refusal(png_claiming(8000, 6000), "big.png") == "too_many_pixels"  # 48 megapixels


def test_a_decompression_bomb_is_refused():
    assert refusal(png_claiming(60000, 60000), "bomb.png") == "too_many_pixels"  # Pillow's own guard
    assert refusal(png_claiming(11000, 11000), "bomb.png") == "too_many_pixels"  # its warning, as an error


def test_a_tiny_picture_is_refused():
    assert refusal(picture((40, 300))) == "too_small"


# Without a photo: initials in a coloured circle -------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "AL"),
        ("josé  de la peña", "JP"),
        ("Ærøskøbing", "Æ"),
        ("Ángel Ñúñez", "ÁÑ"),
        ("Zoë", "Z"),
        ("(Bob) O'Neil", "BO"),
        ("Олег Петров", "ОП"),
        ("Γιώργος Παπαδόπουλος", "ΓΠ"),
        ("محمد علي", "م\u200cع"),
        ("דוד לוי", "דל"),
        ("山田 太郎", "山"),
        ("たなか", "た"),
        ("김민준", "김"),
        ("राहुल शर्मा", "रश"),
        ("A former member", "AM"),
        ("", "?"),
        ("— ★ —", "?"),
    ],
)
def test_initials_in_any_script(name, expected):
    assert avatars.initials(name) == expected


def test_initials_keep_a_letter_with_its_combining_marks():
    assert avatars.initials("e\u0301mile zola") == "ÉZ"  # "é" written as e + combining accent


def contrast(background: str, foreground: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(background), luminance(foreground)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_circle_colour_has_aa_contrast_with_white_initials_and_is_the_stylesheets():
    css = (Path(settings.BASE_DIR) / "static/directory/avatars.css").read_text()
    for index, colour in enumerate(avatars.PALETTE):
        assert contrast(colour) >= 4.5, colour
        assert f".avatar-c{index} {{ background-color: {colour}; }}" in css
    assert re.search(r"\.avatar-initials \{[^}]*color: #fff;", css)


def test_the_colour_follows_the_person_not_the_name():
    assert avatars.colour_index(17) == avatars.colour_index(17)
    assert {avatars.colour_index(pk) for pk in range(1, 40)} == set(range(len(avatars.PALETTE)))
