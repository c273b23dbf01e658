"""The period a report covers: `--since 7d`, `--since 24h`, `--since 2026-11-01`."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone

DAY = 86400.0
_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$", re.I)
_UNIT = {"h": 3600.0, "d": DAY, "w": 7 * DAY}


@dataclass(frozen=True, slots=True)
class Period:
    since: float  # epoch seconds, included
    until: float  # epoch seconds, excluded

    def days(self) -> list[int]:
        """Every UTC day number the period touches, so a chart shows quiet days as zero."""
        return list(range(int(self.since // DAY), int((self.until - 1e-6) // DAY) + 1))

    def label(self) -> str:
        fmt = "%Y-%m-%d %H:%M"
        return f"{_utc(self.since).strftime(fmt)} to {_utc(self.until).strftime(fmt)} UTC"


def parse_period(since: str = "7d", until: str | None = None, now: float | None = None) -> Period:
    """A span back from now (`7d`, `24h`, `2w`) or an ISO date; a bad value is a ValueError whose
    message names what is accepted."""
    now = time.time() if now is None else now
    end = _moment(until, now) if until else now
    start = _moment(since, end)
    if start >= end:
        raise ValueError(f"the period starts ({since}) after it ends")
    return Period(start, end)


def _moment(value: str, reference: float) -> float:
    span = _SPAN.match(value)
    if span:
        return reference - float(span.group(1)) * _UNIT[span.group(2).lower()]
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a period: use 7d, 24h, 2w or a date such as 2026-11-01") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _utc(at: float) -> datetime:
    return datetime.fromtimestamp(at, tz=timezone.utc)
