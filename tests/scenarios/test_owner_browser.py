"""The owner's page in real Chromium (Debian's, driven by Playwright) beside the widget, offline:
a customer asks what the shop's document does not say, the owner signs in, sees the overview and
the question in the unanswered list, answers it on the page, and the next customer gets the answer."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from adapters.web import WebChat
from adapters.web.owner import OwnerPage, mount
from bots.wiring import build_hub
from core.metrics import parse_period, read_report
from core.metrics.rows import summary
from core.shop.pack import PACKS_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
TIMEOUT_MS = 10_000
PASSWORD = "correct horse battery"
QUESTION = "Is your pasta organic?"
ANSWER = "Yes: all our pasta is made from certified organic durum wheat semolina."


class Desk:
    async def __call__(self, outbound) -> None:
        pass


@pytest.fixture
async def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: the browser tests need it, run `apt-get install chromium`")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def hub(tmp_path):
    folder = tmp_path / "pastashop"
    shutil.copytree(PACKS_ROOT / "pastashop", folder)
    async with build_hub(folder, None, tmp_path / "csbot.db") as hub:  # offline: the answerer answers
        hub.register("desk", Desk())
        yield hub


@pytest.fixture
async def site(hub):
    chat = WebChat(hub, allowed_origins=[], port=0)
    mount(chat.app, OwnerPage(hub, PASSWORD))
    async with chat:
        yield chat


async def ask_in_widget(browser: Browser, site: WebChat, text: str) -> Page:
    page = await (await browser.new_context()).new_page()  # a new customer: a fresh browser profile
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(site.url + "/")
    await page.get_by_role("button", name=re.compile("^Chat with us")).click()
    box = page.get_by_role("textbox", name="Your message")
    await box.fill(text)
    await box.press("Enter")
    await expect(page.get_by_role("log").locator(".message.bot")).to_have_count(2)  # the welcome, then the answer
    return page


async def test_owner_signs_in_answers_an_unanswered_question_and_the_next_customer_gets_it(browser, site, hub, tmp_path):
    first = await ask_in_widget(browser, site, QUESTION)
    await expect(first.get_by_role("log")).not_to_contain_text(ANSWER)
    await ask_in_widget(browser, site, "How much is shipping to Milan?")

    owner = await (await browser.new_context(viewport={"width": 1200, "height": 900})).new_page()
    owner.set_default_timeout(TIMEOUT_MS)
    await owner.goto(site.url + "/owner/")
    await expect(owner.get_by_role("heading", name="Sign in")).to_be_visible()
    await owner.screenshot(path=str(tmp_path / "owner-signin.png"))
    await owner.get_by_label("Password").fill("not the password")
    await owner.get_by_role("button", name="Sign in").click()
    await expect(owner.get_by_role("status")).to_contain_text("Wrong password")
    await owner.get_by_label("Password").fill(PASSWORD)
    await owner.get_by_role("button", name="Sign in").click()

    await expect(owner.get_by_role("heading", name="Overview")).to_be_visible()
    expected = dict(summary(await read_report(hub.store, parse_period("7d"))))
    figures = owner.locator("table.figures")
    for name in ("conversations", "resolved by the bot", "questions it could not answer"):
        await expect(figures.locator("tr", has=owner.locator(f"th:text-is('{name}')")).locator("td")).to_have_text(expected[name])
    assert expected["conversations"] == "2"
    await expect(owner.locator("svg.chart rect")).to_have_count(8)
    await owner.screenshot(path=str(tmp_path / "owner-overview.png"), full_page=True)

    await owner.get_by_role("link", name="Unanswered", exact=True).click()
    await expect(owner.get_by_role("heading", name="Questions the bot could not answer")).to_be_visible()
    example = owner.locator(".example", has_text=QUESTION)
    await expect(example).to_have_count(1)
    await example.get_by_text("Answer this question").click()
    await expect(example.get_by_label("Question (as customers ask it)")).to_have_value(QUESTION)
    await example.get_by_label("Answer (added to the pack's document)").fill(ANSWER)
    await owner.screenshot(path=str(tmp_path / "owner-unanswered.png"), full_page=True)
    await example.get_by_role("button", name="Add to the pack").click()
    await expect(owner.get_by_role("status").first).to_contain_text("is in the pack's answers now")
    await expect(example.get_by_text("Answered in the pack.")).to_be_visible()
    await owner.screenshot(path=str(tmp_path / "owner-answered.png"), full_page=True)

    later = await ask_in_widget(browser, site, "is the pasta organic?")
    await expect(later.get_by_role("log")).to_contain_text(ANSWER)

    await owner.get_by_role("link", name="Conversations").click()
    await owner.get_by_label("search").fill("organic")
    await owner.get_by_role("button", name="Search").click()
    await expect(owner.get_by_role("link", name="transcript")).to_have_count(2)
    await owner.get_by_role("link", name="transcript").first.click()
    await expect(owner.get_by_role("heading", name="Transcript")).to_be_visible()
    await expect(owner.locator(".transcript")).to_contain_text(ANSWER)
    await owner.screenshot(path=str(tmp_path / "owner-transcript.png"), full_page=True)
    for name in ("owner-signin", "owner-overview", "owner-unanswered", "owner-answered", "owner-transcript"):
        assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
