"""Find the document chunks that answer a question (BM25 over words), for packs too large to send whole."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which product is meant.
_STOP = frozenset(
    "a an the and or of to in on for with is are do does how what which much many you your i my me "
    "it this that can could would there be have has at by from as per any some di il la le e un una "
    "der die das und ist ein eine".split()
)


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [w for w in _WORD.findall(folded) if w not in _STOP]


@dataclass(frozen=True, slots=True)
class Chunk:
    title: str
    text: str
    tokens: int  # estimated


def estimate_tokens(text: str) -> int:
    """About four characters a token for English with Llama's tokenizer; good enough for a budget."""
    return len(text) // 4 + 1


class ChunkIndex:
    K1, B = 1.2, 0.75

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        for index, chunk in enumerate(chunks):
            terms = Counter(words(chunk.title) * 3 + words(chunk.text))  # a product's name counts most
            self._lengths.append(sum(terms.values()))
            for term, count in terms.items():
                self._postings[term].append((index, count))
        self._average = sum(self._lengths) / max(len(self._lengths), 1)
        n = len(chunks)
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()}

    def search(self, query: str) -> list[tuple[float, int]]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(words(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for index, count in self._postings[term]:
                norm = self.K1 * (1 - self.B + self.B * self._lengths[index] / self._average)
                scores[index] += idf * count * (self.K1 + 1) / (count + norm)
        return sorted(((s, i) for i, s in scores.items()), reverse=True)

    def within_budget(self, query: str, budget_tokens: int) -> list[Chunk]:
        chosen, used = [], 0
        for _, index in self.search(query):
            chunk = self.chunks[index]
            if used + chunk.tokens > budget_tokens:
                continue
            chosen.append(chunk)
            used += chunk.tokens
        return chosen


def product_chunks(body: str) -> list[Chunk]:
    """A `## Products` section split into one chunk per `### product` (the heading included)."""
    chunks: list[Chunk] = []
    title, lines = "", []
    for line in body.splitlines():
        if line.startswith("### ") or line.startswith("## "):
            if title and lines:
                text = "\n".join(lines).strip()
                chunks.append(Chunk(title, text, estimate_tokens(text)))
            title, lines = line.lstrip("#").strip(), [line]
        else:
            lines.append(line)
    if title and lines:
        text = "\n".join(lines).strip()
        chunks.append(Chunk(title, text, estimate_tokens(text)))
    return chunks
