"""A loopback Telegram Bot API server for python-telegram-bot to talk to.

Wire facts from PLATFORMS.md "Telegram": every call is a POST to `/bot<TOKEN>/<method>`,
form-urlencoded (multipart with files, JSON accepted too), non-string values JSON-encoded;
answers `{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description"}` with
the HTTP status PTB maps to its exceptions. getUpdates long-polls: it holds the request up to
`timeout` seconds and wakes as soon as an update is pushed.

Usable in-process (`async with FakeTelegram() as fake`) and as its own process
(`python -m tests.fakes.telegram_api --port 0`), driven then over `/fake/...` endpoints.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Parameters Telegram takes as JSON-serialised objects inside a form body.
_JSON_FIELDS = frozenset(
    {"reply_markup", "entities", "caption_entities", "allowed_updates", "link_preview_options",
     "reply_parameters", "media", "commands", "scope"}
)
_MEDIA_KEYS = ("photo", "sticker", "voice", "document", "location", "video", "audio")


@dataclass
class Call:
    """One request the fake received; `params` is normalised the same for form and JSON bodies:
    scalars as strings (as on the wire), JSON objects decoded, uploaded files as descriptions."""

    method: str
    params: dict[str, Any]
    token: str
    at: float = field(default_factory=time.time)
    status: int = 200


_DROP, _STALL = 0, -1  # pseudo statuses: close the connection unanswered / never answer


@dataclass
class _Failure:
    status: int  # an HTTP status, or _DROP / _STALL
    description: str
    retry_after: int | None
    remaining: int


class FakeTelegram:
    def __init__(self, *, token: str | None = None, bot_username: str = "shop_bot", bot_id: int = 999_000) -> None:
        self.token = token  # None: any token is accepted; else others get 401 as a revoked token does
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "Shop", "username": bot_username}
        self.calls: list[Call] = []
        self.webhook: dict[str, Any] | None = None
        self.base_url = ""
        self.base_file_url = ""
        self.url = ""
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._chats: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[_Failure]] = {}
        # Replaced on every change so waiters wake at once without polling.
        self._updates_changed = asyncio.Event()
        self._calls_changed = asyncio.Event()
        self._closing = False
        self._closed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # lifecycle -------------------------------------------------------------------------
    async def start(self, port: int = 0) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/bot{token}/{method}", self._api)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._file)
        app.router.add_post("/fake/push", self._control_push)
        app.router.add_get("/fake/calls", self._control_calls)
        app.router.add_post("/fake/fail", self._control_fail)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", port))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.base_url = f"{self.url}/bot"
        self.base_file_url = f"{self.url}/file/bot"
        return self

    async def stop(self) -> None:
        self._closing = True
        self._closed.set()
        self._wake_updates()  # held getUpdates answer now instead of at their timeout
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # pushing updates -------------------------------------------------------------------
    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (pushing the same one twice is how a duplicate delivery looks)."""
        update.setdefault("update_id", next(self._update_ids))
        self._pending.append(update)
        self._wake_updates()
        return update

    def push_text(
        self,
        chat_id: int,
        text: str,
        chat_type: str = "private",
        *,
        user_id: int | None = None,
        first_name: str = "Ann",
        thread_id: int | None = None,
        reply_to_bot: bool = False,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A text message; `@bot` mentions and a leading `/command` get their entities as Telegram adds them."""
        message = self.message(chat_id, chat_type, user_id=user_id, first_name=first_name, thread_id=thread_id)
        message["text"] = text
        found = entities if entities is not None else self._entities(text)
        if found:
            message["entities"] = found
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": next(self._message_ids), "date": int(time.time()),
                "chat": message["chat"], "from": self.bot, "text": "(an earlier answer)",
            }
        return self.push_update({"update_id": next(self._update_ids), "message": message})

    def push_photo(self, chat_id: int, caption: str | None = None, chat_type: str = "private", **who: Any) -> dict[str, Any]:
        message = self.message(chat_id, chat_type, **who)
        message["photo"] = [{"file_id": "AgADphoto", "file_unique_id": "ph1", "width": 90, "height": 90}]
        if caption is not None:
            message["caption"] = caption
        return self.push_update({"update_id": next(self._update_ids), "message": message})

    def push_media(self, chat_id: int, kind: str, chat_type: str = "private", **who: Any) -> dict[str, Any]:
        """A sticker, voice, document or location message (no caption)."""
        samples = {
            "sticker": {"file_id": "st", "file_unique_id": "st1", "width": 512, "height": 512,
                        "is_animated": False, "is_video": False, "type": "regular"},
            "voice": {"file_id": "vo", "file_unique_id": "vo1", "duration": 3},
            "document": {"file_id": "do", "file_unique_id": "do1", "file_name": "invoice.pdf"},
            "location": {"latitude": 48.85, "longitude": 2.35},
        }
        message = self.message(chat_id, chat_type, **who)
        message[kind] = samples[kind]
        return self.push_update({"update_id": next(self._update_ids), "message": message})

    def push_callback(
        self, chat_id: int, data: str, *, message_id: int | None = None, chat_type: str = "private",
        user_id: int | None = None, first_name: str = "Ann", thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A pressed inline button under a message the bot sent earlier."""
        message = self.message(chat_id, chat_type, user_id=user_id, thread_id=thread_id)
        message["from"] = self.bot
        message["text"] = "(a message with buttons)"
        if message_id is not None:
            message["message_id"] = message_id
        query = {
            "id": f"cq{next(self._update_ids)}",
            "from": self._user(chat_id, user_id, first_name),
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        return self.push_update({"update_id": next(self._update_ids), "callback_query": query})

    def message(
        self, chat_id: int, chat_type: str = "private", *, user_id: int | None = None,
        first_name: str = "Ann", thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A bare incoming message from a customer, to fill in and push with `push_update`."""
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Shop customers"
            if thread_id is not None:
                chat["is_forum"] = True
        self._chats[str(chat_id)] = chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(chat_id, user_id, first_name),
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        return message

    def _user(self, chat_id: int, user_id: int | None, first_name: str) -> dict[str, Any]:
        uid = user_id if user_id is not None else (chat_id if chat_id > 0 else 7)
        return {"id": uid, "is_bot": False, "first_name": first_name}

    def _entities(self, text: str) -> list[dict[str, Any]]:
        found = []
        if text.startswith("/"):
            found.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        mention = f"@{self.bot['username']}"
        start = text.find(mention)
        if start >= 0 and not text.startswith("/"):
            found.append({"type": "mention", "offset": _utf16_len(text[:start]), "length": _utf16_len(mention)})
        return found

    def _wake_updates(self) -> None:
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()

    # error injection and inspection ------------------------------------------------------
    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None,
             description: str | None = None) -> None:
        """The next `times` calls of `method` fail: 429 (give retry_after), 500, 403, 400..."""
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                403: "Forbidden: bot was blocked by the user",
                400: "Bad Request: chat not found",
                500: "Internal Server Error",
            }.get(status, "Error")
        self._failures.setdefault(method, []).append(_Failure(status, description, retry_after, times))

    def drop(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` lose their connection without an answer."""
        self._failures.setdefault(method, []).append(_Failure(_DROP, "", None, times))

    def stall(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer until the fake stops (client timeouts)."""
        self._failures.setdefault(method, []).append(_Failure(_STALL, "", None, times))

    def recover(self, method: str) -> None:
        """Forget the failures still queued for `method`: its next calls succeed."""
        self._failures.pop(method, None)

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        """Texts of the messages the bot sent successfully (to `chat_id` if given)."""
        return [
            c.params["text"] for c in self.calls_of("sendMessage")
            if c.status == 200 and (chat_id is None or c.params.get("chat_id") == str(chat_id))
        ]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until `count` calls of `method` (matching `where`) arrived; returns them all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            matching = [c for c in self.calls_of(method) if where is None or where(c)]
            if len(matching) >= count:
                return matching
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [(c.method, c.status, c.params.get("text")) for c in self.calls]
                raise AssertionError(f"{len(matching)}/{count} {method} calls after {timeout}s; received: {seen}")
            changed = self._calls_changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                pass

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._calls_changed.set()
        self._calls_changed = asyncio.Event()

    # the Bot API -------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        token, method = request.match_info["token"], request.match_info["method"]
        call = Call(method, await _read_params(request), token)
        self._record(call)
        if self.token is not None and token != self.token:
            return self._error(call, 401, "Unauthorized")
        failure = self._take_failure(method)
        if failure is not None:
            if failure.status == _STALL:
                call.status = _STALL
                await self._closed.wait()
                return web.Response(status=503)
            if failure.status == _DROP:
                call.status = _DROP
                assert request.transport is not None
                request.transport.close()
                return web.Response()  # never reaches the client: the socket is closed
            return self._error(call, failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(call, 404, "Not Found: method not found")
        try:
            result = await handler(call.params)
        except _BadRequest as exc:
            return self._error(call, 400, f"Bad Request: {exc}")
        return web.json_response({"ok": True, "result": result})

    def _take_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        return failure

    def _error(self, call: Call, status: int, description: str, retry_after: int | None = None) -> web.Response:
        call.status = status
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        if params.get("drop_pending_updates") == "true":
            self._pending.clear()
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        if not params.get("url"):
            raise _BadRequest("bad webhook: URL must be provided")
        self.webhook = dict(params)
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._pending)}

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        timeout = float(params.get("timeout", 0))
        # An offset confirms every update before it: those are gone for good.
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if not self._pending and timeout > 0 and not self._closing:
            changed = self._updates_changed
            try:
                await asyncio.wait_for(changed.wait(), timeout)
            except TimeoutError:
                pass
        ready = [u for u in self._pending if u["update_id"] >= offset]
        return ready[:limit]

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        if not params.get("text"):
            raise _BadRequest("message text is empty")
        if len(params["text"].encode("utf-16-le")) // 2 > 4096:
            raise _BadRequest("message is too long")
        message = self._bot_message(params)
        message["text"] = params["text"]
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        message = self._bot_message(params)
        message["photo"] = [{"file_id": "sent-photo", "file_unique_id": "sp1", "width": 1, "height": 1}]
        return message

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        message = self._bot_message(params)
        upload = params.get("document")
        name = upload.get("filename", "file") if isinstance(upload, dict) else "file"
        message["document"] = {"file_id": "sent-doc", "file_unique_id": "sd1", "file_name": name}
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._bot_message(params)
        message["message_id"] = int(params.get("message_id", message["message_id"]))
        message["text"] = params.get("text", "")
        message["edit_date"] = int(time.time())
        return message

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    def _bot_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None:
            raise _BadRequest("chat_id is empty")
        chat = self._chats.get(str(chat_id)) or {"id": int(chat_id), "type": "private" if int(chat_id) > 0 else "supergroup"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": self.bot,
        }
        if "message_thread_id" in params:
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        return message

    async def _file(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    # webhook delivery ------------------------------------------------------------------
    async def post_webhook(self, update: dict[str, Any], secret_token: str | None = "__registered__") -> int:
        """POST an update to the registered webhook as Telegram does; returns the HTTP status.
        By default the secret registered with setWebhook is sent; pass another (or None) to test refusal."""
        import aiohttp

        assert self.webhook is not None, "no webhook registered (setWebhook was not called)"
        update.setdefault("update_id", next(self._update_ids))
        secret = self.webhook.get("secret_token") if secret_token == "__registered__" else secret_token
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with aiohttp.ClientSession() as session:
            async with session.post(self.webhook["url"], data=json.dumps(update), headers=headers) as response:
                return response.status

    # control endpoints, for driving the fake from another process ----------------------
    async def _control_push(self, request: web.Request) -> web.Response:
        body = await request.json()
        updates = body if isinstance(body, list) else [body]
        for update in updates:
            if "text" in update and "chat_id" in update:  # shorthand {"chat_id", "text", "chat_type"?}
                self.push_text(int(update["chat_id"]), update["text"], update.get("chat_type", "private"))
            else:
                self.push_update(update)
        return web.json_response({"ok": True, "pushed": len(updates)})

    async def _control_calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        since = int(request.query.get("since", 0))
        calls = [
            {"method": c.method, "params": c.params, "at": c.at, "status": c.status}
            for c in self.calls[since:] if method is None or c.method == method
        ]
        return web.json_response({"total": len(self.calls), "calls": calls})

    async def _control_fail(self, request: web.Request) -> web.Response:
        body = await request.json()
        times = int(body.get("times", 1))
        if body.get("status") == "drop":
            self.drop(body["method"], times=times)
        else:
            self.fail(body["method"], int(body["status"]), times=times,
                      retry_after=body.get("retry_after"), description=body.get("description"))
        return web.json_response({"ok": True})


class _BadRequest(Exception):
    pass


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def _read_params(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    if request.content_type == "application/json":
        raw = await request.json()
        return {k: v if isinstance(v, (dict, list)) else _scalar(v) for k, v in raw.items()}
    params: dict[str, Any] = {}
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            params[key] = {"filename": value.filename, "content_type": value.content_type, "size": len(content)}
        elif key in _JSON_FIELDS:
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


async def _serve(port: int) -> None:
    fake = await FakeTelegram().start(port)
    print(fake.url, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API on 127.0.0.1 (prints its URL)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.port))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
