"""AiohttpRequest and KeepAliveRequest under a real telegram.Bot, against the fake Bot API."""
from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

from adapters.telegram.keepalive_transport import KeepAliveRequest
from adapters.telegram.transport import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123:ABC"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as server:
        yield server


@pytest.fixture(params=[AiohttpRequest, KeepAliveRequest])
def kind(request: pytest.FixtureRequest) -> type:
    return request.param


def make_bot(fake: FakeTelegram, kind: type, token: str = TOKEN, **timeouts: float) -> Bot:
    return Bot(
        token, base_url=fake.base_url, base_file_url=fake.base_file_url,
        request=kind(**timeouts), get_updates_request=kind(connection_pool_size=1),
    )


async def test_calls_succeed_and_parameters_arrive_as_on_the_wire(fake: FakeTelegram, kind: type) -> None:
    async with make_bot(fake, kind) as bot:
        assert bot.username == "shop_bot"  # initialize() called getMe through the transport
        message = await bot.send_message(chat_id=42, text="a * b _ c < d & e")
    assert message.text == "a * b _ c < d & e"
    assert message.chat.id == 42
    [call] = fake.calls_of("sendMessage")
    assert call.params["chat_id"] == "42"
    assert call.params["text"] == "a * b _ c < d & e"
    assert call.token == TOKEN


async def test_long_poll_returns_pushed_updates(fake: FakeTelegram, kind: type) -> None:
    fake.push_text(42, "hello")
    async with make_bot(fake, kind) as bot:
        updates = await bot.get_updates(timeout=2)
    assert [u.message.text for u in updates] == ["hello"]


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequest), (403, Forbidden), (500, NetworkError), (502, NetworkError)],
)
async def test_error_statuses_map_to_ptb_exceptions(fake: FakeTelegram, kind: type, status: int, error: type) -> None:
    fake.fail("sendMessage", status, description=f"failure {status}")
    async with make_bot(fake, kind) as bot:
        with pytest.raises(error) as caught:
            await bot.send_message(chat_id=42, text="hi")
        assert f"failure {status}" in str(caught.value)
        # the failure was for one call only: the next goes through
        assert (await bot.send_message(chat_id=42, text="again")).text == "again"


async def test_403_is_forbidden_and_not_a_network_error(fake: FakeTelegram, kind: type) -> None:
    fake.fail("sendMessage", 403)
    async with make_bot(fake, kind) as bot:
        with pytest.raises(Forbidden) as caught:
            await bot.send_message(chat_id=42, text="hi")
    assert not isinstance(caught.value, NetworkError)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PTB 22 warns about RetryAfter's int form
async def test_429_carries_retry_after(fake: FakeTelegram, kind: type) -> None:
    fake.fail("sendMessage", 429, retry_after=3)
    async with make_bot(fake, kind) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(chat_id=42, text="hi")
    assert caught.value.retry_after == 3 or caught.value.retry_after.total_seconds() == 3


async def test_wrong_token_is_invalid_token(fake: FakeTelegram, kind: type) -> None:
    with pytest.raises(InvalidToken):
        async with make_bot(fake, kind, token="999:WRONG"):
            pass


async def test_dropped_connection_is_a_network_error(fake: FakeTelegram, kind: type) -> None:
    fake.drop("sendMessage")
    async with make_bot(fake, kind) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(chat_id=42, text="hi")
        assert not isinstance(caught.value, TimedOut)
        assert (await bot.send_message(chat_id=42, text="after")).text == "after"


async def test_a_stalled_answer_times_out(fake: FakeTelegram, kind: type) -> None:
    fake.stall("sendMessage")
    async with make_bot(fake, kind, read_timeout=0.3) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(chat_id=42, text="hi")
        # a per-call timeout overrides the default too
        fake.stall("sendMessage")
        with pytest.raises(TimedOut):
            await bot.send_message(chat_id=42, text="hi", read_timeout=0.2)


async def test_files_go_as_multipart(fake: FakeTelegram, kind: type) -> None:
    content = b"%PDF-1.4 invoice " * 100
    async with make_bot(fake, kind) as bot:
        message = await bot.send_document(chat_id=42, document=io.BytesIO(content), filename="invoice.pdf",
                                          caption="your invoice")
    assert message.document.file_name == "invoice.pdf"
    [call] = fake.calls_of("sendDocument")
    assert call.params["document"]["size"] == len(content)
    assert call.params["document"]["filename"] == "invoice.pdf"
    assert call.params["caption"] == "your invoice"
    assert call.params["chat_id"] == "42"


async def test_request_before_initialize_is_refused(kind: type) -> None:
    request = kind()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot1/getMe", "POST")


async def test_shutdown_and_reinitialize(fake: FakeTelegram, kind: type) -> None:
    request = kind()
    bot = Bot(TOKEN, base_url=fake.base_url, request=request)
    async with bot:
        pass
    async with bot:
        assert (await bot.get_me()).username == "shop_bot"
