"""Named terms the classifier reads as concepts: drug names, diseases, and hand-written synonym groups.

A model trained on a few thousand rows has seen only some of the medicines and
conditions customers name ("can I take lyrica with tramadol?"), only some ways to
ask for a person or for money back. Each term found in a message adds a concept
feature ("~drug", "~disease", "~person", ...) and concept word pairs ("of ~drug"),
so what the model learns from one name reaches all the names of its group.

The table lives in `terms.npz` beside the model: CRC-32 of each folded phrase (one
to four words: MAX_PHRASE) and its concept. It is built by `csbot train` (`terms_build.py`) from
public dictionaries and `concepts.py`, and read here with numpy only.
"""
from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

TERMS_PATH = Path(__file__).with_name("terms.npz")
MAX_PHRASE = 4  # words


def phrase_key(words: Sequence[str]) -> int:
    return zlib.crc32(" ".join(words).encode("utf-8"))


class Terms:
    def __init__(self, keys: np.ndarray, kinds: np.ndarray, names: Sequence[str], starts: np.ndarray) -> None:
        self.names = tuple(names)
        self._kind = {int(k): self.names[int(i)] for k, i in zip(keys, kinds)}
        self._starts = frozenset(int(k) for k in starts)  # first words of the longer phrases

    @classmethod
    def load(cls, path: Path = TERMS_PATH) -> "Terms":
        with np.load(path, allow_pickle=False) as data:
            return cls(data["keys"], data["kinds"], [str(n) for n in data["names"]], data["starts"])

    def __len__(self) -> int:
        return len(self._kind)

    def concepts(self, words: Sequence[str]) -> list[str | None]:
        """Each word's concept (the longest phrase starting at or covering it wins), or None."""
        found: list[str | None] = [None] * len(words)
        i = 0
        while i < len(words):
            # only a word that starts a longer phrase is worth looking further from
            longest = min(MAX_PHRASE, len(words) - i) if phrase_key(words[i : i + 1]) in self._starts else 1
            for size in range(longest, 0, -1):
                kind = self._kind.get(phrase_key(words[i : i + size]))
                if kind is not None:
                    found[i : i + size] = [kind] * size
                    i += size
                    break
            else:
                i += 1
        return found


@functools.lru_cache(maxsize=1)
def shipped_terms() -> Terms | None:
    return Terms.load() if TERMS_PATH.exists() else None


def terms_fingerprint(path: Path = TERMS_PATH) -> str:
    """The table's digest, kept in the model's meta: a model is only right with the table it was
    fitted on (the arrays', not the file's: a zip records when it was written)."""
    if not path.exists():
        return ""
    digest = hashlib.sha256()
    with np.load(path, allow_pickle=False) as data:
        for name in ("keys", "kinds", "names", "starts"):
            digest.update(np.ascontiguousarray(data[name]).tobytes())
    return digest.hexdigest()[:16]
