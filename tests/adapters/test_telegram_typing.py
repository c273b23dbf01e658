"""adapters.telegram.typing_indicator: `typing…` only for turns that take a while."""
import asyncio

from adapters.telegram.typing_indicator import TypingIndicator


async def test_a_quick_turn_sends_no_chat_action_and_starts_no_task() -> None:
    sent: list[str] = []

    async def action() -> None:
        sent.append("typing")

    before = len(asyncio.all_tasks())
    indicator = TypingIndicator(action, every=0.01, first_after=60).start()
    assert len(asyncio.all_tasks()) == before  # one timer until the turn proves slow
    await indicator.stop()
    assert sent == []


async def test_a_slow_turn_shows_typing_until_stopped_and_never_after() -> None:
    sent = asyncio.Queue()

    async def action() -> None:
        sent.put_nowait("typing")

    indicator = TypingIndicator(action, every=0.01, first_after=0.001).start()
    assert await sent.get() == "typing"
    assert await sent.get() == "typing"  # renewed
    await indicator.stop()
    count = sent.qsize()
    await asyncio.sleep(0)  # whatever was scheduled has run by now
    assert sent.qsize() == count
