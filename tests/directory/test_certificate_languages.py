"""The award certificate in its holder's language, with every name printable.

The text is read back with pypdf; the fonts embedded in the PDF are read with
fontTools, and each character drawn must map to a real glyph (reportlab draws
a character its font lacks as glyph 0, the empty box, and maps it to U+0000).
"""

import re
import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from directory.certificate import award_period, certificate_pdf, visual
from tests.factories import AwardFactory, ExpertiseFactory, UserFactory

# language, a name in its script, the title, the line before the name, the award's start in the long form
CASES = [
    ("en", "Chloé Carré", "Most Valuable Professional", "This certificate recognises", "1 October 2026"),
    ("de", "Jürgen Groß", "Wertvollste Fachkraft", "Diese Urkunde würdigt", "1. Oktober 2026"),
    ("es", "José Núñez", "Profesional Más Valioso", "Este certificado reconoce a", "1 de octubre de 2026"),
    ("fr", "Zoë Lefèvre", "Professionnel le plus précieux", "Ce certificat distingue", "1 octobre 2026"),
    ("pt-br", "João Conceição", "Profissional Mais Valioso", "Este certificado reconhece", "1 de Outubro de 2026"),
    ("ja", "山田太郎", "最も価値あるプロフェッショナル", "この認定証は次の方を表彰します", "2026年10月1日"),
    ("ko", "김민준", "최우수 전문가", "본 인증서는 다음 분의 공로를 인정합니다", "2026년 10월 1일"),
    ("zh-hans", "王小明", "最有价值专家", "本证书授予", "2026年10月1日"),
    ("ar", "محمد علي", "المحترف الأكثر قيمة", "تكرم هذه الشهادة", "أكتوبر"),
]


def pdf_text(content: bytes) -> str:
    """The text as pypdf reads it, compatibility-normalised: Arabic joining forms
    (what is drawn) read as the letters they are."""
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return unicodedata.normalize("NFKC", text)


def drawn_characters(content: bytes) -> set[str]:
    """Every character the PDF draws with an embedded font whose glyph has an outline."""
    found = set()
    for page in PdfReader(BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/FontDescriptor" not in font:
                continue  # reportlab's initial Helvetica, never drawn with
            embedded = TTFont(BytesIO(font["/FontDescriptor"]["/FontFile2"].get_data()))
            codes = embedded["cmap"].tables[0].cmap
            glyphs = embedded["glyf"]
            to_unicode = font["/ToUnicode"].get_data().decode()
            for code, unicode in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4,})>", to_unicode):
                glyph = codes.get(int(code, 16))
                if int(unicode, 16) and glyph and glyph != ".notdef" and glyphs[glyph].numberOfContours != 0:
                    found.add(chr(int(unicode, 16)))
    return found


def assert_every_character_has_a_glyph(content: bytes, name: str, language: str) -> None:
    drawn = {unicodedata.normalize("NFKC", char) for char in drawn_characters(content)}
    shaped = {unicodedata.normalize("NFKC", char) for char in visual(name, language)}
    missing = {char for char in shaped if not char.isspace()} - drawn
    assert not missing, f"no glyph for {missing} of {name!r}"
    assert "\x00" not in " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "name", "title", "recognises", "start"), CASES)
def test_the_certificate_speaks_the_mvps_language(language, name, title, recognises, start):
    person = UserFactory(display_name=name, language=language)
    award = AwardFactory(user=person)
    content = certificate_pdf(award)
    text = pdf_text(content)
    for expected in (title, recognises, name, start):
        assert unicodedata.normalize("NFKC", expected) in text, (expected, text)
    assert_every_character_has_a_glyph(content, name, language)


@pytest.mark.django_db
def test_the_expertise_is_named_in_that_language():
    expertise = ExpertiseFactory(name="Cloud and Datacenter", translations={"ja": {"name": "クラウドとデータセンター"}})
    award = AwardFactory(user=UserFactory(display_name="山田花子", language="ja"), expertise=expertise)
    text = pdf_text(certificate_pdf(award))
    assert "クラウドとデータセンター" in text
    with translation.override("ja"):  # the catalogue's wording, whatever it is: "受賞期間：2026年10月1日～…"
        period = gettext("Award period: %(period)s") % {"period": award_period(award)}
    assert "2026年10月1日" in period and unicodedata.normalize("NFKC", period) in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name"),
    [("ja", "김민준"), ("en", "王小明"), ("en", "محمد علي"), ("ko", "山田太郎"), ("zh-hans", "Ayşe Yılmaz")],
)
def test_a_name_in_another_script_still_prints(language, name):
    """Each character is drawn with the first shipped font that has it."""
    content = certificate_pdf(AwardFactory(user=UserFactory(display_name=name, language=language)))
    assert unicodedata.normalize("NFKC", name) in pdf_text(content)
    assert_every_character_has_a_glyph(content, name, language)


def test_arabic_is_joined_and_right_to_left():
    """Drawn left to right: the last letter first, each in its joined form."""
    drawn = visual("محمد علي", "ar")
    assert drawn == "\ufef2\ufee0\ufecb \ufeaa\ufee4\ufea4\ufee3"  # ـي ـلـ عـ  ـد ـمـ ـحـ مـ
    # In an Arabic sentence a number stays left to right, at the sentence's end (on the left).
    assert visual("فترة 2026", "ar").startswith("2026 ")


@pytest.mark.django_db
def test_an_account_without_a_language_gets_english(client):
    person = UserFactory(display_name="Mia Mvp", language="")
    award = AwardFactory(user=person)
    client.force_login(person)
    text = pdf_text(client.get(reverse("directory:certificate", args=[award.pk])).content)
    assert "Most Valuable Professional" in text
    assert "1 October 2026 to 30 September 2027" in text


@pytest.mark.django_db
def test_the_glyph_check_notices_a_character_no_shipped_font_has():
    """Ethiopic is in none of the fonts: drawn as the empty box, and the check says so."""
    content = certificate_pdf(AwardFactory(user=UserFactory(display_name="ሀይሌ Abebe", language="en")))
    with pytest.raises(AssertionError, match="no glyph"):
        assert_every_character_has_a_glyph(content, "ሀይሌ Abebe", "en")
