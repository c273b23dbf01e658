"""`[orders]` of csbot.toml: which order source the workflows act on.

    [orders]
    source = "pack"          # the pack's orders.csv, changes kept in the database (the default)
           | "woocommerce"   # url = "https://shop.example"; CSBOT_WOOCOMMERCE_KEY / _SECRET
           | "http"          # url = "https://orders.example/csbot"; CSBOT_ORDERS_TOKEN
           | "simulated"     # the programs' declared outcomes, labelled as a demo (csbot eval)
    timeout = 8              # seconds before a customer hears that the order system is unreachable
    query_string_auth = false   # WooCommerce: keys as query parameters, for hosts that strip the header
    verify_tls = "/path/ca.pem" # trust this CA for the shop's certificate (own CA); the check stays on
    auth_header = "X-Api-Key"   # http: send CSBOT_ORDERS_TOKEN in this header (default Authorization: Bearer)
"""
from __future__ import annotations

import ssl
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
        from adapters.orders.woocommerce import KEY_VARIABLE, SECRET_VARIABLE, WooCommerceError, WooCommerceOrders

        key, secret = _secret(env, KEY_VARIABLE), _secret(env, SECRET_VARIABLE)
        if not key or not secret:
            raise ConfigError(
                f"[orders] source = \"woocommerce\" needs {KEY_VARIABLE} and {SECRET_VARIABLE} in the environment "
                "(WooCommerce -> Settings -> Advanced -> REST API -> Add key, permission Read/Write)"
            )
        try:
            return WooCommerceOrders(
                url, key, secret, timeout=timeout_setting(settings),
                query_string_auth=bool(settings.get("query_string_auth", False)), verify=_verify(settings),
            )
        except WooCommerceError as error:
            raise ConfigError(str(error)) from None
    from adapters.orders.http_json import TOKEN_VARIABLE, HttpJsonOrders

    token = _secret(env, TOKEN_VARIABLE)
    if not token:
        raise ConfigError(f"[orders] source = \"http\" needs {TOKEN_VARIABLE} in the environment (the order system's token)")
    if not url.startswith("https://") and not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise ConfigError(f"[orders] url = {url!r}: use https:// (the token would travel in clear)")
    return HttpJsonOrders(
        url, token, header=str(settings.get("auth_header", "Authorization")), timeout=timeout_setting(settings),
        verify=_verify(settings),
    )


def _secret(env: dict[str, str], name: str) -> str:
    return str(env.get(name, "")).strip()


def timeout_setting(settings: dict[str, Any]) -> float:
    try:
        value = float(settings.get("timeout", TIMEOUT))
    except (TypeError, ValueError):
        raise ConfigError(f"[orders] timeout = {settings.get('timeout')!r}: a number of seconds, like 8") from None
    if not 0 < value <= 9:
        raise ConfigError("[orders] timeout must be more than 0 and at most 9 seconds (a customer is waiting)")
    return value


def _verify(settings: dict[str, Any]) -> bool | ssl.SSLContext:
    """verify_tls = true (the default), or the path of a CA certificate to trust (a shop with its
    own CA, or the test shop); there is no way to turn the check off."""
    value = settings.get("verify_tls", True)
    if isinstance(value, str) and value.strip():
        try:
            return ssl.create_default_context(cafile=value.strip())
        except (OSError, ssl.SSLError) as error:
            raise ConfigError(f"[orders] verify_tls = {value!r}: cannot read it as a CA certificate ({error})") from None
    return True


def shop_orders(pack: KnowledgePack, store, settings: dict[str, Any] | str | None, env: dict[str, str] | None = None) -> ShopOrders:
    """The engine's order door for an opened store."""
    settings = {"source": settings} if isinstance(settings, str) else dict(settings or {})
    book = order_book(store)
    source = order_source(pack, book, settings, env or {})
    return ShopOrders(pack, source, book, timeout=timeout_setting(settings))
