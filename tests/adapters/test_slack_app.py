"""The Slack adapter over HTTP events, with bolt and slack_sdk talking to the fake Slack."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from adapters.slack.app import SlackAdapter
from bots.wiring import build_hub
from core.delivery.delivery import PermanentFailure, RetryAfter, TransientFailure
from core.messages import Address, Outbound
from core.models.scripted import ScriptedModel
from tests.fakes.slack_api import FakeSlack, SignedEvents

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"
SECRET = "s3cret-signing"
STAFF = "CSTAFF"
BOT_ANSWER = 'echo $ "Our spaghetti cook in 11 minutes."\necho $ "evaluation: safe"'


@pytest.fixture
async def slack():
    async with FakeSlack(users={"U5": "Ann", "U7": "Sam"}) as fake:
        yield fake


@pytest.fixture
async def hub(tmp_path: Path):
    async with build_hub(PACK, ScriptedModel([BOT_ANSWER]), tmp_path / "db.sqlite") as hub:
        yield hub


@pytest.fixture
async def adapter(hub, slack: FakeSlack):
    app = SlackAdapter(hub, bot_token="xoxb-test", signing_secret=SECRET, base_url=slack.api_url,
                       staff_channel=STAFF, port=0)
    async with app:
        yield app


def to_channel(channel: str):
    return lambda call: call.params.get("channel") == channel


async def test_dm_is_answered_in_the_dm(adapter: SlackAdapter, slack: FakeSlack) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    status, body = await events.post_event(slack.user_message("D5", "U5", "How long do spaghetti cook?", channel_type="im"))
    assert (status, body) == (200, "")
    [reply] = await slack.wait_for("chat.postMessage", where=to_channel("D5"))
    assert reply.params["text"] == "Our spaghetti cook in 11 minutes." and "thread_ts" not in reply.params


async def test_mention_is_answered_in_its_thread(adapter: SlackAdapter, slack: FakeSlack) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    event = slack.user_message("CHELP", "U5", "<@UBOT> how long do spaghetti cook?", mention=True)
    assert (await events.post_event(event))[0] == 200
    [reply] = await slack.wait_for("chat.postMessage", where=to_channel("CHELP"))
    assert reply.params["thread_ts"] == event["event"]["ts"]


async def test_forged_signature_and_old_timestamp_are_refused(adapter: SlackAdapter, slack: FakeSlack) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    dm = slack.user_message("D5", "U5", "hello", channel_type="im")
    assert (await events.post_event(dm, secret="not-the-secret"))[0] == 401
    assert (await events.post_event(dm, timestamp=int(time.time()) - 600))[0] == 401
    # The same event correctly signed goes through: it was refused for the signature, not ignored.
    assert (await events.post_event(dm))[0] == 200
    await slack.wait_for("chat.postMessage", where=to_channel("D5"))
    assert len(slack.of("chat.postMessage")) == 1


async def test_url_verification_answers_the_challenge(adapter: SlackAdapter) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    status, body = await events.post_event({"type": "url_verification", "challenge": "abc123", "token": "x"})
    assert status == 200 and "abc123" in body


async def test_a_retried_event_is_processed_once(adapter: SlackAdapter, slack: FakeSlack, hub) -> None:
    events = SignedEvents(adapter.events_url, SECRET)
    dm = slack.user_message("D5", "U5", "How long do spaghetti cook?", channel_type="im")
    assert (await events.post_event(dm))[0] == 200
    assert (await events.post_event(dm, retry_num=1))[0] == 200
    assert (await events.post_event(dm, retry_num=2))[0] == 200
    second = slack.user_message("D5", "U5", "And the penne?", channel_type="im")
    assert (await events.post_event(second))[0] == 200
    await slack.wait_for("chat.postMessage", 2, where=to_channel("D5"))
    await adapter.idle()
    assert len(slack.of("chat.postMessage")) == 2  # one reply per distinct event
    history = await hub.history(Address("slack", "D5"))
    assert [m.text for m in history if m.role == "customer"] == ["How long do spaghetti cook?", "And the penne?"]


async def test_send_maps_slack_errors(adapter: SlackAdapter, slack: FakeSlack) -> None:
    out = Outbound(Address("slack", "D5"), "hi")
    slack.fail("chat.postMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as limited:
        await adapter.send(out)
    assert limited.value.seconds == 3
    slack.fail("chat.postMessage", status=500)
    with pytest.raises(TransientFailure):
        await adapter.send(out)
    slack.fail("chat.postMessage", error="channel_not_found")
    with pytest.raises(PermanentFailure):
        await adapter.send(out)
    slack.fail("chat.postMessage", error="not_in_channel")
    with pytest.raises(PermanentFailure):
        await adapter.send(out)
    await adapter.send(out)
    assert slack.channel_messages("D5")[-1]["text"] == "hi"


async def test_http_mode_needs_a_signing_secret(hub) -> None:
    with pytest.raises(ValueError, match="SIGNING_SECRET"):
        SlackAdapter(hub, bot_token="xoxb-test")
