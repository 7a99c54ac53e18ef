"""The award certificate as a printable PDF, drawn with reportlab.

Uncompressed and ``invariant`` (no timestamp, stable ids): the same award
always gives the same bytes, and the text stays searchable.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

import reportlab
from django.utils.formats import date_format
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from awards.models import Award

BRAND = HexColor("#0d6efd")

# Names come from everywhere: DejaVu (Debian's fonts-dejavu-core), where installed, covers
# Latin, Greek and Cyrillic letters; reportlab's bundled Vera covers Latin-1 (the fallback).
FONT_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"),
]


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names registered with reportlab; Helvetica if no TrueType font is found."""
    for regular, bold in FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("CertificateSans", str(regular)))
            pdfmetrics.registerFont(TTFont("CertificateSans-Bold", str(bold)))
            return "CertificateSans", "CertificateSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def award_period(award: Award) -> str:
    return f"{date_format(award.starts_on)} to {date_format(award.ends_on)}"


def certificate_pdf(award: Award) -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=0)
    name = award.user.display_name or award.user.email
    pdf.setTitle(f"MVP award certificate: {name}")
    pdf.setAuthor("MVP Portal")
    pdf.setSubject(f"{award.expertise.name}, {award_period(award)}")

    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(6)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    pdf.setLineWidth(1)
    pdf.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)

    center = width / 2
    regular, bold = fonts()
    pdf.setFillColor(BRAND)
    pdf.setFont(bold, 34)
    pdf.drawCentredString(center, height - 4.5 * cm, "Most Valuable Professional")
    pdf.setFillColor(HexColor("#212529"))
    pdf.setFont(regular, 16)
    pdf.drawCentredString(center, height - 6.2 * cm, "This certificate recognises")
    pdf.setFont(bold, 30)
    pdf.drawCentredString(center, height - 8.2 * cm, name)
    pdf.setFont(regular, 16)
    pdf.drawCentredString(
        center, height - 10 * cm, "for exceptional contributions to technical communities, sharing expertise in"
    )
    pdf.setFont(bold, 20)
    pdf.drawCentredString(center, height - 11.4 * cm, award.expertise.name)
    pdf.setFont(regular, 14)
    pdf.drawCentredString(center, height - 13 * cm, f"Award period: {award_period(award)}")
    pdf.setFont(regular, 10)
    pdf.drawCentredString(center, 2.4 * cm, f"Certificate no. {award.pk:06d} · MVP Portal")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
