"""The waiting customer: what the bot does while staff have the conversation.

A customer who writes during a handoff is relayed to the desk and, at most once per quarter
hour, told that a colleague has the messages (with the opening hours when staff are away),
unless a colleague replied in the last minutes: they are answering now.
The customer can go back to the bot ("/bot", "never mind", "lascia perdere", "vergiss es"),
which closes the escalation as withdrawn. `AnswerWatch` is the periodic check: when staff have
not answered within the pack's `[staff] answer_within` (opening hours only), the customer is
told, the card is bumped and, if the pack says `take_back = true`, the bot takes over again.

Everything that needs remembering is a stored message (voice "waiting" / "overdue"), so a
restart neither repeats an acknowledgement nor a reminder.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.desk.escalation import State
from core.desk.hours import DAYS, when_staff_answer
from core.safety.lexicon.text import normalise
from core.messages import Address, Outbound, Voice
from core.shop.pack import Hours, KnowledgePack
from core.store.base import StoredMessage, TurnRecord

log = logging.getLogger("csbot.waiting")

ACK_EVERY = 15 * 60  # seconds between two "a colleague has your messages"
# A staff reply this recent: someone is answering now, so no acknowledgement (and no opening
# hours: staff replying on a Saturday are there, whatever the hours say).
STAFF_ANSWERING = 10 * 60
# What one waiting customer may put in front of staff: a flood of messages must not bury the desk.
# Beyond the rate the messages are stored (the card's transcript shows them), not relayed one by one.
RELAYS_PER_WINDOW, RELAY_WINDOW = 6, 60.0
RELAY_CHARS = 1500  # a relay's length in the staff thread; the whole message stays in the conversation
RELAYS_HELD = "(more messages arrive faster than the desk shows them; the conversation has them all)"
ACK_VOICE, OVERDUE_VOICE = "waiting", "overdue"
OVERDUE_CARD = "escalation overdue"  # the CARD outbound's text: the desk bumps the card
DESK = "desk"
# Whole short messages only: "never mind the sauce, where is my refund?" is not a withdrawal.
_GOING_BACK = (
    r"(?:never ?mind|forget (?:about )?it|no need|it s fine|cancel (?:that|it)|"  # EN
    r"lascia(?:mo)? (?:pure )?perdere|non importa(?: piu)?|non serve piu|niente(?: grazie)?|"  # IT
    r"vergiss es|vergessen sie es|schon gut|egal|nicht mehr notig|nicht mehr noetig|hat sich erledigt)"  # DE
)
# one phrase or several in a row: "never mind, forget it", "lascia perdere, non importa"
_WITHDRAW = re.compile(
    rf"^(?:/bot|/back|{_GOING_BACK}(?: (?:and |e |und |oh |ok )?{_GOING_BACK})*)(?: (?:thanks|thank you|grazie|danke))?$"
)


def is_withdrawal(text: str) -> bool:
    stripped = text.strip().lower()
    if stripped.split(" ")[0] in ("/bot", "/back"):
        return True
    return bool(_WITHDRAW.match(normalise(stripped).words))


def parse_duration(value: str) -> float:
    """'90m' / '2h' / '1.5h' -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mh])\s*", str(value))
    if not match:
        raise ValueError(f"answer_within: {value!r} is not a duration like '90m' or '2h'")
    return float(match.group(1)) * (3600 if match.group(2) == "h" else 60)


def open_seconds(hours: Hours | None, start: float, end: float) -> float:
    """Seconds between two instants that fall inside opening hours (all of them without hours)."""
    if end <= start:
        return 0.0
    if hours is None:
        return end - start
    try:
        zone = ZoneInfo(hours.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    first, last = datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
    open_h, open_m = (int(x) for x in hours.open.split(":"))
    close_h, close_m = (int(x) for x in hours.close.split(":"))
    days = {d[:3].lower() for d in hours.days}
    total, day = 0.0, first.replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(400):  # a waiting customer's span; more than a year is not worth counting
        if day > last:
            break
        if DAYS[day.weekday()] in days:
            opens = day.replace(hour=open_h, minute=open_m).timestamp()
            closes = day.replace(hour=close_h, minute=close_m).timestamp()
            total += max(0.0, min(closes, end) - max(opens, start))
        day = (day + timedelta(days=1, hours=2)).replace(hour=0)  # DST-safe step to the next date
    return total


class WaitingCustomer:
    """The engine's handoff branch: relay, acknowledge now and then, or go back to the bot."""

    def __init__(self, pack: KnowledgePack, store: Any, clock: Callable[[], float] = time.time) -> None:
        self.pack = pack
        self.store = store
        self.clock = clock

    async def on_message(self, turn: TurnRecord, text: str, language: str | None = None) -> None:
        """`language`: the customer's, for what the bot says (the pack's [replies] when None)."""
        conversation = turn.conversation
        if is_withdrawal(text):
            escalation = await self.store.get_escalation(conversation.escalation_id)
            if escalation is not None and escalation.state.is_open:
                escalation.state, escalation.note = State.WITHDRAWN, "the customer went back to the bot"
                escalation.assignee = conversation.user_name or "customer"
                turn.escalation = escalation
                turn.outbox.append(_to_desk(conversation.id, escalation.id, Voice.RELAY, text))
                turn.outbox.append(_to_desk(conversation.id, escalation.id, Voice.CARD, "escalation withdrawn"))
                conversation.state, conversation.escalation_id = "bot", None
                self._say(turn, self.pack.replies_in(language).withdrawn, "withdrawn")
                return
        now = self.clock()
        recent = sum(1 for m in conversation.history if m.role == "customer" and m.at > now - RELAY_WINDOW)
        if recent < RELAYS_PER_WINDOW:
            turn.outbox.append(_to_desk(conversation.id, conversation.escalation_id, Voice.RELAY, _shortened(text)))
        elif recent == RELAYS_PER_WINDOW:
            turn.outbox.append(_to_desk(conversation.id, conversation.escalation_id, Voice.RELAY, RELAYS_HELD))
        last = max((m.at for m in conversation.history if m.voice == ACK_VOICE), default=0.0)
        answering = any(m.role == "staff" and m.at > now - STAFF_ANSWERING for m in conversation.history)
        if now - last >= ACK_EVERY and not answering:
            self._say(turn, self.acknowledgement(now, language), ACK_VOICE)

    def acknowledgement(self, now: float, language: str | None = None) -> str:
        """"A colleague has your messages", with the opening hours when staff are away, all in
        the customer's language."""
        when = when_staff_answer(self.pack.hours, datetime.fromtimestamp(now, timezone.utc), language)
        replies = self.pack.replies_in(language)
        return replies.waiting if when is None else replies.waiting_closed.replace("{when}", when)

    def _say(self, turn: TurnRecord, text: str, record: str) -> None:
        c = turn.conversation
        turn.messages.append(StoredMessage("bot", text, at=self.clock(), voice=record))
        turn.outbox.append(Outbound(c.address, text, Voice.NOTICE, conversation_id=c.id))


def _shortened(text: str) -> str:
    return text if len(text) <= RELAY_CHARS else text[:RELAY_CHARS].rstrip() + " … (shortened)"


def _to_desk(conversation_id: str, escalation_id: str | None, voice: Voice, text: str) -> Outbound:
    return Outbound(Address(DESK, escalation_id or ""), text, voice, conversation_id=conversation_id,
                    escalation_id=escalation_id)


class AnswerWatch:
    """The periodic check for escalations staff have not answered in time. Runs beside the hub
    (start/stop); `check(now)` is the whole job, so tests call it with their own clock."""

    def __init__(self, hub: Any, every: float = 60.0, clock: Callable[[], float] = time.time) -> None:
        self.hub = hub
        self.every = every
        self.clock = clock
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="csbot-answer-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.check()
            except Exception:  # one bad round must not stop the watch
                log.exception("answer watch failed")

    async def check(self, now: float | None = None) -> list[str]:
        """Tell every customer waiting too long; return the escalation ids acted on."""
        now = self.clock() if now is None else now
        pack, store = self.hub.pack, self.hub.store
        limit = parse_duration(pack.staff.answer_within)
        late = []
        for escalation in await store.list_escalations(open_only=True):
            if escalation.state is not State.OPEN:
                continue  # someone took it: they are answering
            if open_seconds(pack.hours, escalation.created_at, now) < limit:
                continue
            if await self._remind(escalation.id, now):
                late.append(escalation.id)
        return late

    async def _remind(self, escalation_id: str, now: float) -> bool:
        hub, store, pack = self.hub, self.hub.store, self.hub.pack
        escalation = await store.get_escalation(escalation_id)
        if escalation is None:
            return False
        async with hub._lock(escalation.customer):
            escalation = await store.get_escalation(escalation_id)
            conversation = await store.conversation_by_id(escalation.conversation_id, 0)
            if escalation is None or conversation is None or escalation.state is not State.OPEN:
                return False
            messages = await store.recent_messages(conversation.id, 50)
            if any(m.role == "staff" for m in messages if m.at >= escalation.created_at):
                return False
            if any(m.voice == OVERDUE_VOICE for m in messages if m.at >= escalation.created_at):
                return False  # told once already
            turn = TurnRecord(conversation=conversation, escalation=escalation)
            escalation.note = f"no staff answer within {pack.staff.answer_within} of opening hours"
            text = pack.replies.overdue
            if pack.staff.take_back:
                escalation.state, escalation.assignee = State.RETURNED, "bot"
                conversation.state, conversation.escalation_id = "bot", None
                text = pack.replies.overdue_back
            turn.screen = escalation.note
            turn.messages.append(StoredMessage("bot", text, at=now, voice=OVERDUE_VOICE))
            turn.outbox.append(Outbound(conversation.address, text, Voice.NOTICE, conversation_id=conversation.id))
            turn.outbox.append(_to_desk(conversation.id, escalation.id, Voice.CARD, OVERDUE_CARD))
            await hub.deliver(await hub.engine._commit(turn))
        log.info("escalation %s overdue: customer told, card bumped", escalation_id)
        return True
