"""The handoff card as Block Kit, and the deny modal, with plain dicts."""
from __future__ import annotations

from adapters.escalation import Card, TranscriptLine
from adapters.slack.cards import card_blocks, deny_modal, deny_submission, parse_action_id
from core.desk.escalation import Reason, State
from core.messages import Button


def card(**change) -> Card:
    base = dict(escalation_id="e_1", reason=Reason.REFUND, state=State.OPEN, customer_platform="telegram",
                customer_name="Ann <script>", conversation_id="c_1", summary="money back",
                transcript=(TranscriptLine("customer", "Ann", "money back for 1042 & more"),),
                details=(("order_id", "1042"),),
                buttons=(Button("Approve refund", "approve"), Button("Deny refund", "deny"), Button("Return to bot", "return")))
    return Card(**(base | change))


def test_blocks_carry_decision_in_action_id_and_escalation_in_value() -> None:
    blocks = card_blocks(card())
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Refund request: Ann <script> on telegram"}}
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert [(e["action_id"], e["value"], e.get("style")) for e in actions["elements"]] == [
        ("desk:approve", "e_1", "primary"), ("desk:deny", "e_1", "danger"), ("desk:return", "e_1", None)]
    mrkdwn = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b)
    assert "1042 &amp; more" in mrkdwn  # escaped for mrkdwn
    fields = [f["text"] for b in blocks if "fields" in b for f in b["fields"]]
    assert "*Customer:*\nAnn &lt;script&gt; (telegram)" in fields and "*Order id:*\n1042" in fields


def test_closed_card_has_no_buttons() -> None:
    blocks = card_blocks(card(state=State.APPROVED, assignee="Sam", buttons=()))
    assert all(b["type"] != "actions" for b in blocks)
    assert "Refund approved by Sam" in blocks[1]["text"]["text"]


def test_parse_action_id() -> None:
    assert parse_action_id("desk:take_over") == "take_over"
    assert parse_action_id("reply:0") is None


def test_deny_modal_round_trip() -> None:
    view = deny_modal("e_1", "CSTAFF")
    submitted = {**view, "state": {"values": {"reason": {"reason_text": {"type": "plain_text_input", "value": " Used. "}}}}}
    assert deny_submission(submitted) == ("e_1", "CSTAFF", "Used.")
    assert deny_submission({}) == ("", "", "")


def test_the_order_has_its_own_block_beside_ten_fields() -> None:
    details = tuple((f"detail_{n}", str(n)) for n in range(12))
    order = (("order", "1042 (woocommerce): processing"), ("paid", "31.40 EUR"), ("customer proved", "no <yet>"))
    blocks = card_blocks(card(details=details, order=order))
    assert all(len(b.get("fields", [])) <= 10 for b in blocks)
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert "*Order:* 1042 (woocommerce): processing\n*Paid:* 31.40 EUR\n*Customer proved:* no &lt;yet&gt;" in texts
