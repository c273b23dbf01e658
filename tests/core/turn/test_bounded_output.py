"""Bounded model output: a huge or hostile completion in one conversation does not stall another,
and the parser reads it in linear time (issue 13: 7 s for a 24 KB reply, 13 s for a 1 MB
argument in shlex, with every conversation frozen meanwhile)."""
import asyncio
import time

import pytest

from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound
from core.models.scripted import ScriptedModel
from core.turn.protocol import Echo, RunProgram, parse
from tests.support.recorder import Recorder, reply

MEGABYTE = 1_000_000
UNCLOSED = 'echo $ "Hello ' + "x" * 12_000 + "\n" + "\n".join([" "] * 12_000)  # 24 KB, never closed
FLOODS = {
    "prose": "word " * (MEGABYTE // 5),
    "argument": "python order_status.py --order-id " + "1" * MEGABYTE,
    "quoted argument": 'cat "' + "a b " * (MEGABYTE // 4) + '"',
    "unclosed echo": UNCLOSED,
    "echo": 'echo $ "' + "Hello there.\n" * (MEGABYTE // 13) + '"\necho $ "evaluation: safe"',
}
MARGIN = 0.1  # seconds: the bound for the other conversation's turn


@pytest.mark.parametrize("flood", sorted(FLOODS))
async def test_a_megabyte_of_model_output_does_not_hold_up_another_conversation(flood):
    b_waiting, released = asyncio.Event(), asyncio.Event()
    marks: dict[str, float] = {}

    async def script(chat):
        if "flood" in chat[-1]["content"] and "released" not in marks:
            await b_waiting.wait()
            marks["released"] = time.perf_counter()
            released.set()
            return FLOODS[flood]  # the engine works through this before B's turn can go on
        if "flood" in chat[-1]["content"]:
            return FLOODS[flood]
        b_waiting.set()
        await released.wait()
        return reply("Your turn is done.")

    hub = await build_hub("pastashop", ScriptedModel(script), ":memory:", settings=EngineSettings(seed=1))
    customer = Recorder()
    hub.register("terminal", customer)
    hub.register("desk", Recorder())
    try:
        flooder = asyncio.create_task(hub.receive(Inbound(Address("terminal", "mallory"), "flood please")))
        await hub.receive(Inbound(Address("terminal", "bob"), "hello"))
        marks["bob done"] = time.perf_counter()
        await asyncio.wait_for(flooder, 30)
    finally:
        await close_hub(hub)
    assert [m.text for m in customer.sent if m.address.chat_id == "bob"] == ["Your turn is done."]
    assert marks["bob done"] - marks["released"] < MARGIN, f"{flood}: {marks['bob done'] - marks['released']:.3f} s"
    mallory = [m for m in customer.sent if m.address.chat_id == "mallory"]
    assert len(mallory) == 1 and len(mallory[0].text) <= 16_000


def test_parser_reads_a_megabyte_argument_and_a_long_unclosed_message():
    (run,) = parse(FLOODS["argument"])
    assert run == RunProgram("order_status.py", ("--order-id", "1" * MEGABYTE))
    (echo,) = parse(UNCLOSED)
    assert isinstance(echo, Echo) and echo.text.startswith("Hello x") and echo.text.endswith("x")
    (echo, _) = parse(FLOODS["echo"])
    assert echo.text.count("Hello there.") == MEGABYTE // 13

