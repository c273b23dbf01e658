"""Customer commands: no program usage for customers, questions for missing details, multi-word
values, and order programs that check the customer against the pack's own orders."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bots.wiring import build_hub
from core.messages import Address, Inbound
from core.shop.pack_check import check_pack
from tests.support.recorder import Recorder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def hub():
    async with build_hub("pastashop", None) as hub:  # offline: commands need no model
        hub.register("desk", Recorder())
        yield hub


async def say(hub, text: str, chat: str = "c1") -> str:
    replies = await hub.engine.handle(Inbound(Address("web", chat), text))
    return "\n".join(r.text for r in replies)


@pytest.mark.parametrize("text", ["/order_status --help", "/order_status -h", "/cancel_order --order-id 1042"])
async def test_program_usage_is_never_shown_to_customers(hub, text: str) -> None:
    answer = await say(hub, text)
    assert "usage:" not in answer and "--" not in answer and ".py" not in answer
    assert answer.startswith("To do this, send: /")


async def test_a_missing_detail_becomes_a_question_in_customer_words(hub) -> None:
    answer = await say(hub, "/order_status")
    assert answer.startswith("Which order number is it about?")
    assert "usage" not in answer and "/order_status <order id>" in answer


async def test_an_unreadable_detail_is_asked_for_again(hub) -> None:
    assert (await say(hub, "/order_status twelve")).startswith("Which order number is it about?")


async def test_a_trailing_multi_word_address_needs_no_quotes(hub) -> None:
    answer = await say(hub, "/change_address 1042 anna.rossi@example.com Via Roma 1, 80121 Napoli, Italia")
    assert "Via Roma 1, 80121 Napoli, Italia" in answer or "left our warehouse" in answer or "No order" in answer
    assert await last_runs(hub) == [("change_address", "Via Roma 1, 80121 Napoli, Italia")]


async def test_a_quoted_address_works_too(hub) -> None:
    await say(hub, '/change_address 1042 anna.rossi@example.com "Via Roma 1, 80121 Napoli, Italia"')
    assert await last_runs(hub) == [("change_address", "Via Roma 1, 80121 Napoli, Italia")]


async def test_without_the_orders_email_the_address_is_not_changed_but_asked_for(hub) -> None:
    answer = await say(hub, "/change_address 1042 Via Roma 1, Milano")
    assert answer.startswith("Which e-mail address did you place the order with?")
    assert await last_runs(hub) == []


async def test_nobody_cancels_an_order_that_is_not_theirs(hub) -> None:
    wrong = await say(hub, "/cancel_order 1042 mallory@example.com", chat="c2")
    unknown = await say(hub, "/cancel_order 99999 mallory@example.com", chat="c3")
    assert "No order 1042 matches the e-mail address you gave" in wrong
    assert "now cancelled" not in wrong and "now cancelled" not in unknown
    # The same words for a wrong e-mail and an unknown order: no way to probe which orders exist.
    assert wrong.replace("1042", "N") == unknown.replace("99999", "N")


async def test_the_owner_of_the_order_can_cancel_it_and_it_stays_cancelled(hub) -> None:
    answer = await say(hub, "/cancel_order 3051 Giulia.Verdi@Example.com changed my mind")
    assert answer == "Order 3051 is now cancelled."
    assert await say(hub, "/order_status 3051") == "Order 3051 is cancelled."
    # An order that left the warehouse is not cancelled, whoever asks.
    shipped = await say(hub, "/cancel_order 1042 anna.rossi@example.com")
    assert shipped.startswith("Order 1042 has already left our warehouse, so it can no longer be cancelled. Order 1042 ")


async def last_runs(hub) -> list[tuple[str, str]]:
    """(program, new address) of the programs the last turns ran, from the store."""
    rows = await hub.store.db.execute_fetchall("SELECT program, args FROM program_runs ORDER BY rowid")
    return [(p, json.loads(a).get("new_address")) for p, a in rows if p == "change_address"]


def test_knowledge_check_reports_a_broken_orders_table_and_verify(tmp_path: Path) -> None:
    pack = tmp_path / "pastashop"
    shutil.copytree(ROOT / "knowledge" / "pastashop", pack)
    (pack / "orders.csv").write_text("order_id,postcode\n1042,80121\n1042,80122\n2087\n", encoding="utf-8")
    problems = [(p.file, p.line, p.message) for p in check_pack(pack)]
    assert ("orders.csv", 3, "order 1042 is listed twice (first on line 2)") in problems
    assert ("orders.csv", 4, "1 values for 2 columns") in problems
    assert any(f == "orders.csv" and "no column 'email'" in m for f, _, m in problems)
    (pack / "orders.csv").unlink()
    problems = [(p.file, p.message) for p in check_pack(pack)]
    assert any(f == "programs/cancel_order.json" and "needs the pack's orders.csv" in m for f, m in problems)


def test_the_demo_packs_are_valid_with_their_orders() -> None:
    for name in ("pastashop", "gadgetstore"):
        assert check_pack(ROOT / "knowledge" / name) == []


def test_knowledge_check_reads_the_orders_values_and_order_actions(tmp_path: Path) -> None:
    pack = tmp_path / "pastashop"
    shutil.copytree(ROOT / "knowledge" / "pastashop", pack)
    (pack / "orders.csv").write_text(
        "order_id,email,status,total,paid,refunded\n"
        "1042,a@example.com,sent,31.40,31.40,0\n"
        "2087,b@example.com,shipped,ten,5.00,6.00\n", encoding="utf-8")
    program = json.loads((pack / "programs" / "order_status.json").read_text(encoding="utf-8"))
    (pack / "programs" / "order_status.json").write_text(json.dumps({**program, "order_action": "track"}), encoding="utf-8")
    problems = [(p.file, p.line, p.message) for p in check_pack(pack)]
    assert any(f == "orders.csv" and line == 2 and "status 'sent' is not one of" in m for f, line, m in problems)
    assert ("orders.csv", 3, "total 'ten' is not an amount like 24.90") in problems
    assert ("orders.csv", 3, "refunded is more than paid") in problems
    assert any(f == "programs/order_status.json" and "order_action must be" in m for f, _, m in problems)
