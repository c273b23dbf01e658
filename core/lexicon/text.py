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

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Typographic quotes and dashes folded to ASCII so patterns need one spelling.
_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
# Cyrillic and Greek letters that look Latin: only applied inside words that mix scripts.
_CONFUSABLE = str.maketrans("аеорсухкмтвнАЕОРСУХКМТВНіІјѕοαρτνΑΟΡΤ", "aeopcyxkmtbhaeopcyxkmtbhiijsoaptvaopt")
_LEET = str.maketrans("013457@$!|", "oieastasii")
_NON_WORD = re.compile(r"[^\w]+|_+")
_MIXED_LEET = re.compile(r"\b(?=\w*[a-z])(?=\w*[0-9])\w+\b")
_LEET_SYMBOL = re.compile(r"(?<=[a-z])[@$!|]+(?=[a-z])|(?<![\w])[@$](?=[a-z]{2})")
_SPACED_RUN = re.compile(r"(?:\b\w\b ){3,}\b\w\b")
_BLOB = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_MIXED_SCRIPT = re.compile(r"\w*[a-z]\w*[\u0400-\u04ff\u0370-\u03ff]\w*|\w*[\u0400-\u04ff\u0370-\u03ff]\w*[a-z]\w*")


def fold(text: str) -> str:
    """Casefold, strip accents and zero-width characters; keep punctuation."""
    text = text.translate(_ZERO_WIDTH).translate(_PUNCT)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold()
    if _MIXED_SCRIPT.search(folded):
        folded = _MIXED_SCRIPT.sub(lambda m: m.group(0).translate(_CONFUSABLE), folded)
    return folded


def words(folded: str) -> str:
    """Folded text as single-space separated words (letters and digits only)."""
    return " ".join(_NON_WORD.sub(" ", folded).split())


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
    if _MIXED_LEET.search(base) or _LEET_SYMBOL.search(plain):
        unleet = words(_LEET_SYMBOL.sub(lambda m: m.group(0).translate(_LEET), plain))
        unleet = _MIXED_LEET.sub(lambda m: m.group(0).translate(_LEET), unleet)
        if unleet != base:
            variants.append(unleet)
    squeezed = " ".join(run.replace(" ", "") for run in _SPACED_RUN.findall(base))
    if squeezed:
        variants.append(_SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), base))
    if decode:
        variants.extend(_decoded_blobs(text))
    return Normalised(plain, base, tuple(variants), squeezed)


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
