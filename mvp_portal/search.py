"""The one rule of how text is compared in a keyword search: ``search_key``.

Both sides go through it, what is stored (``User.search_text``) and what is
typed, so "Jose" finds "José", "muller" finds "Müller" and "ZOË" finds "Zoe",
in every script:

- case folding (``casefold``: ß is ss, Σ/ς are σ);
- compatibility decomposition (NFKD): accents become separate marks, full-width
  Latin and half-width katakana become their ordinary forms, ligatures (ﬁ) letters;
- the combining marks are dropped (accents, Arabic short vowels), except the
  kana voicing marks: か and が are different words, not an accent apart;
- the letters that carry no separable accent are written as their base letters (ø, ł, đ, æ, ı);
- recomposition (NFC), so Hangul and kana are stored as typed.
"""

import unicodedata

# Kana voiced/semi-voiced sound marks: combining, but part of the letter.
KEPT_MARKS = {"\u3099", "\u309a"}

BASE_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"}
)


def search_key(text: str) -> str:
    """``text`` as keyword search compares it: without accents, case or width."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c) or c in KEPT_MARKS)
    return unicodedata.normalize("NFC", bare.translate(BASE_LETTERS))
