"""The web widget in a real browser: Debian's Chromium driven by Playwright against csbot's server."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, Page, async_playwright, expect

from adapters.web import WebChat
from bots.wiring import build_hub
from core.messages import Outbound
from core.models.scripted import ScriptedModel

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
SHIPPING = (
    'echo $ "Shipping within Italy costs 5.90 EUR, free from 49 EUR, and takes 1-2 working days."\n'
    'echo $ "evaluation: safe"'
)
TIMEOUT_MS = 10_000


class StaffDesk:
    """Stands in for the staff desk's sender: records the cards the hub opens."""

    def __init__(self) -> None:
        self.outbounds: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.outbounds.append(outbound)


class GatedModel:
    """The scripted model behind a gate, so a test can hold the engine mid-turn."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.open.set()
        self.model = ScriptedModel(self._answer)

    async def _answer(self, chat) -> str:
        await self.open.wait()
        return SHIPPING


@pytest.fixture
async def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: the browser tests need it, run `apt-get install chromium`")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
def gated() -> GatedModel:
    return GatedModel()


@pytest.fixture
async def hub(gated):
    async with build_hub("pastashop", gated.model) as hub:
        hub.register("desk", StaffDesk())
        yield hub


@pytest.fixture
async def chat(hub):
    async with WebChat(hub, allowed_origins=[], port=0) as chat:  # only its own demo page may connect
        yield chat


async def demo_page(browser: Browser, chat: WebChat, **context) -> Page:
    page = await (await browser.new_context(**context)).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(chat.url + "/")
    return page


async def open_widget(page: Page):
    await page.get_by_role("button", name=re.compile("^Chat with us")).click()
    dialog = page.get_by_role("dialog", name=re.compile("^Chat with Bottega della Pasta"))
    await expect(dialog).to_be_visible()
    return dialog


async def send(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your message")
    await box.fill(text)
    await box.press("Enter")


async def test_shipping_question_reload_history_and_a_live_staff_reply(browser, chat, hub, tmp_path):
    page = await demo_page(browser, chat, viewport={"width": 1100, "height": 820})
    dialog = await open_widget(page)
    await expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    log = dialog.get_by_role("log")
    await expect(log).to_contain_text(hub.pack.replies.welcome)

    await send(page, "How much is shipping to Milan?")
    await expect(log).to_contain_text("5.90 EUR")

    await page.reload()
    dialog = await open_widget(page)
    log = dialog.get_by_role("log")
    await expect(log).to_contain_text("How much is shipping to Milan?")
    await expect(log).to_contain_text("5.90 EUR")

    await send(page, "I would like to talk to a person please")
    await expect(log).to_contain_text("handing you to our staff")
    escalations = await hub.store.list_escalations(open_only=True)
    assert len(escalations) == 1

    await hub.staff_reply(escalations[0].id, "Maria", "Hello, this is Maria. How can I help you?")
    await expect(log).to_contain_text("Maria · staff")
    await expect(log).to_contain_text("Hello, this is Maria. How can I help you?")

    # Tests write only to temporary folders: docs/widget.png is this picture, copied by hand when
    # the widget's look changes.
    screenshot = tmp_path / "widget.png"
    await page.screenshot(path=str(screenshot), animations="disabled")
    assert screenshot.read_bytes().startswith(b"\x89PNG")

    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_role("button", name=re.compile("^Chat with us"))).to_be_focused()

    # With the panel closed a staff reply still arrives live, counted on the launcher.
    await hub.staff_reply(escalations[0].id, "Maria", "Are you still there?")
    await expect(page.get_by_role("button", name="Chat with us, 1 new")).to_be_visible()
    await page.get_by_role("button", name="Chat with us, 1 new").click()
    await expect(log).to_contain_text("Are you still there?")
    await expect(page.get_by_role("button", name="Chat with us", exact=True)).to_be_visible()


async def test_markup_from_customer_and_staff_shows_as_text(browser, chat, hub):
    page = await demo_page(browser, chat)
    dialog = await open_widget(page)
    log = dialog.get_by_role("log")
    attack = '<img src=x onerror="window.__pwned=1"> <b>shipping</b>?'
    await send(page, attack)
    await expect(log.locator(".message.bot")).to_have_count(2)  # the welcome, then whatever the reply is
    await send(page, "I want to talk to a human")
    await expect(log).to_contain_text("handing you to our staff")
    escalations = await hub.store.list_escalations(open_only=True)
    await hub.staff_reply(escalations[0].id, "Maria", '<script>window.__pwned=2</script><b>bold?</b>')
    await expect(log).to_contain_text("<b>bold?</b>")
    await expect(log).to_contain_text(attack)
    assert await log.locator("img, script, b").count() == 0
    assert await page.evaluate("window.__pwned") is None


async def test_typing_indicator_while_the_engine_works(browser, chat, gated):
    page = await demo_page(browser, chat)
    dialog = await open_widget(page)
    gated.open.clear()
    await send(page, "How much is shipping?")
    typing = dialog.get_by_text("Assistant is typing…")
    await expect(typing).to_be_visible()
    gated.open.set()
    await expect(dialog.get_by_role("log")).to_contain_text("5.90 EUR")
    await expect(typing).to_have_count(0)


async def test_keyboard_only_and_phone_width(browser, chat):
    phone = {"viewport": {"width": 375, "height": 700}, "is_mobile": True, "has_touch": True}
    page = await demo_page(browser, chat, reduced_motion="reduce", **phone)  # no opening animation to measure
    launcher = page.get_by_role("button", name=re.compile("^Chat with us"))
    await launcher.focus()
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    box = await dialog.bounding_box()
    assert box is not None and box["width"] == 375 and box["height"] == 700  # the whole screen on a phone
    await expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    await page.keyboard.type("How much is shipping?")
    await page.keyboard.press("Enter")
    await expect(dialog.get_by_role("log")).to_contain_text("5.90 EUR")
    await page.get_by_role("button", name="Close chat").focus()
    await page.keyboard.press("Enter")
    await expect(dialog).to_be_hidden()
    await expect(launcher).to_be_focused()



class ShopSite:
    """Somebody else's shop page on another origin, embedding the widget with the one line."""

    def __init__(self) -> None:
        self.widget_url = ""  # known once csbot runs; csbot in turn needs this site's origin first
        app = web.Application()
        app.router.add_get("/", self._index)
        self.server = TestServer(app)

    async def start(self) -> str:
        await self.server.start_server()
        return str(self.server.make_url("/")).rstrip("/")

    async def _index(self, request: web.Request) -> web.Response:
        page = f'<!doctype html><title>Other shop</title><h1>Other shop</h1><script src="{self.widget_url}" defer></script>'
        return web.Response(text=page, content_type="text/html")


async def test_embedded_on_a_listed_shop_site_and_refused_on_others(browser, hub):
    listed, unlisted = ShopSite(), ShopSite()
    listed_origin = await listed.start()
    unlisted_origin = await unlisted.start()
    try:
        async with WebChat(hub, allowed_origins=[listed_origin], port=0) as chat:
            listed.widget_url = unlisted.widget_url = chat.url + "/widget.js"
            page = await (await browser.new_context()).new_page()
            page.set_default_timeout(TIMEOUT_MS)

            await page.goto(listed_origin + "/")
            dialog = await open_widget(page)
            await send(page, "How much is shipping?")
            await expect(dialog.get_by_role("log")).to_contain_text("5.90 EUR")

            await page.goto(unlisted_origin + "/")
            await page.get_by_role("button", name=re.compile("^Chat with us")).click()
            dialog = page.get_by_role("dialog")
            await expect(dialog.get_by_role("status").filter(has_text="Reconnecting")).to_be_visible()
            await expect(dialog).to_have_accessible_name("Chat")  # no session: the server never answered
    finally:
        await listed.server.close()
        await unlisted.server.close()


async def test_a_token_the_server_never_issued_is_replaced_by_a_new_conversation(browser, chat, hub):
    page = await demo_page(browser, chat)
    key = f"csbot.web.token:{chat.url}"
    forged = "A" * 22 + "." + "B" * 22
    await page.evaluate("([key, token]) => localStorage.setItem(key, token)", [key, forged])
    await page.reload()
    dialog = await open_widget(page)
    await expect(dialog.get_by_role("log")).to_contain_text(hub.pack.replies.welcome)
    stored = await page.evaluate("(key) => localStorage.getItem(key)", key)
    assert stored and stored != forged
    await expect(dialog.locator(".error")).to_have_count(0)


async def test_markdown_in_a_reply_renders_as_text_nodes_never_html(browser):
    reply = 'echo $ "**Germany**: 9.90 EUR <img src=x onerror=alert(1)> *3-5 days*"\necho $ "evaluation: safe"'
    async with build_hub("pastashop", ScriptedModel([reply])) as hub:
        hub.register("desk", StaffDesk())
        async with WebChat(hub, allowed_origins=[], port=0) as chat:
            page = await demo_page(browser, chat)
            log = (await open_widget(page)).get_by_role("log")
            await send(page, "How much is shipping to Germany?")
            await expect(log.locator("strong", has_text="Germany")).to_be_visible()
            await expect(log.locator("em", has_text="3-5 days")).to_be_visible()
            await expect(log).to_contain_text("<img src=x onerror=alert(1)>")  # shown as text
            assert await log.locator("img").count() == 0
            assert "**" not in await log.inner_text()


async def test_a_long_reply_is_shown_from_its_first_line(browser):
    lines = " ".join("A line of the shipping table." for _ in range(2, 80)) + " The last line."
    reply = f'echo $ "Germany: 9.90 EUR, 3-5 working days. {lines}"\necho $ "evaluation: safe"'
    async with build_hub("pastashop", ScriptedModel([reply])) as hub:
        hub.register("desk", StaffDesk())
        async with WebChat(hub, allowed_origins=[], port=0) as chat:
            page = await demo_page(browser, chat, viewport={"width": 420, "height": 640})
            log = (await open_widget(page)).get_by_role("log")
            await send(page, "How much is shipping to Germany?")
            answer = log.locator(".message.bot", has_text="The last line")
            await expect(answer).to_be_visible()
            top = await answer.evaluate("n => n.getBoundingClientRect().top - n.parentNode.getBoundingClientRect().top")
            assert -1 <= top <= 1  # the first line is at the top of the log, not scrolled past
