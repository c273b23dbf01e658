"""The fake Slack speaks the wire the real slack_sdk client expects."""
from __future__ import annotations

import asyncio

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlack, signed_request


async def test_post_thread_update_and_replies() -> None:
    async with FakeSlack() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
        auth = await client.auth_test()
        assert auth["user_id"] == "UBOT"
        root = await client.chat_postMessage(channel="CSTAFF", text="card", blocks=[{"type": "section"}])
        await client.chat_postMessage(channel="CSTAFF", text="in thread", thread_ts=root["ts"])
        await client.chat_update(channel="CSTAFF", ts=root["ts"], text="card v2")
        replies = await client.conversations_replies(channel="CSTAFF", ts=root["ts"])
        assert [m["text"] for m in replies["messages"]] == ["card v2", "in thread"]
        assert slack.of("chat.postMessage")[0].token == "xoxb-test"
        assert slack.channel_messages("CSTAFF")[0]["blocks"] == [{"type": "section"}]


async def test_injected_errors_then_recovery() -> None:
    async with FakeSlack() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
        slack.fail("chat.postMessage", error="channel_not_found")
        slack.fail("chat.postMessage", status=429, retry_after=7)
        slack.fail("chat.postMessage", status=500)
        outcomes = []
        for _ in range(3):
            with pytest.raises(SlackApiError) as caught:
                await client.chat_postMessage(channel="C1", text="x")
            outcomes.append((caught.value.response.status_code, caught.value.response["error"]))
        assert outcomes == [(200, "channel_not_found"), (429, "ratelimited"), (500, "internal_error")]
        assert (await client.chat_postMessage(channel="C1", text="x"))["ok"]
        await slack.wait_for("chat.postMessage", 4, timeout=1)


async def test_wait_for_times_out_with_the_calls_seen() -> None:
    async with FakeSlack() as slack:
        with pytest.raises(AssertionError, match="chat.update"):
            await slack.wait_for("chat.update", timeout=0.05)


async def test_socket_mode_hello_envelope_ack_and_reconnect() -> None:
    async with FakeSlack() as slack:
        received: asyncio.Queue = asyncio.Queue()

        async def on_request(client, request) -> None:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
            await received.put(request.payload)

        web = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
        client = SocketModeClient(app_token="xapp-test", web_client=web)
        client.socket_mode_request_listeners.append(on_request)
        await client.connect_to_new_endpoint()
        try:
            envelope = await slack.push_event({"type": "event_callback", "event_id": "Ev1", "event": {}})
            assert (await asyncio.wait_for(received.get(), 5))["event_id"] == "Ev1"
            await asyncio.wait_for(envelope.acked.wait(), 5)
            await slack.disconnect_socket()
            await slack.wait_connected(2)
            await slack.wait_for("apps.connections.open", 2)
            await slack.push_event({"type": "event_callback", "event_id": "Ev2", "event": {}})
            assert (await asyncio.wait_for(received.get(), 5))["event_id"] == "Ev2"
        finally:
            await client.close()


def test_signature_matches_slack_sdk_verifier() -> None:
    from slack_sdk.signature import SignatureVerifier

    headers = signed_request("s3cret", '{"a":1}', timestamp=1_700_000_000)
    verifier = SignatureVerifier("s3cret", clock=type("Clock", (), {"now": lambda self: 1_700_000_010})())
    assert verifier.is_valid('{"a":1}', headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    assert not verifier.is_valid('{"a":2}', headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
