"""A document changed on disk reaches a running bot without a restart (another worker's answer from
the owner's page, or an edit by hand), and a document the checker refuses is not used."""
from __future__ import annotations

import shutil

import pytest

from bots.pack_watch import PackWatch
from bots.wiring import build_hub
from core.messages import Address, Inbound
from core.shop.answered import add_answer
from core.shop.pack import PACKS_ROOT

QUESTION = "Is your pasta organic?"
ANSWER = "Yes: all our pasta is made from certified organic durum wheat semolina."


class Silent:
    async def __call__(self, outbound) -> None:
        pass


@pytest.fixture
async def hub(tmp_path):
    folder = tmp_path / "pastashop"
    shutil.copytree(PACKS_ROOT / "pastashop", folder)
    async with build_hub(folder, None, tmp_path / "c.db") as hub:
        hub.register("telegram", Silent())
        yield hub


async def ask(hub, chat: str, text: str) -> str:
    return (await hub.receive(Inbound(Address("telegram", chat), text)))[0].text


async def test_an_answer_written_by_another_process_is_used_after_the_next_look(hub):
    watch = PackWatch(hub)
    assert await watch.run_once() is False  # nothing changed
    assert await ask(hub, "1", QUESTION) != ANSWER
    add_answer(hub.pack.path, QUESTION, ANSWER)  # as the owner's page of another worker does
    assert await watch.run_once() is True
    assert await ask(hub, "2", QUESTION) == ANSWER
    assert await watch.run_once() is False


async def test_a_document_the_checker_refuses_is_not_used(hub, caplog):
    watch = PackWatch(hub)
    assert await watch.run_once() is False  # notes the problems the pack has already
    document = hub.pack.path / "document.md"
    before = hub.pack.document
    document.write_text(document.read_text().replace("## Shipping", "## Spedizioni"))  # a required section gone
    assert await watch.run_once() is False
    assert hub.pack.document == before
    assert "missing section `## Shipping`" in caplog.text
