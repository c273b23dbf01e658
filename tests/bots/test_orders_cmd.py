"""`csbot orders check`: the README's WooCommerce steps, run against the fake shop."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from bots.config import ConfigError, load_config
from bots.orders_cmd import orders_check
from bots.orders_source import order_source, timeout_setting
from core.shop.orders import MemoryOrderBook
from core.shop.pack import load_pack
from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order


def console() -> Console:
    return Console(file=io.StringIO(), width=200, color_system=None, highlight=False)


@pytest.fixture
async def shop(tmp_path: Path):
    fake = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40")})
    await fake.start(str(tmp_path))
    yield fake
    await fake.stop()


def settings(tmp_path: Path, shop: FakeWooCommerce) -> Path:
    path = tmp_path / "csbot.toml"
    path.write_text(f'[orders]\nsource = "woocommerce"\nurl = "{shop.url}"\nverify_tls = "{shop.ca_path}"\n')
    return path


async def test_the_dry_run_reads_one_order_and_changes_nothing(tmp_path: Path, shop) -> None:
    env = {"CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": shop.secret}
    config, out = load_config(settings(tmp_path, shop), env), console()
    assert await orders_check(config, out, "1042") == 0
    shown = out.file.getvalue()
    assert "reachable: 1 orders readable" in shown and "order 1042: processing · 2 x Pesto alla Genovese DOP" in shown
    assert "total 31.40 EUR · paid 31.40 EUR · refunded 0.00 EUR" in shown and "nothing was changed" in shown
    assert {r.method for r in shop.requests} == {"GET"}
    assert shop.secret not in shown


async def test_wrong_keys_fail_in_one_line_and_missing_keys_name_the_variables(tmp_path: Path, shop) -> None:
    env = {"CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": "cs_wrong"}
    out = console()
    assert await orders_check(load_config(settings(tmp_path, shop), env), out, "1042") == 1
    assert "not reachable: GET orders answered 401 woocommerce_rest_cannot_view" in out.file.getvalue()
    with pytest.raises(ConfigError, match="CSBOT_WOOCOMMERCE_KEY and CSBOT_WOOCOMMERCE_SECRET"):
        await orders_check(load_config(settings(tmp_path, shop), {}), console())


async def test_the_pack_source_reads_its_own_orders(tmp_path: Path) -> None:
    path = tmp_path / "csbot.toml"
    path.write_text('pack = "gadgetstore"\n')
    out = console()
    assert await orders_check(load_config(path, {}), out, "NW-20577") == 0
    assert "order NW-20577: shipped" in out.file.getvalue() and "UPS 1Z999AA10123459999" in out.file.getvalue()


@pytest.mark.parametrize(("settings", "env", "said"), [
    ({"source": "shopify"}, {}, "use one of pack, woocommerce, http, simulated"),
    ({"source": "woocommerce"}, {}, "needs url ="),
    ({"source": "woocommerce", "url": "http://shop.example"},
     {"CSBOT_WOOCOMMERCE_KEY": "ck_1", "CSBOT_WOOCOMMERCE_SECRET": "cs_1"}, "needs https://"),
    ({"source": "http", "url": "https://orders.example"}, {}, "needs CSBOT_ORDERS_TOKEN"),
    ({"source": "http", "url": "http://orders.example"}, {"CSBOT_ORDERS_TOKEN": "t0ken"}, "use https://"),
    ({"source": "pack", "timeout": 30}, {}, "at most 9 seconds"),
])
def test_a_wrong_orders_setting_is_one_line_naming_it(settings: dict, env: dict, said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        timeout_setting(settings)
        order_source(load_pack("pastashop"), MemoryOrderBook(), settings, env)


async def test_the_check_shows_the_changes_the_bot_wrote_in_the_store(tmp_path: Path) -> None:
    from decimal import Decimal

    from core.shop.orders import PackOrders
    from core.store import open_store
    from core.store.order_book import order_book

    db, pack = tmp_path / "shop.db", load_pack("pastashop")
    store = open_store(str(db))
    await store.open()
    bots_source = PackOrders(pack.id, pack.orders, order_book(store), pack.currency)  # as bots/orders_source.py builds it
    assert (await bots_source.cancel("3051", "customer asked")).done
    await bots_source.refund("5520", Decimal("24.90"), "approved by staff")
    await store.close()
    path = tmp_path / "csbot.toml"
    path.write_text(f'pack = "pastashop"\ndb = "{db}"\n')
    out = console()
    assert await orders_check(load_config(path, {}), out, "3051") == 0
    assert "order 3051: cancelled" in out.file.getvalue()
    assert await orders_check(load_config(path, {}), out, "5520") == 0
    assert "refunded 24.90 EUR" in out.file.getvalue()


async def test_without_a_database_the_check_says_it_shows_the_file_only(tmp_path: Path) -> None:
    path = tmp_path / "csbot.toml"
    path.write_text(f'pack = "pastashop"\ndb = "{tmp_path / "none.db"}"\n')
    out = console()
    assert await orders_check(load_config(path, {}), out, "3051") == 0
    assert "without the bot's changes" in out.file.getvalue() and "order 3051: processing" in out.file.getvalue()
