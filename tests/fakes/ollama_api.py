"""A loopback Ollama server speaking the HTTP API the official `ollama` client uses.

Wire facts from PLATFORMS.md "Ollama": /api/chat (NDJSON stream or one JSON body),
/api/tags, /api/show (must carry `model_info`), GET / -> "Ollama is running"; a missing
model is 404 {"error": "model 'x' not found"}; a stream line with "error" breaks the stream.

Tool calls as Ollama sends them: `message.tool_calls[i]` = `{"function": {"name", "arguments":
{...}}}` (arguments an object, not a string). Ollama never refuses a long prompt: it cuts its
front to `num_ctx` (dropping the rules); the fake records that as `Received.truncated`.
`num_predict` stops generation (done_reason "length"). A reply function may return a dict
{"content": ..., "tool_calls": [{"name", "arguments"}]}.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from aiohttp import web

Messages = list[dict[str, Any]]
Answer = str | dict[str, Any]  # text, or {"content": ..., "tool_calls": [{"name", "arguments"}]}
Reply = Callable[[Messages], Answer | Awaitable[Answer]]
# error: HTTP 500; broken: the reply starts then a line with "error" arrives;
# drop: the connection closes without a complete reply; stall: no answer until stop().
Failure = Literal["error", "broken", "drop", "stall"]


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]
    reply: dict[str, Any] | None = None  # for /api/chat: the final JSON object sent (with its counts)
    truncated: bool = False  # the prompt passed num_ctx and Ollama would have cut its front


@dataclass
class _Injected:
    kind: Failure
    remaining: int | None  # None: every request until cleared
    paths: tuple[str, ...]


def _base_name(model: str) -> str:
    return model if ":" in model else f"{model}:latest"


@dataclass
class FakeOllama:
    replies: Iterable[str] | Reply = ("Hello from the fake Ollama.",)
    models: Iterable[str] = ("llama3.1:latest", "llama-guard3:1b")
    capabilities: Iterable[str] = ("completion", "tools")  # what /api/show reports for every model
    requests: list[Received] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._function: Reply | None = self.replies if callable(self.replies) else None
        self._outputs = [] if callable(self.replies) else list(self.replies)
        self._pulled = {_base_name(m) for m in self.models}
        self._chats = 0
        self._failure: _Injected | None = None
        self._release = asyncio.Event()
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # lifecycle -------------------------------------------------------------------------
    async def start(self) -> FakeOllama:
        app = web.Application()
        app.router.add_get("/", self._root)
        app.router.add_post("/api/chat", self._chat)
        app.router.add_get("/api/tags", self._tags)
        app.router.add_post("/api/show", self._show)
        app.router.add_get("/api/version", self._version)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        return self

    async def stop(self) -> None:
        self._release.set()  # let stalled handlers finish so shutdown does not wait on them
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOllama:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # scripting -------------------------------------------------------------------------
    def fail(self, kind: Failure, *, times: int | None = None, paths: Iterable[str] = ("/api/chat",)) -> None:
        """Make the next `times` requests on `paths` fail as `kind` (every one when times is None)."""
        self._failure = _Injected(kind, times, tuple(paths))

    def heal(self) -> None:
        self._failure = None

    def pull(self, model: str) -> None:
        self._pulled.add(_base_name(model))

    @property
    def chats(self) -> list[Received]:
        return [r for r in self.requests if r.path == "/api/chat"]

    async def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[Received]:
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.requests) >= count), timeout)
        return self.requests

    # handlers --------------------------------------------------------------------------
    async def _record(self, request: web.Request) -> Received:
        body = None
        if request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        received = Received(request.method, request.path, body, dict(request.headers))
        self.requests.append(received)
        async with self._arrived:
            self._arrived.notify_all()
        return received

    def _take_failure(self, path: str) -> Failure | None:
        injected = self._failure
        if injected is None or path not in injected.paths:
            return None
        if injected.remaining is not None:
            injected.remaining -= 1
            if injected.remaining <= 0:
                self._failure = None
        return injected.kind

    async def _simple_failure(self, kind: Failure, request: web.Request) -> web.StreamResponse:
        if kind == "stall":
            await self._release.wait()
            return web.json_response({"error": "server stopped"}, status=503)
        if kind == "drop":
            return await _drop(request)
        return web.json_response({"error": "llama runner process has terminated: exit status 2"}, status=500)

    async def _root(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.Response(text="Ollama is running")

    async def _version(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.json_response({"version": "0.0.0-fake"})

    async def _tags(self, request: web.Request) -> web.StreamResponse:
        await self._record(request)
        if kind := self._take_failure(request.path):
            return await self._simple_failure(kind, request)
        models = [
            {
                "name": name,
                "model": name,
                "modified_at": _now(),
                "size": 4_920_753_328,
                "digest": f"{abs(hash(name)):064x}"[:64],
                "details": {"format": "gguf", "family": "llama", "parameter_size": "8.0B", "quantization_level": "Q4_K_M"},
            }
            for name in sorted(self._pulled)
        ]
        return web.json_response({"models": models})

    async def _show(self, request: web.Request) -> web.StreamResponse:
        received = await self._record(request)
        if kind := self._take_failure(request.path):
            return await self._simple_failure(kind, request)
        model = (received.body or {}).get("model", "")
        if _base_name(model) not in self._pulled:
            return _missing(model)
        return web.json_response(
            {
                "modelfile": f"FROM {model}\n",
                "parameters": "stop \"<|eot_id|>\"",
                "template": "{{ .Prompt }}",
                "details": {"format": "gguf", "family": "llama", "parameter_size": "8.0B", "quantization_level": "Q4_K_M"},
                "model_info": {"general.architecture": "llama", "llama.context_length": 131072},
                "capabilities": list(self.capabilities),
                "modified_at": _now(),
            }
        )

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        received = await self._record(request)
        body = received.body or {}
        model = body.get("model", "")
        kind = self._take_failure(request.path)
        if kind in ("error", "stall") or (kind == "drop" and not body.get("stream", True)):
            return await self._simple_failure(kind, request)
        if _base_name(model) not in self._pulled:
            return _missing(model)
        messages = body.get("messages") or []
        options = body.get("options") or {}
        prompt_tokens = count_tokens(messages, body.get("tools"))
        received.truncated = prompt_tokens > options.get("num_ctx", 2048)
        answer = await self._answer(messages)
        text, calls = (answer, []) if isinstance(answer, str) else (answer.get("content") or "", answer.get("tool_calls") or [])
        done_reason = "stop"
        if options.get("num_predict") and len(text) > 4 * options["num_predict"]:
            text, done_reason = text[: 4 * options["num_predict"]], "length"
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = [{"function": {"name": c["name"], "arguments": c.get("arguments", {})}} for c in calls]
        final = {
            "model": model,
            "created_at": _now(),
            "message": message,
            "done": True,
            "done_reason": done_reason,
            "total_duration": 1_000_000,
            "load_duration": 1_000,
            "prompt_eval_count": min(prompt_tokens, options.get("num_ctx", 2048)),
            "prompt_eval_duration": 500_000,
            "eval_count": max(1, len(text.split())),
            "eval_duration": 400_000,
        }
        received.reply = final
        if not body.get("stream", True):  # the API streams unless told not to
            if kind == "broken":  # half a reply, then the error line, in one body
                partial = json.dumps({"model": model, "message": {"role": "assistant", "content": text[:5]}, "done": False})
                return web.Response(text=partial + "\n" + json.dumps({"error": "unexpected EOF"}) + "\n", content_type="application/json")
            return web.json_response(final)
        return await self._stream(request, model, text, final, kind)

    async def _stream(self, request: web.Request, model: str, text: str, final: dict[str, Any], kind: Failure | None) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        pieces = [word + " " for word in text.split(" ")]
        pieces[-1] = pieces[-1][:-1]
        for piece in pieces[:1] if kind else pieces:
            chunk = {"model": model, "created_at": _now(), "message": {"role": "assistant", "content": piece}, "done": False}
            await response.write((json.dumps(chunk) + "\n").encode())
        if kind == "broken":
            await response.write((json.dumps({"error": "an error was encountered while running the model: unexpected EOF"}) + "\n").encode())
            await response.write_eof()
            return response
        if kind == "drop":
            assert request.transport is not None
            request.transport.close()  # mid-stream: the chunked body never ends
            return response
        last = dict(final, message=dict(final["message"], content=""))  # tool calls come whole, at the end
        await response.write((json.dumps(last) + "\n").encode())
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
    """A tokenizer's count, imitated (see tests/fakes/openai_api.py)."""
    chars = sum(len(str(m.get("content") or "")) + len(json.dumps(m.get("tool_calls") or "")) for m in messages)
    return max(1, int(chars / 3.5) + 4 * len(messages) + (int(len(json.dumps(tools)) / 3.5) if tools else 0))


def _missing(model: str) -> web.Response:
    return web.json_response({"error": f"model '{model}' not found"}, status=404)


async def _drop(request: web.Request) -> web.StreamResponse:
    """Close the socket before any response byte: the client sees a disconnect, not a status."""
    assert request.transport is not None
    request.transport.close()
    response = web.StreamResponse()
    return response


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()
