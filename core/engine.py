"""The turn pipeline: one customer message in, the replies out (DESIGN.md, "The turn")."""
from __future__ import annotations

import functools
import logging
import random
import re
import secrets
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from core.safety import clarify, look_alikes
from core.turn.backstage import Backstage
from core.shop.commands import Question, customer_argv, how_to
from core.shop.orders.attempts import Asker
from core.shop.orders.pack_source import PackOrders
from core.shop.orders.workflow import ShopOrders
from core.turn.context_fit import ContextTooSmall, fit_for
from core.shop.details import collect_details, product_names
from core.desk.escalation import Escalation, Reason, State
from core.messages import Address, Button, Inbound, InboundKind, Outbound, Voice
from core.models.base import ModelBackend, ModelUnavailable
from core.desk.hours import holding_message
from core.answers.language import conversation_language
from core.answers.small_talk import SmallTalk, small_talk
from core.answers.answerer import OfflineAnswerer
from core.safety.grounding import FactIndex
from core.safety.output_screen import OutputScreen
from core.shop.pack import KnowledgePack, Replies
from core.turn.prompt import RULES, TOOL_RULES, PromptBuilder, PromptSettings
from core.turn.tool_protocol import protocol_for, transcript
from core.turn.pace import CustomerPace, Pace
from core.turn.turn_budget import TurnBudget
from core.turn import rating
from core.safety.screen import InputScreen
from core.safety.lexicon.text import clip, normalise
from core.store.base import Conversation, DuplicateEvent, ProgramRecord, Step, Store, StoredMessage, TurnRecord
from core.safety.triage import Triage
from core.desk.waiting import WaitingCustomer
from core.shop.workflow_requests import WorkflowRequests

log = logging.getLogger("csbot.engine")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
DESK = "desk"


# New escalations one conversation may open in a window; more would flood the staff desk.
ESCALATIONS_PER_WINDOW, ESCALATION_WINDOW = 2, 10 * 60.0
ESCALATION_COOLDOWN_TEXT = (
    "I have just passed your request to a colleague twice; please wait a few minutes before asking again."
)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    max_steps: int = 6
    max_message_chars: int = 4000
    history_messages: int = 12
    customer_messages_per_minute: int = 30  # core/turn/pace.py; 0: no limit
    seed: int | None = None  # programs' outcomes are replayable with a seed
    prompt: PromptSettings = PromptSettings()

    def __post_init__(self) -> None:
        if self.prompt.history_messages != self.history_messages:
            object.__setattr__(self, "prompt", replace(self.prompt, history_messages=self.history_messages))


@dataclass(slots=True)
class TurnStats:
    """What the last turns cost; read by `csbot eval` and the benchmarks."""

    model_calls: int = 0
    prompt_tokens: int = 0


class Engine:
    def __init__(
        self,
        pack: KnowledgePack,
        store: Store,
        model: ModelBackend | None,
        settings: EngineSettings = EngineSettings(),
        guard=None,
        orders: ShopOrders | None = None,
    ) -> None:
        self.pack = pack
        self.store = store
        self.model = model
        self.settings = settings
        self.guard = guard  # optional GuardModel: asked after the screens, ignored when down
        self.prompt = PromptBuilder(pack, settings.prompt)
        self.screen, self.triage = _deterministic_rules(tuple(sorted(pack.triage_terms.items())))
        # The safety reply is quoted in the rules but is no secret: protect the rules without it.
        protected = [r.format(shop=pack.name, safety="") for r in (RULES, TOOL_RULES)] + list(pack.internal_texts)
        names = [*pack.resources, *(p.script for p in pack.programs.values())]
        self.output_screen = OutputScreen(protected, names)
        self.grounding = FactIndex.of_pack(pack)  # the pack's figures, read once (core/safety/grounding.py)
        self.offline = OfflineAnswerer(pack)  # indexes the pack once
        self.requests = WorkflowRequests(pack.programs, product_names(pack))  # "Gonfia 160" is no order 160
        self.rng = random.Random(settings.seed)
        self.stats = TurnStats()
        self.model_down_reason: str | None = None
        self.waiting = WaitingCustomer(pack, store)
        self.pace = CustomerPace(settings.customer_messages_per_minute, 60.0)
        # The order programs act on this (core/shop/orders/): by default the pack's own orders.csv,
        # with the bot's changes kept in the store.
        self.orders = orders or _pack_orders(pack, store)

    def use_pack(self, pack: KnowledgePack) -> None:
        """The same pack reloaded with a changed document (the owner answered a question on the
        page): what reads the document is built first, then swapped in with no await between the
        assignments, so a turn reads either pack's parts, never one half built. Programs, triage
        terms and orders are the pack's settings, not its document: they stay as they are."""
        prompt = PromptBuilder(pack, self.settings.prompt)
        protected = [r.format(shop=pack.name, safety="") for r in (RULES, TOOL_RULES)] + list(pack.internal_texts)
        output_screen = OutputScreen(protected, [*pack.resources, *(p.script for p in pack.programs.values())])
        grounding, offline = FactIndex.of_pack(pack), OfflineAnswerer(pack)
        self.pack, self.prompt, self.output_screen, self.grounding, self.offline = pack, prompt, output_screen, grounding, offline
        self.waiting.pack = pack

    # -- customer turns -------------------------------------------------------------------------

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        event = (inbound.address.channel, inbound.event_id) if inbound.event_id else None
        # Twice the window: the prompt's history slides in blocks (see PromptBuilder.messages).
        history = 2 * self.settings.history_messages
        conversation = None
        both = getattr(self.store, "load_conversation_seen", None)  # PostgreSQL: one round trip for both
        if event:
            # SQLite answers both from memory: one after the other, without a task each for a gather
            seen, conversation = await both(inbound.address, history, event) if both else (
                await self.store.seen(*event), None)
            if seen:
                return []  # a platform delivered it twice
        if conversation is None:
            conversation = await self.store.load_conversation(inbound.address, history)
        if inbound.user_name:
            conversation.user_name = inbound.user_name
        text = _CONTROL.sub("", inbound.text or "").strip()
        turn = TurnRecord(conversation=conversation, event=event)
        press = rating.parse(text) if inbound.kind is InboundKind.BUTTON else None
        if press is not None:
            await self._rated(turn, press)  # a rating button: no screen, no triage, no model
        else:
            turn.messages.append(StoredMessage("customer", text or f"[{inbound.kind.value}]", inbound.user_name))
            # For the owner's figures by language; '' (unclear, "ok", "1042") keeps the stored one.
            conversation.language = conversation_language([text]) or ""
            await self._respond(inbound, text, turn)
        try:
            return await self._commit(turn)  # a failed commit raises: nothing stored, the event not seen
        except DuplicateEvent:
            return []  # another worker or a concurrent redelivery recorded it first

    async def _respond(self, inbound: Inbound, text: str, turn: TurnRecord) -> None:
        conversation = turn.conversation  # the pack's replies only when one is said: its language costs a pass
        # Before the waiting branch: an oversized message is never relayed to staff either.
        if len(text) > self.settings.max_message_chars:
            return self._say(turn, self._replies(turn, text).too_long, Voice.NOTICE)
        if conversation.state == "handoff" and conversation.escalation_id:
            # A person has the conversation: relay, acknowledge now and then, or back to the bot.
            return await self.waiting.on_message(turn, text or f"[{inbound.kind.value}]", self._language(turn, text))
        if (pace := self.pace.check(inbound.address.key)) is not Pace.OK:
            turn.screen = "customer writes too fast"  # stored, not answered: no screen, no model call
            return self._say(turn, self._replies(turn, text).too_fast, Voice.NOTICE) if pace is Pace.SLOW_DOWN else None
        if inbound.kind is InboundKind.MEDIA and not text:
            return self._say(turn, self._replies(turn, text).text_only, Voice.NOTICE)
        if not text:
            return self._say(turn, self._replies(turn, text).help, Voice.NOTICE)
        # Read once for the screen and the triage. The screen's reading adds decoded blobs to the
        # variants, the triage's does not: with no variant at all the two readings are the same.
        clipped = clip(text)
        reading = normalise(clipped)
        verdict = self.screen.check_normalised(reading, clipped)
        if verdict.kind == "ok" and self.guard is not None and await self.guard.verdict(text):
            verdict = replace(verdict, kind="harmful", reasons=("guard model",))
        if verdict.kind != "ok":
            turn.screen = f"{verdict.kind}: {', '.join(verdict.reasons)}"
            log.info("input screen: %s", turn.screen)
            return self._say(turn, self._replies(turn, text).safety, Voice.SAFETY, record="screened")
        if conversation.state == clarify.ASKING:
            conversation.state = "bot"
            said, original = clarify.answer(text), clarify.asked_about(conversation.history)
            if said is not None and original:
                if said == "yes":
                    return self._escalate(turn, Reason.REFUND, original)
                return await self._answer(original, turn)  # no: answer the question itself
        triage = self.triage.classify_normalised(reading if not reading.variants else normalise(clipped, decode=False), clipped)
        if triage.unsure and self.model is not None and triage.reason in ("refund", "none"):
            conversation.state = clarify.ASKING  # the next message answers (core/safety/clarify.py)
            turn.screen = f"triage unsure: refund {triage.score:.2f}"
            return self._say(turn, clarify.question(text, self.pack.language), Voice.BOT)
        if triage.reason != "none":
            turn.screen = f"triage {triage.reason}: {', '.join(triage.reasons)}"
            return self._escalate(turn, Reason(triage.reason), text)
        if triage.asks_if_bot:  # "are you a real person?": the truth, and a person on request
            said = [m.text for m in conversation.history if m.role == "customer"] + [text]
            return self._say(turn, look_alikes.bot_answer(conversation_language(said), self.pack.name), Voice.BOT)
        await self._answer(text, turn)

    async def _answer(self, text: str, turn: TurnRecord) -> None:
        if text.startswith("/") and (run := await self._command(text, turn)):
            return run
        if self.model is None:
            return await self._offline(turn, text)
        await self._agent(turn, text)

    async def _command(self, text: str, turn: TurnRecord) -> bool:
        """`/order_status 1042`: a customer runs a workflow by command (works offline too)."""
        name, _, rest = text[1:].partition(" ")
        program = self.pack.programs.get(name)
        if program is None:
            return False
        argv = customer_argv(program, rest)
        if isinstance(argv, Question):  # a detail is missing: ask for it, never show program usage
            self._say(turn, argv.text, Voice.NOTICE)
            return True
        run = await self.orders.run(program, argv, self.rng, _asker(turn), self._replies(turn, text))
        turn.runs.append(ProgramRecord(run.program, run.args, run.status, run.output))
        if run.status in ("usage", "help"):
            self._say(turn, how_to(program), Voice.NOTICE)
        elif run.status == "handoff":
            why = run.output if program.action != "handoff" else ""  # an order program gave up: say why
            self._escalate(turn, _reason(run.args.get("reason", "human")), text, why=why)
        elif run.status == "approval":
            self._escalate(turn, Reason(program.escalation_reason or "refund"), text, program.name, run.args)
        else:
            self._say(turn, run.output, Voice.BOT)
        return True

    async def _agent(self, turn: TurnRecord, text: str) -> None:
        """The backstage loop: the model's commands (or tool calls) run until it replies."""
        protocol, fit, budget = protocol_for(getattr(self.model, "protocol", "text")), fit_for(self.model), TurnBudget()
        tools = protocol.tools
        exchanges: list[list[dict]] = []
        corrected = False  # the model was asked once to correct an ungrounded reply
        backstage = Backstage(self.pack, self.rng, self.orders, _asker(turn))
        history = turn.conversation.history
        # The same for every step (history, message and count do not change within the turn):
        # built once; each step's chat is a new list of it and the exchanges.
        head = self.prompt.messages(history, text, [], total=turn.conversation.message_count, protocol=protocol.name)
        for _ in range(self.settings.max_steps):
            try:
                chat = fit.fit(head, exchanges, tools) if fit else head + [m for e in exchanges for m in e]
                completion = await (self.model.complete(chat, tools) if tools else self.model.complete(chat))
            except (ModelUnavailable, ContextTooSmall) as error:
                if self.model_down_reason != str(error):
                    log.warning("model unavailable, answering offline: %s", error)
                self.model_down_reason = str(error)
                return await self._offline(turn, text)
            self.model_down_reason = None
            self.stats.model_calls += 1
            self.stats.prompt_tokens += completion.prompt_tokens
            if fit:
                fit.observe(chat, tools, completion.prompt_tokens)
            step, exchange = await protocol.step(backstage, completion)
            written = transcript(completion)
            turn.steps.append(Step(written, step.shell_output, completion.prompt_tokens))
            turn.runs += [ProgramRecord(r.program, r.args, r.status, r.output) for r in step.runs]
            if step.escalating is not None:
                run = step.escalating
                program = self.pack.programs[run.program]
                if run.status == "handoff":
                    reason = run.args.get("reason") or program.escalation_reason or "human"
                    why = run.output if program.action != "handoff" else ""  # an order program gave up
                    return self._escalate(turn, _reason(reason), text, why=why)
                return self._escalate(turn, _reason(program.escalation_reason or "refund"), text, run.program, run.args)
            if step.reply is not None:
                correction = await self._screened_reply(turn, text, step.reply, step.evaluation, corrected)
                if correction is None:
                    return
                # not sent: the model is told what the shop never said and writes the reply again, once
                corrected = True
                exchanges.append(exchange[:-1] + [{**exchange[-1], "content": correction}])
                continue
            exchanges.append(exchange)
            if why := budget.gives_up(written, step):
                log.info("giving up the turn in %s: %s; answering offline", turn.conversation.id, why)
                return await self._offline(turn, text)
        if corrected:  # the corrected reply never came: the shop's own words
            return await self._offline(turn, text)
        log.info("step limit reached in %s", turn.conversation.id)
        failures = [m for m in history[-2:] if m.role == "bot" and m.voice == "failure"]
        if failures:
            return self._escalate(turn, Reason.FAILURE, text)
        self._say(turn, self._replies(turn, text).safety, Voice.SAFETY, record="failure")

    async def _screened_reply(
        self, turn: TurnRecord, text: str, reply: str, evaluation: str | None, corrected: bool = False
    ) -> str | None:
        """Send the reply, or what replaces it; a correction for the model when it stated what
        the shop never said and has not been asked to correct yet."""
        verdict = self.output_screen.check(reply, evaluation)
        if verdict.kind == "ok":
            # what the customer said lately, and their name ("Hello Alice"), is heard, not invented
            asked = [m.text for m in turn.conversation.history if m.role == "customer"][-2:]
            said = "\n".join([turn.conversation.user_name or "", *asked, text])
            grounding = self.grounding.check(reply, said, [run.output for run in turn.runs])
            if grounding.ok:
                return self._say(turn, reply, Voice.BOT, answer=True)
            spans = ", ".join(span[:40] for span in grounding.spans)
            turn.screen = f"grounding {grounding.kind}: {spans}"
            log.info("grounding screen in %s: %s", turn.conversation.id, turn.screen)
            if not corrected:
                return correction_for(grounding)
            return await self._offline(turn, text)
        turn.screen = f"output {verdict.kind}: {', '.join(verdict.reasons)}"
        log.info("output screen: %s", turn.screen)
        if verdict.kind == "health_claim":
            return self._escalate(turn, Reason.HEALTH, text)
        if verdict.kind == "unevaluated":  # a model that does not follow the protocol: the shop's own words
            return await self._offline(turn, text)
        self._say(turn, self._replies(turn, text).safety, Voice.SAFETY, record="screened")

    async def _offline(self, turn: TurnRecord, text: str) -> None:
        replies = self._replies(turn, text)
        if (talk := small_talk(text)) is not None:  # "hi", "grazie mille": the shop's words, no lookup
            said = {SmallTalk.GREETING: replies.welcome, SmallTalk.THANKS: replies.thanks}.get(talk, replies.goodbye)
            return self._say(turn, said, Voice.BOT)
        said = [m.text for m in turn.conversation.history if m.role == "customer"][-3:] + [text]
        request = self.requests.read(said)  # "where is my order 1042?" runs the workflow
        if request is None:
            said = [m.text for m in turn.conversation.history if m.role == "customer"] + [text]
            answer = self.offline.answer(text, conversation_language(said), earlier=said[:-1])
            self._say(turn, answer.text, Voice.OFFLINE, answer=not answer.abstained)
            reply = turn.messages[-1]  # for the owner's figures: what was asked, how sure, unanswered
            reply.topic, reply.score, reply.abstained = answer.kind, answer.score, answer.abstained
            return None
        if request.missing is not None:  # unless the order has left: then no address or e-mail is any use
            left = await self.orders.left_already(request.program, request.order_id, replies)
            return self._say(turn, left or request.question(replies), Voice.BOT)
        run = await self.orders.run(request.program, request.argv, self.rng, _asker(turn), replies)
        turn.runs.append(ProgramRecord(run.program, run.args, run.status, run.output))
        if run.status == "handoff":
            return self._escalate(turn, _reason(run.args.get("reason", "human")), text, why=run.output)
        if run.status == "approval":
            program = request.program
            return self._escalate(turn, _reason(program.escalation_reason or "refund"), text, program.name, run.args)
        # The answer is built from the order in the customer's words: no "written in English" note.
        intro = replies.program_intro if self.orders.simulated else ""
        outputs = [run.output]
        for further in request.further():  # "24103 e 24110, a che punto sono?": each order looked up
            more = await self.orders.run(further.program, further.argv, self.rng, _asker(turn), replies)
            turn.runs.append(ProgramRecord(more.program, more.args, more.status, more.output))
            outputs.append(more.output)
        self._say(turn, (f"{intro}\n\n" + "\n".join(outputs)).strip(), Voice.BOT)

    def _replies(self, turn: TurnRecord, text: str) -> Replies:
        """The pack's replies in the conversation's language (English when unsure)."""
        said = [m.text for m in turn.conversation.history if m.role == "customer"] + [text]
        return self.pack.replies_in(conversation_language(said))

    # -- escalations ----------------------------------------------------------------------------

    def _escalate(
        self, turn: TurnRecord, reason: Reason, text: str, program: str | None = None, args: dict | None = None,
        why: str = "",
    ) -> None:
        conversation = turn.conversation
        if self._escalations_lately(conversation) >= ESCALATIONS_PER_WINDOW:
            # Asking for a person, going back to the bot, asking again...: each would be a new card.
            return self._say(turn, ESCALATION_COOLDOWN_TEXT, Voice.NOTICE, record="cooldown")
        # A health or a person's question is about this message: an order number from an earlier
        # question does not belong on its card. A refund collects what the customer said before.
        asked = [m.text for m in conversation.history if m.role == "customer"] if reason is Reason.REFUND else []
        details = collect_details(self.pack, asked + [text])
        details.update({k: str(v) for k, v in (args or {}).items()})
        escalation = Escalation(
            id="e_" + secrets.token_hex(6),
            conversation_id=conversation.id,
            reason=reason,
            state=State.OPEN,
            customer=conversation.address,
            customer_name=conversation.user_name,
            summary=text[:500],
            details=details,
            program=program,
            program_args=dict(args or {}),
            created_at=time.time(),
        )
        conversation.state, conversation.escalation_id = "handoff", escalation.id
        turn.escalation = escalation
        holding = self._holding_text(reason, text, self._replies(turn, text), self._language(turn, text))
        self._say(turn, f"{why}\n\n{holding}".strip() if why else holding, Voice.HOLDING)
        turn.outbox.append(self._to_desk(conversation, Voice.CARD, f"escalation {reason.value}"))

    def _escalations_lately(self, conversation: Conversation) -> int:
        # Refused attempts count too, so asking again and again keeps the window closed.
        since = time.time() - ESCALATION_WINDOW
        return sum(1 for m in conversation.history if m.voice in (Voice.HOLDING.value, "cooldown") and m.at > since)

    def _holding_text(self, reason: Reason, text: str, replies: Replies, language: str | None = None) -> str:
        # One sentence in the customer's language: the label is for staff (the card), not glued on here.
        holding = replies.health.replace("{label}", "").strip() if reason is Reason.HEALTH else replies.holding
        return holding_message(holding, self.pack.hours, datetime.now(timezone.utc), language)

    def _language(self, turn: TurnRecord, text: str) -> str | None:
        """The conversation's language (None when unclear): the language of what the bot says."""
        return conversation_language([m.text for m in turn.conversation.history if m.role == "customer"] + [text])

    def _to_desk(self, conversation: Conversation, voice: Voice, text: str) -> Outbound:
        return Outbound(
            Address(DESK, conversation.escalation_id or ""),
            text,
            voice,
            conversation_id=conversation.id,
            escalation_id=conversation.escalation_id,
        )

    # -- writing the turn -----------------------------------------------------------------------

    def _say(
        self, turn: TurnRecord, text: str, voice: Voice, record: str = "", author: str = "", answer: bool = False,
        buttons: tuple[Button, ...] = (),
    ) -> None:
        """`answer`: the bot answered the question, so the rating buttons may go under it (core/turn/rating.py)."""
        conversation = turn.conversation
        role = "staff" if voice is Voice.STAFF else "bot"
        message = StoredMessage(role, text, author, voice=record or voice.value)
        if answer and not buttons and rating.offers_buttons(conversation.history, time.time()):
            message.ref = rating.new_ref()
            asked = next((m.text for m in turn.messages if m.role == "customer"), "")  # this turn's, in its language
            buttons = rating.answer_buttons(message.ref, self._replies(turn, asked))
        turn.messages.append(message)
        turn.outbox.append(
            Outbound(conversation.address, text, voice, buttons, conversation_id=conversation.id, author=author)
        )

    async def _rated(self, turn: TurnRecord, press: rating.Press) -> None:
        """A pressed rating button: recorded for its own conversation only (one row per answer or
        handoff, changed by pressing again), acknowledged in the customer's language."""
        conversation, replies = turn.conversation, self._replies(turn, "")
        if await rating.conversation_of(self.store, press) != conversation.id:
            log.info("rating %s refused in %s: not from this conversation", press.subject, conversation.id)
            return self._say(turn, replies.rated_unknown, Voice.RATED)
        if press.value == rating.PERSON:  # offered after a "bad" answer: the question goes to a colleague
            if conversation.state == "handoff":
                return self._say(turn, replies.waiting, Voice.NOTICE)
            turn.messages.append(StoredMessage("customer", replies.rate_person, conversation.user_name))
            asked = rating.question_before(conversation.history, press.target) or replies.rate_person
            return self._escalate(turn, Reason.HUMAN, asked)
        await self.store.rate(press.subject, conversation.id, press.kind, press.value)
        if press.value == "good":
            return self._say(turn, replies.rated_good, Voice.RATED)
        self._say(turn, replies.rated_bad, Voice.RATED)
        if press.kind == "answer" and conversation.state != "handoff":
            self._say(turn, replies.rated_offer, Voice.NOTICE, buttons=(rating.person_button(press.target, replies),))

    async def _commit(self, turn: TurnRecord) -> list[Outbound]:
        ids = await self.store.save_turn(turn)
        # The turn's replies are its own (made by _say, meta empty): their meta is written in
        # place, as the outbox does, instead of a copy of each frozen reply (replace: ~6 µs).
        for outbound, entry_id in zip(turn.outbox, ids):
            outbound.meta["outbox_id"] = entry_id
        return turn.outbox[: len(ids)]


@functools.lru_cache(maxsize=32)
def _deterministic_rules(triage_terms: tuple) -> tuple[InputScreen, Triage]:
    """Compiling the screens' rules takes a while and they never change: one copy per pack's terms."""
    return InputScreen(), Triage(dict(triage_terms))


def correction_for(grounding) -> str:
    """What the model is told when its reply stated what the shop never said."""
    if grounding.kind == "empty":
        return "Not sent: the reply was empty or a placeholder. Write the message the customer should read."
    return (
        f"Not sent: the reply states {', '.join(grounding.spans)}, which is not in the shop's information or the"
        " program output. Write the reply again with only facts from the document, the resources or the program"
        " output; if they do not say, tell the customer so and offer a colleague."
    )


def _asker(turn: TurnRecord) -> Asker:
    return Asker(turn.conversation.id, turn.conversation.address.key)


def _pack_orders(pack: KnowledgePack, store: Store) -> ShopOrders:
    from core.store.order_book import order_book

    book = order_book(store)
    return ShopOrders(pack, PackOrders(pack.id, pack.orders, book, pack.currency), book)


def _reason(value: str) -> Reason:
    try:
        return Reason(value)
    except ValueError:
        return Reason.HUMAN
