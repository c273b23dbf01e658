"""The owner's data as CSV: one row per conversation and one per rating, for a period. Shared by
`csbot export` and the owner's page. A cell a spreadsheet would run as a formula (customer text is
hostile: `=HYPERLINK(...)`) is written with a leading apostrophe."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from core.metrics.period import Period
from core.store.base import Store

CONVERSATIONS = ("conversation", "platform", "customer", "name", "language", "state", "started", "last message",
                 "messages", "customer messages", "handoffs")
RATINGS = ("conversation", "subject", "kind", "value", "rated", "changed")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


async def conversation_rows(store: Store, period: Period) -> list[list[str]]:
    """Conversations with activity in the period (their last message in it or after its start)."""
    rows = await store.read(
        "SELECT c.id, c.channel, c.chat_id, c.user_name, c.language, c.state, c.created_at, c.updated_at,"
        " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id),"
        " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'customer'),"
        " (SELECT COUNT(*) FROM escalations e WHERE e.conversation_id = c.id)"
        " FROM conversations c WHERE c.updated_at >= ? AND c.created_at < ? ORDER BY c.created_at",
        period.since, period.until,
    )
    return [[*map(str, row[:6]), _when(row[6]), _when(row[7]), *(str(int(n)) for n in row[8:])] for row in rows]


async def rating_rows(store: Store, period: Period) -> list[list[str]]:
    rows = await store.read(
        "SELECT conversation_id, subject, kind, value, created_at, updated_at FROM ratings"
        " WHERE created_at >= ? AND created_at < ? ORDER BY created_at", period.since, period.until,
    )
    return [[*map(str, row[:4]), _when(row[4]), _when(row[5])] for row in rows]


def as_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_inert(cell) for cell in row] for row in rows])
    return out.getvalue()


async def export_csv(store: Store, period: Period) -> dict[str, str]:
    """File name -> CSV text."""
    return {
        "conversations.csv": as_csv(CONVERSATIONS, await conversation_rows(store, period)),
        "ratings.csv": as_csv(RATINGS, await rating_rows(store, period)),
    }


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


def _when(at) -> str:
    return datetime.fromtimestamp(float(at), tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if at else ""
