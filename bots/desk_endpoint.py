"""The desk endpoint: `csbot run` and `csbot chat` own the SQLite file (one writer per file), so
`csbot desk` acts through them. HTTP on 127.0.0.1 with a random bearer token; where to find it
is written beside the database (`<db>.desk`, mode 0600, removed on stop), so only a user who can
read that file (the shop's own account) can act.
"""
from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from adapters.slow_clients import runner_options
from bots.desk_actions import DeskActions
from core.store.base import StoreError

log = logging.getLogger("csbot.desk")


def serving_desk(hub: Any, db: str | Path):
    """The endpoint for a process that owns a SQLite file `db`. Nothing for an in-memory store,
    nor for PostgreSQL, where the desk is one more writer among the workers and opens it itself."""
    path = sqlite_file(db)
    return contextlib.nullcontext() if path is None else DeskEndpoint(hub, path)


def sqlite_file(db: str | Path) -> Path | None:
    """The file behind a `db` setting (a path or sqlite:///path), or None for memory and servers."""
    target = str(db).strip()
    if target.startswith("sqlite://"):
        target = target.removeprefix("sqlite://").removeprefix("/")
    if not target or target == ":memory:" or "://" in target:
        return None
    return Path(target)


def endpoint_file(db: str | Path) -> Path:
    return Path(f"{db}.desk")


class DeskEndpoint:
    def __init__(self, hub: Any, db: str | Path, host: str = "127.0.0.1") -> None:
        self.actions = DeskActions(hub)
        self.file = endpoint_file(Path(db).resolve())
        self.host = host
        self.token = secrets.token_urlsafe(32)
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(middlewares=[self._auth])
        app.router.add_get("/escalations", self._list)
        app.router.add_get("/escalations/{id}", self._show)
        app.router.add_post("/escalations/{id}/reply", self._reply)
        app.router.add_post("/escalations/{id}/decide", self._decide)
        self._runner = web.AppRunner(app, access_log=None, **runner_options())
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{self.host}:{port}"
        try:
            self._write_file()
        except OSError as error:  # e.g. another local user made `<db>.desk` first: one line, no traceback
            await self._runner.cleanup()
            raise StoreError(
                f"cannot write {self.file} ({error.strerror}): `csbot desk` finds this process through it; remove it"
            ) from None

    def _write_file(self) -> None:
        self.file.unlink(missing_ok=True)  # a stale file of a crashed run; never write through a link
        fd = os.open(self.file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({"url": self.url, "token": self.token, "pid": os.getpid()}, out)

    async def stop(self) -> None:
        try:
            if json.loads(self.file.read_text()).get("token") == self.token:
                self.file.unlink()
        except (OSError, ValueError):
            pass
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DeskEndpoint:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @web.middleware
    async def _auth(self, request: web.Request, handler):
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return web.json_response({"ok": False, "message": "unauthorised"}, status=401)
        return await handler(request)

    async def _list(self, request: web.Request) -> web.Response:
        open_only = request.query.get("all") != "1"
        return web.json_response(await self.actions.escalations(open_only))

    async def _show(self, request: web.Request) -> web.Response:
        card = await self.actions.card(request.match_info["id"])
        return web.json_response(card, status=200 if card else 404)

    async def _reply(self, request: web.Request) -> web.Response:
        body = await _object_body(request)
        return web.json_response(await self.actions.reply(request.match_info["id"], str(body.get("staff", "staff")), str(body.get("text", ""))))

    async def _decide(self, request: web.Request) -> web.Response:
        body = await _object_body(request)
        if not isinstance(body.get("details") or {}, dict):
            raise _bad_request("details must be a JSON object")
        try:
            result = await self.actions.decide(
                request.match_info["id"], str(body.get("action", "")), str(body.get("staff", "staff")),
                str(body.get("note", "")), {str(k): str(v) for k, v in (body.get("details") or {}).items()},
            )
        except ValueError as error:
            result = {"ok": False, "message": str(error)}
        return web.json_response(result)


def holding_process(db: str | Path) -> int | None:
    """The id of the live csbot process (chat, run, web) that holds the SQLite file `db`, if any."""
    info = _live_endpoint(db)
    return None if info is None else int(info["pid"])


def _live_endpoint(db: str | Path) -> dict | None:
    path = sqlite_file(db)
    if path is None:
        return None
    file = endpoint_file(path.resolve())
    try:
        if file.stat().st_uid != os.getuid():
            return None  # not written by this user: never send staff actions where a stranger says
        info = json.loads(file.read_text())
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no file, unreadable, or its process is gone
    return info if isinstance(info, dict) and "url" in info and "token" in info else None


async def _object_body(request: web.Request) -> dict:
    """The request's JSON object; anything else is a 400 with a JSON error, never a traceback."""
    try:
        body = json.loads(await request.text())
    except (ValueError, UnicodeDecodeError):
        raise _bad_request("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise _bad_request("the body must be a JSON object")
    return body


def _bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"ok": False, "message": message}), content_type="application/json")


class DeskClient:
    """DeskActions over the endpoint of the process that owns the database."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self._session = aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {token}"}, timeout=aiohttp.ClientTimeout(total=30)
        )

    @classmethod
    def find(cls, db: str | Path) -> DeskClient | None:
        """The endpoint of a live process holding `db`, or None."""
        info = _live_endpoint(db)
        return None if info is None else cls(str(info["url"]), str(info["token"]))

    async def close(self) -> None:
        await self._session.close()

    async def _json(self, method: str, path: str, body: dict | None = None) -> Any:
        async with self._session.request(method, self.url + path, json=body) as response:
            if response.status == 401:
                raise PermissionError("the desk endpoint refused the token")
            return await response.json()

    async def escalations(self, open_only: bool = True) -> list[dict]:
        return await self._json("GET", "/escalations" + ("" if open_only else "?all=1"))

    async def card(self, escalation_id: str) -> dict | None:
        return await self._json("GET", f"/escalations/{escalation_id}")

    async def reply(self, escalation_id: str, staff: str, text: str) -> dict:
        return await self._json("POST", f"/escalations/{escalation_id}/reply", {"staff": staff, "text": text})

    async def decide(self, escalation_id: str, action: str, staff: str, note: str = "", details: dict | None = None) -> dict:
        body = {"action": action, "staff": staff, "note": note, "details": details or {}}
        return await self._json("POST", f"/escalations/{escalation_id}/decide", body)
