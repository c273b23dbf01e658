"""Text across Slack both ways, against the fake Slack: staff replies decoded for the customer,
customer words made inert wherever they are posted in the staff channel."""
from __future__ import annotations

from pathlib import Path

import pytest

from adapters.slack.app import SlackAdapter
from adapters.slack.cards import card_blocks
from adapters.slack.translate import escape, message_args, plain_text
from bots.wiring import build_hub
from core.messages import Address, Inbound, Outbound, Voice
from tests.adapters.test_escalation import Customer
from tests.adapters.test_slack_cards import card
from tests.fakes.slack_api import FakeSlack, SignedEvents

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"
SECRET = "s3cret-signing"
STAFF = "CSTAFF"
ANN = Address("terminal", "ann")
PING = "<!channel>"
DISGUISED = "<https://evil.example/pay|Refund approved - click here>"


@pytest.fixture
async def slack():
    async with FakeSlack(users={"U5": "Ann", "U7": "Sam"}) as fake:
        fake.channels["C9"] = "help"
        yield fake


@pytest.fixture
async def hub(tmp_path: Path):
    async with build_hub(PACK, None, tmp_path / "db.sqlite") as hub:
        yield hub


@pytest.fixture
async def adapter(hub, slack: FakeSlack):
    app = SlackAdapter(hub, bot_token="xoxb-test", signing_secret=SECRET, base_url=slack.api_url,
                       staff_channel=STAFF, port=0)
    async with app:
        yield app


def inert(text: str) -> bool:
    return "<" not in text and ">" not in text


async def test_hostile_customer_text_is_inert_in_card_and_thread(hub, adapter: SlackAdapter, slack: FakeSlack) -> None:
    customer = Customer()
    hub.register("terminal", customer)
    await hub.receive(Inbound(ANN, f"{PING} I want my money back for order 1042 {DISGUISED}", None, user_name=f"Ann {PING}"))
    [posted] = await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    card_text = posted.params["text"]
    assert inert(card_text) and "&lt;!channel&gt;" in card_text and "&lt;https://evil.example/pay|Refund approved" in card_text
    await hub.receive(Inbound(ANN, f"hello {PING} {DISGUISED}", None, user_name=f"Ann {PING}"))
    calls = await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts"))
    relay = [c.params["text"] for c in calls if "hello" in c.params["text"]][0]
    assert inert(relay) and relay.startswith("Ann &lt;!channel&gt;: hello &lt;!channel&gt;")
    # The card refresh (chat.update) keeps the fallback text inert too.
    for update in slack.of("chat.update"):
        assert inert(update.params["text"])


async def test_staff_reply_reaches_the_customer_decoded(hub, adapter: SlackAdapter, slack: FakeSlack) -> None:
    customer = Customer()
    hub.register("terminal", customer)
    await hub.receive(Inbound(ANN, "I have celiachia, can I eat your spaghetti?", None, user_name="Ann"))
    [card_post] = await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    thread = slack.channel_messages(STAFF)[0]["ts"]
    wire = ("Good news &amp; bad news: orders &lt; 50 EUR&gt; see <https://shop.example/shipping> or "
            "<https://shop.example/faq|our FAQ>, ask <@U5> or <@U999|max> in <#C9> and <#C8|sales>")
    events = SignedEvents(adapter.events_url, SECRET)
    assert (await events.post_event(slack.user_message(STAFF, "U7", wire, thread_ts=thread)))[0] == 200
    await adapter.idle()
    [staff] = [o for o in customer.received if o.voice is Voice.STAFF]
    assert staff.author == "Sam"
    assert staff.text == ("Good news & bad news: orders < 50 EUR> see https://shop.example/shipping or "
                          "our FAQ (https://shop.example/faq), ask @Ann or @max in #help and #sales")
    assert len(slack.of("conversations.info")) == 1


async def test_plain_text_caches_nothing_itself_and_keeps_decoded_brackets_inert() -> None:
    async def name(user: str) -> str:
        return {"U1": "Ann"}[user]

    # "&lt;@U1&gt;" is text the staff typed literally: it must not become a mention.
    assert await plain_text("&lt;@U1&gt; <@U1> <!here>", name, name) == "<@U1> @Ann @here"


def test_escape_and_message_args_to_slack_customers() -> None:
    assert escape(f"{PING} {DISGUISED} & co") == "&lt;!channel&gt; &lt;https://evil.example/pay|Refund approved - click here&gt; &amp; co"
    args = message_args(Outbound(Address("slack", "D5"), "orders < 50 & more", Voice.STAFF, author="Sam <!here>"))
    assert args["text"] == "*Sam &lt;!here&gt;* (a person from our team): orders &lt; 50 &amp; more"


def test_each_card_render_has_a_fresh_block_id() -> None:
    ids = [next(b["block_id"] for b in card_blocks(card()) if b["type"] == "actions") for _ in range(2)]
    assert ids[0] != ids[1] and all(i.startswith("desk-e_1-") for i in ids)


async def test_approve_on_slack_asks_for_the_missing_amount_in_the_thread(hub, adapter: SlackAdapter, slack: FakeSlack) -> None:
    customer = Customer()
    hub.register("terminal", customer)
    await hub.receive(Inbound(ANN, "I want my money back for order 1042", None, user_name="Ann"))
    await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    card = slack.channel_messages(STAFF)[0]
    needed = " ".join(b["text"]["text"] for b in card["blocks"] if b["type"] == "section" and "text" in b)
    assert "*Needed to approve:*" in needed and "order_id `1042` ✓" in needed and "amount *missing*" in needed
    events = SignedEvents(adapter.events_url, SECRET)
    assert (await events.post_action(slack.button_click(card, "desk:approve", user="U7")))[0] == 200
    await adapter.idle()
    prompt = [m["text"] for m in slack.channel_messages(STAFF, thread_ts=card["ts"])]
    assert any("amount=" in text for text in prompt)
    assert not [o for o in customer.received if o.voice is Voice.STAFF]  # nothing sent with a hole in it
    reply = slack.user_message(STAFF, "U7", "amount = 24.90", thread_ts=card["ts"])
    assert (await events.post_event(reply))[0] == 200
    await adapter.idle()
    [approval] = [o for o in customer.received if o.voice is Voice.STAFF]
    assert "your refund of 24.90 EUR for order 1042" in approval.text and "{" not in approval.text
    assert "Refund approved by Sam" in slack.find_message(STAFF, card["ts"])["text"]


async def test_overdue_bumps_the_card_and_withdrawal_updates_it(hub, adapter: SlackAdapter, slack: FakeSlack) -> None:
    from core.desk.waiting import AnswerWatch

    customer = Customer()
    hub.register("terminal", customer)
    await hub.receive(Inbound(ANN, "I have celiachia, can I eat your spaghetti?", None, user_name="Ann"))
    await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF)
    [escalation] = await hub.store.list_escalations(open_only=True)
    assert await AnswerWatch(hub).check(escalation.created_at + 60 * 86400) == [escalation.id]
    [bump] = await slack.wait_for("chat.postMessage", where=lambda c: c.params.get("reply_broadcast"))
    assert "Still waiting for an answer" in bump.params["text"]
    await hub.receive(Inbound(ANN, "forget it", None, user_name="Ann"))
    card = slack.channel_messages(STAFF)[0]
    assert "Withdrawn: Ann went back to the bot" in card["text"]
    assert not [b for b in card["blocks"] if b["type"] == "actions"]
