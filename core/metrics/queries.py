"""The SQL of the owner's figures, written once for both stores: `?` placeholders (the PostgreSQL
store numbers them) and the two places where the dialects differ (day numbers, booleans)."""
from __future__ import annotations

from dataclasses import dataclass

from core.metrics.definitions import HANDOFF_ENDS, LOW_SCORE

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

    def activity(self) -> str:
        """One row per conversation with a customer message in the period: its platform, language,
        first day, customer messages and the last one's time (one grouped scan of the period)."""
        return (
            f"SELECT g.cid, g.first_at, g.n, g.last_at, c.channel, c.language FROM (SELECT conversation_id AS cid,"
            f" MIN(created_at) AS first_at, COUNT(*) AS n, MAX(created_at) AS last_at FROM messages"
            f" WHERE {_CUSTOMER_IN} GROUP BY conversation_id) g JOIN conversations c ON c.id = g.cid"
        )

    def daily(self) -> str:
        """Customer messages per day of the period."""
        return f"SELECT {self.day('created_at')}, COUNT(*) FROM messages WHERE {_CUSTOMER_IN} GROUP BY 1"

    @staticmethod
    def handed() -> str:
        return "SELECT DISTINCT conversation_id FROM escalations WHERE created_at >= ? AND created_at < ?"

    @staticmethod
    def thumbs_down_conversations() -> str:
        return ("SELECT DISTINCT conversation_id FROM ratings WHERE kind = 'answer' AND value = 'bad'"
                " AND created_at >= ?")

    def last_said_idk(self) -> str:
        """Conversations whose last answer in the period said "I don't know": an abstention with
        no bot message after it (params: period)."""
        flag = "abstained" if self.name == "postgresql" else "abstained = 1"
        return (
            f"SELECT a.cid FROM (SELECT conversation_id AS cid, MAX(id) AS mid FROM {self.weak_messages()}"
            f" WHERE {self.weak()} AND {flag} AND created_at >= ? AND created_at < ? GROUP BY conversation_id) a"
            " WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = a.cid AND m.id > a.mid"
            " AND m.role = 'bot')"
        )

    @staticmethod
    def handoffs() -> str:
        return ("SELECT reason, COUNT(*) FROM escalations WHERE created_at >= ? AND created_at < ?"
                " GROUP BY reason ORDER BY 2 DESC, 1")

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

    def weak(self) -> str:
        """The partial index messages_weak: keep the two spellings identical (see the schemas)."""
        flag = "abstained" if self.name == "postgresql" else "abstained = 1"
        return f"role = 'bot' AND ({flag} OR score < {LOW_SCORE})"

    def weak_messages(self) -> str:
        # SQLite's planner prefers the wider time index unless told (PostgreSQL picks it itself)
        return "messages INDEXED BY messages_weak" if self.name == "sqlite" else "messages"

    def weak_answers(self) -> str:
        """Bot answers that said "I don't know" or scored low (params: period)."""
        return (
            f"SELECT id, conversation_id, created_at, topic, text, {self.flag('abstained')}, score"
            f" FROM {self.weak_messages()} WHERE {self.weak()} AND created_at >= ? AND created_at < ?"
            " ORDER BY id DESC LIMIT 5000"
        )

    @staticmethod
    def thumbs_down() -> str:
        """Answers the customer rated bad (params: period)."""
        return (
            "SELECT b.id, b.conversation_id, b.created_at, b.topic, b.text FROM ratings r"
            " JOIN messages b ON b.ref = substr(r.subject, 8) AND b.ref <> ''"
            " WHERE r.kind = 'answer' AND r.value = 'bad' AND r.subject LIKE 'answer:%'"
            " AND r.created_at >= ? AND r.created_at < ? ORDER BY b.id DESC LIMIT 5000"
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
