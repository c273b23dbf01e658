"""The owner's figures from a store holding known conversations, on SQLite and PostgreSQL."""
from __future__ import annotations

import time
from datetime import datetime

from core.desk.escalation import Escalation, Reason, State
from core.messages import Address
from core.metrics import Period, parse_period, read_report
from core.store.base import StoredMessage, TurnRecord

DAY = 86400.0


async def turn(store, address: Address, *messages: StoredMessage, language: str = "", escalation=None) -> str:
    conversation = await store.load_conversation(address, 10)
    conversation.language = language
    record = TurnRecord(conversation, messages=list(messages), escalation=escalation)
    if escalation is not None:
        conversation.state, conversation.escalation_id = "handoff", escalation.id
        escalation.conversation_id = conversation.id
    await store.save_turn(record)
    return conversation.id


def ask(text: str, at: float) -> StoredMessage:
    return StoredMessage("customer", text, at=at)


def answer(text: str, at: float, topic: str, score: float, ref: str = "", abstained: bool = False) -> StoredMessage:
    return StoredMessage("bot", text, at=at, topic=topic, score=score, ref=ref, abstained=abstained)


async def shop_week(store) -> tuple[float, dict[str, str]]:
    now = time.time()
    t0 = now - 2 * DAY
    ids = {}
    ids["resolved"] = await turn(store, Address("telegram", "1"), ask("shipping to germany?", t0),
                                 answer("9.90 EUR, 3-5 working days", t0 + 1, "shipping", 0.9, ref="r1"), language="en")
    await store.rate("answer:r1", ids["resolved"], "answer", "good")
    ids["idk"] = await turn(store, Address("web", "2"), ask("la pasta e biologica?", t0 + 10),
                            answer("Le informazioni del negozio non lo dicono.", t0 + 11, "product", 0.1, abstained=True),
                            language="it")
    ids["bad"] = await turn(store, Address("discord", "3"), ask("zahlen mit apple pay?", t0 + 20),
                            answer("PayPal, carta", t0 + 21, "payment", 0.8, ref="r3"), language="de")
    await store.rate("answer:r3", ids["bad"], "answer", "good")
    await store.rate("answer:r3", ids["bad"], "answer", "bad")  # changed mind: one rating, now bad
    person = Escalation("e4", "", Reason.HUMAN, State.OPEN, Address("telegram", "4"), "Ann", "a person please",
                        created_at=t0 + 32)
    ids["handed"] = await turn(store, Address("telegram", "4"), ask("when are you open", t0 + 30),
                               answer("Mon-Fri 9-18", t0 + 31, "hours", 0.9), ask("a person please", t0 + 32),
                               language="en", escalation=person)
    await turn(store, Address("telegram", "4"), StoredMessage("staff", "Hi, Ann here", at=t0 + 132))
    person.state = State.RETURNED
    await turn(store, Address("telegram", "4"), escalation=person)
    ids["open"] = await turn(store, Address("web", "5"), ask("hello?", now - 3600), language="en")
    return time.time(), ids  # the ratings and the handoff's end were stamped just now


async def test_every_figure_of_a_known_week(store):
    now, ids = await shop_week(store)
    report = await read_report(store, parse_period("7d", now=now), now=now, open_now=lambda at: at.hour < 25)
    assert (report.conversations, report.customer_messages) == (5, 6)
    assert (report.resolved, report.unresolved, report.handed_over, report.still_open) == (1, 2, 1, 1)
    assert report.resolution_rate == 0.25
    assert report.handoffs_by_reason == {"human": 1}
    assert (report.good, report.bad, report.satisfaction) == (1, 1, 0.5)
    assert {b.key: (b.conversations, b.messages) for b in report.by_platform} == {
        "telegram": (2, 3), "web": (2, 2), "discord": (1, 1)}
    assert {b.key: b.conversations for b in report.by_language} == {"en": 3, "it": 1, "de": 1}
    assert sum(b.messages for b in report.by_day) == 6 and len(report.by_day) == 8  # quiet days included
    staff = report.staff
    assert (staff.handoffs, staff.answered, staff.ended) == (1, 1, 1)
    assert staff.first_reply_median == 100.0 and staff.first_reply_in_hours == 100.0
    assert staff.first_reply_out_of_hours is None
    unanswered = {t.topic: t for t in report.unanswered}
    assert set(unanswered) == {"product", "payment", "hours"}
    assert unanswered["product"].examples[0].question == "la pasta e biologica?"
    assert unanswered["product"].examples[0].why == "I don't know"
    assert unanswered["product"].examples[0].conversation_id == ids["idk"]
    assert unanswered["payment"].examples[0].why == "thumbs down"
    assert unanswered["hours"].examples[0].why == "asked for a person"


async def test_a_period_holds_only_its_own_messages(store):
    now, _ = await shop_week(store)
    report = await read_report(store, Period(now - 2 * 3600, now), now=now)
    assert (report.conversations, report.customer_messages, report.still_open) == (1, 1, 1)
    # the ratings were given within these two hours: counted here, with the answer they judged
    assert report.rated == 2 and [t.topic for t in report.unanswered] == ["payment"]


def test_periods_as_an_owner_writes_them():
    now = datetime(2026, 12, 6, 12).timestamp()
    assert parse_period("7d", now=now).since == now - 7 * DAY
    assert parse_period("24h", now=now).since == now - DAY
    assert parse_period("2026-12-01", "2026-12-02").days() == [parse_period("2026-12-01", "2026-12-02").days()[0]]
    for bad in ("seven days", "7x", ""):
        try:
            parse_period(bad, now=now)
        except ValueError as error:
            assert "7d" in str(error)
        else:
            raise AssertionError(bad)
