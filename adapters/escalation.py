"""The staff desk: handoff cards in the staff channel, and what staff do with them.

Platform-neutral. The hub sends the desk Outbounds addressed to channel "desk"
(CARD: open or refresh a card; RELAY: a customer message for the card's thread).
A `StaffBoard` (Slack today, Discord later) renders cards and threads; the board's
adapter calls `on_action` for button clicks and `on_thread_reply` for staff messages
in a card's thread. Every state change goes through the hub, which persists it; the
desk keeps only the board's handle of each card (store.set_desk_ref), so a restart
loses nothing.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol

from core.desk.escalation import Decision, Escalation, Reason, State
from core.handoff import DetailsNeeded, HandoffError, approval_details
from core.desk.waiting import OVERDUE_CARD
from core.messages import Button, Outbound, Voice

log = logging.getLogger(__name__)

TRANSCRIPT_LINES = 6
DETAIL_KEYS = ("order_id", "amount", "product")  # shown first, in this order
AWAITING_REASON = "awaiting_reason"  # desk_ref key: the staff member whose denial reason we wait for
AWAITING_DETAILS = "awaiting_details"  # desk_ref key: the staff member whose approval details we wait for
_PAIR = re.compile(r"([A-Za-z][\w-]*)\s*[=:]\s*(.+?)(?=(?:[,;]|\s)\s*[A-Za-z][\w-]*\s*[=:]|$)", re.S)


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    role: str  # "customer" | "bot" | "staff"
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Card:
    """What a handoff card shows; boards decide how it looks."""

    escalation_id: str
    reason: Reason
    state: State
    customer_platform: str
    customer_name: str
    conversation_id: str
    summary: str
    transcript: tuple[TranscriptLine, ...] = ()
    details: tuple[tuple[str, str], ...] = ()
    assignee: str = ""
    note: str = ""
    awaiting_reason_from: str = ""
    awaiting_details_from: str = ""
    needed: tuple[tuple[str, str], ...] = ()  # what Approve needs: (detail, known value or "" if missing)
    order: tuple[tuple[str, str], ...] = ()  # the order as the order source reports it (order_facts)
    buttons: tuple[Button, ...] = ()  # value is a Decision

    @property
    def title(self) -> str:
        return f"{_REASON_TITLES[self.reason]}: {self.customer_name or 'customer'} on {self.customer_platform}"

    @property
    def status(self) -> str:
        if self.awaiting_reason_from:
            return f"Deny refund: waiting for {self.awaiting_reason_from}'s reason in the thread"
        if self.awaiting_details_from:
            return f"Approve refund: waiting for {self.awaiting_details_from} to give {', '.join(self.missing)} in the thread"
        who = self.assignee or "staff"
        return {
            State.OPEN: "Waiting for staff" + (f" ({self.note})" if self.note else ""),
            State.TAKEN: f"Taken over by {who}",
            State.APPROVED: f"Refund approved by {who}" + (f": {self.note}" if self.note else ""),
            State.DENIED: f"Refund denied by {who}" + (f": {self.note}" if self.note else ""),
            State.RETURNED: f"Returned to the bot ({self.note})" if who == "bot" and self.note else f"Returned to the bot by {who}",
            State.WITHDRAWN: f"Withdrawn: {who} went back to the bot",
        }[self.state]

    @property
    def missing(self) -> list[str]:
        return [key for key, value in self.needed if not value]

    @property
    def needed_text(self) -> str:
        """'order_id 1042 ✓ · amount missing': what Approve will use, and what staff must still give."""
        return " · ".join(f"{key} {value} ✓" if value else f"{key} missing" for key, value in self.needed)

    def as_text(self) -> str:
        """The whole card as plain text: notification text, and the fallback for boards without layout."""
        lines = [self.title, f"Status: {self.status}", f"Conversation: {self.conversation_id}"]
        lines += [f"{key}: {value}" for key, value in self.details]
        lines += [f"{key}: {value}" for key, value in self.order]
        if self.needed and self.state.is_open:
            lines.append(f"Needed to approve: {self.needed_text}")
        lines += [f"> {line.author or line.role}: {line.text}" for line in self.transcript]
        return "\n".join(lines)


_REASON_TITLES = {
    Reason.REFUND: "Refund request",
    Reason.HEALTH: "Health question",
    Reason.HUMAN: "Customer asks for a person",
    Reason.SAFETY: "Safety concern",
    Reason.FAILURE: "The bot could not help",
}


def card_buttons(escalation: Escalation) -> tuple[Button, ...]:
    """The actions that make sense in the escalation's current state."""
    if not escalation.state.is_open:
        return ()
    buttons = []
    if escalation.reason is Reason.REFUND:
        buttons += [Button("Approve refund", Decision.APPROVE.value), Button("Deny refund", Decision.DENY.value)]
    if escalation.state is State.OPEN:
        buttons.append(Button("Take over", Decision.TAKE_OVER.value))
    buttons.append(Button("Return to bot", Decision.RETURN.value))
    return tuple(buttons)


def build_card(escalation: Escalation, transcript: list[Any], pack: Any = None, order: dict | None = None) -> Card:
    """A card from an escalation and the conversation's latest stored messages (oldest first);
    `order`: the order as the order source reports it (order_facts), shown after the details."""
    details = {**escalation.program_args, **escalation.details}
    ordered = [k for k in DETAIL_KEYS if details.get(k) not in (None, "")]
    ordered += sorted(k for k in details if k not in DETAIL_KEYS and details[k] not in (None, ""))
    return Card(
        escalation_id=escalation.id,
        reason=escalation.reason,
        state=escalation.state,
        customer_platform=escalation.customer.channel,
        customer_name=escalation.customer_name,
        conversation_id=escalation.conversation_id,
        summary=escalation.summary,
        transcript=tuple(
            TranscriptLine(m.role, m.author, _clip(m.text)) for m in transcript[-TRANSCRIPT_LINES:]
        ),
        details=tuple((k, str(details[k])) for k in ordered),
        assignee=escalation.assignee,
        note=escalation.note,
        awaiting_reason_from=str(escalation.desk_ref.get(AWAITING_REASON, "")) if escalation.state.is_open else "",
        awaiting_details_from=str(escalation.desk_ref.get(AWAITING_DETAILS, "")) if escalation.state.is_open else "",
        needed=tuple(approval_details(pack, escalation)) if pack is not None else (),
        order=tuple((order or {}).items()),
        buttons=card_buttons(escalation),
    )


async def order_facts(hub: Any, escalation: Escalation) -> dict[str, str]:
    """The escalation's order from the order source, for its card ({} when it names none)."""
    orders = getattr(getattr(hub, "engine", None), "orders", None)
    order_id = escalation.program_args.get("order_id") or escalation.details.get("order_id")
    if orders is None or not order_id:
        return {}
    return await orders.facts(str(order_id), escalation.conversation_id)


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StaffBoard(Protocol):
    """Where cards live on a staff platform. Methods raise core.delivery.delivery errors on failure."""

    async def post_card(self, card: Card) -> dict:
        """Post a new card; return its handle, which must carry "thread" (the id replies arrive with)."""
        ...

    async def update_card(self, ref: dict, card: Card) -> None: ...

    async def post_in_thread(self, ref: dict, text: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """The desk's answer to a staff action; `note` is shown to that staff member only."""

    accepted: bool
    note: str = ""


class StaffDesk:
    def __init__(self, hub: Any, board: StaffBoard, *, staff_channel: str, staff_users: Collection[str] = ()) -> None:
        self.hub = hub
        self.board = board
        self.staff_channel = staff_channel
        self.staff_users = frozenset(staff_users)
        # One card operation at a time per escalation, so a refresh never races the first post.
        self._locks: dict[str, asyncio.Lock] = {}
        hub.register("desk", self)

    # -- hub side: Outbounds addressed to the desk ---------------------------------

    async def __call__(self, outbound: Outbound) -> None:
        escalation_id = outbound.escalation_id or outbound.address.chat_id
        async with self._lock(escalation_id):
            escalation = await self.hub.store.get_escalation(escalation_id)
            if escalation is None:
                log.warning("desk: outbound for unknown escalation %s dropped", escalation_id)
                return
            ref = await self._show(escalation)
            if outbound.voice is Voice.RELAY:
                name = escalation.customer_name or "Customer"
                await self.board.post_in_thread(ref, f"{name}: {outbound.text}")
            elif outbound.text == OVERDUE_CARD:
                # Bumped where staff look: a thread reply also shown in the channel where the board can.
                text = f"Still waiting for an answer: {escalation.note}."
                await getattr(self.board, "bump", self.board.post_in_thread)(ref, text)

    async def _show(self, escalation: Escalation, *, post_only: bool = False) -> dict:
        """Post the card the first time, else update it in place; return its handle."""
        recent = await self.hub.store.recent_messages(escalation.conversation_id, TRANSCRIPT_LINES)
        card = build_card(escalation, recent, self.hub.pack, await order_facts(self.hub, escalation))
        if not escalation.desk_ref.get("thread"):
            ref = await self.board.post_card(card)
            await self.hub.store.set_desk_ref(escalation.id, ref)
            escalation.desk_ref = ref
            return ref
        if not post_only:
            await self.board.update_card(escalation.desk_ref, card)
        return escalation.desk_ref

    # -- staff side ----------------------------------------------------------------

    def may_act(self, channel: str, staff_user: str) -> bool:
        return channel == self.staff_channel and (not self.staff_users or staff_user in self.staff_users)

    async def on_action(
        self, escalation_id: str, action: str, staff_user: str, channel: str, *,
        staff_name: str = "", event_id: str | None = None,
    ) -> Verdict:
        """A button on a card was clicked."""
        if not self.may_act(channel, staff_user):
            log.warning("desk: refused %s on %s by %s from channel %s", action, escalation_id, staff_user, channel)
            return Verdict(False, "Only staff in the staff channel can act on escalations.")
        if event_id and not await self.hub.store.first_seen("desk-action", event_id):
            return Verdict(False)
        try:
            decision = Decision(action)
        except ValueError:
            log.warning("desk: unknown action %r on %s", action, escalation_id)
            return Verdict(False, f"Unknown action {action!r}.")
        escalation = await self.hub.store.get_escalation(escalation_id)
        if escalation is None:
            return Verdict(False, "This escalation no longer exists.")
        if not escalation.state.is_open:
            return Verdict(False, f"Nothing to do: {build_card(escalation, []).status}.")
        staff = staff_name or staff_user
        if decision is Decision.DENY and escalation.reason is Reason.REFUND:
            await self._ask_reason(escalation, staff)
            return Verdict(True)
        if decision is Decision.APPROVE:
            return await self._approve(escalation, staff, {})
        # The hub persists the decision, tells the customer and sends the card refresh back here.
        # No desk lock is held: that refresh takes it.
        try:
            await self.hub.decide(escalation_id, decision, staff)
        except (HandoffError, LookupError) as refused:
            return Verdict(False, str(refused))
        return Verdict(True)

    async def on_thread_reply(
        self, channel: str, thread: str, staff_user: str, staff_name: str, text: str, event_id: str | None = None
    ) -> Verdict:
        """A staff message in a card's thread: a pending denial's reason, else a reply for the customer."""
        if not self.may_act(channel, staff_user):
            log.warning("desk: refused thread reply by %s in channel %s", staff_user, channel)
            return Verdict(False, "Only staff in the staff channel can answer customers.")
        if event_id and not await self.hub.store.first_seen("desk-reply", event_id):
            return Verdict(False)
        escalation = await self.hub.store.find_escalation_by_desk_ref("thread", thread)
        if escalation is None:
            return Verdict(False)  # an ordinary thread in the staff channel, not a card's
        staff = staff_name or staff_user
        if escalation.state.is_open and escalation.desk_ref.get(AWAITING_REASON):
            return await self._deny(escalation.id, staff, text)
        if escalation.state.is_open and escalation.desk_ref.get(AWAITING_DETAILS):
            details = parse_details(text)
            if details:
                return await self._approve(escalation, staff, details)
        try:
            await self.hub.staff_reply(escalation.id, staff, text)
        except (HandoffError, LookupError) as refused:
            log.info("desk: thread reply on %s not relayed: %s", escalation.id, refused)
            await self.board.post_in_thread(
                escalation.desk_ref, "Not sent: this conversation is back with the bot. The customer did not see this."
            )
            return Verdict(False, str(refused))
        return Verdict(True)

    async def on_deny_reason(
        self, escalation_id: str, staff_user: str, channel: str, reason: str, *, staff_name: str = ""
    ) -> Verdict:
        """The reason for a denial, from a form the board opened (Slack's modal) instead of the thread."""
        if not self.may_act(channel, staff_user):
            log.warning("desk: refused denial reason on %s by %s from channel %s", escalation_id, staff_user, channel)
            return Verdict(False, "Only staff in the staff channel can act on escalations.")
        escalation = await self.hub.store.get_escalation(escalation_id)
        if escalation is None or not escalation.state.is_open:
            return Verdict(False, "This escalation is already closed.")
        return await self._deny(escalation_id, staff_name or staff_user, reason)

    async def _deny(self, escalation_id: str, staff: str, reason: str) -> Verdict:
        try:
            await self.hub.decide(escalation_id, Decision.DENY, staff, reason.strip())
        except (HandoffError, LookupError) as refused:
            return Verdict(False, str(refused))
        await self._forget_reason_request(escalation_id)
        return Verdict(True)

    async def _approve(self, escalation: Escalation, staff: str, details: dict) -> Verdict:
        """Approve with what is known plus `details`; when the program still lacks some, ask for them."""
        try:
            decided = await self.hub.decide(escalation.id, Decision.APPROVE, staff, details=details)
        except DetailsNeeded as needed:
            await self._ask_details(escalation, staff, list(needed.missing))
            return Verdict(True, f"Approve needs {', '.join(needed.missing)}: reply in the card's thread.")
        except (HandoffError, LookupError) as refused:
            return Verdict(False, str(refused))
        await self._forget_reason_request(escalation.id)
        if decided.state.is_open:  # the order system did not confirm the refund: still to do
            return Verdict(True, f"Refund not confirmed ({decided.note}): Approve again to retry.")
        return Verdict(True)

    async def _ask_details(self, escalation: Escalation, staff: str, missing: list[str]) -> None:
        async with self._lock(escalation.id):
            ref = await self._show(escalation, post_only=True)
            escalation.desk_ref = {**ref, AWAITING_DETAILS: staff}
            await self.hub.store.set_desk_ref(escalation.id, escalation.desk_ref)
            example = ", ".join(f"{name}=…" for name in missing)
            await self.board.post_in_thread(
                ref, f"{staff}: to approve, reply in this thread with {example}; the refund runs with them."
            )
            await self._show(escalation)

    async def _ask_reason(self, escalation: Escalation, staff: str) -> None:
        # Kept in the desk ref (persisted), so the reason still lands after a restart.
        async with self._lock(escalation.id):
            ref = await self._show(escalation, post_only=True)
            escalation.desk_ref = {**ref, AWAITING_REASON: staff}
            await self.hub.store.set_desk_ref(escalation.id, escalation.desk_ref)
            await self.board.post_in_thread(
                ref, f"{staff}: reply in this thread with the reason for denying; the customer will receive it."
            )
            await self._show(escalation)

    async def _forget_reason_request(self, escalation_id: str) -> None:
        async with self._lock(escalation_id):
            escalation = await self.hub.store.get_escalation(escalation_id)
            if escalation is not None:
                ref = {k: v for k, v in escalation.desk_ref.items() if k not in (AWAITING_REASON, AWAITING_DETAILS)}
                await self.hub.store.set_desk_ref(escalation_id, ref)

    def _lock(self, escalation_id: str) -> asyncio.Lock:
        return self._locks.setdefault(escalation_id, asyncio.Lock())


def parse_details(text: str) -> dict[str, str]:
    """'amount=24.90, order_id: 1042' -> {"amount": "24.90", "order_id": "1042"} (staff's thread reply)."""
    return {key.replace("-", "_").lower(): value.strip().rstrip(",;").strip() for key, value in _PAIR.findall(text.strip())}
