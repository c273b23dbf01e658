"""The default model: an Ollama server through the official async client.

`num_ctx` stays constant and `keep_alive` long because either change makes Ollama reload
the model and drop its prefix cache (PLATFORMS.md "Ollama"): the engine's byte-stable
prompt prefix only pays off if the loaded model survives between turns.
"""
from __future__ import annotations

import os
from typing import Any

import httpx
import ollama

from core.models.aiohttp_transport import AiohttpTransport
from core.models.base import Chat, Completion, ModelUnavailable, ToolCall

DEFAULT_HOST = "http://127.0.0.1:11434"


class OllamaModel:
    def __init__(
        self,
        model: str = "llama3.1",
        host: str | None = None,
        *,
        num_ctx: int = 8192,
        keep_alive: str | float = "30m",
        temperature: float = 0.2,
        seed: int | None = None,
        timeout: float | None = 300.0,
        max_tokens: int = 512,
        protocol: str = "auto",
    ) -> None:
        self.model = model
        self.host = host or os.environ.get("OLLAMA_HOST") or DEFAULT_HOST
        self.name = f"ollama:{model}"
        self.keep_alive = keep_alive
        # num_predict caps an answer: a model that rambles must not hold the server for minutes.
        self.options: dict[str, Any] = {"num_ctx": num_ctx, "temperature": temperature, "num_predict": max_tokens}
        self.context_tokens = num_ctx
        self.max_output_tokens = max_tokens
        # "auto" becomes "tools" when the server lists the capability for the model (probe).
        self.protocol = "text" if protocol == "auto" else protocol
        self._auto = protocol == "auto"
        if seed is not None:
            self.options["seed"] = seed
        self._timeout = timeout
        self._client: ollama.AsyncClient | None = None  # made on first use, inside the running loop

    def __repr__(self) -> str:
        return f"OllamaModel({self.model!r}, host={self.host!r})"

    def _connection(self) -> ollama.AsyncClient:
        if self._client is None:
            # the official client over aiohttp's connections (aiohttp_transport.py: a third less CPU a call)
            self._client = ollama.AsyncClient(host=self.host, timeout=self._timeout, transport=AiohttpTransport())
        return self._client

    async def complete(self, messages: Chat, tools: list[dict[str, Any]] | None = None) -> Completion:
        try:
            response = await self._connection().chat(
                model=self.model,
                messages=[_wire(m) for m in messages],
                tools=tools or None,
                stream=False,
                options=self.options,
                keep_alive=self.keep_alive,
            )
            text = response.message.content or ""
            calls = tuple(
                ToolCall(f"call_{i}", call.function.name, dict(call.function.arguments or {}))
                for i, call in enumerate(response.message.tool_calls or ())
            )
        except Exception as error:  # the model port's error boundary: every failure is one line
            raise ModelUnavailable(self._explain(error)) from error
        return Completion(
            text=text,
            prompt_tokens=response.prompt_eval_count or 0,
            completion_tokens=response.eval_count or 0,
            tool_calls=calls,
        )

    async def probe(self) -> str | None:
        try:
            await self._connection().list()  # GET /api/tags: is anyone there?
            shown = await self._connection().show(self.model)  # 404 when the model is not pulled
        except Exception as error:
            return self._explain(error)
        if self._auto:
            self.protocol = "tools" if "tools" in (shown.capabilities or ()) else "text"
        return None

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()

    def _explain(self, error: BaseException) -> str:
        return explain_failure(error, host=self.host, model=self.model)


def _wire(message: dict[str, Any]) -> dict[str, Any]:
    """Ollama's form of a neutral message: arguments as objects, a tool result names its tool."""
    if message.get("role") == "tool":
        return {"role": "tool", "content": message.get("content", ""), "tool_name": message.get("name", "")}
    if message.get("tool_calls"):
        calls = [{"function": {"name": c["name"], "arguments": c["arguments"]}} for c in message["tool_calls"]]
        return {"role": "assistant", "content": message.get("content") or "", "tool_calls": calls}
    return message


def explain_failure(error: BaseException, *, host: str, model: str) -> str:
    """One line a shop owner can act on, for any failure of the ollama client."""
    if isinstance(error, ollama.ResponseError):
        if error.status_code == 404:
            return f"model '{model}' is not pulled: run `ollama pull {model}`"
        if error.status_code == -1:  # an "error" line inside a 200 stream
            return f"Ollama at {host} broke off the reply: {_one_line(error.error)}"
        return f"Ollama at {host} failed with HTTP {error.status_code}: {_one_line(error.error)}"
    if isinstance(error, ConnectionError | httpx.ConnectError):
        return f"cannot reach Ollama at {host} (is `ollama serve` running?)"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return f"Ollama at {host} did not answer in time ({type(error).__name__})"
    if isinstance(error, httpx.TransportError):
        return f"Ollama at {host} dropped the connection: {_one_line(str(error)) or type(error).__name__}"
    if isinstance(error, ValueError):  # JSON or pydantic validation: not the reply the client expects
        return f"Ollama at {host} sent a reply csbot cannot read: {_one_line(str(error))}"
    return f"Ollama at {host} failed: {type(error).__name__}: {_one_line(str(error))}"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
