"""The web chat widget: one script tag on a shop's page, served by csbot on aiohttp."""
from adapters.web.app import make_app
from adapters.web.server import WebChat
from adapters.web.sessions import SessionTokens

__all__ = ["WebChat", "SessionTokens", "make_app"]
