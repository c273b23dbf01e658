"""Opaque conversation ids for browsers, signed so the server can refuse ids it never issued.

A token is `<session id>.<signature>`; the session id alone becomes the conversation's
`Address("web", session_id)`, so the signature (and the secret behind it) never reaches
the store. Nothing is kept per session: any token the secret signed is valid, which is
why tokens survive a restart only when the secret is configured (CSBOT_WEB_SECRET) or kept in
a database that several workers share.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

SECRET_ENV = "CSBOT_WEB_SECRET"
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$")
_DOMAIN = b"csbot-web-session\x00"  # keeps these signatures apart from any other use of the secret


class SessionTokens:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError(f"{SECRET_ENV} must be at least 16 bytes long")
        self._secret = secret

    @classmethod
    def generated(cls) -> SessionTokens:
        """A secret for this process only: tokens are refused after a restart."""
        return cls(secrets.token_bytes(32))

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SessionTokens:
        secret = environ.get(SECRET_ENV, "")
        return cls(secret.encode()) if secret else cls.generated()

    def issue(self) -> str:
        session_id = secrets.token_urlsafe(16)  # 128 random bits, 22 characters
        return f"{session_id}.{self._sign(session_id)}"

    def verify(self, token: object) -> str | None:
        """The session id of a token this secret signed, else None."""
        if not isinstance(token, str):
            return None
        match = _TOKEN.match(token)
        if not match:
            return None
        session_id, signature = match.groups()
        if not hmac.compare_digest(signature, self._sign(session_id)):
            return None
        return session_id

    def _sign(self, session_id: str) -> str:
        digest = hmac.new(self._secret, _DOMAIN + session_id.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def session_tokens(hub, environ: Mapping[str, str]) -> SessionTokens:
    """CSBOT_WEB_SECRET if set; else, with several workers, a secret kept in the shared database
    (created by the first worker), so a token from one worker is valid on all; else per process."""
    if environ.get(SECRET_ENV) or getattr(hub, "shared", None) is None:
        return SessionTokens.from_env(environ)
    return SessionTokens((await hub.store.shared_secret("web-session")).encode())
