"""What staff can do from `csbot desk`, as plain data in and out (JSON over the desk endpoint).

The process that owns the store runs these against its hub, so the desk is never a second
writer: `csbot run`/`csbot chat` serve them over bots/desk_endpoint.py, and `csbot desk` runs
them itself only when no other process holds the database.
"""
from __future__ import annotations

from typing import Any

from adapters.escalation import TRANSCRIPT_LINES, Card, build_card, order_facts
from core.desk.escalation import Decision, Escalation
from core.handoff import DetailsNeeded, HandoffError

ACTIONS = {"approve": Decision.APPROVE, "deny": Decision.DENY, "take": Decision.TAKE_OVER, "return": Decision.RETURN}


def card_data(card: Card, escalation: Escalation) -> dict:
    return {
        "id": card.escalation_id,
        "reason": card.reason.value,
        "state": card.state.value,
        "customer": card.customer_name,
        "platform": card.customer_platform,
        "conversation": card.conversation_id,
        "title": card.title,
        "status": card.status,
        "text": card.as_text(),
        "needed": [list(pair) for pair in card.needed],
        "actions": [b.value for b in card.buttons],
        "opened": escalation.created_at,
    }


class DeskActions:
    """The desk's verbs on a hub (the hub persists, tells the customer and refreshes any board)."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub

    async def escalations(self, open_only: bool = True) -> list[dict]:
        found = await self.hub.store.list_escalations(open_only)
        return [await self._card(e) for e in found]

    async def card(self, escalation_id: str) -> dict | None:
        escalation = await self.hub.store.get_escalation(escalation_id)
        return None if escalation is None else await self._card(escalation)

    async def _card(self, escalation: Escalation) -> dict:
        recent = await self.hub.store.recent_messages(escalation.conversation_id, TRANSCRIPT_LINES)
        return card_data(build_card(escalation, recent, self.hub.pack, await order_facts(self.hub, escalation)), escalation)

    async def reply(self, escalation_id: str, staff: str, text: str) -> dict:
        if not text.strip():
            return {"ok": False, "message": "nothing to send"}
        try:
            await self.hub.staff_reply(escalation_id, staff, text.strip())
        except (HandoffError, LookupError) as refused:
            return {"ok": False, "message": str(refused)}
        return {"ok": True, "message": "sent to the customer"}

    async def decide(self, escalation_id: str, action: str, staff: str, note: str = "", details: dict | None = None) -> dict:
        decision = ACTIONS.get(action) or Decision(action)
        if decision is Decision.DENY and not note.strip():
            return {"ok": False, "message": "deny needs a reason: the customer reads it"}
        try:
            escalation = await self.hub.decide(escalation_id, decision, staff, note.strip(), details=details or {})
        except DetailsNeeded as needed:
            return {"ok": False, "message": str(needed), "missing": list(needed.missing)}
        except (HandoffError, LookupError) as refused:
            return {"ok": False, "message": str(refused)}
        if decision is Decision.APPROVE and escalation.state.is_open:  # the order system did not confirm it
            return {"ok": True, "message": f"refund not confirmed ({escalation.note}): approve again to retry"}
        return {"ok": True, "message": f"escalation {escalation.id} is {escalation.state.value}"}
