"""A real backend that replays given outputs or asks a function: for tests, demos and benchmarks."""
from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable

from typing import Any

from core.models.base import Chat, Completion, ModelUnavailable

# A script answers text, or a Completion (to make tool calls).
Script = Callable[[Chat], str | Completion | Awaitable[str | Completion]]


class ScriptedModel:
    """Answers from a list (in order, the last one repeated) or from a function of the chat.

    `latency` and `parallel` imitate a model server: each call takes `latency` seconds and at
    most `parallel` calls run at once (as Ollama with OLLAMA_NUM_PARALLEL).
    """

    def __init__(
        self,
        script: Iterable[str] | Script,
        *,
        name: str = "scripted",
        latency: float = 0.0,
        parallel: int | None = None,
        protocol: str = "text",
        context_tokens: int | None = None,
        max_output_tokens: int = 512,
    ) -> None:
        self.name = name
        self._function: Script | None = script if callable(script) else None
        self._outputs = [] if callable(script) else list(script)
        self._latency = latency
        self._slots = asyncio.Semaphore(parallel) if parallel else None
        self.protocol = protocol
        self.context_tokens = context_tokens  # None: no window to fit
        self.max_output_tokens = max_output_tokens
        self.calls: list[Chat] = []
        self.tools: list[list[dict[str, Any]] | None] = []  # offered at each call
        self.down = False  # flip to imitate a server that stopped answering

    async def complete(self, messages: Chat, tools: list[dict[str, Any]] | None = None) -> Completion:
        if self.down:
            raise ModelUnavailable(f"model {self.name} is not answering")
        self.calls.append(messages)
        self.tools.append(tools)
        if self._slots is not None:
            async with self._slots:
                text = await self._answer(messages)
        else:
            text = await self._answer(messages)
        prompt_chars = sum(len(m.get("content") or "") for m in messages)
        if isinstance(text, Completion):
            return text
        return Completion(text=text, prompt_tokens=prompt_chars // 4, completion_tokens=len(text) // 4)

    async def _answer(self, messages: Chat) -> str | Completion:
        if self._latency:
            await asyncio.sleep(self._latency)  # imitates model compute time, not a test wait
        if self._function is not None:
            result = self._function(messages)
            return await result if inspect.isawaitable(result) else result
        index = min(len(self.calls) - 1, len(self._outputs) - 1)
        if index < 0:
            raise ModelUnavailable("scripted model has no outputs")
        return self._outputs[index]

    async def probe(self) -> str | None:
        return "model is down" if self.down else None

    async def aclose(self) -> None:
        return None
