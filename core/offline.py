"""Offline mode: with no model answering, quote the document section that best matches, labelled."""
from __future__ import annotations

from core.pack import KnowledgePack
from core.retrieval import Chunk, ChunkIndex, estimate_tokens, product_chunks

MAX_QUOTE_CHARS = 700  # a quote answers the question, not the whole section


class OfflineAnswers:
    def __init__(self, pack: KnowledgePack) -> None:
        self.pack = pack
        chunks: list[Chunk] = []
        for section in pack.public_sections:
            if section.title.casefold() == "products":
                # A bare heading is no answer: keep only the products themselves.
                chunks += [c for c in product_chunks(section.body) if "\n" in c.text.strip()]
            else:
                chunks += _subsections(section.title, section.body)
        self.index = ChunkIndex(chunks)

    def answer(self, question: str) -> str:
        hits = self.index.search(question)
        if not hits:
            return f"{self.pack.replies.offline}\n\n{self.pack.replies.help}"
        chunk = self.index.chunks[hits[0][1]]
        quote = chunk.text if len(chunk.text) <= MAX_QUOTE_CHARS else chunk.text[:MAX_QUOTE_CHARS].rsplit("\n", 1)[0] + "\n…"
        return f"{self.pack.replies.offline}\n\n{quote}"


def _subsections(title: str, body: str) -> list[Chunk]:
    """A long section is split on its `###` headings (or paragraphs) so the quote stays short."""
    if len(body) <= MAX_QUOTE_CHARS:
        return [Chunk(title, body, estimate_tokens(body))]
    parts, current = [], []
    for paragraph in body.split("\n\n"):
        if paragraph.startswith("### ") and current:
            parts.append("\n\n".join(current))
            current = []
        current.append(paragraph)
        if sum(len(p) for p in current) > MAX_QUOTE_CHARS:
            parts.append("\n\n".join(current))
            current = []
    if current:
        parts.append("\n\n".join(current))
    heading = body.splitlines()[0]
    return [Chunk(title, p if p.startswith("#") else f"{heading}\n\n{p}", estimate_tokens(p)) for p in parts]
