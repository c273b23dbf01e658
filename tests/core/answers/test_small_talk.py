"""Greetings, thanks and goodbyes are answered with the shop's words, never with "I don't know"."""
import pytest

from bots.wiring import build_hub, close_hub
from core.answers.small_talk import SmallTalk, small_talk
from core.messages import Address, Inbound
from core.shop.pack import load_pack
from tests.support.recorder import Recorder


@pytest.mark.parametrize("text, kind", [
    ("hi", SmallTalk.GREETING), ("hello again!", SmallTalk.GREETING), ("buongiorno a tutti", SmallTalk.GREETING),
    ("Guten Tag", SmallTalk.GREETING), ("thanks a lot :)", SmallTalk.THANKS), ("grazie mille", SmallTalk.THANKS),
    ("Danke schön", SmallTalk.THANKS), ("thanks, bye", SmallTalk.THANKS), ("tschüss", SmallTalk.GOODBYE),
])
def test_a_message_of_only_small_talk(text, kind):
    assert small_talk(text) is kind


@pytest.mark.parametrize("text", ["hi, how much is shipping?", "Hallo, ich habe eine Frage", "thanks, where is order 1042",
                                  "is ur pasta organic?", "ok", ""])
def test_anything_more_is_a_question(text):
    assert small_talk(text) is None


@pytest.mark.parametrize("text, language, reply", [
    ("grazie mille", "it", "thanks"), ("Danke schön", "de", "thanks"), ("hi", None, "welcome"), ("buongiorno", "it", "welcome"),
])
async def test_the_offline_bot_answers_small_talk_in_the_customers_language(text, language, reply):
    hub = await build_hub("pastashop", None, ":memory:")
    try:
        customer = Recorder()
        hub.register("web", customer)
        await hub.receive(Inbound(Address("web", "c1"), text, event_id="e1"))
    finally:
        await close_hub(hub)
    expected = getattr(load_pack("pastashop").replies_in(language), reply)
    assert customer.texts() == [expected]
