"""The web chat's HTTP and WebSocket API, driven with aiohttp's test client against a real hub."""
from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.web import SessionTokens, make_app
from bots.wiring import build_hub
from core.messages import Outbound, Voice
from core.models.scripted import ScriptedModel

ORIGIN = "https://shop.example"
SHIPPING = 'echo $ "Shipping within Italy costs 5.90 EUR, free from 49 EUR, and takes 1-2 working days."\necho $ "evaluation: safe"'
WAIT = 5.0  # seconds: an upper bound on waiting for a frame, never a pause


class StaffDesk:
    """Stands in for the staff desk's sender: records the cards the hub opens."""

    def __init__(self) -> None:
        self.outbounds: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.outbounds.append(outbound)


class Tab:
    """One browser tab's socket; reads frames until the one a test waits for."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def next(self, kind: str) -> dict[str, Any]:
        while True:
            message = await self.ws.receive(timeout=WAIT)
            if message.type is not aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"socket ended ({message.type}, {message.data}) while waiting for {kind!r}")
            frame = message.json()
            self.seen.append(frame)
            if frame["type"] == kind:
                return frame

    async def say(self, text: str, client_id: str | None = None) -> None:
        await self.ws.send_json({"type": "message", "text": text, "id": client_id})

    async def closed(self) -> aiohttp.WSMessage:
        while True:
            message = await self.ws.receive(timeout=WAIT)
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return message
            if message.type is aiohttp.WSMsgType.TEXT:
                self.seen.append(message.json())


async def open_tab(client: TestClient, token: str | None = None, origin: str = ORIGIN) -> Tab:
    tab = Tab(await client.ws_connect("/chat", headers={"Origin": origin}))
    await tab.ws.send_json({"type": "hello", "token": token})
    return tab


async def greeted(client: TestClient, token: str | None = None) -> tuple[Tab, dict, dict]:
    tab = await open_tab(client, token)
    session = await tab.next("session")
    history = await tab.next("history")
    return tab, session, history


@pytest.fixture
def model() -> ScriptedModel:
    return ScriptedModel([SHIPPING])


@pytest.fixture
async def hub(model):
    async with build_hub("pastashop", model) as hub:
        hub.register("desk", StaffDesk())
        yield hub


async def start_client(hub, **options) -> TestClient:
    client = TestClient(TestServer(make_app(hub, allowed_origins=[ORIGIN], **options)))
    await client.start_server()
    return client


@pytest.fixture
async def client(hub):
    client = await start_client(hub)
    yield client
    await client.close()


async def test_a_conversation_gets_a_session_then_typing_then_the_answer(client, hub):
    tab, session, history = await greeted(client)
    assert session["token"] and session["shop"] == hub.pack.name
    assert session["welcome"] == hub.pack.replies.welcome
    assert history["messages"] == []

    await tab.say("How much is shipping to Milan?", "m1")
    reply = await tab.next("message")
    assert reply["role"] == "bot" and "5.90" in reply["text"] and reply["label"] == "Assistant"
    await tab.next("typing")
    kinds = [f["type"] for f in tab.seen if f["type"] in ("typing", "message")]
    assert kinds == ["typing", "message", "typing"]
    typing = [f["on"] for f in tab.seen if f["type"] == "typing"]
    assert typing == [True, False]


async def test_reconnecting_with_the_same_id_shows_the_history(client):
    tab, session, _ = await greeted(client)
    await tab.say("How much is shipping?", "m1")
    await tab.next("message")
    await tab.ws.close()

    again, resumed, history = await greeted(client, session["token"])
    assert resumed["token"] == session["token"]
    texts = [(m["role"], m["text"]) for m in history["messages"]]
    assert texts[0] == ("customer", "How much is shipping?")
    assert texts[1][0] == "bot" and "5.90" in texts[1][1]
    await again.ws.close()


async def test_every_tab_of_a_conversation_gets_the_reply_and_the_customers_line(client):
    first, session, _ = await greeted(client)
    second, _, _ = await greeted(client, session["token"])
    await first.say("Shipping to Rome?", "m1")
    echoed = await second.next("message")
    assert echoed["role"] == "customer" and echoed["text"] == "Shipping to Rome?"
    assert "5.90" in (await second.next("message"))["text"]
    assert "5.90" in (await first.next("message"))["text"]
    assert not [f for f in first.seen if f.get("role") == "customer"]  # the sender already shows its own line


@pytest.mark.parametrize(
    "token",
    ["made-up", "A" * 22 + "." + "B" * 22, SessionTokens.generated().issue()],
    ids=["garbage", "well-formed", "signed-by-another-server"],
)
async def test_ids_the_server_did_not_issue_are_refused(client, token):
    tab = await open_tab(client, token)
    error = await tab.next("error")
    assert error["code"] == "unknown_session"
    closing = await tab.closed()
    assert tab.ws.close_code == 4401, closing
    assert not [f for f in tab.seen if f["type"] in ("session", "history")]


async def test_a_token_survives_a_restart_when_the_secret_is_configured(hub):
    secret = b"a configured secret of enough length"
    first = await start_client(hub, tokens=SessionTokens(secret))
    _, session, _ = await greeted(first)
    await first.close()
    second = await start_client(hub, tokens=SessionTokens(secret))
    try:
        _, resumed, _ = await greeted(second, session["token"])
        assert resumed["token"] == session["token"]
    finally:
        await second.close()


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Origin": "null"}, {}])
async def test_pages_from_other_origins_are_refused_before_the_upgrade(client, headers):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/chat", headers=headers)
    assert refused.value.status == 403


async def test_the_servers_own_demo_page_may_connect(client):
    tab = await open_tab(client, origin=str(client.make_url("/")).rstrip("/"))
    assert (await tab.next("session"))["token"]


async def test_per_conversation_rate_limit_refuses_with_a_clear_error_and_keeps_the_socket(hub, model):
    client = await start_client(hub, per_conversation_rate=(2, 60.0))
    try:
        tab, _, _ = await greeted(client)
        for n in (1, 2):
            await tab.say(f"shipping question {n}", f"m{n}")
            await tab.next("message")
        await tab.say("shipping question 3", "m3")
        error = await tab.next("error")
        assert error["code"] == "rate_limited" and error["id"] == "m3"
        assert 0 < error["retry_after"] <= 60 and "too quickly" in error["message"]
        assert len(model.calls) == 2
        # The socket is still there: it answers the next frame.
        await tab.say("x" * 5000, "m4")
        assert (await tab.next("error"))["code"] == "too_long"
    finally:
        await client.close()


async def test_per_address_rate_limit_spans_conversations(hub, model):
    client = await start_client(hub, per_address_rate=(4, 60.0))  # a new session counts too
    try:
        first, _, _ = await greeted(client)
        second, _, _ = await greeted(client)
        await first.say("shipping?", "a1")
        await first.next("message")
        await second.say("shipping?", "b1")
        await second.next("message")
        await second.say("shipping again?", "b2")
        assert (await second.next("error"))["code"] == "rate_limited"
        assert len(model.calls) == 2
    finally:
        await client.close()


async def test_oversized_message_gets_an_error_frame_and_is_not_run(hub, model):
    client = await start_client(hub, max_message_chars=50)
    try:
        tab, _, _ = await greeted(client)
        await tab.say("x" * 51, "long")
        error = await tab.next("error")
        assert error["code"] == "too_long" and error["id"] == "long" and "50" in error["message"]
        await tab.say("shipping " + "x" * 41, "ok")
        assert "5.90" in (await tab.next("message"))["text"]
        assert len(model.calls) == 1
        # A frame far beyond any message is cut off by the socket itself.
        await tab.ws.send_str('{"type":"message","text":"' + "y" * 400_000 + '"}')
        await tab.closed()
        assert tab.ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
    finally:
        await client.close()


async def test_html_from_the_customer_and_from_staff_travels_as_text(client, hub):
    first, session, _ = await greeted(client)
    second, _, _ = await greeted(client, session["token"])
    markup = '<b>Shipping</b> to <img src=x onerror="alert(1)"> Milan?'
    await first.say(markup, "m1")
    assert (await second.next("message"))["text"] == markup
    await first.next("message")
    await first.say("I want to talk to a human please", "m2")
    assert (await first.next("message"))["voice"] == "holding"
    escalation_id = await _open_escalation(hub)

    staff_markup = '<script>alert("staff")</script><b>bold</b>'
    await hub.staff_reply(escalation_id, "Maria", staff_markup)
    staff = await first.next("message")
    assert staff["text"] == staff_markup

    _, _, history = await greeted(client, session["token"])
    stored = [m["text"] for m in history["messages"]]
    assert markup in stored and staff_markup in stored


async def test_asking_for_a_person_is_marked_and_the_staff_reply_arrives_live(client, hub, model):
    tab, _, _ = await greeted(client)
    await tab.say("I want to talk to a human please", "m1")
    holding = await tab.next("message")
    assert holding["voice"] == "holding" and holding["label"] != "Assistant"
    assert not model.calls  # triage, not the model, handed it over

    await hub.staff_reply(await _open_escalation(hub), "Maria", "Hello, Maria here. How can I help?")
    staff = await tab.next("message")
    assert staff["role"] == "staff" and staff["label"] == "Maria · staff"
    assert staff["text"] == "Hello, Maria here. How can I help?"


async def test_a_reply_with_no_tab_open_is_shown_in_the_history_on_return(client, hub):
    tab, session, _ = await greeted(client)
    await tab.say("I want to talk to a human please", "m1")
    await tab.next("message")
    await tab.ws.close()

    await hub.staff_reply(await _open_escalation(hub), "Maria", "Sorry for the wait, Maria here.")
    _, _, history = await greeted(client, session["token"])
    staff = [m for m in history["messages"] if m["role"] == "staff"]
    assert staff and staff[-1]["label"] == "Maria · staff" and staff[-1]["text"] == "Sorry for the wait, Maria here."


async def test_offline_answers_are_marked(client, model):
    model.down = True
    tab, _, _ = await greeted(client)
    await tab.say("How much is shipping?", "m1")
    reply = await tab.next("message")
    assert reply["voice"] == "offline" and "offline" in reply["label"]


async def test_the_socket_keeps_reading_while_the_engine_works():
    gate = asyncio.Event()

    async def slow(chat):
        await gate.wait()
        return SHIPPING

    async with build_hub("pastashop", ScriptedModel(slow)) as slow_hub:
        client = await start_client(slow_hub, max_message_chars=100)
        try:
            tab, _, _ = await greeted(client)
            await tab.say("How much is shipping?", "m1")
            assert (await tab.next("typing"))["on"] is True
            await tab.say("x" * 101, "m2")  # answered while the first turn still waits for the model
            assert (await tab.next("error"))["id"] == "m2"
            gate.set()
            assert "5.90" in (await tab.next("message"))["text"]
            assert (await tab.next("typing"))["on"] is False
        finally:
            await client.close()


async def test_unreadable_frames_get_an_error_not_a_crash(client):
    tab, _, _ = await greeted(client)
    for raw in ("not json", '{"type":"dance"}', '{"type":"hello","token":null}'):
        await tab.ws.send_str(raw)
        assert (await tab.next("error"))["code"] == "bad_frame"
    await tab.ws.send_bytes(b"\x00\x01")
    assert (await tab.next("error"))["code"] == "bad_frame"


async def test_a_socket_that_never_says_hello_is_closed(client):
    tab = Tab(await client.ws_connect("/chat", headers={"Origin": ORIGIN}))
    await tab.ws.send_json({"type": "message", "text": "hi"})
    assert (await tab.next("error"))["code"] == "hello_expected"
    await tab.closed()
    assert tab.ws.close_code == 4400


async def test_post_session_issues_a_token_for_allowed_origins_only(client):
    response = await client.post("/session", headers={"Origin": ORIGIN})
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    token = (await response.json())["token"]
    tab, session, _ = await greeted(client, token)
    assert session["token"] == token
    refused = await client.post("/session", headers={"Origin": "https://evil.example"})
    assert refused.status == 403


async def test_widget_and_demo_page_are_served(client, hub):
    script = await client.get("/widget.js")
    assert script.status == 200 and script.content_type == "application/javascript"
    body = await script.text()
    assert "textContent" in body and "innerHTML" not in body and "attachShadow" in body
    css = await client.get("/widget.css")
    assert css.status == 200 and css.content_type == "text/css"

    page = await client.get("/")
    html = await page.text()
    assert '<script src="/widget.js" defer></script>' in html
    assert hub.pack.name in html and "$shop" not in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def _open_escalation(hub) -> str:
    escalations = await hub.store.list_escalations(open_only=True)
    assert len(escalations) == 1, escalations
    return escalations[0].id
