"""A loopback Discord: the REST API and the gateway websocket in one aiohttp app.

It speaks the wire format discord.py expects (see PLATFORMS.md "Discord"), records
every REST call and gateway frame it receives, and lets a test push customer
messages and button clicks, ask for a reconnect, inject 429s and failures, or
refuse the privileged message-content intent (close code 4014).
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import discord
import yarl
from aiohttp import WSMsgType, web

BOT_ID = "1000"
APP_ID = "1000"
GUILD_ID = "3000"
GENERAL_ID = "3001"
SUPPORT_ID = "3002"
MESSAGE_CONTENT = 1 << 15
DISCORD_EPOCH_MS = 1420070400000

BOT_USER = {"id": BOT_ID, "username": "csbot", "discriminator": "0", "avatar": None, "bot": True, "global_name": None}
CUSTOMER = {"id": "4001", "username": "ada", "discriminator": "0", "avatar": None, "global_name": "Ada"}
OTHER_BOT = {"id": "4999", "username": "otherbot", "discriminator": "0", "avatar": None, "bot": True}


@dataclass(frozen=True)
class Call:
    """One REST request as the fake received it."""

    route: str  # "POST /channels/{channel_id}/messages"
    params: dict  # the path parameters: {"channel_id": "3002"}
    json: dict | None
    query: dict


@dataclass
class _Fault:
    status: int
    times: int
    retry_after: float = 0.0
    after: int = 0  # calls to let through first


@dataclass
class _Gateway:
    """The session the fake keeps across connections, so RESUME can replay what was missed."""

    session_id: str = "fake-session"
    seq: int = 0
    events: list[tuple[int, str, dict]] = field(default_factory=list)
    socket: web.WebSocketResponse | None = None
    intents: int = 0
    extra_replay: int = 0  # already-delivered events to send again on the next RESUME


@contextlib.contextmanager
def aimed_at(fake: DiscordFake):
    """Point discord.py's class-level REST base and gateway at the fake, and put them back after."""
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _json(data: object, status: int = 200, headers: dict | None = None) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly application/json
    # (aiohttp's json_response appends "; charset=utf-8").
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})}
    )


_RATE_HEADERS = {
    "X-RateLimit-Limit": "5",
    "X-RateLimit-Remaining": "4",
    "X-RateLimit-Reset-After": "1.0",
    "X-RateLimit-Bucket": "fake-bucket",
}


class DiscordFake:
    """Discord REST under /api/v10 and the gateway at /gw, on 127.0.0.1 and a free port."""

    def __init__(self, *, token: str = "fake-token", grant_message_content: bool = True) -> None:
        self.token = token
        self.grant_message_content = grant_message_content
        self.calls: list[Call] = []
        self.frames: list[dict] = []  # every gateway frame the client sent
        self.identifies: list[dict] = []
        self.resumes: list[dict] = []
        self.heartbeats = 0
        self.close_codes: list[int] = []  # the codes the fake closed the gateway with
        self._changed = asyncio.Condition()
        self._gateway = _Gateway()
        self._faults: dict[str, list[_Fault]] = {}
        self._ids = itertools.count(1)
        self._messages: dict[str, dict] = {}
        self._channels: dict[str, dict] = {
            GENERAL_ID: {"id": GENERAL_ID, "type": 0, "name": "general", "position": 0, "guild_id": GUILD_ID},
            SUPPORT_ID: {"id": SUPPORT_ID, "type": 0, "name": "support", "position": 1, "guild_id": GUILD_ID},
        }
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gw", self._gateway_socket)
        api = "/api/v10"
        app.router.add_get(api + "/users/@me", self._rest(self._me))
        app.router.add_get(api + "/oauth2/applications/@me", self._rest(self._application))
        app.router.add_post(api + "/channels/{channel_id}/messages", self._rest(self._create_message))
        app.router.add_post(api + "/channels/{channel_id}/typing", self._rest(self._typing))
        app.router.add_post(
            api + "/channels/{channel_id}/messages/{message_id}/threads", self._rest(self._create_thread)
        )
        app.router.add_post(
            api + "/interactions/{interaction_id}/{interaction_token}/callback", self._rest(self._callback)
        )
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        socket = self._gateway.socket
        if socket is not None and not socket.closed:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> DiscordFake:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gw"

    # -- what tests read ---------------------------------------------------------------

    def calls_to(self, route: str, **params: str) -> list[Call]:
        return [
            c for c in self.calls if c.route == route and all(c.params.get(k) == str(v) for k, v in params.items())
        ]

    def sent(self, channel_id: str) -> list[dict]:
        """Bodies of the messages the bot posted to a channel, in order."""
        return [c.json or {} for c in self.calls_to("POST /channels/{channel_id}/messages", channel_id=channel_id)]

    def messages_in(self, channel_id: str) -> list[dict]:
        """Every message (customers' and the bot's) the fake holds for a channel, oldest first."""
        return [m for m in self._messages.values() if m["channel_id"] == channel_id]

    async def wait_for(self, route: str, count: int = 1, timeout: float = 5.0, **params: str) -> list[Call]:
        """Wait until `count` calls to `route` (matching the path params) were received."""
        await self._until(lambda: len(self.calls_to(route, **params)) >= count, timeout, f"{count} x {route} {params}")
        return self.calls_to(route, **params)

    async def wait_connected(self, sessions: int = 1, timeout: float = 5.0) -> None:
        """Wait until the client has identified or resumed `sessions` times and is on the socket."""
        await self._until(
            lambda: len(self.identifies) + len(self.resumes) >= sessions and self._gateway.socket is not None,
            timeout,
            f"{sessions} gateway sessions",
        )

    async def wait_closed(self, timeout: float = 5.0) -> None:
        await self._until(lambda: bool(self.close_codes), timeout, "a gateway close")

    async def _until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(done), timeout)
            except TimeoutError:
                raise AssertionError(f"discord fake: timed out waiting for {what}") from None

    async def _changed_now(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- what tests do -----------------------------------------------------------------

    def rate_limit(self, route: str, *, times: int = 1, retry_after: float = 0.05) -> None:
        """Answer the next `times` calls to `route` with 429 and the headers discord.py reads."""
        self._faults.setdefault(route, []).append(_Fault(429, times, retry_after))

    def fail(self, route: str, *, status: int, times: int = 1, after: int = 0) -> None:
        """Answer `times` calls to `route` with `status`, after letting `after` calls through."""
        self._faults.setdefault(route, []).append(_Fault(status, times, after=after))

    async def push_dm(self, text: str, *, user: dict = CUSTOMER, attachments: int = 0) -> dict:
        channel_id = self._dm_channel(user)
        return await self._push(channel_id, None, text, user, mentions_bot=False, attachments=attachments)

    async def push_guild_message(
        self,
        channel_id: str,
        text: str,
        *,
        user: dict = CUSTOMER,
        mention: bool = False,
        attachments: int = 0,
    ) -> dict:
        content = f"<@{BOT_ID}> {text}" if mention else text
        return await self._push(channel_id, GUILD_ID, content, user, mentions_bot=mention, attachments=attachments)

    async def push_click(self, message: dict, custom_id: str, *, user: dict = CUSTOMER) -> str:
        """A customer presses a button (component type 2) on `message`."""
        interaction_id = self._snowflake()
        channel = self._channels[message["channel_id"]]
        payload = {
            "id": interaction_id,
            "application_id": APP_ID,
            "type": 3,
            "token": f"token-{interaction_id}",
            "version": 1,
            "attachment_size_limit": 8388608,
            "channel_id": channel["id"],
            "channel": channel,
            "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
            "locale": "en-US",
            "app_permissions": "0",
            "entitlements": [],
            "authorizing_integration_owners": {},
        }
        if channel.get("guild_id"):
            payload["guild_id"] = channel["guild_id"]
            payload["member"] = self._member(user)
            payload["context"] = 0
        else:
            payload["user"] = user
            payload["context"] = 1
        await self._dispatch("INTERACTION_CREATE", payload)
        return interaction_id

    async def reconnect(self, *, replay_last: int = 0) -> None:
        """Send op 7; on the RESUME that follows, also replay the last `replay_last` delivered events."""
        self._gateway.extra_replay = replay_last
        socket = self._gateway.socket
        assert socket is not None, "no client connected"
        await socket.send_str(json.dumps({"op": 7, "d": None}))

    async def close_gateway(self, code: int, reason: str = "") -> None:
        """Close the live gateway connection with `code` (4014: intent switched off, 4004: token reset)."""
        socket = self._gateway.socket
        assert socket is not None, "no client connected"
        await self._close(socket, code, reason or f"closed with {code}")

    # -- REST --------------------------------------------------------------------------

    def _rest(self, handler: Callable) -> Callable:
        async def recorded(request: web.Request) -> web.StreamResponse:
            route = f"{request.method} {request.match_info.route.resource.canonical.removeprefix('/api/v10')}"
            body = await request.json() if request.can_read_body else None
            self.calls.append(Call(route, dict(request.match_info), body, dict(request.query)))
            await self._changed_now()
            if not self._authorized(request):
                return _json({"message": "401: Unauthorized", "code": 0}, 401)
            fault = self._take_fault(route)
            if fault is not None:
                return fault
            return await handler(request, body)

        return recorded

    def _authorized(self, request: web.Request) -> bool:
        # An interaction callback is authorised by the interaction's token in its path, not the bot token.
        if "interaction_token" in request.match_info:
            return request.match_info["interaction_token"] == f"token-{request.match_info['interaction_id']}"
        return request.headers.get("Authorization") == f"Bot {self.token}"

    def _take_fault(self, route: str) -> web.Response | None:
        faults = self._faults.get(route)
        if not faults:
            return None
        fault = faults[0]
        if fault.after > 0:
            fault.after -= 1
            return None
        fault.times -= 1
        if fault.times <= 0:
            faults.pop(0)
        if fault.status == 429:
            headers = {
                **_RATE_HEADERS,
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": str(fault.retry_after),
                "X-RateLimit-Scope": "user",
                "Retry-After": str(fault.retry_after),
                "Via": "1.1 google",  # without it discord.py takes a 429 for a Cloudflare ban
            }
            body = {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False}
            return _json(body, 429, headers)
        return _json({"message": f"{fault.status}: injected", "code": 0}, fault.status)

    async def _me(self, request: web.Request, body: object) -> web.Response:
        return _json({**BOT_USER, "verified": True, "mfa_enabled": False, "flags": 0}, headers=_RATE_HEADERS)

    async def _application(self, request: web.Request, body: object) -> web.Response:
        owner = {"id": "4500", "username": "owner", "discriminator": "0", "avatar": None}
        return _json(
            {
                "id": APP_ID,
                "name": "csbot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner,
                "verify_key": "00",
                "flags": 0,
            }
        )

    async def _create_message(self, request: web.Request, body: dict) -> web.Response:
        channel = self._channels.get(request.match_info["channel_id"])
        if channel is None:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        message = self._message(channel, body.get("content", ""), BOT_USER, mentions_bot=False, attachments=0)
        message["components"] = body.get("components", [])
        self._messages[message["id"]] = message
        await self._dispatch("MESSAGE_CREATE", message)
        return _json(message, headers=_RATE_HEADERS)

    async def _typing(self, request: web.Request, body: object) -> web.Response:
        if request.match_info["channel_id"] not in self._channels:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        return web.Response(status=204)

    async def _create_thread(self, request: web.Request, body: dict) -> web.Response:
        parent_id, message_id = request.match_info["channel_id"], request.match_info["message_id"]
        message = self._messages.get(message_id)
        if message is None or message["channel_id"] != parent_id:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        if message_id in self._channels:
            return _json({"message": "A thread has already been created for this message", "code": 160004}, 400)
        # A thread started from a message has the message's id, as on Discord.
        thread = {
            "id": message_id,
            "guild_id": GUILD_ID,
            "parent_id": parent_id,
            "owner_id": BOT_ID,
            "name": body["name"],
            "type": 11,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": _now(),
                "locked": False,
                "create_timestamp": _now(),
            },
            "member": {"id": message_id, "user_id": BOT_ID, "join_timestamp": _now(), "flags": 0},
        }
        self._channels[message_id] = thread
        await self._dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread)

    async def _callback(self, request: web.Request, body: dict) -> web.Response:
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        interaction = {"id": request.match_info["interaction_id"], "type": 3}
        return _json({"interaction": interaction})

    # -- gateway -----------------------------------------------------------------------

    async def _gateway_socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        try:
            async for frame in socket:
                if frame.type is not WSMsgType.TEXT:
                    continue
                await self._on_frame(socket, json.loads(frame.data))
        finally:
            if self._gateway.socket is socket:
                self._gateway.socket = None
            await self._changed_now()
        return socket

    async def _on_frame(self, socket: web.WebSocketResponse, frame: dict) -> None:
        self.frames.append(frame)
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            self.heartbeats += 1
            await socket.send_str(json.dumps({"op": 11}))
        elif op == 2:
            await self._identify(socket, data)
        elif op == 6:
            await self._resume(socket, data)
        await self._changed_now()

    async def _identify(self, socket: web.WebSocketResponse, data: dict) -> None:
        self.identifies.append(data)
        if data.get("token") != self.token:
            await self._close(socket, 4004, "Authentication failed.")
            return
        if data["intents"] & MESSAGE_CONTENT and not self.grant_message_content:
            await self._close(socket, 4014, "Disallowed intent(s).")
            return
        self._gateway = _Gateway(session_id=f"session-{self._snowflake()}", intents=data["intents"], socket=socket)
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": GUILD_ID, "unavailable": True}],
            "session_id": self._gateway.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": APP_ID, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if "shard" in data:  # Discord echoes the shard of a sharded session
            ready["shard"] = data["shard"]
        await self._dispatch("READY", ready)
        await self._dispatch("GUILD_CREATE", self._guild())

    async def _close(self, socket: web.WebSocketResponse, code: int, reason: str) -> None:
        self.close_codes.append(code)
        await socket.close(code=code, message=reason.encode())

    async def _resume(self, socket: web.WebSocketResponse, data: dict) -> None:
        self.resumes.append(data)
        gateway = self._gateway
        if data.get("session_id") != gateway.session_id or data.get("token") != self.token:
            await socket.send_str(json.dumps({"op": 9, "d": False}))
            return
        gateway.socket = socket
        missed = [e for e in gateway.events if e[0] > (data.get("seq") or 0)]
        seen = [e for e in gateway.events if e[0] <= (data.get("seq") or 0)]
        again = seen[len(seen) - gateway.extra_replay :] if gateway.extra_replay else []
        gateway.extra_replay = 0
        for seq, name, payload in again + missed:
            await socket.send_str(json.dumps({"op": 0, "s": seq, "t": name, "d": payload}))
        await self._dispatch("RESUMED", {})

    async def _dispatch(self, name: str, data: dict) -> None:
        gateway = self._gateway
        gateway.seq += 1
        gateway.events.append((gateway.seq, name, data))
        if gateway.socket is not None and not gateway.socket.closed:
            await gateway.socket.send_str(json.dumps({"op": 0, "s": gateway.seq, "t": name, "d": data}))
        # else: kept in the session log; the RESUME replays it

    # -- payloads ----------------------------------------------------------------------

    def _snowflake(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (next(self._ids) & 0x3FFFFF))

    def _dm_channel(self, user: dict) -> str:
        for channel in self._channels.values():
            if channel["type"] == 1 and channel["recipients"][0]["id"] == user["id"]:
                return channel["id"]
        channel_id = self._snowflake()
        self._channels[channel_id] = {"id": channel_id, "type": 1, "last_message_id": None, "recipients": [user]}
        return channel_id

    def _member(self, user: dict) -> dict:
        return {"user": user, "roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}

    def _message(self, channel: dict, content: str, author: dict, *, mentions_bot: bool, attachments: int) -> dict:
        message_id = self._snowflake()
        message = {
            "id": message_id,
            "channel_id": channel["id"],
            "author": author,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [BOT_USER] if mentions_bot else [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": self._snowflake(),
                    "filename": f"photo{n}.jpg",
                    "size": 1024,
                    "url": f"http://127.0.0.1:{self.port}/files/photo{n}.jpg",
                    "proxy_url": f"http://127.0.0.1:{self.port}/files/photo{n}.jpg",
                    "content_type": "image/jpeg",
                }
                for n in range(attachments)
            ],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if channel.get("guild_id"):
            message["guild_id"] = channel["guild_id"]
            message["member"] = {k: v for k, v in self._member(author).items() if k != "user"}
        return message

    async def _push(
        self, channel_id: str, guild_id: str | None, content: str, user: dict, *, mentions_bot: bool, attachments: int
    ) -> dict:
        channel = self._channels[channel_id]
        message = self._message(channel, content, user, mentions_bot=mentions_bot, attachments=attachments)
        self._messages[message["id"]] = message
        delivered = message
        if guild_id and not mentions_bot and not self._gateway.intents & MESSAGE_CONTENT:
            # What the real gateway does without the privileged intent.
            delivered = {**message, "content": "", "attachments": [], "embeds": []}
        await self._dispatch("MESSAGE_CREATE", delivered)
        return message

    def _guild(self) -> dict:
        channels = [c for c in self._channels.values() if c.get("guild_id") == GUILD_ID and c["type"] != 11]
        threads = [c for c in self._channels.values() if c["type"] == 11]
        everyone = {
            "id": GUILD_ID,
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "position": 0,
            "permissions": "2248473465835073",
            "managed": False,
            "mentionable": False,
        }
        return {
            "id": GUILD_ID,
            "name": "The Shop",
            "owner_id": "4500",
            "icon": None,
            "unavailable": False,
            "member_count": 3,
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": channels,
            "threads": threads,
            "members": [{**self._member(BOT_USER)}],
            "voice_states": [],
            "presences": [],
            "large": False,
            "joined_at": _now(),
        }
