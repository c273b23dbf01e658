"""Hashed n-gram features, shared by training and run time so both see the same numbers.

A message becomes a sparse vector over hashed buckets: its words, its word pairs,
the concepts of `terms.py`, and the character 2-5-grams of each word padded with
spaces (typos, inflections and compounds still share most of them). Buckets come
from CRC-32, which is stable across processes (Python's own `hash` is salted per
process). A bucket weighs 1, a character n-gram CHAR_WEIGHT; the vector is
L2-normalised, so a message's score is the weighted sum of its buckets' weights
divided by the vector's length.
"""
from __future__ import annotations

import math
import re
import zlib

from core.safety.classifier.terms import shipped_terms
from core.safety.lexicon.text import fold

BITS = 18
BUCKETS = 1 << BITS
MASK = BUCKETS - 1
CHAR_SIZES = (2, 3, 4, 5)
# A word brings about fifteen character n-grams: at full weight they drown its words and
# pairs. At half weight leave-one-source-out gained on every attack and health figure and
# flagged fewer ordinary messages (core/safety/classifier/MODEL.md).
CHAR_WEIGHT = 0.5
MAX_WORDS = 400  # a long paste is read on its first words: enough to decide, and bounded
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
# Chinese and Japanese write without spaces: a run of ideographs or kana would be one
# "word" seen once. Each character is a token instead, so word pairs are character pairs
# (the usual unit for these scripts) and "人工客服" shares "客服" with "联系客服".
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_CACHE_LIMIT = 200_000


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & MASK


_BIAS = _bucket("<bias>")  # a constant feature: short messages get a learnt offset too
_word_cache: dict[str, tuple[int, tuple[int, ...]]] = {}


def _word_buckets(word: str) -> tuple[int, tuple[int, ...]]:
    """The word's own bucket and its character n-grams' buckets (cached: words repeat)."""
    cached = _word_cache.get(word)
    if cached is not None:
        return cached
    padded = f" {word} "
    keys = {"c" + padded[i : i + size] for size in CHAR_SIZES for i in range(len(padded) - size + 1)}
    cached = (_bucket("w" + word), tuple(sorted({_bucket(k) for k in keys})))
    if len(_word_cache) >= _CACHE_LIMIT:
        _word_cache.clear()  # bounded: a flood of unique words cannot grow memory
    _word_cache[word] = cached
    return cached


def tokens(text: str) -> list[str]:
    # numbers become one token ("order 1042" reads as "order 0": the number itself tells
    # nothing) and stretched letters are squeezed ("pleeease" -> "pleease")
    folded = _CJK.sub(r" \1 ", _REPEATS.sub(r"\1\1", _DIGITS.sub("0", fold(text))))
    return _WORD.findall(folded)[:MAX_WORDS]


def vector(text: str) -> tuple[list[int], list[float]]:
    """Sorted distinct bucket indices of `text` and their values (L2 norm 1); both empty
    for text without letters or digits."""
    words = tokens(text)
    if not words:
        return [], []
    grams: set[int] = set()
    full: set[int] = {_BIAS}  # whole words, pairs and concepts: 1, also where an n-gram shares the bucket
    for word in words:
        own, word_grams = _word_buckets(word)
        full.add(own)
        grams.update(word_grams)
    full.update(_bucket(f"b{first} {second}") for first, second in zip(words, words[1:]))
    full.update(_concept_buckets(words))
    grams -= full
    # every value is 1 or CHAR_WEIGHT: the norm needs only how many of each
    norm = math.sqrt(len(full) + CHAR_WEIGHT * CHAR_WEIGHT * len(grams))
    value = dict.fromkeys(grams, CHAR_WEIGHT / norm)
    value.update(dict.fromkeys(full, 1.0 / norm))
    index = sorted(value)
    return index, [value[i] for i in index]


def buckets(text: str) -> list[int]:
    """Sorted distinct bucket indices of `text` (empty for text without letters or digits)."""
    return vector(text)[0]


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
