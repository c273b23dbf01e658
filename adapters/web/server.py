"""WebChat: the widget's server as a long-lived part with start/stop, for `csbot run`."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from aiohttp import web

from adapters.slow_clients import runner_options
from adapters.web.app import make_app
from adapters.web.sessions import SessionTokens


class WebChat:
    def __init__(
        self,
        hub: Any,
        *,
        allowed_origins: Collection[str],
        host: str = "127.0.0.1",
        port: int = 8080,
        max_message_chars: int = 2000,
        per_conversation_rate: tuple[int, float] = (10, 60.0),
        per_address_rate: tuple[int, float] = (60, 60.0),
        tokens: SessionTokens | None = None,
        trusted_proxies: Collection[str] = (),
        max_sockets: int = 2000,
    ) -> None:
        self.app = make_app(
            hub,
            allowed_origins=allowed_origins,
            max_message_chars=max_message_chars,
            per_conversation_rate=per_conversation_rate,
            per_address_rate=per_address_rate,
            tokens=tokens,
            trusted_proxies=trusted_proxies,
            max_sockets=max_sockets,
        )
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._bound: tuple[str, int] | None = None

    @property
    def url(self) -> str:
        """The base URL the server listens on (with the real port when started on port 0)."""
        if self._bound is None:
            raise RuntimeError("WebChat is not started")
        host, port = self._bound
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=5.0, **runner_options())
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        try:
            await site.start()
        except BaseException:
            # setup() ran the apps' start-up hooks (the owner's page opens a reader thread): a port
            # already in use must not leave them running, or the process never exits.
            await self.stop()
            raise
        host, port = self._runner.addresses[0][:2]
        self._bound = (host, port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._bound = None

    async def __aenter__(self) -> WebChat:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
