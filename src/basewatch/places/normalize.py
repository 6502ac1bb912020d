"""Transliteration-insensitive keys for place and installation names.

The key is deliberately coarse: Arabic, Persian, Pashto and Slavic names reach
English news in many spellings that differ mostly in vowels, doubled letters,
articles and apostrophes ("Ain al-Asad", "Ayn al-Assad", "Ayan al-Assad").
The key folds all of those to one string; callers break the remaining ties
(several places sharing a key) with the exact spelling, population and context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Arabic definite articles (and their sun-letter assimilations) as separate tokens.
ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "il", "ul", "ad", "adh", "as", "ar", "an", "at", "ath", "ash", "az", "ed", "es", "et", "ez"}
)
_APOSTROPHES = "ʿʾʼʻ'’‘`´′"
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")
# A token is a run of letters/digits; apostrophes inside a word are dropped first ("Qa'im" -> "Qaim").
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_VOWELS = "aeiouy"
_VOWEL_RUN_RE = re.compile(r"[aeiouy]+")
_DIPHTHONG_W_RE = re.compile(r"(?<=[aeiou])w(?![aeiouy])")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LETTER_DIGIT_RE = re.compile(r"^([a-z]+)(\d+)$")


def fold(s: str) -> str:
    """Lowercase ASCII-ish form: strip diacritics and apostrophes, keep word separators."""
    decomposed = unicodedata.normalize("NFKD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters NFKD does not decompose.
    stripped = stripped.translate(_EXTRA_FOLD)
    return _APOSTROPHE_RE.sub("", stripped).lower()


_EXTRA_FOLD = str.maketrans(
    {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"}
)


def _vowel_class(run: str) -> str:
    """One letter for a run of vowels: back (o/u), front (i/y or a doubled e) or open (a/e)."""
    if "o" in run or "u" in run:
        return "u"
    if "i" in run or "y" in run or "ee" in run:
        return "i"
    return "a"


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """Key of one already-folded token: doubled letters, vowels and final h collapsed.

    Every run of vowels becomes one letter of its class: back (o, u, ou, oo, aw),
    front (i, y, ai, ay, ei, ey, ee, aya) or open (a, e), so Ain/Ayn/Ayan, Qa'im/Qaim,
    Udeid/Udaid, Tel/Tal and Zor/Zawr agree while Bashar and Bashur stay apart. A
    final "h" after a vowel (Qayyarah/Qayyara) is dropped; "y" before a vowel at the
    start of a word is a consonant (Yemen).
    """
    t = token.lower()
    if not t or t.isdigit():
        return t
    if len(t) > 2 and t.endswith("h") and t[-2] in _VOWELS:
        t = t[:-1]
    # "aw" before a consonant is a diphthong (Zawr/Zor, Mawsil/Mosul).
    t = _DIPHTHONG_W_RE.sub("u", t)
    head = ""
    if t[0] == "y" and len(t) > 1 and t[1] in _VOWELS:
        head, t = "y", t[1:]
    t = _VOWEL_RUN_RE.sub(lambda m: _vowel_class(m.group()), t)
    return head + _DOUBLE_RE.sub(r"\1", t)


_WORD_RE = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*", re.UNICODE)
_POSSESSIVES = tuple(f"{a}{s}" for a in _APOSTROPHES for s in "sS")


def iter_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Folded tokens of ``text`` with their character offsets in ``text``.

    Apostrophes inside a word do not split it ("Qa'im" is one token); a possessive
    "'s" is cut off ("Iraq's" -> "iraq"). Offsets refer to the original string.
    """
    for match in _WORD_RE.finditer(text):
        word = match.group()
        start, end = match.span()
        if word.endswith(_POSSESSIVES):
            end -= 2
            word = word[:-2]
        yield _fold_token(word), start, end


@lru_cache(maxsize=200_000)
def _fold_token(word: str) -> str:
    if word.isascii():
        return word.lower().replace("'", "").replace("`", "")
    return _APOSTROPHE_RE.sub("", fold(word))


def _split_letter_digit(token: str) -> str:
    match = _LETTER_DIGIT_RE.match(token)
    return f"{match.group(1)}{match.group(2)}" if match else token


def key_tokens(tokens: list[str]) -> list[str]:
    """Keys of a name's folded tokens: articles dropped, single letters joined to the next token."""
    kept: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in ARTICLES and len(tokens) > 1 and i < len(tokens) - 1:
            continue
        kept.append(tok)
    joined: list[str] = []
    i = 0
    while i < len(kept):
        tok = kept[i]
        # "K-1" / "K 1" -> "k1", "Q-West" -> "qwest", "T-4" -> "t4".
        if len(tok) == 1 and tok.isalpha() and i + 1 < len(kept):
            joined.append(tok + kept[i + 1])
            i += 2
            continue
        joined.append(_split_letter_digit(tok))
        i += 1
    return [token_key(t) for t in joined]


@lru_cache(maxsize=100_000)
def normalize_name(s: str) -> str:
    """Transliteration-insensitive key of a name.

    >>> normalize_name("Ain al-Asad") == normalize_name("Ayan al-Assad") == normalize_name("Ayn al-Asad")
    True
    >>> normalize_name("al-Qa'im") == normalize_name("Al Qaim") == normalize_name("Qaim")
    True
    """
    tokens = [tok for tok, _, _ in iter_tokens(s)]
    return " ".join(key_tokens(tokens))


@lru_cache(maxsize=50_000)
def spelling_key(name: str) -> str:
    """A stricter key than :func:`normalize_name`: vowels kept, only articles, apostrophes,
    doubled letters and a final "h" after a vowel folded ("Basra" = "Basrah", "Fallujah" =
    "Falluja", but "Metina" != "Madinah"). Tells a spelling variant from a loose match."""
    tokens = [t for t in TOKEN_RE.findall(fold(name)) if t not in ARTICLES]
    out = []
    for token in tokens:
        token = _DOUBLE_RE.sub(r"\1", token)
        if len(token) > 3 and token.endswith("h") and token[-2] in _VOWELS:
            token = token[:-1]
        out.append(token)
    return "".join(out)


_NOT_CONSONANTS = re.compile(r"[aeiouyhw]+")


@lru_cache(maxsize=50_000)
def consonant_key(name: str) -> str:
    """The consonants of a name, articles dropped and doubles collapsed: "Sulaimaniyah" and
    "As Sulaymaniyah" agree, "Metina" and "Madinah" do not. Tells a transliteration from a
    different name that only shares the coarse key."""
    tokens = [t for t in TOKEN_RE.findall(fold(name)) if t not in ARTICLES]
    return _DOUBLE_RE.sub(r"\1", _NOT_CONSONANTS.sub("", "".join(tokens)))
