"""The prompt's front stays byte-identical so a model server's prefix cache can reuse it."""
from core.shop.pack import load_pack
from core.turn.prompt import PromptBuilder, PromptSettings
from core.store.base import StoredMessage


def said(n: int) -> list[StoredMessage]:
    out = []
    for i in range(n // 2):
        out += [StoredMessage("customer", f"question {i}"), StoredMessage("bot", f"answer {i}")]
    return out


def test_prefix_is_identical_across_packs_loads_and_turns():
    a = PromptBuilder(load_pack("pastashop"))
    b = PromptBuilder(load_pack("pastashop"))
    assert a.prefix == b.prefix
    first = a.messages([], "hi", [])
    later = a.messages(said(6), "and then?", [])
    assert first[0] == later[0]
    assert "Behaviour rules" in a.prefix  # the rules the bot follows are in its prompt...


def test_each_call_extends_the_previous_one_within_a_block():
    builder = PromptBuilder(load_pack("gadgetstore"), PromptSettings(history_messages=6))
    chat = builder.messages(said(8), "next", [], total=8)  # blocks of 6: 8 messages all still in
    assert [m["content"] for m in chat[1:3]] == ["customer: question 0", 'echo $ "answer 0"\necho $ "evaluation: safe"']
    # two more messages later the window has not moved, so the old call is a prefix of the new one
    longer = builder.messages(said(10), "after", [], total=10)
    assert longer[: len(chat) - 1] == chat[:-1]
    # one block further it jumps, once
    jumped = builder.messages(said(12), "x", [], total=12)
    assert jumped[1]["content"] == "customer: question 3"
    assert len(jumped) == 1 + 6 + 1


def test_backstage_steps_follow_the_customer_message():
    builder = PromptBuilder(load_pack("pastashop"))
    chat = builder.messages([], "where is my order?", [("python order_status.py --help", "usage: ...")])
    assert [m["role"] for m in chat] == ["system", "user", "assistant", "user"]
    assert chat[-1]["content"] == "usage: ..."
