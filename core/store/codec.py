"""Rows to domain objects and back."""
from __future__ import annotations

import json

from core.desk.escalation import Escalation, Reason, State
from core.messages import Address, Button, Outbound, Voice


# One encoder for every reply: json.dumps builds a new one on each call given any non-default argument.
_JSON = json.JSONEncoder(ensure_ascii=False)


def outbound_to_json(outbound: Outbound) -> str:
    a = outbound.address
    return _JSON.encode(
        {
            "address": [a.channel, a.chat_id, a.thread],
            "text": outbound.text,
            "voice": outbound.voice.value,
            "buttons": [[b.label, b.value] for b in outbound.buttons],
            "conversation_id": outbound.conversation_id,
            "escalation_id": outbound.escalation_id,
            "author": outbound.author,
        }
    )


def outbound_from_json(payload: str) -> Outbound:
    data = json.loads(payload)
    channel, chat_id, thread = data["address"]
    return Outbound(
        address=Address(channel, chat_id, thread),
        text=data["text"],
        voice=Voice(data["voice"]),
        buttons=tuple(Button(label, value) for label, value in data["buttons"]),
        conversation_id=data["conversation_id"],
        escalation_id=data["escalation_id"],
        author=data["author"],
    )


ESCALATION_COLUMNS = (
    "id, conversation_id, reason, state, customer_channel, customer_chat, customer_thread, customer_name, "
    "summary, details, program, program_args, assignee, desk_ref, note, created_at, updated_at"
)


def escalation_row(e: Escalation) -> tuple:
    return (
        e.id, e.conversation_id, e.reason.value, e.state.value, e.customer.channel, e.customer.chat_id,
        e.customer.thread, e.customer_name, e.summary, json.dumps(e.details), e.program,
        json.dumps(e.program_args), e.assignee, json.dumps(e.desk_ref), e.note, e.created_at, e.updated_at,
    )  # fmt: skip


def escalation_from_row(row) -> Escalation:
    return Escalation(
        id=row[0], conversation_id=row[1], reason=Reason(row[2]), state=State(row[3]),
        customer=Address(row[4], row[5], row[6]), customer_name=row[7], summary=row[8],
        details=json.loads(row[9]), program=row[10], program_args=json.loads(row[11]), assignee=row[12],
        desk_ref=json.loads(row[13]), note=row[14], created_at=row[15], updated_at=row[16],
    )  # fmt: skip
