"""The award certificate as a printable PDF, drawn with reportlab.

Uncompressed and ``invariant`` (no timestamp, stable ids): the same award
always gives the same bytes, and the text stays searchable.

It is written in the MVP's language (``notices.services.language_for``, the
rule the mails follow): words, dates in that language's long form, and the
expertise's translated name. Every font it draws with ships in ``fonts/``
beside this file (TrueType outlines, embedded as subsets; licences beside
them), so a name in any of the program's scripts prints on any machine:

- DejaVu Sans: Latin (accents), Greek, Cyrillic and Arabic;
- IPAex Gothic: Japanese (Japanese glyph forms of the kanji);
- NanumSquare: Korean;
- WenQuanYi Micro Hei: Simplified Chinese, and every CJK character the others lack.

Each character is drawn with the first font of the language's list that has
it, so a Korean name on a Japanese certificate still prints. Arabic is shaped
(joining forms and ligatures, ``arabic_reshaper``) and put in visual order
(``python-bidi``) before drawing: reportlab's own right-to-left support needs
``rlbidi``, which is not published on PyPI.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from awards.models import Award
from mvp_portal.notices.services import language_for
from mvp_portal.translated import in_language

BRAND = HexColor("#0d6efd")
INK = HexColor("#212529")
FONTS_DIR = Path(__file__).parent / "fonts"


@dataclass(frozen=True)
class Face:
    """One shipped typeface: its regular file and its bold one (None: the bold
    weight is drawn by also stroking the regular outlines)."""

    name: str
    regular: str
    bold: str | None = None


LATIN = Face("CertificateSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
JAPANESE = Face("CertificateJa", "ipaexg.ttf")
KOREAN = Face("CertificateKo", "NanumSquareR.ttf", "NanumSquareB.ttf")
CHINESE = Face("CertificateZh", "wqy-microhei.ttc")

# The fonts of each language, first choice first; the last ones catch any other script.
FACES_BY_LANGUAGE = {
    "ja": (JAPANESE, LATIN, CHINESE),
    "ko": (KOREAN, LATIN, CHINESE),
    "zh-hans": (CHINESE, LATIN),
}
DEFAULT_FACES = (LATIN, CHINESE)
RTL_LANGUAGES = {"ar"}


def font(face: Face, bold: bool) -> TTFont:
    """The face's regular or bold font, registered with reportlab."""
    return _registered(f"{face.name}-Bold", face.bold) if bold and face.bold else _registered(face.name, face.regular)


@cache
def _registered(name: str, file: str) -> TTFont:
    """Each file is read once per process (the CJK ones take a moment), and only when needed."""
    registered = TTFont(name, str(FONTS_DIR / file))
    pdfmetrics.registerFont(registered)
    return registered


def faces_for(language: str) -> tuple[Face, ...]:
    return FACES_BY_LANGUAGE.get(language.lower(), DEFAULT_FACES)


def visual(text: str, language: str) -> str:
    """``text`` as drawn left to right: Arabic letters in their joined forms and
    right-to-left runs reversed (a no-op for text without them)."""
    shaped = get_display(arabic_reshaper.reshape(text), base_dir="R" if language in RTL_LANGUAGES else "L")
    return "".join(char for char in shaped if unicodedata.category(char) != "Cf")  # invisible controls: no glyph


def runs(text: str, faces: tuple[Face, ...], bold: bool) -> list[tuple[Face, str]]:
    """``text`` cut into pieces drawn with one face each: all of it with the first
    face that has every character, else each character with the first face that
    has it (spaces stay with the piece they are in)."""
    for face in faces:
        glyphs = font(face, bold).face.charToGlyph
        if all(char.isspace() or ord(char) in glyphs for char in text):
            return [(face, text)]
    pieces: list[tuple[Face, str]] = []
    for char in text:
        if char.isspace() and pieces:
            face = pieces[-1][0]
        else:
            face = next((f for f in faces if ord(char) in font(f, bold).face.charToGlyph), faces[0])
        if pieces and pieces[-1][0] == face:
            pieces[-1] = (face, pieces[-1][1] + char)
        else:
            pieces.append((face, char))
    return pieces


def draw_centred(pdf, x: float, y: float, text: str, *, size: float, bold: bool, language: str, max_width: float):
    """One line centred on ``x``, made smaller if it would be wider than ``max_width``."""
    pieces = runs(visual(text, language), faces_for(language), bold)
    width = sum(pdfmetrics.stringWidth(piece, font(face, bold).fontName, size) for face, piece in pieces)
    if width > max_width:
        size, width = size * max_width / width, max_width
    left = x - width / 2
    for face, piece in pieces:
        name = font(face, bold).fontName
        pdf.setFont(name, size)
        stroked = bold and face.bold is None
        if stroked:
            pdf.setLineWidth(size * 0.03)
        pdf.drawString(left, y, piece, mode=2 if stroked else 0)
        left += pdfmetrics.stringWidth(piece, name, size)


def award_period(award: Award) -> str:
    """'1 October 2026 to 30 September 2027' in the active language."""
    return _("%(start)s to %(end)s") % {"start": date_format(award.starts_on), "end": date_format(award.ends_on)}


def certificate_pdf(award: Award) -> bytes:
    """The certificate, in its holder's language."""
    language = language_for(award.user)
    with translation.override(language):
        return _certificate_pdf(award, language)


def _certificate_pdf(award: Award, language: str) -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=0)
    name = award.user.display_name or award.user.email
    expertise = in_language(award.expertise, "name", language)
    period = award_period(award)
    pdf.setTitle(_("MVP award certificate: %(name)s") % {"name": name})
    pdf.setAuthor(_("MVP Portal"))
    pdf.setSubject(f"{expertise}, {period}")

    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(6)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    pdf.setLineWidth(1)
    pdf.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)

    center = width / 2
    max_width = width - 5 * cm

    def line(y: float, text: str, size: float, bold: bool = False) -> None:
        draw_centred(pdf, center, y, text, size=size, bold=bold, language=language, max_width=max_width)

    pdf.setFillColor(BRAND)
    pdf.setStrokeColor(BRAND)
    line(height - 4.5 * cm, _("Most Valuable Professional"), 34, bold=True)
    pdf.setFillColor(INK)
    pdf.setStrokeColor(INK)
    line(height - 6.2 * cm, _("This certificate recognises"), 16)
    line(height - 8.2 * cm, name, 30, bold=True)
    line(height - 10 * cm, _("for exceptional contributions to technical communities, sharing expertise in"), 16)
    line(height - 11.4 * cm, expertise, 20, bold=True)
    line(height - 13 * cm, _("Award period: %(period)s") % {"period": period}, 14)
    line(2.4 * cm, _("Certificate no. %(number)s · MVP Portal") % {"number": f"{award.pk:06d}"}, 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
