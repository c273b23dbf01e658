"""What staff do with an escalation: reply to the customer, approve or deny a refund, take over,
hand back to the bot. Each action is persisted with the messages it sends, in one transaction."""
from __future__ import annotations

import logging
import re
import string
from dataclasses import replace

from core.answers.language import conversation_language
from core.engine import DESK, Engine
from core.desk.escalation import Decision, Escalation, Reason, State
from core.messages import Address, Outbound, Voice
from core.shop.orders.order import money
from core.shop.orders.outcome import Kind
from core.shop.orders.words import fill
from core.shop.pack import KnowledgePack, Replies
from core.shop.programs import MissingDetails, Program
from core.store.base import ProgramRecord, StoredMessage, TurnRecord
from core.turn import rating

log = logging.getLogger("csbot.handoff")


class HandoffError(Exception):
    """The action does not apply (unknown escalation, already closed, refund-only decision)."""


class DetailsNeeded(HandoffError):
    """Approve cannot run yet: the program needs details nobody has given (staff are asked)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("missing details: " + ", ".join(missing))
        self.missing = tuple(missing)


def approval_program(pack: KnowledgePack, escalation: Escalation) -> Program | None:
    return pack.programs.get(escalation.program or "") or next(
        (p for p in pack.programs.values() if p.approval == "staff"), None
    )


def approval_details(pack: KnowledgePack, escalation: Escalation) -> list[tuple[str, str]]:
    """What the approval program needs, in its order, each with the value known so far ("" = missing):
    its required arguments and every `{placeholder}` of its success message."""
    program = approval_program(pack, escalation)
    if program is None or escalation.reason is not Reason.REFUND:
        return []
    known = {**_as_arguments(escalation.details), **{k: str(v) for k, v in escalation.program_args.items()}}
    # Why the customer asks: their own words, which opened the escalation, unless staff say otherwise.
    known.setdefault("reason", escalation.summary[:300])
    names = [a.key for a in program.arguments if a.required]
    names += [n for _, n, _, _ in string.Formatter().parse(program.success().message) if n and n not in names]
    return [(name, known.get(name, "")) for name in names]


class Handoff:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.pack = engine.pack

    async def _load(self, escalation_id: str) -> tuple[Escalation, TurnRecord]:
        escalation = await self.store.get_escalation(escalation_id)
        if escalation is None:
            raise HandoffError(f"no escalation {escalation_id}")
        conversation = await self.store.conversation_by_id(escalation.conversation_id, 0)
        if conversation is None:
            raise HandoffError(f"escalation {escalation_id} has no conversation")
        return escalation, TurnRecord(conversation=conversation, escalation=escalation)

    async def staff_reply(self, escalation_id: str, staff: str, text: str) -> list[Outbound]:
        escalation, turn = await self._load(escalation_id)
        if not escalation.state.is_open:
            raise HandoffError(f"escalation {escalation_id} is {escalation.state.value}")
        if escalation.state is State.OPEN:
            # The first person to answer has the conversation.
            escalation.state, escalation.assignee = State.TAKEN, staff
        self._tell_customer(turn, text, staff)
        self._refresh_card(turn)
        return await self.engine._commit(turn)

    async def decide(
        self, escalation_id: str, decision: Decision, staff: str, note: str = "", details: dict | None = None
    ) -> tuple[Escalation, list[Outbound]]:
        escalation, turn = await self._load(escalation_id)
        if not escalation.state.is_open:
            raise HandoffError(f"escalation {escalation_id} is already {escalation.state.value}")
        refund_only = decision in (Decision.APPROVE, Decision.DENY)
        if refund_only and escalation.reason is not Reason.REFUND:
            raise HandoffError("approve and deny apply to refund requests only")
        if decision is Decision.APPROVE:
            self._add_details(escalation, details or {})
            missing = [name for name, value in approval_details(self.pack, escalation) if not value]
            if missing:
                raise DetailsNeeded(missing)
        escalation.assignee = staff
        if decision is Decision.APPROVE:
            await self._approve(escalation, turn, staff)
        elif decision is Decision.DENY:
            escalation.state, escalation.note = State.DENIED, note
            reason = f" Reason: {note}" if note else ""
            self._tell_customer(turn, f"Your refund request was not approved.{reason}", staff)
            self._back_to_bot(turn)
        elif decision is Decision.TAKE_OVER:
            escalation.state = State.TAKEN
            self._tell_customer(turn, f"{staff} from our team is now looking after you.", staff)
        else:
            escalation.state = State.RETURNED
            self._say(turn, (await self._customer_replies(escalation)).returned, Voice.NOTICE)  # their language
            self._back_to_bot(turn)
        turn.screen = note
        if not escalation.state.is_open and turn.conversation.state == "bot":
            await self._ask_rating(escalation, turn)
        self._refresh_card(turn)
        return escalation, await self.engine._commit(turn)

    async def _ask_rating(self, escalation: Escalation, turn: TurnRecord) -> None:
        """Staff closed the handoff: its last notice to the customer carries the rating buttons, once."""
        replies = await self._customer_replies(escalation)
        for index in range(len(turn.outbox) - 1, -1, -1):
            outbound = turn.outbox[index]
            if outbound.address == turn.conversation.address:
                turn.outbox[index] = replace(outbound, buttons=rating.handoff_buttons(escalation.id, replies))
                return

    def _add_details(self, escalation: Escalation, details: dict) -> None:
        """Staff-given details, checked as the program's command line would check them."""
        program = approval_program(self.pack, escalation)
        arguments = {a.key: a for a in program.arguments} if program else {}
        for raw_key, raw in details.items():
            key, value = str(raw_key).strip().replace("-", "_"), str(raw).strip()
            if not value:
                continue
            if key == "amount":  # "24,90", "24.90 EUR", "€ 24.90": staff write it as they would anywhere
                value = staff_amount(value)
            if key in arguments:
                try:
                    arguments[key].convert(value)
                except ValueError:  # argparse's wording is for the model, not for staff
                    argument = arguments[key]
                    raise HandoffError(f"{key} {str(raw).strip()!r} not understood: give {argument.help or 'another value'}") from None
            escalation.program_args[key] = value

    async def _approve(self, escalation: Escalation, turn: TurnRecord, staff: str) -> None:
        program = approval_program(self.pack, escalation)
        if program is None:
            message = "Your refund was approved."
        else:
            # Opened by triage, the request has no program arguments: use what the customer said.
            args = {**dict(approval_details(self.pack, escalation)), **_as_arguments(escalation.details), **escalation.program_args}
            if not self.engine.orders.simulated:
                return await self._refund(escalation, turn, staff, program, args)
            outcome = program.success()
            try:
                message = program.render(outcome.message, args)
            except MissingDetails as missing:  # checked in decide(); a placeholder must never leak
                raise DetailsNeeded(list(missing.names)) from None
            message = f"{message} {self.pack.replies.demo_label}"  # simulated: nothing was issued
            turn.runs.append(ProgramRecord(program.name, args, "success", message))
        escalation.state = State.APPROVED
        escalation.note = message
        self._tell_customer(turn, f"Good news: your refund request was approved. {message}", staff)
        self._back_to_bot(turn)

    async def _refund(self, escalation: Escalation, turn: TurnRecord, staff: str, program: Program, args: dict) -> None:
        """Approve moves money through the order source, once (core/shop/orders/refunds.py). The
        customer hears "issued" only when the source confirms it."""
        order_id, amount = str(args.get("order_id", "")).strip(), money(args.get("amount", ""))
        if amount <= 0:
            raise HandoffError(f"the amount {args.get('amount', '')!r} is not an amount to refund")
        outcome = await self.engine.orders.refund(escalation.id, order_id, amount, str(args.get("reason", "")))
        if outcome.kind in (Kind.REFUSED, Kind.NOT_FOUND):
            # Nothing was refunded: the request stays open for staff to correct or deny.
            raise HandoffError(f"the order system did not refund: {outcome.reason}")
        replies = await self._customer_replies(escalation)
        currency = (outcome.order.currency if outcome.order else "") or self.pack.currency
        said = {"amount": f"{amount:.2f} {currency}", "order": order_id}
        if outcome.kind is Kind.DONE:
            message, status = fill(replies.refund_issued, **said), "success"
            escalation.state = State.APPROVED
        else:
            message, status = fill(replies.refund_pending, **said), "pending"
            # STAFF: recorded, a person pays it out. UNREACHABLE: unknown; Approve again retries,
            # and reads the order's refunds before creating one.
            escalation.state = State.APPROVED if outcome.kind is Kind.STAFF else State.TAKEN
        escalation.note = f"{self.engine.orders.name}: {outcome.reason or outcome.kind.value}"
        if outcome.kind is not Kind.UNREACHABLE:  # the shop's own record says who approved what
            await self.engine.orders.add_note(
                order_id, f"Refund of {said['amount']} approved by {staff} on the csbot desk ({escalation.id}): {outcome.kind.value}.")
        turn.runs.append(ProgramRecord(program.name, args, status, f"{outcome.kind.value}: {outcome.reason}"))
        self._tell_customer(turn, message, staff)
        if escalation.state is State.APPROVED:
            self._back_to_bot(turn)

    async def _customer_replies(self, escalation: Escalation) -> Replies:
        recent = await self.store.recent_messages(escalation.conversation_id, 12)
        return self.pack.replies_in(conversation_language([m.text for m in recent if m.role == "customer"]))

    def _tell_customer(self, turn: TurnRecord, text: str, staff: str) -> None:
        self._say(turn, text, Voice.STAFF, staff)

    def _say(self, turn: TurnRecord, text: str, voice: Voice, author: str = "") -> None:
        c = turn.conversation
        turn.messages.append(StoredMessage("staff" if voice is Voice.STAFF else "bot", text, author, voice=voice.value))
        turn.outbox.append(Outbound(c.address, text, voice, conversation_id=c.id, author=author))

    @staticmethod
    def _back_to_bot(turn: TurnRecord) -> None:
        turn.conversation.state = "bot"
        turn.conversation.escalation_id = None

    @staticmethod
    def _refresh_card(turn: TurnRecord) -> None:
        e = turn.escalation
        turn.outbox.append(
            Outbound(Address(DESK, e.id), f"escalation {e.state.value}", Voice.CARD, conversation_id=e.conversation_id, escalation_id=e.id)
        )





def staff_amount(text: str) -> str:
    """'24,90', '24.90 EUR', '€24.90', '1.234,50' -> '24.90' / '1234.50'; what is no amount stays as written."""
    found = re.search(r"\d[\d.,]*", text)
    if found is None:
        return text
    number = found.group(0).rstrip(".,")
    whole, sep, cents = number.replace(",", ".").rpartition(".")
    if sep and 1 <= len(cents) <= 2:  # the last separator marks the cents; others group thousands
        return f"{whole.replace('.', '')}.{cents}"
    return number.replace(",", "").replace(".", "")


def _as_arguments(details: dict) -> dict:
    """Card details as program arguments: '24.90 EUR' -> '24.90' (the message adds its currency)."""
    arguments = {}
    for key, value in details.items():
        text = str(value)
        if key == "amount":
            text = text.split()[0]
        arguments[key.replace("-", "_")] = text
    return arguments
