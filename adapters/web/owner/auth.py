"""Signing the owner in: the password from the environment, kept only as a scrypt hash in memory and
compared in constant time; sessions as random cookie tokens held in memory (a restart signs the
owner out), each with its own CSRF token for the page's forms."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

PASSWORD_ENV = "CSBOT_OWNER_PASSWORD"
COOKIE = "csbot_owner"
SESSION_SECONDS = 8 * 3600.0
MAX_SESSIONS = 1000  # the oldest session ends first past this
SIGN_IN_RATE = (5, 300.0)  # attempts per client address and seconds
MIN_PASSWORD = 8


class Password:
    """scrypt (n=2^14, r=8, p=1) with a salt made at start: the clear password is not kept."""

    def __init__(self, clear: str) -> None:
        if len(clear) < MIN_PASSWORD:
            raise ValueError(f"{PASSWORD_ENV} must be at least {MIN_PASSWORD} characters long")
        self._salt = secrets.token_bytes(16)
        self._hash = self._derive(clear)

    def _derive(self, clear: str) -> bytes:
        return hashlib.scrypt(clear.encode("utf-8"), salt=self._salt, n=2**14, r=8, p=1, dklen=32)

    def matches(self, attempt: str) -> bool:
        """CPU-bound (tens of milliseconds): call it from a thread."""
        return hmac.compare_digest(self._derive(attempt[:1024]), self._hash)


@dataclass(slots=True)
class Session:
    csrf: str
    expires: float
    # What the last write did, shown once on the next page: kept here, not in the URL, so no link
    # can make the page say something.
    notice: tuple[str, str] = ("", "")  # (kind "ok" or "problem", text)


class Sessions:
    def __init__(self, seconds: float = SESSION_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self.seconds = seconds
        self._clock = clock
        self._by_token: OrderedDict[str, Session] = OrderedDict()

    def start(self) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        session = Session(secrets.token_urlsafe(32), self._clock() + self.seconds)
        self._by_token[token] = session
        while len(self._by_token) > MAX_SESSIONS:
            self._by_token.popitem(last=False)
        return token, session

    def get(self, token: str | None) -> Session | None:
        session = self._by_token.get(token or "")
        if session is None:
            return None
        if session.expires <= self._clock():
            del self._by_token[token]
            return None
        return session

    def end(self, token: str | None) -> None:
        self._by_token.pop(token or "", None)


SESSION = web.RequestKey("owner_session", Session)  # the signed-in session, for the page's handlers


def csrf_ok(session: Session, sent: object) -> bool:
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), session.csrf.encode())
