"""One read of the store for a period: every figure of `csbot report` and the owner's page."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from core.metrics import queries
from core.metrics.definitions import QUIET_HOURS
from core.metrics.period import DAY, Period
from core.metrics.unanswered import Topic, read_unanswered
from core.store.base import Store

OpenNow = Callable[[datetime], bool]  # were staff at work at that moment (the pack's hours)


@dataclass(frozen=True, slots=True)
class Breakdown:
    key: str  # a day (YYYY-MM-DD), a platform or a language
    # by day: conversations whose first customer message in the period fell on that day
    conversations: int
    messages: int


@dataclass(frozen=True, slots=True)
class StaffTimes:
    """Seconds from a handoff to staff's first reply, and to the handoff's end (medians)."""

    handoffs: int
    answered: int
    first_reply_median: float | None
    first_reply_in_hours: float | None  # handoffs opened while staff were at work
    first_reply_out_of_hours: float | None
    ended: int
    end_median: float | None


@dataclass(slots=True)
class Report:
    period: Period
    conversations: int = 0
    customer_messages: int = 0
    resolved: int = 0  # quiet, no handoff, no thumbs down, last answer not "I don't know"
    handed_over: int = 0
    unresolved: int = 0  # quiet, no handoff, but a thumbs down or an "I don't know" last
    still_open: int = 0  # not quiet yet
    handoffs_by_reason: dict[str, int] = field(default_factory=dict)
    by_day: list[Breakdown] = field(default_factory=list)
    by_platform: list[Breakdown] = field(default_factory=list)
    by_language: list[Breakdown] = field(default_factory=list)
    good: int = 0  # answers the customer rated helpful
    bad: int = 0
    handoff_good: int = 0
    handoff_bad: int = 0
    staff: StaffTimes | None = None
    unanswered: list[Topic] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return self.resolved + self.handed_over + self.unresolved

    @property
    def resolution_rate(self) -> float | None:
        """Share of finished conversations the bot resolved alone (Fin's "resolution rate")."""
        return self.resolved / self.finished if self.finished else None

    @property
    def handoff_rate(self) -> float | None:
        return self.handed_over / self.conversations if self.conversations else None

    @property
    def rated(self) -> int:
        return self.good + self.bad

    @property
    def satisfaction(self) -> float | None:
        """Share of good among rated answers (CSAT as Chatwoot and Fin show it)."""
        return self.good / self.rated if self.rated else None


async def read_report(
    store: Store, period: Period, *, quiet_hours: float = QUIET_HOURS, open_now: OpenNow | None = None,
    now: float | None = None, examples: int = 3,
) -> Report:
    now = time.time() if now is None else now
    sql = queries.Dialect(store.dialect)
    window = (period.since, period.until)
    report = Report(period)
    # conversation -> [platform, language, its customer's last message in the period, messages]
    active: dict[str, list] = {}
    started: dict[int, int] = defaultdict(int)  # conversations by the day of their first message in the period
    for cid, first_at, n, last_at, channel, language in await store.read(sql.activity(), *window):
        active[cid] = [channel, language or "?", float(last_at), int(n)]
        started[int(float(first_at) // DAY)] += 1
    daily = {int(day): int(n) for day, n in await store.read(sql.daily(), *window)}
    report.conversations = len(active)
    report.customer_messages = sum(row[3] for row in active.values())
    report.by_day = [Breakdown(_date(d), started.get(d, 0), daily.get(d, 0)) for d in period.days()]
    report.by_platform, report.by_language = _breakdown(active, 0), _breakdown(active, 1)
    handed = {cid for (cid,) in await store.read(sql.handed(), *window)}
    unhappy = await _unhappy(store, sql, window)
    quiet_before = now - quiet_hours * 3600
    for cid, (_, _, last_at, _) in active.items():
        if cid in handed:
            report.handed_over += 1
        elif last_at >= quiet_before:
            report.still_open += 1
        elif cid in unhappy:
            report.unresolved += 1
        else:
            report.resolved += 1
    report.handoffs_by_reason = {r: int(n) for r, n in await store.read(sql.handoffs(), *window)}
    for kind, value, n in await store.read(sql.ratings(), *window):
        prefix = "" if kind == "answer" else "handoff_"
        setattr(report, prefix + value, getattr(report, prefix + value) + int(n))
    report.staff = _staff_times(await store.read(sql.staff_times(), *window), open_now)
    report.unanswered = await read_unanswered(store, sql, period, examples=examples)
    return report


def _breakdown(active: dict[str, list], column: int) -> list[Breakdown]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in active.values():
        totals[row[column]][0] += 1
        totals[row[column]][1] += row[3]
    return [Breakdown(key, c, m) for key, (c, m) in sorted(totals.items(), key=lambda kv: (-kv[1][1], kv[0]))]


async def _unhappy(store: Store, sql: queries.Dialect, window: tuple[float, float]) -> set[str]:
    """Conversations with a thumbs down, or whose last answer said "I don't know"."""
    unhappy = {cid for (cid,) in await store.read(sql.thumbs_down_conversations(), window[0])}
    return unhappy | {cid for (cid,) in await store.read(sql.last_said_idk(), *window)}


def _staff_times(rows: list[tuple], open_now: OpenNow | None) -> StaffTimes:
    first, inside, outside, ends = [], [], [], []
    for opened, first_reply, ended in rows:
        if first_reply is not None:
            wait = float(first_reply) - float(opened)
            first.append(wait)
            if open_now is not None:
                (inside if open_now(datetime.fromtimestamp(float(opened), tz=timezone.utc)) else outside).append(wait)
        if ended is not None:
            ends.append(float(ended) - float(opened))
    median = lambda xs: statistics.median(xs) if xs else None  # noqa: E731
    return StaffTimes(len(rows), len(first), median(first), median(inside), median(outside), len(ends), median(ends))


def _date(day: int) -> str:
    return datetime.fromtimestamp(day * DAY, tz=timezone.utc).strftime("%Y-%m-%d")
