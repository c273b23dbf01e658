"""The owner's page as an aiohttp sub-application, mounted by `csbot web` and `csbot run` on /owner.

No page without sign-in; without CSBOT_OWNER_PASSWORD every path says how to enable it and serves
nothing else. Every write is a form POST carrying the session's CSRF token, and the cookie is
HttpOnly, SameSite=Strict and Secure when the request came over TLS (directly, or from a trusted
proxy that says so)."""
from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

from aiohttp import web

from adapters.web.client_address import ClientAddress
from adapters.web.owner.auth import COOKIE, PASSWORD_ENV, SESSION, SIGN_IN_RATE, Password, Sessions, csrf_ok
from adapters.web.owner.page import CSS, e, layout, notice, query
from adapters.web.owner.views import Views
from adapters.web.ratelimit import RateLimit
from core.metrics.definitions import QUIET_HOURS
from core.shop.answered import AnswerRefused, add_answer
from core.shop.pack import load_pack
from core.store import open_store
from core.store.forgetting import forget_customer

log = logging.getLogger("adapters.web.owner")

PATH = "/owner"
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class OwnerPage:
    def __init__(self, hub, password: str | None, *, base: str = PATH, trusted_proxies: Collection[str] = (),
                 secure_cookie: bool = False, quiet_hours: float = QUIET_HOURS,
                 sign_in_rate: tuple[int, float] = SIGN_IN_RATE) -> None:
        self.hub = hub
        self.base = base
        self.password = Password(password) if password else None
        self.sessions = Sessions()
        self.attempts = RateLimit(*sign_in_rate)
        self.clients = ClientAddress(trusted_proxies)
        self._proxies = [ipaddress.ip_network(p.strip(), strict=False) for p in trusted_proxies]
        self.secure_cookie = secure_cookie
        self.views = Views(hub, base, quiet_hours)
        self._writing = asyncio.Lock()  # one answer written into the pack at a time
        # scrypt takes 16 MiB and tens of milliseconds: attempts from many addresses at once wait
        # their turn instead of taking the machine's memory and cores.
        self._hashing = asyncio.Semaphore(2)

    @classmethod
    def from_env(cls, hub, environ: Mapping[str, str], **options) -> OwnerPage:
        return cls(hub, (environ.get(PASSWORD_ENV) or "").strip() or None, **options)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.on_startup.append(self._open_reader)
        app.on_cleanup.append(self._close_reader)
        v = self.views
        app.router.add_get("/owner.css", self._css, name="css")
        app.router.add_get("/signin", self._sign_in_form, name="signin")
        app.router.add_post("/signin", self._sign_in, name="signin-post")
        app.router.add_post("/signout", self._sign_out)
        app.router.add_get("/", v.overview)
        app.router.add_get("/unanswered", v.unanswered)
        app.router.add_post("/answer", self._answer)
        app.router.add_post("/forget", self._forget)
        app.router.add_get("/conversations", v.conversations)
        app.router.add_get("/conversations/{id}", v.transcript)
        app.router.add_get("/escalations", v.escalations)
        app.router.add_get("/export/{name}", v.export)
        return app

    async def _open_reader(self, app: web.Application) -> None:
        """On SQLite the page reads through a read-only connection of its own: a month's figures over
        a big shop take seconds, and on the bot's one connection every customer's turn would wait
        for them (WAL lets a reader and the writer work at once). PostgreSQL has a pool already."""
        store = self.hub.store
        if store.dialect == "sqlite" and getattr(store, "path", ":memory:") != ":memory:" and not store.read_only:
            reader = open_store(store.path, read_only=True)
            await reader.open()
            self.views.reader = reader

    async def _close_reader(self, app: web.Application) -> None:
        if self.views.reader is not None:
            await self.views.reader.close()
            self.views.reader = None

    # -- the guard in front of every path -----------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        try:
            response = await self._admit(request, handler)
        except web.HTTPException as refusal:  # redirects and refusals carry the headers too
            _secure_headers(refusal)
            raise
        return _secure_headers(response)

    async def _admit(self, request: web.Request, handler) -> web.StreamResponse:
        path = request.match_info.route.name or ""  # a path no route has: no name, so signed in first
        if path == "css":
            return await handler(request)
        if self.password is None:
            return self._html(self._disabled(), status=503)
        if request.method == "POST" and not self._same_origin(request):
            raise web.HTTPForbidden(text="refused: the form was sent from another site")
        if path in ("signin", "signin-post"):
            return await handler(request)
        session = self.sessions.get(request.cookies.get(COOKIE))
        if session is None:
            raise web.HTTPSeeOther(f"{self.base}/signin")
        request[SESSION] = session
        if request.method == "POST":
            form = await request.post()
            if not csrf_ok(session, form.get("csrf")):
                raise web.HTTPForbidden(text="refused: the form's token is missing or stale; reload the page")
        return await handler(request)

    def _same_origin(self, request: web.Request) -> bool:
        """Browsers send Origin on every form POST; one naming another host is a cross-site write."""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            return origin is None
        return urlsplit(origin).netloc.lower() == request.host.lower()

    def _behind_tls(self, request: web.Request) -> bool:
        if self.secure_cookie or request.secure:
            return True
        try:
            peer = ipaddress.ip_address((request.remote or "").split("%", 1)[0])
        except ValueError:
            return False
        trusted = any(peer in network for network in self._proxies)
        return trusted and request.headers.get("X-Forwarded-Proto", "").lower() == "https"

    # -- sign-in ----------------------------------------------------------------------------------

    def _sign_in_page(self, problem: str = "", status: int = 200) -> web.Response:
        body = (f'<form method="post" action="{self.base}/signin" class="signin"><h2>Sign in</h2>{notice(problem, "problem")}'
                '<label for="password">Password</label>'
                '<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>'
                "<button>Sign in</button></form>")
        return self._html(layout(self.base, "Sign in", body, shop=self.hub.pack.name, heading=False), status=status)

    async def _sign_in_form(self, request: web.Request) -> web.Response:
        if self.sessions.get(request.cookies.get(COOKIE)) is not None:
            raise web.HTTPSeeOther(f"{self.base}/")
        return self._sign_in_page()

    async def _sign_in(self, request: web.Request) -> web.Response:
        verdict = self.attempts.check(self.clients.key(request.remote, request.headers))
        if not verdict.allowed:
            response = self._sign_in_page(f"Too many attempts: try again in {verdict.retry_after:.0f} s.", status=429)
            response.headers["Retry-After"] = str(int(verdict.retry_after) + 1)
            return response
        form = await request.post()
        attempt = form.get("password")
        if not isinstance(attempt, str) or not await self._matches(attempt):
            log.warning("owner's page: a wrong password from %s", self.clients.key(request.remote, request.headers))
            return self._sign_in_page("Wrong password.", status=403)
        token, _ = self.sessions.start()
        signed_in = web.HTTPSeeOther(f"{self.base}/")
        signed_in.set_cookie(COOKIE, token, path=self.base, httponly=True, samesite="Strict",
                             secure=self._behind_tls(request), max_age=int(self.sessions.seconds))
        raise signed_in

    async def _matches(self, attempt: str) -> bool:
        async with self._hashing:
            return await asyncio.to_thread(self.password.matches, attempt)

    async def _sign_out(self, request: web.Request) -> web.Response:
        self.sessions.end(request.cookies.get(COOKIE))
        signed_out = web.HTTPSeeOther(f"{self.base}/signin")
        signed_out.del_cookie(COOKIE, path=self.base)
        raise signed_out

    # -- answering a question into the pack -------------------------------------------------------------

    async def _answer(self, request: web.Request) -> web.Response:
        form = await request.post()
        question, answer = str(form.get("question", "")), str(form.get("answer", ""))
        since = str(form.get("since", "7d"))[:40]
        session = request[SESSION]
        try:
            await self.add_answer(question, answer)
        except AnswerRefused as refusal:
            session.notice = ("problem", str(refusal))
        else:
            session.notice = ("ok", f"\u201c{' '.join(question.split())[:120]}\u201d is in the pack's answers now:"
                                    " the bot uses it from the next message on.")
        raise web.HTTPSeeOther(f"{self.base}/unanswered?{query(since=since)}")

    async def _forget(self, request: web.Request) -> web.Response:
        """One customer's data deleted on request (GDPR), through the bot's own store: this process
        is its writer, so it works while csbot runs, where `csbot forget` on SQLite must wait."""
        customer = str((await request.post()).get("customer", "")).strip()
        gone = await forget_customer(self.hub.store, customer) if customer else []
        request[SESSION].notice = ("ok", f"Deleted {len(gone)} conversation(s) of this customer and everything stored"
                                         " about them.") if gone else ("problem", "Nothing to delete: no such customer.")
        log.info("owner's page: %d conversation(s) of one customer deleted", len(gone))
        raise web.HTTPSeeOther(f"{self.base}/conversations")

    async def add_answer(self, question: str, answer: str) -> None:
        """Write the answer into the pack's document (checked first), reload the pack and hand it to
        the running engine: the next customer message is answered with it, no restart."""
        async with self._writing:
            folder = self.hub.pack.path
            await asyncio.to_thread(add_answer, folder, question, answer)
            pack = await asyncio.to_thread(load_pack, folder)
            self.hub.use_pack(pack)
        log.info("owner's page: an answer was added to %s", folder.name)

    # -- the rest ---------------------------------------------------------------------------------

    def _disabled(self) -> str:
        body = (f"<p>The owner's page is off. To turn it on, set the environment variable <code>{PASSWORD_ENV}</code>"
                " to a password of at least 8 characters and restart csbot (<code>csbot web</code> or"
                f" <code>csbot run</code>); then open <code>{e(self.base)}/</code> and sign in with it.</p>")
        return layout(self.base, "The owner's page is off", body, shop=self.hub.pack.name)

    async def _css(self, request: web.Request) -> web.Response:
        response = web.Response(text=CSS, content_type="text/css", charset="utf-8")
        response.headers["Cache-Control"] = "no-cache"
        return response

    @staticmethod
    def _html(text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def _secure_headers(response: web.StreamResponse) -> web.StreamResponse:
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def mount(parent: web.Application, page: OwnerPage) -> None:
    async def to_page(request: web.Request) -> web.Response:
        raise _secure_headers(web.HTTPMovedPermanently(f"{page.base}/"))

    parent.router.add_get(page.base, to_page)  # before the sub-application, which would answer 404
    parent.add_subapp(page.base, page.app())
