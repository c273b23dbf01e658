"""Behind a reverse proxy each customer has their own limits; nobody else can pick an address."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.web import make_app
from adapters.web.client_address import ClientAddress
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel

ORIGIN = "https://shop.example"


def test_forwarded_headers_are_believed_from_a_trusted_proxy_only() -> None:
    behind_caddy = ClientAddress(["10.89.24.10"])
    assert behind_caddy.key("10.89.24.10", {"X-Real-IP": "203.0.113.7"}) == "203.0.113.7"
    assert behind_caddy.key("198.51.100.9", {"X-Real-IP": "203.0.113.7"}) == "198.51.100.9"
    assert ClientAddress().key("10.89.24.10", {"X-Real-IP": "203.0.113.7"}) == "10.89.24.10"


def test_x_forwarded_for_names_the_right_most_hop_that_is_not_a_proxy() -> None:
    proxies = ClientAddress(["10.0.0.0/8"])
    spoofed = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7, 10.0.0.5"}
    assert proxies.key("10.0.0.1", spoofed) == "203.0.113.7"
    assert proxies.key("10.0.0.1", {"X-Forwarded-For": "203.0.113.7, garbage"}) == "10.0.0.1"


def test_ipv6_clients_are_keyed_by_their_64() -> None:
    clients = ClientAddress(["::1"])
    one = clients.key("2001:db8:1:2::1", {})
    assert one == clients.key("2001:db8:1:2:ffff:eeee:dddd:cccc", {}) == "2001:db8:1:2::/64"
    assert one != clients.key("2001:db8:1:3::1", {})
    assert clients.key("::1", {"X-Real-IP": "2001:db8:9:9::7"}) == "2001:db8:9:9::/64"


def test_a_wrong_proxy_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="trusted_proxies"):
        ClientAddress(["caddy"])


@pytest.fixture
async def hub():
    async with build_hub("pastashop", ScriptedModel([])) as hub:
        yield hub


async def sessions_from_65_customers(hub, trusted: list[str]) -> list[int]:
    client = TestClient(TestServer(make_app(hub, allowed_origins=[ORIGIN], per_address_rate=(60, 60.0),
                                            trusted_proxies=trusted), host="127.0.0.1"))
    await client.start_server()
    try:
        statuses = []
        for n in range(65):
            response = await client.post("/session", headers={"Origin": ORIGIN, "X-Real-IP": f"203.0.113.{n + 1}"})
            statuses.append(response.status)
        return statuses
    finally:
        await client.close()


async def test_65_customers_behind_the_proxy_are_not_one_address(hub) -> None:
    assert set(await sessions_from_65_customers(hub, trusted=["127.0.0.1"])) == {200}


async def test_a_client_that_is_not_the_proxy_cannot_pick_its_address(hub) -> None:
    statuses = await sessions_from_65_customers(hub, trusted=[])
    assert statuses.count(429) == 5
