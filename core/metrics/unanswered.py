"""The questions the bot could not answer, grouped by topic: the owner's list of what to add to
the document. An answer is listed when it said "I don't know", scored low, was rated bad, or was
followed soon by a request for a person."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.metrics.definitions import PERSON_AFTER_ANSWER_SECONDS
from core.metrics.period import Period
from core.store.base import Store


@dataclass(frozen=True, slots=True)
class Example:
    question: str
    answer: str
    conversation_id: str
    at: float
    why: str  # "I don't know", "low score", "thumbs down", "asked for a person"


@dataclass(slots=True)
class Topic:
    topic: str
    count: int = 0
    examples: list[Example] = field(default_factory=list)


async def read_unanswered(store: Store, sql, period: Period, *, examples: int = 3) -> list[Topic]:
    window = (period.since, period.until)
    found: dict[int, tuple] = {}  # answer message id -> (conversation, at, topic, text, why)
    for mid, conv, at, topic, text, idk, score in await store.read(sql.weak_answers(), *window):
        found[mid] = (conv, at, topic, text, "I don't know" if idk else f"low score ({float(score):.2f})")
    for why, query, extra in (("thumbs down", sql.thumbs_down(), ()),
                              ("asked for a person", sql.person_after_answer(), (PERSON_AFTER_ANSWER_SECONDS,))):
        for mid, conv, at, topic, text in await store.read(query, *window, *extra):
            found.setdefault(mid, (conv, at, topic, text, why))
    topics: dict[str, Topic] = {}
    chosen: list[tuple[int, Topic, tuple]] = []
    for mid, row in sorted(found.items(), key=lambda item: -item[1][1]):  # newest first
        name = row[2] or "other"
        group = topics.setdefault(name, Topic(name))
        group.count += 1
        if group.count <= examples:
            chosen.append((mid, group, row))
    questions = await _questions(store, sql, [mid for mid, _, _ in chosen])  # for the examples only
    for mid, group, (conv, at, _, text, why) in chosen:
        group.examples.append(Example(questions.get(mid, ""), text, conv, float(at), why))
    return sorted(topics.values(), key=lambda t: (-t.count, t.topic))


async def _questions(store: Store, sql, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):  # bounded statements, whatever the period holds
        chunk = ids[start:start + 500]
        rows = await store.read(sql.questions().format(ids=", ".join("?" * len(chunk))), *chunk)
        out.update({int(mid): text or "" for mid, text in rows})
    return out
