"""The staff desk's board on Slack: cards are channel messages, their threads carry the conversation."""
from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.escalation import Card
from adapters.slack.cards import card_blocks
from adapters.slack.translate import delivery_error, escape


class SlackBoard:
    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        self.client = client
        self.channel = channel

    async def post_card(self, card: Card) -> dict:
        try:
            response = await self.client.chat_postMessage(
                channel=self.channel, text=escape(card.as_text()), blocks=card_blocks(card)
            )
        except Exception as error:
            raise delivery_error(error) from error
        # "thread" is what staff replies arrive with (their thread_ts): the desk looks cards up by it.
        return {"channel": response["channel"], "ts": response["ts"], "thread": response["ts"]}

    async def update_card(self, ref: dict, card: Card) -> None:
        try:
            await self.client.chat_update(
                channel=ref["channel"], ts=ref["ts"], text=escape(card.as_text()), blocks=card_blocks(card)
            )
        except Exception as error:
            raise delivery_error(error) from error

    async def post_in_thread(self, ref: dict, text: str, *, broadcast: bool = False) -> None:
        # Thread posts carry customer words (relays, names): escaped, so they cannot ping or disguise links.
        extra = {"reply_broadcast": True} if broadcast else {}
        try:
            await self.client.chat_postMessage(channel=ref["channel"], thread_ts=ref["thread"], text=escape(text), **extra)
        except Exception as error:
            raise delivery_error(error) from error

    async def bump(self, ref: dict, text: str) -> None:
        """A reminder in the card's thread, also shown in the channel so nobody misses it."""
        await self.post_in_thread(ref, text, broadcast=True)
