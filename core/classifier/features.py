"""Hashed n-gram features, shared by training and run time so both see the same numbers.

A message becomes a set of bucket indices: its words, its word pairs and the
character 2-5-grams of each word padded with spaces (typos, inflections and
compounds still share most of them). Buckets come from CRC-32, which is stable
across processes (Python's own `hash` is salted per process). Values are binary and
the vector is L2-normalised, so a message's score is the sum of its buckets'
weights divided by the square root of how many there are.
"""
from __future__ import annotations

import re
import zlib

from core.classifier.terms import shipped_terms
from core.lexicon.text import fold

BITS = 18
BUCKETS = 1 << BITS
MASK = BUCKETS - 1
CHAR_SIZES = (2, 3, 4, 5)
MAX_WORDS = 400  # a long paste is read on its first words: enough to decide, and bounded
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_CACHE_LIMIT = 200_000


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & MASK


_word_cache: dict[str, tuple[int, ...]] = {}


def _word_buckets(word: str) -> tuple[int, ...]:
    """The word's own bucket and its character n-grams' buckets (cached: words repeat)."""
    cached = _word_cache.get(word)
    if cached is not None:
        return cached
    padded = f" {word} "
    keys = {"w" + word}
    for size in CHAR_SIZES:
        for i in range(len(padded) - size + 1):
            keys.add("c" + padded[i : i + size])
    cached = tuple(sorted({_bucket(k) for k in keys}))
    if len(_word_cache) >= _CACHE_LIMIT:
        _word_cache.clear()  # bounded: a flood of unique words cannot grow memory
    _word_cache[word] = cached
    return cached


def tokens(text: str) -> list[str]:
    # numbers become one token ("order 1042" reads as "order 0": the number itself tells
    # nothing) and stretched letters are squeezed ("pleeease" -> "pleease")
    folded = _REPEATS.sub(r"\1\1", _DIGITS.sub("0", fold(text)))
    return _WORD.findall(folded)[:MAX_WORDS]


def buckets(text: str) -> list[int]:
    """Sorted distinct bucket indices of `text` (empty for text without letters or digits)."""
    words = tokens(text)
    found: set[int] = set()
    for word in words:
        found.update(_word_buckets(word))
    for first, second in zip(words, words[1:]):
        found.add(_bucket(f"b{first} {second}"))
    if words:
        found.add(_bucket("<bias>"))  # a constant feature: short messages get a learnt offset too
        found.update(_concept_buckets(words))
    return sorted(found)


def _concept_buckets(words: list[str]) -> set[int]:
    """Concepts of `terms.py`: each concept once, and word pairs with a concept in place of
    its phrase ("of ~drug", "~talk to", "~ignore ~previous")."""
    terms = shipped_terms()
    if terms is None:
        return set()
    kinds = terms.concepts(words)
    if not any(kinds):
        return set()
    found = {_bucket("k" + kind) for kind in kinds if kind}
    sequence = [f"~{kind}" if kind else word for word, kind in zip(words, kinds)]
    sequence = [t for i, t in enumerate(sequence) if i == 0 or t[0] != "~" or t != sequence[i - 1]]
    for first, second in zip(sequence, sequence[1:]):
        if first[0] == "~" or second[0] == "~":
            found.add(_bucket(f"x{first} {second}"))
    return found
