"""Secrets never reach the console: every configured secret is replaced wherever it appears.

Libraries put secrets where we do not control the text: an aiohttp timeout's message carries
the request URL (and Telegram's token is part of that URL), httpx logs every request line.
The sources are fixed where we own them; this is the net under all of them, installed by the
CLI on every log handler and on stdout/stderr (tracebacks, rich output, plain prints).
"""
from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any, TextIO
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "<redacted>"
_SECRET_NAME = re.compile(r"^CSBOT_\w*(TOKEN|SECRET|KEY|PASSWORD)\w*$")
_MIN_LENGTH = 4  # shorter values would mask ordinary words; no real token is that short


def secrets_in(env: Mapping[str, str]) -> list[str]:
    """The secret values among the CSBOT_* variables: tokens, secrets, keys, passwords, and the
    passwords inside any CSBOT_*_URL (a database URL may carry one, or a `password=` parameter)."""
    found = []
    for name, value in env.items():
        value = value.strip()
        if _SECRET_NAME.match(name):
            found.append(value)
        elif name.startswith("CSBOT_") and name.endswith("_URL"):
            found += secrets_in_settings(value)
    return [s for s in found if len(s) >= _MIN_LENGTH]


# A password given as a parameter: `?password=...` in a URL, `password=...` in a libpq string.
_PASSWORD_PARAMETER = re.compile(r"(?i)\b(?:password|passwd|pass|pwd)=([^&\s'\"]+)")
# Anything that may be a URL with credentials, wherever it sits in a setting.
_USERINFO = re.compile(r"[A-Za-z][\w+.-]*://[^/\s@]*@")


def secrets_in_settings(*values: Any) -> list[str]:
    """The passwords inside the effective settings (a database URL from --db, csbot.toml or
    CSBOT_DATABASE_URL, a model URL such as openai:http://user:pw@host): the userinfo's password
    and every `password=` parameter, as written and percent-decoded."""
    found: list[str] = []
    for text in _strings(values):
        for match in _PASSWORD_PARAMETER.finditer(text):
            found.append(match.group(1))
        for match in _USERINFO.finditer(text):
            credentials = match.group(0).split("://", 1)[1][:-1]
            user, colon, password = credentials.partition(":")
            if colon:
                found.append(password)
        for key, value in _query(text):
            if key.lower() in ("password", "passwd", "pass", "pwd"):
                found.append(value)
    found += [unquote(s) for s in found]
    return [s for s in dict.fromkeys(found) if len(s) >= _MIN_LENGTH]


def _strings(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            yield from _strings(value.values())
        elif isinstance(value, (list, tuple, set)):
            yield from _strings(value)


def _query(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(urlsplit(text).query) if "?" in text else []
    except ValueError:
        return []


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        # Longest first, so a secret containing another is masked whole.
        unique = sorted({s for s in secrets if len(s) >= _MIN_LENGTH}, key=len, reverse=True)
        self._secrets = unique
        self._pattern = re.compile("|".join(map(re.escape, unique))) if unique else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text) if self._pattern is not None and text else text

    @property
    def secrets(self) -> list[str]:
        return list(self._secrets)


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message, exception and stack text are masked once."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self._redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


class RedactingStream:
    """stdout/stderr with secrets masked in each write (a secret never spans two writes: logging,
    rich and traceback printing each write whole lines)."""

    def __init__(self, stream: TextIO, redact: Redactor) -> None:
        self._stream = stream
        self._redact = redact

    @property
    def secrets(self) -> list[str]:
        return self._redact.secrets

    def learn(self, redact: Redactor) -> None:
        self._redact = redact

    def write(self, text: str) -> int:
        self._stream.write(self._redact(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self._stream, name)


def install(env: Mapping[str, str], extra: Iterable[str] = ()) -> Redactor:
    """Mask the environment's secrets (and `extra` ones) on stdout/stderr and on every root log
    handler; call after logging is configured and before anything is printed. Called again (once
    the effective settings are known), it masks the new secrets as well as those already known."""
    known = [s for stream in (sys.stdout, sys.stderr) if isinstance(stream, RedactingStream) for s in stream.secrets]
    redact = Redactor([*secrets_in(env), *extra, *known])
    swapped = {}
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, RedactingStream):
            stream.learn(redact)
        else:
            swapped[id(stream)] = RedactingStream(stream, redact)
            setattr(sys, name, swapped[id(stream)])
    log_filter = RedactingFilter(redact)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(log_filter)
        if isinstance(handler, logging.StreamHandler) and id(handler.stream) in swapped:
            handler.setStream(swapped[id(handler.stream)])
    return redact
