"""Any OpenAI-compatible chat endpoint (vLLM, llama.cpp server, Ollama's /v1, hosted GPT-4).

No SDK: one POST and one GET are all csbot needs, over keep-alive connections (keepalive.py,
a quarter of aiohttp's CPU a call). The API key is read from the environment when not given and
never appears in a message, repr or log.

A call's CPU is otherwise mostly the JSON of a ~16k-character prompt, whose system message (the
rules and the shop's document) is byte-identical across turns and conversations: its JSON is kept
(`_MessageJSON`) and the body is joined from bytes, so each call encodes only the history and
this turn.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
from typing import Any

from core.models.base import Chat, Completion, ModelUnavailable, ToolCall
from core.models.keepalive import Dropped, KeepAliveClient, Unreachable

KEY_VARIABLES = ("CSBOT_OPENAI_API_KEY", "OPENAI_API_KEY")
JSON_BODY = {"Content-Type": "application/json"}
CONNECTIONS = 100  # model calls at once; more wait for a free connection (within their timeout)


class OpenAIModel:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        temperature: float = 0.2,
        seed: int | None = None,
        timeout: float = 300.0,
        max_tokens: int = 512,
        num_ctx: int = 8192,
        protocol: str = "auto",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"openai:{model}"
        self.temperature = temperature
        self.seed = seed
        self._api_key = api_key or next((os.environ[v] for v in KEY_VARIABLES if os.environ.get(v)), None)
        self._timeout = timeout
        # max_tokens caps an answer; num_ctx is the server's window (llama.cpp's --n_ctx), which
        # the API does not report: set it, and a refusal that names the real limit corrects it.
        self.max_output_tokens = max_tokens
        self.context_tokens = num_ctx
        # The API has no capability list, so "auto" means the text protocol, which every chat
        # model can follow; "tools" is chosen explicitly for servers that parse tool calls.
        self.protocol = "tools" if protocol == "tools" else "text"
        self._session: KeepAliveClient | None = None  # made on first use, inside the running loop
        self._messages = _MessageJSON()

    def __repr__(self) -> str:
        return f"OpenAIModel({self.base_url!r}, {self.model!r})"

    def _connection(self) -> KeepAliveClient:
        if self._session is None:
            # Every header written once: a call adds only its length.
            headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
            # As many connections as aiohttp's default pool, each kept between calls: with fewer kept
            # than run at once, every busy moment opened (and closed) connections again.
            self._session = KeepAliveClient(self.base_url, headers | JSON_BODY, timeout=self._timeout,
                                            max_idle=CONNECTIONS, max_connections=CONNECTIONS)
        return self._session

    async def complete(self, messages: Chat, tools: list[dict[str, Any]] | None = None) -> Completion:
        payload: dict[str, Any] = {
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_output_tokens,
            "stream": False,
        }
        if tools:
            payload["tools"] = tools
        if self.seed is not None:
            payload["seed"] = self.seed
        try:
            request = self._messages.body(messages, payload)
            body = await self._call("POST", "/chat/completions", request)
        except ModelUnavailable:
            raise
        except Exception as error:  # the model port's error boundary: every failure is one line
            raise ModelUnavailable(self._explain(error)) from error
        try:
            message = body["choices"][0]["message"]
            text = message.get("content") or ""
            calls = tuple(
                ToolCall(str(c.get("id") or f"call_{i}"), c["function"]["name"], _arguments(c["function"].get("arguments")))
                for i, c in enumerate(message.get("tool_calls") or ())
            )
            usage = body.get("usage") or {}
            return Completion(
                text=text,
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                completion_tokens=int(usage.get("completion_tokens") or 0),
                tool_calls=calls,
            )
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
            raise ModelUnavailable(self._unreadable()) from error

    async def probe(self) -> str | None:
        # GET /models checks reach and key; the model name is checked by the first completion,
        # since some servers (llama.cpp) list one alias but answer to any name.
        try:
            await self._call("GET", "/models", None)
        except _Refused as refused:
            return None if refused.status == 404 else str(refused)  # no /models route: still reachable
        except ModelUnavailable as unavailable:
            return str(unavailable)
        except Exception as error:
            return self._explain(error)
        return None

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.aclose()

    async def _call(self, method: str, path: str, body: bytes | None) -> dict[str, Any]:
        response = await self._connection().request(method, path, body)
        raw = response.body
        if response.status >= 400:
            self._learn_window(raw)
            raise _Refused(self._refusal(response.status, raw), response.status)
        try:
            return json.loads(raw)
        except ValueError:
            raise ModelUnavailable(self._unreadable()) from None

    def _refusal(self, status: int, raw: bytes) -> str:
        where = f"the model server at {self.base_url}"
        detail = self._redact(_error_text(raw))
        if status in (401, 403):
            return f"{where} refused the API key (HTTP {status}): set CSBOT_OPENAI_API_KEY"
        if status == 404:
            return f"{where} does not serve model '{self.model}' (HTTP 404): {detail}"
        if status == 429:
            return f"{where} is rate limiting csbot (HTTP 429): {detail}"
        return f"{where} failed with HTTP {status}: {detail}"

    def _learn_window(self, raw: bytes) -> None:
        """A prompt over the window is refused with the real limit: the next prompts fit it."""
        match = _WINDOW.search(raw.decode("utf-8", "replace"))
        if match:
            self.context_tokens = min(self.context_tokens, int(next(g for g in match.groups() if g)))

    def _unreadable(self) -> str:
        return f"the model server at {self.base_url} sent a reply csbot cannot read"

    def _explain(self, error: BaseException) -> str:
        where = f"the model server at {self.base_url}"
        if isinstance(error, Unreachable):
            return f"cannot reach {where} (is it running?)"
        if isinstance(error, asyncio.TimeoutError):
            return f"{where} did not answer in time"
        if isinstance(error, Dropped):
            return f"{where} dropped the connection"
        return f"{where} failed: {type(error).__name__}: {self._redact(_one_line(str(error)))}"

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text


class _Refused(ModelUnavailable):
    """An HTTP error status from the server; probe() tells a missing route from a refusal."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


# llama-cpp-python: "maximum context length is 8192 tokens"; llama.cpp: "n_ctx": 4096.
_WINDOW = re.compile(r'maximum context length is (\d+)|"n_ctx"\s*:\s*(\d+)')


class _MessageJSON:
    """The request body as bytes, with the JSON of a long system message kept from call to call.
    Keyed by the text itself (never by object identity): an edited document is a new key."""

    LONG = 1024  # characters: a shorter message costs less to encode than to look up
    KEPT = 8  # a few packs' prompts (a reload makes a new one); cleared when full

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def body(self, messages: Chat, fields: dict[str, Any]) -> bytes:
        first = self._system(messages[0]) if messages else None
        rest = messages[1:] if first is not None else messages
        # One encoder call for the rest (the history and this turn): its "[...]" without brackets.
        encoded = json.dumps([_wire(m) for m in rest]).encode()[1:-1]
        if first is not None:
            encoded = first + b"," + encoded if encoded else first
        # fields always holds "model", so its JSON is "{...}" with at least one member
        return b'{"messages":[' + encoded + b"]," + json.dumps(fields).encode()[1:]

    def _system(self, message: dict[str, Any]) -> bytes | None:
        content = message.get("content")
        if message.get("role") != "system" or not isinstance(content, str) or len(content) < self.LONG or len(message) != 2:
            return None
        kept = self._kept.get(content)
        if kept is None:
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
            kept = self._kept[content] = json.dumps(message).encode()
        return kept


def _wire(message: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI form of a neutral message: arguments as a JSON string, results by call id."""
    if message.get("role") == "tool":
        return {"role": "tool", "tool_call_id": message.get("tool_call_id", ""), "content": message.get("content", "")}
    if message.get("tool_calls"):
        calls = [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])}}
            for c in message["tool_calls"]
        ]
        return {"role": "assistant", "content": message.get("content") or None, "tool_calls": calls}
    return message


def _arguments(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return {}
    return dict(raw) if isinstance(raw, dict) else {}


def _error_text(raw: bytes) -> str:
    """The `error.message` of an OpenAI-style error body, else the body itself, on one line."""
    text = raw.decode("utf-8", "replace")
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        return _one_line(text)
    if isinstance(error, dict):
        return _one_line(str(error.get("message") or error))
    return _one_line(str(error or text))


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
