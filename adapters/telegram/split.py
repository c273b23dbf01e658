"""Splitting a reply into messages Telegram accepts, at the most natural boundary available."""
from __future__ import annotations

import re
from collections.abc import Callable

# Telegram counts message length in UTF-16 code units (an emoji can count 2).
MESSAGE_LIMIT = 4096

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of at most `limit` units: paragraphs first, then lines, sentences, words, and a
    hard cut only for a word longer than a whole message."""
    text = text.strip()
    if units(text) <= limit:
        return [text] if text else []
    return [c for c in _by_paragraph(text, limit) if c.strip()]


def _by_paragraph(text: str, limit: int) -> list[str]:
    return _pack(_PARAGRAPH.split(text), "\n\n", limit, _by_line)


def _by_line(text: str, limit: int) -> list[str]:
    return _pack(text.split("\n"), "\n", limit, _by_sentence)


def _by_sentence(text: str, limit: int) -> list[str]:
    return _pack(_SENTENCE.split(text), " ", limit, _by_word)


def _by_word(text: str, limit: int) -> list[str]:
    return _pack(text.split(" "), " ", limit, _hard_cut)


def _hard_cut(text: str, limit: int) -> list[str]:
    pieces, current, size = [], [], 0
    for char in text:
        width = units(char)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


def _pack(parts: list[str], sep: str, limit: int, finer: Callable[[str, int], list[str]]) -> list[str]:
    """Join consecutive parts with `sep` while they fit; a part too big alone goes to `finer`."""
    chunks: list[str] = []
    current = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if units(part) > limit:
            if finer is _hard_cut and current:
                # a cut lands mid-word anyway, so fill the current message first
                part, current = f"{current}{sep}{part}", ""
            smaller = finer(part, limit)
            if current:
                chunks.append(current)
            chunks.extend(smaller[:-1])
            current = smaller[-1]
            continue
        candidate = f"{current}{sep}{part}" if current else part
        if units(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks
