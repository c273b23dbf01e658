"""Whole conversations across platforms: customers on Telegram or Slack, staff at the desk in Slack.

Real adapters (python-telegram-bot, slack-bolt) talk to the loopback fakes; every flow runs
over HTTP events and over Socket Mode. `refund_story()` returns the refund conversation as
each side saw it (for the closing note):
    .venv/bin/python -c "import asyncio, tests.scenarios.test_slack_desk as t; print(asyncio.run(t.refund_story()))"
"""
from __future__ import annotations

import asyncio
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from adapters.slack.app import SlackAdapter
from adapters.telegram.runner import TelegramAdapter
from bots.wiring import build_hub
from core.desk.escalation import State
from core.models.scripted import ScriptedModel
from tests.fakes.slack_api import FakeSlack, SignedEvents
from tests.fakes.telegram_api import FakeTelegram

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"
SECRET = "s3cret-signing"
STAFF, SAM = "CSTAFF", "U7"
ANN_TG = 1001
BOT_ANSWER = 'echo $ "Our spaghetti cook in 11 minutes."\necho $ "evaluation: safe"'
REFUND = "I want my money back for order 1042, the box arrived broken. It was 24.90 EUR"

MODES = ["http", "socket"]


class World:
    """The fakes (which outlive restarts), and a hub with both adapters over them."""

    def __init__(self, mode: str, db: Path, slack: FakeSlack, telegram: FakeTelegram) -> None:
        self.mode, self.db, self.slack, self.telegram = mode, db, slack, telegram
        self._stack: AsyncExitStack | None = None

    async def up(self) -> World:
        stack = AsyncExitStack()
        self.hub = await stack.enter_async_context(build_hub(PACK, ScriptedModel([BOT_ANSWER]), self.db))
        mode = {"signing_secret": SECRET, "port": 0} if self.mode == "http" else {"app_token": "xapp-test"}
        self.slack_app = await stack.enter_async_context(SlackAdapter(
            self.hub, bot_token="xoxb-test", base_url=self.slack.api_url, staff_channel=STAFF, **mode))
        self.telegram_app = await stack.enter_async_context(TelegramAdapter(self.hub, "123:TEST", base_url=self.telegram.base_url))
        self._stack = stack
        return self

    async def down(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    # -- Slack sends the app what people do ---------------------------------------------

    async def deliver(self, body: dict, *, retry: int = 0) -> None:
        if self.mode == "http":
            status, _ = await SignedEvents(self.slack_app.events_url, SECRET).post_event(body, retry_num=retry or None)
            assert status == 200
        else:
            envelope = await self.slack.push_event(body, retry_attempt=retry)
            await asyncio.wait_for(envelope.acked.wait(), 5)

    async def click(self, action_id: str, *, user: str = SAM, channel: str = STAFF) -> None:
        await self.interact(self.slack.button_click(self.card(), action_id, user=user, channel=channel))

    async def interact(self, payload: dict) -> None:
        if self.mode == "http":
            status, _ = await SignedEvents(self.slack_app.events_url, SECRET).post_action(payload)
            assert status == 200
        else:
            envelope = await self.slack.push_action(payload)
            await asyncio.wait_for(envelope.acked.wait(), 5)

    async def staff_says(self, text: str, *, user: str = SAM) -> None:
        await self.deliver(self.slack.user_message(STAFF, user, text, thread_ts=self.card()["ts"]))

    # -- what each side sees -------------------------------------------------------------

    def card(self) -> dict:
        cards = self.slack.channel_messages(STAFF)
        assert len(cards) == 1, f"expected one card in the staff channel, found {len(cards)}"
        return cards[0]

    async def card_shows(self, text: str) -> None:
        await self.slack.wait_for("chat.update", where=lambda c: text in c.params.get("text", ""))

    def thread(self) -> list[str]:
        return [m["text"] for m in self.slack.channel_messages(STAFF, thread_ts=self.card()["ts"])]

    async def telegram_gets(self, count: int) -> list[str]:
        await self.telegram.wait_for("sendMessage", count, where=lambda c: c.params.get("chat_id") == str(ANN_TG))
        return self.telegram.sent_texts(ANN_TG)


@pytest.fixture(params=MODES)
async def world(request, tmp_path: Path):
    async with FakeSlack(users={SAM: "Sam", "U5": "Ann"}) as slack, FakeTelegram() as telegram:
        w = World(request.param, tmp_path / "csbot.db", slack, telegram)
        await w.up()
        try:
            yield w
        finally:
            await w.down()


async def test_telegram_refund_approved_from_slack(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    [holding] = await world.telegram_gets(1)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    card = world.card()
    assert "Refund request" in card["text"] and "1042" in card["text"]
    assert {"desk:approve", "desk:deny", "desk:take_over", "desk:return"} <= _action_ids(card)

    await world.click("desk:approve")
    texts = await world.telegram_gets(2)
    assert "approved" in texts[1] and "Sam" in texts[1] and "1042" in texts[1]
    await world.card_shows("Refund approved by Sam")
    assert _action_ids(world.card()) == set()
    escalation = (await world.hub.store.list_escalations())[0]
    assert escalation.state is State.APPROVED and escalation.assignee == "Sam"


async def test_slack_health_question_answered_by_staff_then_back_to_bot(world: World) -> None:
    slack = world.slack
    await world.deliver(slack.user_message("D5", "U5", "I am celiaca: can I eat your spaghetti?", channel_type="im"))
    await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    assert "Health question" in world.card()["text"]
    await world.deliver(slack.user_message("D5", "U5", "It is for dinner tonight", channel_type="im"))
    await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == world.card()["ts"])
    assert world.thread() == ["Ann: It is for dinner tonight"]

    await world.staff_says("Our spaghetti contain gluten; the rice pasta is safe for you.")
    [answer] = await slack.wait_for("chat.postMessage", where=lambda c: "rice pasta" in c.params.get("text", "") and c.params["channel"] == "D5")
    assert answer.params["text"].startswith("*Sam* (a person from our team)")
    await world.card_shows("Taken over by Sam")

    await world.click("desk:return")
    await world.card_shows("Returned to the bot by Sam")
    await world.deliver(slack.user_message("D5", "U5", "How long do the spaghetti cook?", channel_type="im"))
    await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("text") == "Our spaghetti cook in 11 minutes.")
    customer_side = [m["text"] for m in slack.channel_messages("D5") if m.get("bot_id")]
    # holding, one "a colleague has your messages", staff answer, back-to-bot notice, bot answer: nothing else
    assert len(customer_side) == 5 and customer_side[1].startswith("A colleague has your messages")


async def test_deny_asks_for_a_reason_and_tells_the_customer(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    await world.click("desk:deny")
    await world.slack.wait_for("chat.postMessage", where=lambda c: "reason for denying" in c.params.get("text", ""))
    await world.staff_says("The courier photo shows the box intact.")
    texts = await world.telegram_gets(2)
    assert "not approved" in texts[1] and "box intact" in texts[1]
    await world.card_shows("Refund denied by Sam: The courier photo shows the box intact.")


async def test_deny_reason_from_the_modal(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    await world.click("desk:deny")
    await world.slack.wait_for("views.open")
    [modal] = world.slack.opened_views()
    submission = world.slack.submit_view(modal, user=SAM, values={"reason": {"reason_text": "Opened and used."}})
    await world.interact(submission)
    texts = await world.telegram_gets(2)
    assert "not approved" in texts[1] and "Opened and used." in texts[1]
    await world.card_shows("Refund denied by Sam: Opened and used.")
    # A late thread message is not taken as a second reason, and never reaches the customer.
    await world.staff_says("another reason")
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("text", "").startswith("Not sent"))
    assert len(world.telegram.sent_texts(ANN_TG)) == 2


async def test_click_from_another_channel_is_refused(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    await world.click("desk:approve", channel="CRANDOM")
    [refusal] = await world.slack.wait_for("response_url")
    assert "Only staff" in refusal.params["text"] and refusal.params["response_type"] == "ephemeral"
    assert (await world.hub.store.list_escalations())[0].state is State.OPEN
    assert len(world.telegram.sent_texts(ANN_TG)) == 1  # the holding message only


async def test_a_retried_staff_reply_reaches_the_customer_once(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    reply = world.slack.user_message(STAFF, SAM, "Checking with the courier.", thread_ts=world.card()["ts"])
    await world.deliver(reply)
    await world.deliver(reply, retry=1)
    await world.telegram_gets(2)
    later = world.slack.user_message(STAFF, SAM, "Done.", thread_ts=world.card()["ts"])
    await world.deliver(later)
    texts = await world.telegram_gets(3)
    assert sum("Checking with the courier." in t for t in texts) == 1 and "Done." in texts[2]


async def test_restart_between_card_and_staff_reply_loses_nothing(world: World) -> None:
    world.telegram.push_text(ANN_TG, REFUND)
    await world.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    await world.down()
    await world.up()
    await world.staff_says("Sorry about the box, approving now.")
    texts = await world.telegram_gets(2)
    assert "approving now" in texts[1]
    await world.click("desk:approve")
    texts = await world.telegram_gets(3)
    assert "approved" in texts[2]
    await world.card_shows("Refund approved by Sam")
    assert len(world.slack.channel_messages(STAFF)) == 1  # the same card, updated in place


async def test_forged_approval_is_refused_over_http(tmp_path: Path) -> None:
    async with FakeSlack(users={SAM: "Sam"}) as slack, FakeTelegram() as telegram:
        world = await World("http", tmp_path / "csbot.db", slack, telegram).up()
        try:
            telegram.push_text(ANN_TG, REFUND)
            await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
            events = SignedEvents(world.slack_app.events_url, SECRET)
            payload = slack.button_click(world.card(), "desk:approve", user=SAM)
            assert (await events.post_action(payload, secret="guessed"))[0] == 401
            assert (await events.post_action(payload, timestamp=int(time.time()) - 3600))[0] == 401
            assert (await world.hub.store.list_escalations())[0].state is State.OPEN
            await world.slack_app.idle()
            assert slack.of("chat.update") == [] and len(telegram.sent_texts(ANN_TG)) == 1
        finally:
            await world.down()


async def test_socket_mode_survives_a_reconnect(tmp_path: Path) -> None:
    async with FakeSlack(users={SAM: "Sam"}) as slack, FakeTelegram() as telegram:
        world = await World("socket", tmp_path / "csbot.db", slack, telegram).up()
        try:
            telegram.push_text(ANN_TG, REFUND)
            await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
            await slack.disconnect_socket()
            await slack.wait_connected(2)
            await world.click("desk:approve")
            assert "approved" in (await world.telegram_gets(2))[1]
        finally:
            await world.down()


def _action_ids(message: dict) -> set[str]:
    return {e["action_id"] for b in message.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]}


async def refund_story() -> str:
    """The refund scenario over HTTP events, returned as each side saw it."""
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeSlack(users={SAM: "Sam"}) as slack, FakeTelegram() as telegram:
            world = await World("http", Path(tmp) / "csbot.db", slack, telegram).up()
            try:
                telegram.push_text(ANN_TG, REFUND)
                await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
                posted = world.card()["text"]
                await world.click("desk:approve")
                await world.telegram_gets(2)
                await world.card_shows("Refund approved")
                lines = ["== Telegram (customer Ann) ==", f"Ann: {REFUND}"]
                lines += [f"Ann receives: {t}" for t in telegram.sent_texts(ANN_TG)]
                lines += ["", "== Slack #staff: card as posted ==", posted,
                          "", "== Slack #staff: Sam clicks [Approve refund]; card now ==", world.card()["text"]]
                return "\n".join(lines)
            finally:
                await world.down()


async def test_refund_story_reads_from_both_sides() -> None:
    story = await refund_story()
    assert "== Telegram" in story and "Refund approved by Sam" in story and story.count("Ann receives: ") == 2
