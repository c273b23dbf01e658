"""A handoff card as Slack Block Kit: header, status, details, last messages, buttons.

Buttons carry the decision in `action_id` ("desk:approve") and the escalation id in
`value`, so a click is understood without any state kept in the app.
"""
from __future__ import annotations

import secrets

from adapters.escalation import Card
from core.desk.escalation import Decision

ACTION_PREFIX = "desk:"
_STYLES = {Decision.APPROVE.value: "primary", Decision.DENY.value: "danger"}
_ROLE_MARKS = {"customer": ":bust_in_silhouette:", "bot": ":robot_face:", "staff": ":technologist:"}


def card_blocks(card: Card) -> list[dict]:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": card.title[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Status:* {_escape(card.status)}"}},
        {"type": "section", "fields": _fields(card)},
    ]
    if card.needed and card.state.is_open:
        needed = " · ".join(f"{_escape(k)} `{_escape(v)}` ✓" if v else f"{_escape(k)} *missing*" for k, v in card.needed)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Needed to approve:* {needed}"[:3000]}})
    if card.order:  # its own block: a section holds at most 10 fields
        facts = "\n".join(f"*{_escape(k.capitalize())}:* {_escape(v)}" for k, v in card.order)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": facts[:3000]}})
    if card.transcript:
        lines = [
            f"{_ROLE_MARKS.get(line.role, '')} *{_escape(line.author or line.role)}:* {_escape(line.text)}"
            for line in card.transcript
        ]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}})
    if card.buttons:
        blocks.append({
            "type": "actions",
            # Fresh per render: Slack advises against reusing a block_id across message updates.
            "block_id": f"desk-{card.escalation_id}-{secrets.token_hex(4)}",
            "elements": [_button(card.escalation_id, b.label, b.value) for b in card.buttons],
        })
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": "Reply in this thread to answer the customer."}
    ]})
    return blocks


def parse_action_id(action_id: str) -> str | None:
    """"desk:approve" -> "approve"; None for buttons that are not the desk's."""
    return action_id.removeprefix(ACTION_PREFIX) if action_id.startswith(ACTION_PREFIX) else None


def _fields(card: Card) -> list[dict]:
    pairs = [("Customer", f"{card.customer_name or 'unknown'} ({card.customer_platform})"),
             ("Conversation", card.conversation_id), *((k.replace("_", " ").capitalize(), v) for k, v in card.details)]
    return [{"type": "mrkdwn", "text": f"*{_escape(k)}:*\n{_escape(v)}"} for k, v in pairs[:10]]


def _button(escalation_id: str, label: str, decision: str) -> dict:
    button = {"type": "button", "action_id": ACTION_PREFIX + decision,
              "text": {"type": "plain_text", "text": label}, "value": escalation_id}
    if decision in _STYLES:
        button["style"] = _STYLES[decision]
    return button


def _escape(text: str) -> str:
    # Slack mrkdwn treats these three as control characters.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


DENY_MODAL = "desk_deny"  # callback_id of the denial-reason modal
_REASON_BLOCK, _REASON_INPUT = "reason", "reason_text"


def deny_modal(escalation_id: str, channel: str) -> dict:
    """The modal asking why a refund is denied. private_metadata comes back with the submission,
    signed by Slack, so it says which escalation and channel the form belongs to."""
    return {
        "type": "modal",
        "callback_id": DENY_MODAL,
        "private_metadata": f"{escalation_id}|{channel}",
        "title": {"type": "plain_text", "text": "Deny refund"},
        "submit": {"type": "plain_text", "text": "Deny and tell customer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [{
            "type": "input", "block_id": _REASON_BLOCK,
            "label": {"type": "plain_text", "text": "Reason (the customer will read it)"},
            "element": {"type": "plain_text_input", "action_id": _REASON_INPUT, "multiline": True},
        }],
    }


def deny_submission(view: dict) -> tuple[str, str, str]:
    """(escalation id, channel, reason) from a submitted deny modal."""
    escalation_id, _, channel = (view.get("private_metadata") or "").partition("|")
    value = view.get("state", {}).get("values", {}).get(_REASON_BLOCK, {}).get(_REASON_INPUT, {}).get("value")
    return escalation_id, channel, (value or "").strip()
