"""Keep every prompt inside the model's context window, trimming what matters least first.

A server refuses a prompt over its window ("maximum context length is 8192 tokens, you
requested 8228") and Ollama silently cuts the front of it, which drops the rules: both are
worse than a shorter prompt. The window is the backend's (`num_ctx`, or the server's limit);
the room for the answer (`max_tokens`) is kept free.

Tokens are estimated from characters, conservatively (three characters a token, where English
is about four), and the estimate only grows: when a server reports more prompt tokens than
estimated, the rate is raised with a margin.
"""
from __future__ import annotations

import json
import math
import weakref
from dataclasses import dataclass
from typing import Any

Message = dict[str, Any]
PER_MESSAGE = 8  # tokens a chat template adds around each message
MARGIN = 1.1
TRIMMED = "[output of an earlier step, trimmed to fit the context]"


class ContextTooSmall(Exception):
    """Even the rules, the document and the customer's message do not fit."""


@dataclass(slots=True)
class ContextFit:
    window: int  # tokens the model can take, prompt and answer together
    reserve: int  # tokens kept for the answer
    tokens_per_char: float = 1 / 3

    def estimate(self, chat: list[Message], tools: list[dict] | None = None) -> int:
        chars = sum(_chars(m) for m in chat) + (len(json.dumps(tools)) if tools else 0)
        return math.ceil(chars * self.tokens_per_char) + PER_MESSAGE * len(chat)

    def observe(self, chat: list[Message], tools: list[dict] | None, prompt_tokens: int) -> None:
        """Learn from the server's count: never again estimate below what it reported."""
        if prompt_tokens > self.estimate(chat, tools):
            chars = sum(_chars(m) for m in chat) + (len(json.dumps(tools)) if tools else 0)
            spare = prompt_tokens * MARGIN - PER_MESSAGE * len(chat)
            self.tokens_per_char = max(self.tokens_per_char, spare / max(chars, 1))

    def fit(self, head: list[Message], exchanges: list[list[Message]], tools: list[dict] | None = None) -> list[Message]:
        """`head` is [system, *history, customer message]; `exchanges` the turn's steps so far,
        each the model's message and what the backstage answered. Older history goes first,
        then older steps' outputs, then older steps; the last step's output is cut last."""
        budget = self.window - self.reserve
        history, exchanges = list(head[1:-1]), [list(e) for e in exchanges]

        def chat() -> list[Message]:
            return [head[0], *history, head[-1], *(m for e in exchanges for m in e)]

        while self.estimate(chat(), tools) > budget and history:
            history.pop(0)
        for exchange in exchanges[:-1]:
            if self.estimate(chat(), tools) <= budget:
                break
            exchange[1:] = [dict(m, content=TRIMMED) for m in exchange[1:]]
        while self.estimate(chat(), tools) > budget and len(exchanges) > 1:
            exchanges.pop(0)
        over = self.estimate(chat(), tools) - budget
        if over > 0 and exchanges:
            self._cut_last_output(exchanges[-1], over)
            over = self.estimate(chat(), tools) - budget
        if over > 0:
            raise ContextTooSmall(f"the prompt needs {over} tokens more than the {self.window}-token context")
        return chat()

    def _cut_last_output(self, exchange: list[Message], over_tokens: int) -> None:
        cut = math.ceil((over_tokens + 2 * PER_MESSAGE) / self.tokens_per_char)
        for index in range(len(exchange) - 1, 0, -1):
            content = exchange[index].get("content") or ""
            keep = max(0, len(content) - cut)
            exchange[index] = dict(exchange[index], content=content[:keep] + "\n[…cut to fit the context]")
            cut -= len(content) - keep
            if cut <= 0:
                return


def _chars(message: Message) -> int:
    chars = len(message.get("content") or "")
    if message.get("tool_calls"):
        chars += len(json.dumps(message["tool_calls"]))
    return chars


_FITS: weakref.WeakKeyDictionary[Any, ContextFit] = weakref.WeakKeyDictionary()


def fit_for(model: Any) -> ContextFit | None:
    """The model's fitter (kept per backend, so what it learns lasts), or None when the backend
    declares no window. The window follows the backend's, which a server's refusal may lower."""
    window, reserve = getattr(model, "context_tokens", None), getattr(model, "max_output_tokens", 0) or 0
    if not window:
        return None
    try:
        fit = _FITS.get(model)
        if fit is None:
            fit = _FITS[model] = ContextFit(window, reserve)
    except TypeError:  # a backend that cannot be weakly referenced learns per turn only
        fit = ContextFit(window, reserve)
    fit.window, fit.reserve = window, reserve
    return fit
