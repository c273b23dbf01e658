"""The widget, in a real browser, sends again a message the server could not store."""
from __future__ import annotations

from playwright.async_api import expect

from adapters.web import WebChat
from bots.wiring import build_hub
from core.messages import Address
from tests.faults.failing_store import fail_next_commits
from tests.scenarios.test_web_browser import (  # noqa: F401 - the browser fixture
    StaffDesk, browser, demo_page, gated, open_widget, send,
)


async def test_a_message_the_server_could_not_store_is_sent_again_and_answered_once(browser, gated):  # noqa: F811
    async with build_hub("pastashop", gated.model) as hub:
        hub.register("desk", StaffDesk())
        store = fail_next_commits(hub, failures=2)
        async with WebChat(hub, allowed_origins=[], port=0) as chat:
            page = await demo_page(browser, chat)
            dialog = await open_widget(page)
            log = dialog.get_by_role("log")
            await send(page, "How much is shipping to Milan?")
            await expect(log).to_contain_text("5.90 EUR")  # after two failed commits
            await expect(log.locator(".error")).to_have_count(0)
        assert store.failures == 0
        [(conversation, _)] = await hub.store.list_conversations()
        history = await hub.history(Address("web", conversation.address.chat_id))
        assert [m.text for m in history if m.role == "customer"] == ["How much is shipping to Milan?"]
