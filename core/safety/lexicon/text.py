"""Normalisation of customer text before the screens look at it.

One message becomes a few *views*: the plain words, the words with leetspeak
undone, spaced-out letters joined, and base64-looking blobs decoded. A rule
that matches any view matches the message, so "1gn0re", "i g n o r e" and an
encoded instruction are screened like the plain text.
"""
from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that split a word without showing: zero-width spaces and joiners, the
# invisible operators U+2061-U+2064, bidirectional marks, the Mongolian vowel separator.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
_ZERO_WIDTH = dict.fromkeys(map(ord, _INVISIBLE + "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x206A)))), None)
# Typographic quotes and dashes folded to ASCII so patterns need one spelling.
_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
# Cyrillic and Greek letters that look Latin: only applied inside words that mix scripts.
_CONFUSABLE = str.maketrans("аеорсухкмтвнАЕОРСУХКМТВНіІјѕοαρτνΑΟΡΤ", "aeopcyxkmtbhaeopcyxkmtbhiijsoaptvaopt")

def _latin_table() -> dict[int, str | None]:
    """Accented Latin letters to their base letters, plus the quote and zero-width folds."""
    table: dict[int, str | None] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base.isascii() and base:
            table[code] = base
    table[ord("ß")] = "ss"
    table.update(_ZERO_WIDTH)
    table.update(_PUNCT)
    return table


_LATIN = _latin_table()
_LEET = str.maketrans("013457@$!|", "oieastasii")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGIT_OR_SYMBOL = re.compile(r"[0-9@$!|]")
_WORD = re.compile(r"[^\W_]+")
_MIXED_LEET = re.compile(r"\b(?=\w*[a-z])(?=\w*[0-9])\w+\b")
_LEET_SYMBOL = re.compile(r"(?<=[a-z])[@$!|]+(?=[a-z])|(?<![\w])[@$](?=[a-z]{2})")
_SPACED_RUN = re.compile(r"(?:\b\w\b ){3,}\b\w\b")
_BLOB = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_MIXED_SCRIPT = re.compile(r"\b(?=[^\W\d_]*[a-z])(?=[^\W\d_]*[\u0400-\u04ff\u0370-\u03ff])[^\W\d_]+")


MAX_CHARS = 20_000  # longer input is read on its head and tail only


def clip(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    return text[: MAX_CHARS // 2] + "\n" + text[-MAX_CHARS // 2 :]


def fold(text: str) -> str:
    """Casefold, strip accents and zero-width characters; keep punctuation."""
    if text.isascii():
        return text.casefold()  # the common case, and ten times cheaper
    text = text.translate(_LATIN)
    if text.isascii():
        return text.casefold()  # accented Latin only: the table did it all
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
    if _CYRILLIC_OR_GREEK.search(folded) and _MIXED_SCRIPT.search(folded):
        folded = _MIXED_SCRIPT.sub(lambda m: m.group(0).translate(_CONFUSABLE), folded)
    return folded


def words(folded: str) -> str:
    """Folded text as single-space separated words (letters and digits only)."""
    return " ".join(_WORD.findall(folded))


@dataclass(frozen=True, slots=True)
class Normalised:
    plain: str  # folded, punctuation kept: for markers such as "system:" or "\\n\\n"
    words: str  # the word view every word-level rule reads
    variants: tuple[str, ...]  # further word views: leetspeak undone, decoded blobs
    squeezed: str  # spaced-out letter runs joined ("s a y t h a t" -> "saythat"), or ""


def normalise(text: str, *, decode: bool = True) -> Normalised:
    plain = fold(text)
    base = words(plain)
    variants: list[str] = []
    if _DIGIT_OR_SYMBOL.search(plain) and (_MIXED_LEET.search(base) or _LEET_SYMBOL.search(plain)):
        unleet = words(_LEET_SYMBOL.sub(lambda m: m.group(0).translate(_LEET), plain))
        unleet = _MIXED_LEET.sub(lambda m: m.group(0).translate(_LEET), unleet)
        if unleet != base:
            variants.append(unleet)
    squeezed = ""
    if _has_spaced_run(base):
        squeezed = " ".join(run.replace(" ", "") for run in _SPACED_RUN.findall(base))
        variants.append(_SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), base))
    if decode and any(len(token) >= 16 for token in text.split()):
        variants.extend(_decoded_blobs(text))
    return Normalised(plain, base, tuple(variants), squeezed)


def _has_spaced_run(base: str) -> bool:
    """Four or more one-letter words in a row ("s a y t h a t"): cheaper than the regex."""
    streak = 0
    for token in base.split(" "):
        streak = streak + 1 if len(token) == 1 else 0
        if streak >= 4:
            return True
    return False


def _decoded_blobs(text: str) -> list[str]:
    """Word views of base64 blobs that decode to readable text."""
    found = []
    for blob in _BLOB.findall(text):
        if blob.isalpha() and not any(ch.isupper() for ch in blob[1:]):
            continue  # an ordinary long word, not base64
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=False)
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in decoded)
        if decoded and printable / len(decoded) > 0.9 and " " in decoded.strip():
            found.append(words(fold(decoded)))
    return found
