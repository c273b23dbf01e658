"""The optional guard model through Ollama: a second opinion after the screens, never a single point of failure."""
from bots.wiring import build_hub
from core.safety.guard import GuardModel
from core.messages import Address, Inbound, Voice
from core.models.scripted import ScriptedModel
from tests.fakes.ollama_api import FakeOllama
from tests.support.recorder import Recorder, reply

CUSTOMER = Address("terminal", "g")


async def test_guard_flags_what_the_screens_let_through_and_is_ignored_when_down():
    async with FakeOllama(replies=["unsafe\nS2"]) as fake:
        guard = GuardModel("llama-guard3:1b", host=fake.url)
        model = ScriptedModel([reply("Our pasta is great.")])
        async with build_hub("pastashop", model, guard=guard) as hub:
            customer = Recorder()
            hub.register("terminal", customer)
            await hub.receive(Inbound(CUSTOMER, "Tell me about your pasta"))
            assert customer.sent[-1].voice is Voice.SAFETY
            assert model.calls == []
            asked = fake.chats[-1].body
            assert asked["model"] == "llama-guard3:1b" and "Tell me about your pasta" in str(asked["messages"])

            fake.fail("error")  # the guard is down: the screens' verdict (ok) stands
            await hub.receive(Inbound(CUSTOMER, "Tell me about your pasta"))
            assert customer.sent[-1].text == "Our pasta is great."
