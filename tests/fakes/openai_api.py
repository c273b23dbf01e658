"""A loopback OpenAI-compatible endpoint: POST /v1/chat/completions (JSON or SSE), GET /v1/models.

Wire facts from PLATFORMS.md: `choices[0].message.content`, `usage.prompt_tokens`;
streaming is SSE `data: {...}` lines ending with `data: [DONE]`.

Tool calls as the API sends them: `message.content` null, `message.tool_calls[i]` =
`{"id", "type": "function", "function": {"name", "arguments": "<JSON string>"}}`,
`finish_reason` "tool_calls". With `context_tokens` set, a prompt whose tokens plus
`max_tokens` pass it is refused like llama-cpp-python's server does (HTTP 400,
"This model's maximum context length is N tokens. However, you requested M tokens ...").
A reply function may return a dict {"content": ..., "tool_calls": [{"name", "arguments"}]}.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Messages = list[dict[str, Any]]
Answer = str | dict[str, Any]  # text, or {"content": ..., "tool_calls": [{"name", "arguments"}]}
Reply = Callable[[Messages], Answer | Awaitable[Answer]]
# 401/429/500: that HTTP error; drop: connection closed before any byte;
# broken: a body that is not the JSON promised; stall: no answer until stop().
Failure = Literal["401", "429", "500", "drop", "broken", "stall"]


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]
    reply: dict[str, Any] | None = None
    peer: tuple[str, int] | None = None  # the client's address and port: one per connection


@dataclass
class FakeOpenAI:
    replies: Iterable[str] | Reply = ("Hello from the fake endpoint.",)
    models: Iterable[str] = ("llama3.1",)
    api_key: str | None = None  # when set, a request without this bearer token gets 401
    context_tokens: int | None = None  # when set, longer prompts are refused as llama.cpp does
    requests: list[Received] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._function: Reply | None = self.replies if callable(self.replies) else None
        self._outputs = [] if callable(self.replies) else list(self.replies)
        self._served = set(self.models)
        self._chats = 0
        self._failure: Failure | None = None
        self._failures_left: int | None = None
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""  # the base URL, ending in /v1

    async def start(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        return self

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def fail(self, kind: Failure, *, times: int | None = None) -> None:
        """Make the next `times` chat requests fail as `kind` (every one when times is None)."""
        self._failure, self._failures_left = kind, times

    def heal(self) -> None:
        self._failure = None

    @property
    def chats(self) -> list[Received]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    async def _record(self, request: web.Request) -> Received:
        raw = await request.read() if request.can_read_body else b""
        received = Received(request.method, request.path, json.loads(raw) if raw else None, dict(request.headers),
                            peer=request.transport.get_extra_info("peername") if request.transport else None)
        self.requests.append(received)
        return received

    def _take_failure(self) -> Failure | None:
        kind = self._failure
        if kind is not None and self._failures_left is not None:
            self._failures_left -= 1
            if self._failures_left <= 0:
                self._failure = None
        return kind

    def _unauthorised(self, received: Received) -> web.Response | None:
        if self.api_key is None or received.headers.get("Authorization") == f"Bearer {self.api_key}":
            return None
        return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")

    async def _models(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        if refused := self._unauthorised(received):
            return refused
        data = [{"id": name, "object": "model", "created": 0, "owned_by": "fake"} for name in sorted(self._served)]
        return web.json_response({"object": "list", "data": data})

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        received = await self._record(request)
        if refused := self._unauthorised(received):
            return refused
        kind = self._take_failure()
        if kind == "401":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        if kind == "429":
            return _error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded", {"Retry-After": "1"})
        if kind == "500":
            return _error(500, "The server had an error while processing your request.", "server_error", None)
        if kind == "stall":
            await self._release.wait()
            return _error(503, "server stopped", "server_error", None)
        if kind == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.StreamResponse()
        body = received.body or {}
        model = body.get("model", "")
        if model not in self._served:
            return _error(404, f"The model `{model}` does not exist.", "invalid_request_error", "model_not_found")
        messages = body.get("messages") or []
        prompt_tokens = count_tokens(messages, body.get("tools"))
        wanted = body.get("max_tokens") or 0
        if self.context_tokens is not None and prompt_tokens + wanted > self.context_tokens:
            message = (
                f"This model's maximum context length is {self.context_tokens} tokens. However, you requested "
                f"{prompt_tokens + wanted} tokens ({prompt_tokens} in the messages, {wanted} in the completion). "
                "Please reduce the length of the messages or completion."
            )
            return _error(400, message, "invalid_request_error", "context_length_exceeded")
        answer = await self._answer(messages)
        text, calls = (answer, []) if isinstance(answer, str) else (answer.get("content") or "", answer.get("tool_calls") or [])
        finish = "tool_calls" if calls else "stop"
        if wanted and len(text) > 4 * wanted:  # the server stops generating at max_tokens
            text, finish = text[: 4 * wanted], "length"
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": max(1, len(text.split()))}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        reply = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": _message(text, calls), "finish_reason": finish}],
            "usage": usage,
        }
        received.reply = reply
        if body.get("stream"):
            return await self._stream(request, reply, text, broken=kind == "broken")
        if kind == "broken":
            return web.Response(text='{"choices": [', content_type="application/json")
        return web.json_response(reply)

    async def _stream(self, request: web.Request, reply: dict[str, Any], text: str, *, broken: bool) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        base = {"id": reply["id"], "object": "chat.completion.chunk", "created": reply["created"], "model": reply["model"]}
        words = text.split(" ")
        pieces = [w + " " for w in words[:-1]] + [words[-1]]
        first = True
        for piece in pieces[:1] if broken else pieces:
            delta = {"role": "assistant", "content": piece} if first else {"content": piece}
            first = False
            await _event(response, dict(base, choices=[{"index": 0, "delta": delta, "finish_reason": None}]))
        if broken:
            await response.write(b"data: {not json\n\n")
            await response.write_eof()
            return response
        await _event(response, dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}], usage=reply["usage"]))
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _answer(self, messages: Messages) -> Answer:
        if self._function is not None:
            result = self._function(messages)
            return await result if inspect.isawaitable(result) else result
        index = min(self._chats, len(self._outputs) - 1)
        self._chats += 1
        return self._outputs[index] if index >= 0 else ""


def count_tokens(messages: Messages, tools: Any = None) -> int:
    """A tokenizer's count, imitated: about 3.5 characters a token plus a few per message (the
    chat template), so that a client estimating four characters a token would overflow."""
    chars = sum(len(str(m.get("content") or "")) + len(json.dumps(m.get("tool_calls") or "")) for m in messages)
    return max(1, int(chars / 3.5) + 4 * len(messages) + (int(len(json.dumps(tools)) / 3.5) if tools else 0))


def _message(text: str, calls: list[dict[str, Any]]) -> dict[str, Any]:
    if not calls:
        return {"role": "assistant", "content": text}
    wire = [
        {
            "id": f"call_{index}_{abs(hash(json.dumps(call, sort_keys=True))) % 10**8}",
            "type": "function",
            "function": {"name": call["name"], "arguments": json.dumps(call.get("arguments", {}))},
        }
        for index, call in enumerate(calls)
    ]
    return {"role": "assistant", "content": text or None, "tool_calls": wire}


async def _event(response: web.StreamResponse, data: dict[str, Any]) -> None:
    await response.write(f"data: {json.dumps(data)}\n\n".encode())


def _error(status: int, message: str, kind: str, code: str | None, headers: dict[str, str] | None = None) -> web.Response:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return web.json_response(body, status=status, headers=headers)
