"""The model port: one chat completion at a time, and a clear error when nobody answers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

Chat = list[dict[str, str]]  # [{"role": "system"|"user"|"assistant", "content": "..."}]


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ModelUnavailable(Exception):
    """The model server is down, or the model is missing. The message is one line for the user."""


class ModelBackend(Protocol):
    name: str  # e.g. "ollama:llama3.1"

    async def complete(self, messages: Chat) -> Completion:
        """Raises ModelUnavailable when the server or the model cannot answer."""
        ...

    async def probe(self) -> str | None:
        """None when the model can answer, else a one-line reason (for offline mode at start)."""
        ...

    async def aclose(self) -> None: ...
