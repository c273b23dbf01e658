"""The model port: one chat completion at a time, and a clear error when nobody answers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

# [{"role": "system"|"user"|"assistant"|"tool", "content": "..."}]; with tools, an assistant
# message may carry neutral `tool_calls` (see core/turn/tool_protocol.py) that each backend translates.
Chat = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tool_calls: tuple[ToolCall, ...] = ()


class ModelUnavailable(Exception):
    """The model server is down, or the model is missing. The message is one line for the user."""


class ModelBackend(Protocol):
    name: str  # e.g. "ollama:llama3.1"

    async def complete(self, messages: Chat, tools: list[dict[str, Any]] | None = None) -> Completion:
        """Raises ModelUnavailable when the server or the model cannot answer. `tools` (OpenAI's
        function schema) are offered natively; backends may also expose `protocol` ("text" or
        "tools"), `context_tokens` (the window) and `max_output_tokens` (the cap on an answer)."""
        ...

    async def probe(self) -> str | None:
        """None when the model can answer, else a one-line reason (for offline mode at start)."""
        ...

    async def aclose(self) -> None: ...
