"""The offline answerer under the name the benchmarks and older callers use.

`core.answers.answerer.OfflineAnswerer` answers; `quote` is the answer's text, or None when
the answerer abstains (the shop's information does not say).
"""
from __future__ import annotations

from core.answers.answerer import Answer, OfflineAnswerer

__all__ = ["Answer", "OfflineAnswerer", "OfflineAnswers"]


class OfflineAnswers(OfflineAnswerer):
    def quote(self, question: str, replies=None, language: str | None = None) -> str | None:
        answer = self.answer(question, language)
        return None if answer.abstained else answer.text
