"""The figures from real turns: the offline engine records each answer's topic, score and
abstention and the customer's language, and the report reads them back."""
from __future__ import annotations

import time

from bots.wiring import build_hub, close_hub
from core.messages import Address, Inbound
from core.metrics import parse_period, read_report
from tests.support.recorder import Recorder


async def test_languages_answers_and_abstentions_reach_the_report(tmp_path):
    hub = await build_hub("pastashop", None, str(tmp_path / "shop.db"))
    try:
        hub.register("web", Recorder())
        asked = [("it", "quanto costa la spedizione in germania?"), ("de", "Wie viel kostet der Versand nach Österreich?"),
                 ("en", "is ur pasta organic?")]
        for n, (_, text) in enumerate(asked):
            await hub.receive(Inbound(Address("web", f"chat{n}"), text, event_id=f"e{n}"))
        report = await read_report(hub.store, parse_period("1h"), now=time.time() + 1)
    finally:
        await close_hub(hub)
    assert {b.key: b.conversations for b in report.by_language} == {"it": 1, "de": 1, "en": 1}
    assert report.conversations == 3 and report.still_open == 3
    [unknown] = report.unanswered  # the organic question: the pack does not say
    assert unknown.examples[0].question == "is ur pasta organic?" and unknown.examples[0].why == "I don't know"
