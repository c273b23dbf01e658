"""The SQL of the owner's figures, written once for both stores: `?` placeholders (the PostgreSQL
store numbers them) and the two places where the dialects differ (day numbers, booleans)."""
from __future__ import annotations

from dataclasses import dataclass

from core.metrics.definitions import HANDOFF_ENDS

_CUSTOMER_IN = "role = 'customer' AND created_at >= ? AND created_at < ?"
_ENDS = ", ".join(f"'{state}'" for state in HANDOFF_ENDS)


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str  # "sqlite" or "postgresql"

    def day(self, column: str) -> str:
        # UTC day number; SQLite's CAST truncates, PostgreSQL's rounds, hence floor() there.
        if self.name == "postgresql":
            return f"CAST(floor({column} / 86400) AS bigint)"
        return f"CAST({column} / 86400 AS INTEGER)"

    @staticmethod
    def flag(column: str) -> str:
        return f"CAST({column} AS INTEGER)"  # SQLite stores 0/1, PostgreSQL a boolean

    def totals(self) -> str:
        return f"SELECT COUNT(DISTINCT conversation_id), COUNT(*) FROM messages WHERE {_CUSTOMER_IN}"

    def outcomes(self) -> str:
        """Handed over, resolved, unresolved, still open: each conversation with a customer
        message in the period counts once (params: period, period, quiet-before x3)."""
        return (
            f"WITH active AS (SELECT DISTINCT conversation_id AS id FROM messages WHERE {_CUSTOMER_IN}),"
            " handed AS (SELECT DISTINCT conversation_id AS id FROM escalations WHERE created_at >= ? AND created_at < ?),"
            " latest AS (SELECT m.conversation_id AS id, MAX(m.created_at) AS last_at,"
            "  MAX(CASE WHEN m.role = 'bot' THEN m.id END) AS bot_id"
            "  FROM messages m JOIN active a ON a.id = m.conversation_id GROUP BY m.conversation_id),"
            " flags AS (SELECT l.id, l.last_at, CASE WHEN h.id IS NULL THEN 0 ELSE 1 END AS handed,"
            f"  COALESCE({self.flag('b.abstained')}, 0) AS idk,"
            "  CASE WHEN EXISTS (SELECT 1 FROM ratings r WHERE r.conversation_id = l.id AND r.kind = 'answer'"
            "   AND r.value = 'bad') THEN 1 ELSE 0 END AS thumbs_down"
            "  FROM latest l LEFT JOIN handed h ON h.id = l.id LEFT JOIN messages b ON b.id = l.bot_id)"
            " SELECT SUM(handed),"
            "  SUM(CASE WHEN handed = 0 AND last_at < ? AND thumbs_down = 0 AND idk = 0 THEN 1 ELSE 0 END),"
            "  SUM(CASE WHEN handed = 0 AND last_at < ? AND (thumbs_down = 1 OR idk = 1) THEN 1 ELSE 0 END),"
            "  SUM(CASE WHEN handed = 0 AND last_at >= ? THEN 1 ELSE 0 END)"
            " FROM flags"
        )

    @staticmethod
    def handoffs() -> str:
        return ("SELECT reason, COUNT(*) FROM escalations WHERE created_at >= ? AND created_at < ?"
                " GROUP BY reason ORDER BY 2 DESC, 1")

    def by_day(self) -> str:
        return (f"SELECT {self.day('created_at')}, COUNT(DISTINCT conversation_id), COUNT(*) FROM messages"
                f" WHERE {_CUSTOMER_IN} GROUP BY 1 ORDER BY 1")

    @staticmethod
    def by_column(column: str) -> str:
        assert column in ("channel", "language")  # a column name, never a customer's value
        return (f"SELECT c.{column}, COUNT(DISTINCT m.conversation_id), COUNT(*) FROM messages m"
                " JOIN conversations c ON c.id = m.conversation_id"
                " WHERE m.role = 'customer' AND m.created_at >= ? AND m.created_at < ?"
                f" GROUP BY c.{column} ORDER BY 3 DESC, 1")

    @staticmethod
    def ratings() -> str:
        return ("SELECT kind, value, COUNT(*) FROM ratings WHERE created_at >= ? AND created_at < ?"
                " AND value IN ('good', 'bad') GROUP BY kind, value")

    @staticmethod
    def staff_times() -> str:
        """Per handoff: opened, staff's first reply after it, and when it ended."""
        return (
            "SELECT e.created_at,"
            " (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = e.conversation_id"
            "  AND m.role = 'staff' AND m.created_at >= e.created_at),"
            " (SELECT MIN(v.created_at) FROM escalation_events v WHERE v.escalation_id = e.id"
            f"  AND v.state IN ({_ENDS}))"
            " FROM escalations e WHERE e.created_at >= ? AND e.created_at < ?"
        )

    def weak_answers(self) -> str:
        """Bot answers that said "I don't know" or scored low (params: period, low score)."""
        return (
            f"SELECT b.id, b.conversation_id, b.created_at, b.topic, b.text, {self.flag('b.abstained')}, b.score"
            " FROM messages b WHERE b.role = 'bot' AND b.created_at >= ? AND b.created_at < ?"
            f" AND ({self.flag('b.abstained')} = 1 OR b.score < ?) ORDER BY b.id DESC LIMIT 5000"
        )

    @staticmethod
    def thumbs_down() -> str:
        """Answers the customer rated bad (params: period)."""
        return (
            "SELECT b.id, b.conversation_id, b.created_at, b.topic, b.text FROM ratings r"
            " JOIN messages b ON b.ref <> '' AND r.subject = 'answer:' || b.ref"
            " WHERE r.kind = 'answer' AND r.value = 'bad' AND r.created_at >= ? AND r.created_at < ?"
            " ORDER BY b.id DESC LIMIT 5000"
        )

    @staticmethod
    def person_after_answer() -> str:
        """The bot answer just before a request for a person, when it came soon after (params:
        period, seconds)."""
        return (
            "SELECT b.id, b.conversation_id, b.created_at, b.topic, b.text FROM escalations e"
            " JOIN messages b ON b.id = (SELECT MAX(x.id) FROM messages x WHERE x.conversation_id = e.conversation_id"
            "  AND x.role = 'bot' AND x.created_at <= e.created_at)"
            " WHERE e.reason = 'human' AND e.created_at >= ? AND e.created_at < ? AND e.created_at - b.created_at <= ?"
            " AND b.topic <> '' ORDER BY b.id DESC LIMIT 5000"
        )

    @staticmethod
    def questions() -> str:
        """The customer's message each listed answer replied to (params: answer message ids)."""
        return ("SELECT b.id, (SELECT q.text FROM messages q WHERE q.conversation_id = b.conversation_id"
                " AND q.id < b.id AND q.role = 'customer' ORDER BY q.id DESC LIMIT 1) FROM messages b WHERE b.id IN ({ids})")
