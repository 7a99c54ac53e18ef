"""Pictures for the profile-photo tests, made in memory with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from mvp_portal.accounts.avatars import process_upload
from mvp_portal.accounts.services import avatar_save


def picture(size=(300, 200), *, format="JPEG", colour=(200, 30, 30), mode="RGB", exif=None, **save_options) -> bytes:
    image = Image.new(mode, size, colour)
    out = io.BytesIO()
    if exif is not None:
        save_options["exif"] = exif
    image.save(out, format=format, **save_options)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "me.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture() if data is None else data, content_type=content_type)


def give_photo(user, data: bytes | None = None):
    """``user`` with a profile photo, through the service the upload page uses."""
    return avatar_save(user=user, photo=process_upload(upload(data)), now=timezone.now())
