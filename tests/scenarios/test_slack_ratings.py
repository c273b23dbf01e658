"""Ratings for Slack customers: two block buttons under the answer in the DM, a press as a signed
`block_actions` payload, the rating stored and acknowledged in the DM, against the fake Slack."""
from __future__ import annotations

from pathlib import Path

import pytest

from adapters.slack.app import SlackAdapter
from bots.wiring import build_hub
from core.metrics import parse_period, read_report
from tests.fakes.slack_api import FakeSlack, SignedEvents

SECRET = "s3cret-signing"


@pytest.fixture
async def slack():
    async with FakeSlack(users={"U5": "Ann", "U7": "Sam"}) as fake:
        yield fake


@pytest.fixture
async def adapter(tmp_path: Path, slack: FakeSlack):
    async with build_hub("pastashop", None, tmp_path / "db.sqlite") as hub:
        app = SlackAdapter(hub, bot_token="xoxb-test", signing_secret=SECRET, base_url=slack.api_url,
                           staff_channel="CSTAFF", port=0)
        async with app:
            yield app


def to_channel(channel: str):
    return lambda call: call.params.get("channel") == channel


def buttons(message: dict) -> list[dict]:
    return next(b for b in message["blocks"] if b["type"] == "actions")["elements"]


async def ratings(hub) -> list[tuple]:
    return await hub.store.read("SELECT subject, value FROM ratings")


async def ask(adapter: SlackAdapter, slack: FakeSlack, channel: str, user: str, text: str) -> dict:
    events = SignedEvents(adapter.events_url, SECRET)
    before = len(slack.channel_messages(channel))
    assert (await events.post_event(slack.user_message(channel, user, text, channel_type="im")))[0] == 200
    await slack.wait_for("chat.postMessage", before + 1, where=to_channel(channel))
    return [m for m in slack.channel_messages(channel) if m["user"] == slack.bot_user_id][-1]


async def press(adapter: SlackAdapter, slack: FakeSlack, message: dict, action_id: str, user: str) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    assert (await events.post_action(slack.button_click(message, action_id, user=user)))[0] == 200


async def test_a_slack_customer_rates_an_answer_and_changes_it(adapter: SlackAdapter, slack: FakeSlack) -> None:
    answer = await ask(adapter, slack, "D5", "U5", "how much is shipping to germany?")
    good, bad = buttons(answer)
    assert (good["text"]["text"], bad["text"]["text"]) == ("👍 That helped", "👎 Get more help")
    ref = good["value"].split(":")[1]

    await press(adapter, slack, answer, good["action_id"], "U5")
    [_, thanks] = await slack.wait_for("chat.postMessage", 2, where=to_channel("D5"))
    assert thanks.params["text"] == "Thank you for your feedback!"
    assert await ratings(adapter.hub) == [(f"answer:{ref}", "good")]

    await press(adapter, slack, answer, bad["action_id"], "U5")  # the same row changes
    calls = await slack.wait_for("chat.postMessage", 4, where=to_channel("D5"))
    assert [c.params["text"] for c in calls[2:]][0] == "Thank you for telling us."
    offer = [m for m in slack.channel_messages("D5") if m["user"] == slack.bot_user_id][-1]
    assert [b["value"] for b in buttons(offer)] == [f"rate:{ref}:person"]
    assert await ratings(adapter.hub) == [(f"answer:{ref}", "bad")]

    report = await read_report(adapter.hub.store, parse_period("1d", None))
    assert (report.good, report.bad) == (0, 1)


async def test_a_ref_pressed_in_another_dm_is_refused(adapter: SlackAdapter, slack: FakeSlack) -> None:
    answer = await ask(adapter, slack, "D5", "U5", "how much is shipping to germany?")
    good, _ = buttons(answer)
    other = await ask(adapter, slack, "D7", "U7", "hello")
    forged = {**other, "blocks": answer["blocks"]}  # Sam's DM, Ann's button value
    await press(adapter, slack, forged, good["action_id"], "U7")
    calls = await slack.wait_for("chat.postMessage", 2, where=to_channel("D7"))
    assert "does not belong" in calls[-1].params["text"]
    assert await ratings(adapter.hub) == []
