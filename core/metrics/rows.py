"""A report as rows (for the console, the CSV file and the owner's page): one list per view."""
from __future__ import annotations

from core.metrics.report import Report

VIEWS = ("day", "platform", "language", "topic", "reason")


def summary(report: Report) -> list[tuple[str, str]]:
    """The headline figures as (name, value) pairs, the same on every surface."""
    staff = report.staff
    return [
        ("conversations", str(report.conversations)),
        ("customer messages", str(report.customer_messages)),
        ("resolved by the bot", _count_share(report.resolved, report.resolution_rate)),
        ("handed to staff", _count_share(report.handed_over, report.handoff_rate)),
        ("unresolved", str(report.unresolved)),
        ("still open", str(report.still_open)),
        ("customer rating", f"{report.satisfaction:.0%} good of {report.rated} rated" if report.rated else "no ratings yet"),
        ("rating after a handoff", f"{report.handoff_good} good, {report.handoff_bad} bad"),
        ("first staff reply (median)", _duration(staff.first_reply_median) if staff else "-"),
        ("  while staff are at work", _duration(staff.first_reply_in_hours) if staff else "-"),
        ("  outside opening hours", _duration(staff.first_reply_out_of_hours) if staff else "-"),
        ("handoff to its end (median)", _duration(staff.end_median) if staff else "-"),
        ("questions it could not answer", str(sum(t.count for t in report.unanswered))),
    ]


def view(report: Report, by: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of one breakdown."""
    if by == "topic":
        return ["topic", "unanswered", "example question", "why", "conversation"], [
            [t.topic, str(t.count), e.question, e.why, e.conversation_id]
            for t in report.unanswered for e in (t.examples[:1] or [None]) if e is not None
        ]
    if by == "reason":
        return ["reason", "handoffs"], [[r, str(n)] for r, n in report.handoffs_by_reason.items()]
    breakdown = {"day": report.by_day, "platform": report.by_platform, "language": report.by_language}[by]
    return [by, "conversations", "customer messages"], [[b.key, str(b.conversations), str(b.messages)] for b in breakdown]


def _count_share(count: int, share: float | None) -> str:
    return f"{count} ({share:.0%})" if share is not None else str(count)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
