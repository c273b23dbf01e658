"""`[orders]` of csbot.toml: which order source the workflows act on.

    [orders]
    source = "pack"          # the pack's orders.csv, changes kept in the database (the default)
           | "woocommerce"   # url = "https://shop.example"; CSBOT_WOOCOMMERCE_KEY / _SECRET
           | "http"          # url = "https://orders.example/csbot"; CSBOT_ORDERS_TOKEN
           | "simulated"     # the programs' declared outcomes, labelled as a demo (csbot eval)
    timeout = 8              # seconds before a customer hears that the order system is unreachable
"""
from __future__ import annotations

from typing import Any

from bots.config import ConfigError
from core.shop.orders.pack_source import PackOrders
from core.shop.orders.source import TIMEOUT, OrderSource
from core.shop.orders.workflow import ShopOrders
from core.shop.pack import KnowledgePack
from core.store.order_book import order_book

SOURCES = ("pack", "woocommerce", "http", "simulated")
KEYS = ("source", "url", "timeout", "query_string_auth", "verify_tls", "auth_header")


def order_source(pack: KnowledgePack, book, settings: dict[str, Any], env: dict[str, str]) -> OrderSource | None:
    """The configured source (None for the simulated programs); a bad setting is a ConfigError."""
    kind = str(settings.get("source", "pack")).strip().lower()
    if kind not in SOURCES:
        raise ConfigError(f"[orders] source = {kind!r}: use one of {', '.join(SOURCES)}")
    if kind == "simulated":
        return None
    if kind == "pack":
        return PackOrders(pack.id, pack.orders, book, pack.currency)
    url = str(settings.get("url", "")).strip()
    if not url:
        raise ConfigError(f"[orders] source = {kind!r} needs url = \"https://...\" (the shop's address)")
    if kind == "woocommerce":
        from adapters.orders.woocommerce import WooCommerceOrders, woocommerce_keys

        key, secret = woocommerce_keys(env)
        return WooCommerceOrders(
            url, key, secret, timeout=_timeout(settings), query_string_auth=bool(settings.get("query_string_auth", False)),
            verify=_verify(settings),
        )
    from adapters.orders.http_json import HttpJsonOrders, http_token

    return HttpJsonOrders(
        url, http_token(env), header=str(settings.get("auth_header", "Authorization")), timeout=_timeout(settings),
        verify=_verify(settings),
    )


def _timeout(settings: dict[str, Any]) -> float:
    try:
        value = float(settings.get("timeout", TIMEOUT))
    except (TypeError, ValueError):
        raise ConfigError(f"[orders] timeout = {settings.get('timeout')!r}: a number of seconds, like 8") from None
    if not 0 < value <= 9:
        raise ConfigError("[orders] timeout must be more than 0 and at most 9 seconds (a customer is waiting)")
    return value


def _verify(settings: dict[str, Any]) -> bool | str:
    """verify_tls = false (never in production), true, or the path of a CA bundle (a test shop)."""
    value = settings.get("verify_tls", True)
    return value if isinstance(value, (bool, str)) else True


def shop_orders(pack: KnowledgePack, store, settings: dict[str, Any] | str | None, env: dict[str, str] | None = None) -> ShopOrders:
    """The engine's order door for an opened store."""
    settings = {"source": settings} if isinstance(settings, str) else dict(settings or {})
    book = order_book(store)
    source = order_source(pack, book, settings, env or {})
    timeout = _timeout(settings) if "timeout" in settings else TIMEOUT
    return ShopOrders(pack, source, book, timeout=timeout)
