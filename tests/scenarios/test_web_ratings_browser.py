"""The widget's two rating buttons in real Chromium: pressed, changed, and stored."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from adapters.web import WebChat
from bots.wiring import build_hub
from tests.scenarios.test_web_browser import StaffDesk, browser, demo_page, open_widget, send  # noqa: F401


@pytest.fixture
async def hub():
    async with build_hub("pastashop", None) as hub:
        hub.register("desk", StaffDesk())
        yield hub


@pytest.fixture
async def chat(hub):
    async with WebChat(hub, allowed_origins=[], port=0) as chat:
        yield chat


async def test_the_widget_rates_an_answer_and_changes_the_rating(browser, chat, hub, tmp_path):  # noqa: F811
    page = await demo_page(browser, chat, viewport={"width": 1100, "height": 820})
    dialog = await open_widget(page)
    log = dialog.get_by_role("log")
    await send(page, "how much is shipping to germany?")
    helped = log.get_by_role("button", name="👍 That helped")
    more = log.get_by_role("button", name="👎 Get more help")
    await expect(helped).to_be_visible()

    await helped.click()
    await expect(log).to_contain_text("Thank you for your feedback!")
    await expect(helped).to_have_attribute("aria-pressed", "true")
    await expect(more).to_be_enabled()  # pressable again: a rating can be changed
    [(value,)] = await hub.store.read("SELECT value FROM ratings")
    assert value == "good"

    await more.click()
    await expect(log).to_contain_text("Would you like a colleague")
    await expect(more).to_have_attribute("aria-pressed", "true")
    await expect(helped).to_have_attribute("aria-pressed", "false")
    [(value,)] = await hub.store.read("SELECT value FROM ratings")
    assert value == "bad"
    await expect(log.get_by_role("button", name="👤 Talk to a colleague")).to_be_visible()
    await page.screenshot(path=str(tmp_path / "widget-rating.png"))
