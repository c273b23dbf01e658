import json
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from adapters.web import frames
from adapters.web.frames import Hello, Refusal, Said
from core.messages import Address, Button, Outbound, Voice

WEB = Address("web", "s1")


def test_hello_with_and_without_token():
    assert frames.parse('{"type":"hello","token":"t.k"}', max_chars=10) == Hello("t.k")
    assert frames.parse('{"type":"hello","token":null}', max_chars=10) == Hello(None)
    assert frames.parse('{"type":"hello","token":7}', max_chars=10) == Hello(None)


def test_message_keeps_its_text_and_a_valid_client_id():
    said = frames.parse('{"type":"message","text":"  hi <b>there</b> ","id":"abc-1"}', max_chars=100)
    assert said == Said("hi <b>there</b>", "abc-1")


def test_a_client_id_that_is_not_a_plain_token_is_dropped():
    said = frames.parse(json.dumps({"type": "message", "text": "hi", "id": "x\"><img>"}), max_chars=100)
    assert said.client_id is None


def test_button_uses_its_value():
    said = frames.parse('{"type":"button","value":"refund","label":"Refund"}', max_chars=100)
    assert said == Said("refund", None, button=True)


def test_message_over_the_limit_is_refused_with_the_limit_named():
    with pytest.raises(Refusal) as caught:
        frames.parse(json.dumps({"type": "message", "text": "x" * 11, "id": "m1"}), max_chars=10)
    frame = caught.value.frame()
    assert frame["type"] == "error" and frame["code"] == "too_long" and frame["id"] == "m1"
    assert "10" in frame["message"]


@pytest.mark.parametrize("raw", ["not json", "[1,2]", '{"type":"dance"}', '{"type":"message","text":5}'])
def test_unreadable_frames_are_refused(raw):
    with pytest.raises(Refusal):
        frames.parse(raw, max_chars=10)


def test_empty_message_is_refused():
    with pytest.raises(Refusal) as caught:
        frames.parse('{"type":"message","text":"   "}', max_chars=10)
    assert caught.value.code == "empty"


def test_staff_reply_is_marked_with_the_persons_name():
    frame = frames.outbound_frame(Outbound(WEB, "Hello, Maria here", voice=Voice.STAFF, author="Maria"))
    assert frame["role"] == "staff" and frame["label"] == "Maria · staff"


@pytest.mark.parametrize("voice", [Voice.HOLDING, Voice.OFFLINE])
def test_holding_and_offline_answers_are_marked(voice):
    frame = frames.outbound_frame(Outbound(WEB, "...", voice=voice))
    assert frame["role"] == "bot" and frame["voice"] == str(voice)
    assert frame["label"] != frames.ASSISTANT and frame["label"].startswith(frames.ASSISTANT)


def test_markup_travels_as_the_exact_text():
    text = '<img src=x onerror="alert(1)"> & <script>'
    assert frames.outbound_frame(Outbound(WEB, text))["text"] == text


def test_buttons_are_carried():
    frame = frames.outbound_frame(Outbound(WEB, "Which?", buttons=(Button("Order 18", "18"),)))
    assert frame["buttons"] == [{"label": "Order 18", "value": "18"}]


@dataclass
class Stored:  # the shape of core.store.base.StoredMessage
    role: str
    text: str
    author: str
    at: object
    voice: str = ""


def test_history_marks_roles_and_serialises_times():
    at = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    frame = frames.history_frame([
        Stored("customer", "hi", "", at),
        Stored("bot", "hello", "", at),
        Stored("staff", "Maria here", "Maria", at),
    ])
    assert [m["label"] for m in frame["messages"]] == ["You", frames.ASSISTANT, "Maria · staff"]
    assert frame["messages"][0]["at"] == at.isoformat()
    json.dumps(frame)  # must be sendable as is


def test_history_keeps_the_holding_and_offline_marks():
    frame = frames.history_frame([Stored("bot", "wait", "", 1.0, "holding"), Stored("bot", "quote", "", 2.0, "offline")])
    labels = [m["label"] for m in frame["messages"]]
    assert labels == [frames.outbound_frame(Outbound(WEB, "", voice=v))["label"] for v in (Voice.HOLDING, Voice.OFFLINE)]
    assert frame["messages"][0]["at"] == 1.0


def test_markdown_reaches_the_widget_as_styled_text_spans():
    frame = frames.outbound_frame(Outbound(WEB, "## Shipping\n- **Germany**: 9.90 EUR <b>"))
    assert frame["text"] == "Shipping\n• Germany: 9.90 EUR <b>"
    assert frame["spans"][:3] == [{"text": "Shipping", "style": "bold"}, {"text": "\n• ", "style": ""},
                                  {"text": "Germany", "style": "bold"}]
    assert "".join(s["text"] for s in frame["spans"]) == frame["text"]


def test_history_keeps_a_customers_own_asterisks():
    frame = frames.history_frame([Stored("customer", "**urgent**", "", 1.0), Stored("bot", "**ok**", "", 2.0)])
    assert [m["text"] for m in frame["messages"]] == ["**urgent**", "ok"]
    assert frame["messages"][0]["spans"] == []
