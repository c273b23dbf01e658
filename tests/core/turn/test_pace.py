"""Per-customer message rate, on every platform: past the limit one notice, then quiet; every
message is still stored."""
from __future__ import annotations

from pathlib import Path

from bots.wiring import build_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Voice
from core.turn.pace import CustomerPace, Pace


def test_one_notice_per_burst_and_the_window_slides() -> None:
    now = [0.0]
    pace = CustomerPace(3, 60.0, clock=lambda: now[0])
    assert [pace.check("telegram:1") for _ in range(5)] == [Pace.OK] * 3 + [Pace.SLOW_DOWN, Pace.QUIET]
    assert pace.check("discord:9") is Pace.OK  # another customer is not slowed
    now[0] = 60.5
    assert pace.check("telegram:1") is Pace.OK  # the window moved on
    assert [pace.check("telegram:1") for _ in range(3)] == [Pace.OK, Pace.OK, Pace.SLOW_DOWN]


def test_no_limit_when_switched_off() -> None:
    pace = CustomerPace(0, 60.0)
    assert {pace.check("a") for _ in range(100)} == {Pace.OK}


async def test_a_flooding_customer_is_stored_not_answered(tmp_path: Path) -> None:
    settings = EngineSettings(customer_messages_per_minute=5)
    async with build_hub("pastashop", None, tmp_path / "csbot.db", settings=settings) as hub:
        address = Address("telegram", "42")
        answers = [await hub.engine.handle(Inbound(address, "/order_status 1042", f"u{n}")) for n in range(8)]
        assert all(a and a[0].text.startswith("Order 1042 left our warehouse") for a in answers[:5])
        assert [o.voice for o in answers[5]] == [Voice.NOTICE] and "faster than I can answer" in answers[5][0].text
        assert answers[6:] == [[], []]
        conversation = await hub.store.load_conversation(address, 50)
        assert sum(1 for m in conversation.history if m.role == "customer") == 8  # nothing lost
        other = await hub.engine.handle(Inbound(Address("discord", "7"), "/order_status 1042"))
        assert other[0].text.startswith("Order 1042")
