"""A fake Slack on loopback: the Web API, `response_url`, and Socket Mode's websocket.

Real `slack_sdk` / `slack_bolt` clients talk to it over HTTP and websockets, so tests
exercise the same wire as production. It records every call it receives; tests wait
on those records (`wait_for`) instead of sleeping. Errors can be injected per method.

The second half holds what Slack itself sends: signed `event_callback` requests and
form-encoded `block_actions`, posted to an app's HTTP events URL (`SignedEvents`) or
pushed as Socket Mode envelopes (`FakeSlack.push`).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable

import aiohttp
from aiohttp import web

TEAM_ID = "T0001"
APP_ID = "A0001"


@dataclass(frozen=True)
class Call:
    """One request the fake received: the API method (or "response_url") and its parameters."""

    method: str
    params: dict
    token: str = ""


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int | None


@dataclass
class Envelope:
    """A Socket Mode envelope pushed to the app, and whether the app acked it."""

    envelope_id: str
    type: str
    payload: dict
    acked: asyncio.Event = field(default_factory=asyncio.Event)


class FakeSlack:
    """Slack's Web API and Socket Mode server on 127.0.0.1, port chosen by the OS."""

    def __init__(self, *, bot_user_id: str = "UBOT", bot_id: str = "BBOT", users: dict[str, str] | None = None) -> None:
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.users = dict(users or {})  # user id -> display name, served by users.info
        self.channels: dict[str, str] = {}  # channel id -> name, served by conversations.info
        self.calls: list[Call] = []
        self.messages: list[dict] = []  # every message in every channel, in ts order
        self.envelopes: dict[str, Envelope] = {}
        self.socket_connections = 0
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._clock = itertools.count(1)
        self._changed = asyncio.Condition()
        self._socket: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)  # some methods are GETs (conversations.replies)
        app.router.add_post("/response/{token}", self._response_url)
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- test controls -------------------------------------------------------------

    def fail(self, method: str, *, error: str = "", status: int = 200, retry_after: int | None = None, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: ok:false `error`, HTTP 429 or HTTP 5xx."""
        if status == 429 and retry_after is None:
            retry_after = 1
        for _ in range(times):
            self._failures[method].append(_Failure(status, error or _default_error(status), retry_after))

    def next_ts(self) -> str:
        n = next(self._clock)
        return f"{1_700_000_000 + n}.{n:06d}"

    def response_url(self) -> str:
        return f"{self.base_url}/response/{next(self._clock)}"

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Wait until `count` calls of `method` (matching `where`) were received; return them."""

        def matching() -> list[Call]:
            return [c for c in self.of(method) if where is None or where(c)]

        async def reached() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
            return matching()

        try:
            return await asyncio.wait_for(reached(), timeout)
        except TimeoutError:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"waited {timeout}s for {count} x {method}; got {len(matching())}; calls: {seen}") from None

    def channel_messages(self, channel: str, *, thread_ts: str | None = None) -> list[dict]:
        """Top-level messages of a channel, or the replies in one thread (root excluded)."""
        if thread_ts is None:
            return [m for m in self.messages if m["channel"] == channel and not m.get("thread_ts")]
        return [m for m in self.messages if m["channel"] == channel and m.get("thread_ts") == thread_ts and m["ts"] != thread_ts]

    def find_message(self, channel: str, ts: str) -> dict | None:
        return next((m for m in self.messages if m["channel"] == channel and m["ts"] == ts), None)

    def user_message(
        self, channel: str, user: str, text: str, *, thread_ts: str | None = None, channel_type: str = "channel",
        mention: bool = False,
    ) -> dict:
        """A person writes in Slack: record it in the channel and return the `event_callback` Slack would send."""
        ts = self.next_ts()
        message = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.messages.append(message)
        event = {**message, "event_ts": ts, "channel_type": channel_type}
        if mention:
            event["type"] = "app_mention"
            event.pop("channel_type")
        return event_callback(event)

    def button_click(
        self, card: dict, action_id: str, *, user: str, channel: str | None = None, user_name: str = ""
    ) -> dict:
        """A person clicks a button of a posted message: the `block_actions` payload Slack would send."""
        button = _find_button(card.get("blocks") or [], action_id)
        return block_actions(
            action_id, button.get("value", ""), user=user, user_name=user_name or user,
            channel=channel or card["channel"], message_ts=card["ts"], response_url=self.response_url(),
            block_id=button.get("_block_id", ""),
        )

    def opened_views(self) -> list[dict]:
        """Modals the app opened with views.open, decoded."""
        return [_decoded(c.params.get("view")) for c in self.of("views.open")]

    def submit_view(self, view: dict, *, user: str, values: dict[str, dict[str, str]]) -> dict:
        """A person submits a modal: the `view_submission` payload. `values`: block_id -> {action_id: text}."""
        state = {block: {action: {"type": "plain_text_input", "value": text} for action, text in inputs.items()}
                 for block, inputs in values.items()}
        return {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "fake"}, "api_app_id": APP_ID,
                "user": {"id": user, "username": user, "name": user, "team_id": TEAM_ID},
                "trigger_id": f"trigger-{next(self._clock)}",
                "view": {**view, "id": f"V{next(self._clock)}", "team_id": TEAM_ID, "app_id": APP_ID,
                         "state": {"values": state}}}

    # -- Socket Mode ---------------------------------------------------------------

    async def push(self, type_: str, payload: dict, *, retry_attempt: int = 0, timeout: float = 5.0) -> Envelope:
        """Send one envelope ("events_api" or "interactive") over the open socket."""
        socket = await self._wait_socket(timeout)
        envelope = Envelope(f"env-{next(self._clock)}", type_, payload)
        self.envelopes[envelope.envelope_id] = envelope
        await socket.send_json({
            "envelope_id": envelope.envelope_id, "type": type_, "payload": payload,
            "accepts_response_payload": type_ != "events_api", "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        })
        return envelope

    async def push_event(self, body: dict, *, retry_attempt: int = 0) -> Envelope:
        return await self.push("events_api", body, retry_attempt=retry_attempt)

    async def push_action(self, payload: dict) -> Envelope:
        return await self.push("interactive", payload)

    async def disconnect_socket(self) -> None:
        """Ask the client to reconnect, as Slack does when it rotates servers."""
        socket = await self._wait_socket(5.0)
        await socket.send_json({"type": "disconnect", "reason": "refresh_requested"})

    async def wait_connected(self, connections: int = 1, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(
                    lambda: self.socket_connections >= connections and self._socket is not None and not self._socket.closed
                )

    async def _wait_socket(self, timeout: float) -> web.WebSocketResponse:
        await self.wait_connected(1, timeout)
        assert self._socket is not None
        return self._socket

    # -- HTTP handlers -------------------------------------------------------------

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        await self._record(Call(method, params, token))
        if self._failures[method]:
            failure = self._failures[method].popleft()
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response({"ok": False, "error": failure.error}, status=failure.status, headers=headers)
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(await handler(params))

    async def _auth_test(self, params: dict) -> dict:
        return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "csbot",
                "team_id": TEAM_ID, "user_id": self.bot_user_id, "bot_id": self.bot_id}

    async def _chat_postMessage(self, params: dict) -> dict:
        channel = params.get("channel", "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        message = {"type": "message", "channel": channel, "ts": self.next_ts(), "user": self.bot_user_id,
                   "bot_id": self.bot_id, "text": params.get("text", ""), "blocks": _decoded(params.get("blocks"))}
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        self.messages.append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    async def _chat_update(self, params: dict) -> dict:
        message = self.find_message(params.get("channel", ""), params.get("ts", ""))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        message["text"] = params.get("text", message["text"])
        if "blocks" in params:
            message["blocks"] = _decoded(params["blocks"])
        return {"ok": True, "channel": message["channel"], "ts": message["ts"], "message": message}

    async def _conversations_replies(self, params: dict) -> dict:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        root = self.find_message(channel, ts)
        if root is None:
            return {"ok": False, "error": "thread_not_found"}
        return {"ok": True, "messages": [root, *self.channel_messages(channel, thread_ts=ts)], "has_more": False}

    async def _views_open(self, params: dict) -> dict:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view = _decoded(params.get("view")) or {}
        return {"ok": True, "view": {"id": f"V{next(self._clock)}", **view}}

    async def _users_info(self, params: dict) -> dict:
        user = params.get("user", "")
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        name = self.users[user]
        return {"ok": True, "user": {"id": user, "name": name.lower(), "real_name": name,
                                      "profile": {"display_name": name, "real_name": name}}}

    async def _conversations_info(self, params: dict) -> dict:
        channel = params.get("channel", "")
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": channel, "name": self.channels[channel]}}

    async def _apps_connections_open(self, params: dict) -> dict:
        return {"ok": True, "url": f"ws://{self.base_url.removeprefix('http://')}/link?ticket={next(self._clock)}"}

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(Call("response_url", await _params(request) | {"_url": str(request.url)}))
        return web.Response(text="ok")

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        async with self._changed:
            self._socket = socket
            self.socket_connections += 1
            self._changed.notify_all()
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                                "connection_info": {"app_id": APP_ID}})
        async for frame in socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            ack = json.loads(frame.data)
            await self._record(Call("socket_ack", ack))
            envelope = self.envelopes.get(ack.get("envelope_id", ""))
            if envelope is not None:
                envelope.acked.set()
        return socket


def _default_error(status: int) -> str:
    return {429: "ratelimited", 500: "internal_error", 503: "service_unavailable"}.get(status, "fatal_error")


def _decoded(value: Any) -> Any:
    """Block Kit fields arrive as JSON objects (JSON body) or JSON strings (form body)."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


async def _params(request: web.Request) -> dict:
    params: dict = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json() or {})
    elif request.can_read_body:
        params.update(await request.post())
    return params


def _find_button(blocks: list[dict], action_id: str) -> dict:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return {**element, "_block_id": block.get("block_id", "")}
    raise AssertionError(f"no button {action_id!r} on the message; blocks: {json.dumps(blocks)[:500]}")


# -- what Slack sends to the app ----------------------------------------------------


def event_callback(event: dict, *, event_id: str | None = None) -> dict:
    """The Events API envelope around one event."""
    return {"token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
            "event": event, "event_id": event_id or f"Ev{event.get('ts', '').replace('.', '')}",
            "event_time": int(time.time()), "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True}]}


def block_actions(
    action_id: str, value: str, *, user: str, channel: str, message_ts: str, response_url: str,
    user_name: str = "", block_id: str = "", trigger_id: str = "trigger-1",
) -> dict:
    return {
        "type": "block_actions", "team": {"id": TEAM_ID, "domain": "fake"}, "api_app_id": APP_ID,
        "user": {"id": user, "username": user_name or user, "name": user_name or user, "team_id": TEAM_ID},
        "channel": {"id": channel, "name": channel}, "trigger_id": trigger_id, "response_url": response_url,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "message": {"type": "message", "ts": message_ts},
        "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
                     "action_ts": str(time.time())}],
    }


def signed_request(secret: str, body: str | bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body.decode() if isinstance(body, bytes) else body
    digest = hmac.new(secret.encode(), f"v0:{ts}:{raw}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class SignedEvents:
    """Posts what Slack would post to an app's HTTP events URL, signed with `secret`."""

    def __init__(self, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret

    async def post_event(
        self, body: dict, *, retry_num: int | None = None, timestamp: int | None = None, secret: str | None = None
    ) -> tuple[int, str]:
        raw = json.dumps(body)
        headers = {"Content-Type": "application/json", **signed_request(secret or self.secret, raw, timestamp)}
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self._post(raw, headers)

    async def post_action(self, payload: dict, *, timestamp: int | None = None, secret: str | None = None) -> tuple[int, str]:
        raw = urllib.parse.urlencode({"payload": json.dumps(payload)})
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   **signed_request(secret or self.secret, raw, timestamp)}
        return await self._post(raw, headers)

    async def _post(self, raw: str, headers: dict[str, str]) -> tuple[int, str]:
        async with aiohttp.ClientSession() as session:
            async with session.post(self.url, data=raw.encode(), headers=headers) as response:
                return response.status, await response.text()
