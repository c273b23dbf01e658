"""Whom a request comes from, for the per-address limits: the peer, or behind a trusted reverse
proxy the address the proxy forwards.

Behind Caddy every request's peer is Caddy, so keying on the peer would put all customers in
one bucket. The forwarded headers are believed only from a configured proxy address (anyone
else could write them), and an IPv6 client is keyed by its /64: one home or phone gets a whole
/64 and can change the rest at will.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Collection, Mapping

IPv6_PREFIX = 64
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ClientAddress:
    def __init__(self, trusted_proxies: Collection[str] = ()) -> None:
        self._proxies: list[Network] = []
        for proxy in trusted_proxies:
            try:
                self._proxies.append(ipaddress.ip_network(str(proxy).strip(), strict=False))
            except ValueError:
                raise ValueError(f"[web] trusted_proxies: {proxy!r} is not an IP address or network") from None

    def key(self, peer: str | None, headers: Mapping[str, str]) -> str:
        """The rate-limit key of a request from `peer` with these headers."""
        client = _ip(peer)
        if client is None:
            return peer or "unknown"
        if self._trusted(client):
            client = self._forwarded(headers) or client
        return _bucket(client)

    def _trusted(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in self._proxies)

    def _forwarded(self, headers: Mapping[str, str]) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        # X-Real-IP is set whole by the proxy (Caddy: header_up X-Real-IP {remote_host}).
        if real := _ip(headers.get("X-Real-IP")):
            return real
        # X-Forwarded-For grows left to right: the right-most hop not one of ours is the client.
        hops = [_ip(hop) for hop in headers.get("X-Forwarded-For", "").split(",")]
        for hop in reversed(hops):
            if hop is None:
                return None  # a hop we cannot read: believe nothing left of it
            if not self._trusted(hop):
                return hop
        return None


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _bucket(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPv6_PREFIX), strict=False))
    return str(address)
