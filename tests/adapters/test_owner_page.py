"""The owner's page over HTTP (aiohttp's test client) against a real hub, engine and SQLite store:
sign-in, the cookie, CSRF, the sign-in limit, masking, escaping, answering a question into the pack,
and every figure equal to the query layer's for the same period."""
from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.web.owner import OwnerPage, mount
from adapters.web.owner.auth import COOKIE
from bots.wiring import build_hub
from core.messages import Address, Inbound
from core.metrics import parse_period, read_report
from core.metrics.rows import summary
from core.shop.pack import PACKS_ROOT

PASSWORD = "correct horse battery"
ORGANIC = "Is your pasta organic?"
ORGANIC_ANSWER = "Yes: all our pasta is made from certified organic durum wheat semolina."
HOSTILE = '<script>alert("x")</script> mario.rossi@example.com +39 333 123 4567'


class Desk:
    async def __call__(self, outbound) -> None:
        pass


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    folder = tmp_path / "pastashop"
    shutil.copytree(PACKS_ROOT / "pastashop", folder)
    return folder


@pytest.fixture
async def hub(pack_dir, tmp_path):
    async with build_hub(pack_dir, None, tmp_path / "csbot.db") as hub:  # offline answerer: no model
        hub.register("desk", Desk())
        hub.register("telegram", Desk())
        yield hub


async def say(hub, chat: str, text: str, name: str = "Ann"):
    return await hub.receive(Inbound(Address("telegram", chat), text, user_name=name))


def page_client(hub, password: str | None = PASSWORD, **options) -> TestClient:
    app = web.Application()
    mount(app, OwnerPage(hub, password, **options))
    return TestClient(TestServer(app))


@pytest.fixture
async def client(hub):
    async with page_client(hub) as client:
        yield client


async def sign_in(client: TestClient, password: str = PASSWORD):
    return await client.post("/owner/signin", data={"password": password}, allow_redirects=False)


async def csrf_of(client: TestClient, path: str = "/owner/") -> str:
    text = await (await client.get(path)).text()
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


async def test_no_page_without_sign_in(client):
    for path in ("/owner/", "/owner/unanswered", "/owner/conversations", "/owner/escalations",
                 "/owner/export/ratings.csv", "/owner/nothing-here"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/owner/signin", path
    assert (await client.post("/owner/answer", data={"question": "q", "answer": "a"}, allow_redirects=False)).status == 303


async def test_without_the_password_variable_the_page_says_how_to_enable_it(hub):
    async with page_client(hub, None) as client:
        for path in ("/owner/", "/owner/signin", "/owner/conversations"):
            response = await client.get(path, allow_redirects=False)
            assert response.status == 503
            assert "CSBOT_OWNER_PASSWORD" in await response.text()
        assert (await sign_in(client)).status == 503


async def test_sign_in_sets_a_strict_http_only_cookie(client):
    assert (await sign_in(client, "wrong password")).status == 403
    response = await sign_in(client)
    assert response.status == 303
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/owner"
    assert not cookie["secure"]  # plain http on loopback
    assert (await client.get("/owner/")).status == 200
    assert "Content-Security-Policy" in (await client.get("/owner/")).headers


async def test_the_cookie_is_secure_behind_a_trusted_tls_proxy(hub):
    async with page_client(hub, trusted_proxies=["127.0.0.1"]) as client:
        response = await client.post("/owner/signin", data={"password": PASSWORD}, allow_redirects=False,
                                     headers={"X-Forwarded-Proto": "https"})
        assert response.cookies[COOKIE]["secure"]
    async with page_client(hub) as client:  # the same header from an untrusted peer is ignored
        response = await client.post("/owner/signin", data={"password": PASSWORD}, allow_redirects=False,
                                     headers={"X-Forwarded-Proto": "https"})
        assert not response.cookies[COOKIE]["secure"]


async def test_sign_in_is_rate_limited_per_address(hub):
    async with page_client(hub, sign_in_rate=(3, 300.0)) as client:
        statuses = [(await sign_in(client, f"guess {n}")).status for n in range(3)]
        assert statuses == [403, 403, 403]
        limited = await sign_in(client)  # even the right password waits now
        assert limited.status == 429 and int(limited.headers["Retry-After"]) > 0
        assert COOKIE not in limited.cookies


async def test_writes_without_the_csrf_token_are_refused(client, pack_dir):
    await sign_in(client)
    before = (pack_dir / "document.md").read_text()
    for data in ({"question": ORGANIC, "answer": ORGANIC_ANSWER},
                 {"question": ORGANIC, "answer": ORGANIC_ANSWER, "csrf": "forged"}):
        assert (await client.post("/owner/answer", data=data, allow_redirects=False)).status == 403
    token = await csrf_of(client)
    cross_site = await client.post("/owner/answer", data={"question": ORGANIC, "answer": ORGANIC_ANSWER, "csrf": token},
                                   headers={"Origin": "https://evil.example"}, allow_redirects=False)
    assert cross_site.status == 403
    assert (pack_dir / "document.md").read_text() == before
    signed_out = await client.post("/owner/signout", data={"csrf": token}, allow_redirects=False)
    assert signed_out.status == 303
    assert (await client.get("/owner/", allow_redirects=False)).status == 303


async def test_lists_mask_contact_details_and_escape_customer_text(client, hub):
    await say(hub, "4242", HOSTILE, name='<img src=x onerror="alert(1)">')
    await sign_in(client)
    listing = await (await client.get("/owner/conversations")).text()
    assert "<script>" not in listing and "<img src=x" not in listing
    assert "&lt;img src=x" in listing
    conversation_id = re.search(r'/owner/conversations/([^"]+)">transcript', listing).group(1)
    transcript = await (await client.get(f"/owner/conversations/{conversation_id}")).text()
    assert "<script>alert" not in transcript and "&lt;script&gt;" in transcript
    assert "mario.rossi@example.com" not in transcript and "333 123 4567" not in transcript
    assert "m\u2022\u2022\u2022@e\u2022\u2022\u2022.com" in transcript and "67" in transcript
    revealed = await (await client.get(f"/owner/conversations/{conversation_id}?reveal=1")).text()
    assert "mario.rossi@example.com" in revealed and "<script>alert" not in revealed
    found = await (await client.get("/owner/conversations", params={"q": "mario.rossi"})).text()
    assert conversation_id in found
    none = await (await client.get("/owner/conversations", params={"q": "100%_nothing"})).text()
    assert conversation_id not in none


async def test_search_by_order_number_and_customer(client, hub):
    await say(hub, "1001", "where is my order 12345?", name="Bea")
    await say(hub, "1002", "do you ship to Austria?", name="Carlo")
    await sign_in(client)
    by_order = await (await client.get("/owner/conversations", params={"q": "12345"})).text()
    by_name = await (await client.get("/owner/conversations", params={"q": "carlo"})).text()
    assert "Bea" in by_order and "Carlo" not in by_order
    assert "Carlo" in by_name and "Bea" not in by_name


async def test_every_figure_on_the_overview_equals_the_query_layer(client, hub):
    await say(hub, "1", "how much is shipping to Germany?")
    await say(hub, "2", ORGANIC)
    await say(hub, "3", "I want to speak to a person")
    await sign_in(client)
    for since in ("7d", "24h"):
        html = await (await client.get("/owner/", params={"since": since})).text()
        expected = summary(await read_report(hub.store, parse_period(since)))
        shown = [(unescape(n), unescape(v)) for n, v in re.findall(r"<tr[^>]*><th>([^<]*)</th><td>([^<]*)</td></tr>", html)]
        assert shown == expected
        assert dict(expected)["conversations"] == "3"
        assert "<svg" in html
    figures = dict(expected)
    assert figures["handed to staff"].startswith("1")


async def test_answering_a_question_reaches_the_next_customer_without_restart(client, hub, pack_dir):
    first = await say(hub, "7", ORGANIC)
    assert ORGANIC_ANSWER not in first[0].text
    await sign_in(client)
    unanswered = await (await client.get("/owner/unanswered")).text()
    assert "Is your pasta organic?" in unanswered
    token = re.search(r'name="csrf" value="([^"]+)"', unanswered).group(1)
    response = await client.post("/owner/answer", data={"csrf": token, "question": ORGANIC, "answer": ORGANIC_ANSWER},
                                 allow_redirects=False)
    assert response.status == 303
    done = await (await client.get(response.headers["Location"])).text()
    assert "is in the pack&#x27;s answers now" in done and "Answered in the pack." in done
    again = await (await client.get(response.headers["Location"])).text()
    assert "answers now" not in again  # said once
    document = (pack_dir / "document.md").read_text()
    assert f"## Questions and answers\n\n### {ORGANIC}\n{ORGANIC_ANSWER}" in document
    second = await say(hub, "8", "is the pasta organic?")
    assert second[0].text == ORGANIC_ANSWER


async def test_an_answer_that_would_break_the_pack_is_refused_with_the_checkers_line(client, hub, pack_dir):
    await sign_in(client)
    token = await csrf_of(client)
    # A second `## Questions and answers` heading typed by hand would be a duplicate section.
    (pack_dir / "document.md").write_text((pack_dir / "document.md").read_text() + "\n## Questions and answers\n\n")
    before = (pack_dir / "document.md").read_text()
    response = await client.post("/owner/answer", data={"csrf": token, "question": ORGANIC, "answer": " "},
                                 allow_redirects=False)
    assert response.status == 303
    page = await (await client.get(response.headers["Location"])).text()
    assert "the answer is empty" in page
    assert (pack_dir / "document.md").read_text() == before


async def test_a_short_password_is_refused_at_start(hub):
    with pytest.raises(ValueError, match="at least 8 characters"):
        OwnerPage(hub, "short")


async def test_the_bare_path_leads_to_the_page(client):
    response = await client.get("/owner", allow_redirects=False)
    assert response.status == 301 and response.headers["Location"] == "/owner/"


async def test_csv_downloads(client, hub):
    await say(hub, "9", "=HYPERLINK(\"http://evil.example\")", name="=cmd|' /C calc'!A0")
    await sign_in(client)
    response = await client.get("/owner/export/conversations.csv", params={"since": "1d"})
    assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]
    text = await response.text()
    assert text.splitlines()[0].startswith("conversation,platform,customer")
    assert "'=cmd" in text
    assert (await client.get("/owner/export/ratings.csv")).status == 200
    assert (await client.get("/owner/export/secrets.txt")).status == 404


async def test_on_sqlite_the_page_reads_through_its_own_read_only_connection(hub):
    page = OwnerPage(hub, PASSWORD)
    app = web.Application()
    mount(app, page)
    async with TestClient(TestServer(app)) as client:
        reader = page.views.reader
        assert reader is not None and reader is not hub.store and reader.read_only
        await say(hub, "5", "how much is shipping to Germany?")
        await sign_in(client)
        assert "how much is shipping to Germany?" in await (await client.get("/owner/conversations")).text()
    assert page.views.reader is None  # closed with the server


async def test_a_customer_is_forgotten_from_the_transcript_page(client, hub):
    await say(hub, "31", "my mail is ann@example.com, where is order 12345?", name="Ann")
    await say(hub, "32", "do you ship to Austria?", name="Carlo")
    await sign_in(client)
    listing = await (await client.get("/owner/conversations")).text()
    ann = re.search(r'/owner/conversations/([^"]+)">transcript', listing.split("Ann")[1]).group(1)
    transcript = await (await client.get(f"/owner/conversations/{ann}")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', transcript).group(1)
    key = re.search(r'name="customer" value="([^"]+)"', transcript).group(1)
    assert key == "telegram:31"
    refused = await client.post("/owner/forget", data={"customer": key}, allow_redirects=False)
    assert refused.status == 403
    response = await client.post("/owner/forget", data={"customer": key, "csrf": token})
    page = await response.text()
    assert "Deleted 1 conversation(s)" in page and "Ann" not in page.split("</form>", 2)[-1] and "Carlo" in page
    assert (await client.get(f"/owner/conversations/{ann}")).status == 404
    assert await hub.store.read("SELECT COUNT(*) FROM messages WHERE text LIKE ?", "%ann@example.com%") == [(0,)]
