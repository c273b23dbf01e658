"""Pure translation between Discord and csbot: a message or a click -> Inbound, an Outbound -> send calls."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import discord

from adapters.discord.views import quick_replies, value_of
from core.messages import Address, Inbound, InboundKind, Outbound, Voice

CHANNEL = "discord"
MESSAGE_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class Post:
    """A Discord message, reduced to what decides whether and where csbot answers it."""

    message_id: str
    channel_id: str
    guild_id: str | None  # None for a direct message
    author_id: str
    author_name: str
    author_is_bot: bool
    content: str
    media: int = 0  # attachments and stickers
    mentions: tuple[str, ...] = ()  # ids of the mentioned users
    role_mentions: tuple[str, ...] = ()  # ids of the mentioned roles (`<@&id>`)
    thread_owner_id: str | None = None  # set when the channel is a thread

    @property
    def in_thread(self) -> bool:
        return self.thread_owner_id is not None


def post_from_message(message: discord.Message) -> Post:
    channel = message.channel
    owner = getattr(channel, "owner_id", None) if isinstance(channel, discord.Thread) else None
    author = message.author
    return Post(
        message_id=str(message.id),
        channel_id=str(channel.id),
        guild_id=str(message.guild.id) if message.guild else None,
        author_id=str(author.id),
        author_name=author.display_name,
        author_is_bot=author.bot,
        content=message.content,
        media=len(message.attachments) + len(message.stickers),
        mentions=tuple(str(user.id) for user in message.mentions),
        role_mentions=tuple(str(role_id) for role_id in message.raw_role_mentions),
        thread_owner_id=str(owner) if owner is not None else None,
    )


def opens_thread(post: Post) -> bool:
    """A guild question outside a thread gets its own thread, started from the message."""
    return post.guild_id is not None and not post.in_thread


def inbound_from_post(
    post: Post, *, bot_id: str, support_channels: Collection[str] = (), bot_roles: Collection[str] = ()
) -> Inbound | None:
    """The customer turn in `post`, or None when csbot should stay out of it.

    DMs are always turns; in a guild: a mention of the bot or of its managed role (Discord's
    autocomplete often offers the role first), any message in a support channel, any message
    in a thread the bot started. Bots (csbot included) never are."""
    if post.author_is_bot or post.author_id == bot_id:
        return None
    if post.guild_id is not None:
        addressed = (
            bot_id in post.mentions
            or any(role in post.role_mentions for role in bot_roles)
            or post.channel_id in {str(c) for c in support_channels}
            or post.thread_owner_id == bot_id
        )
        if not addressed:
            return None
    text = _without_mention(post.content, bot_id, bot_roles)
    if not text and not post.media:
        return None  # nothing to answer (e.g. content blanked for lack of the message-content intent)
    # The thread csbot is about to start from this message will carry the message's id.
    chat_id = post.message_id if opens_thread(post) else post.channel_id
    return Inbound(
        address=Address(channel=CHANNEL, chat_id=chat_id),
        text=text,
        event_id=post.message_id,
        user_id=post.author_id,
        user_name=post.author_name,
        kind=InboundKind.TEXT if text else InboundKind.MEDIA,
    )


def inbound_from_click(
    *, interaction_id: str, channel_id: str, custom_id: str, user_id: str, user_name: str
) -> Inbound | None:
    """A pressed quick-reply button is a customer turn whose text is the button's value."""
    value = value_of(custom_id)
    if value is None:
        return None
    return Inbound(
        address=Address(channel=CHANNEL, chat_id=channel_id),
        text=value,
        event_id=interaction_id,
        user_id=user_id,
        user_name=user_name,
        kind=InboundKind.BUTTON,
    )


def thread_name(text: str) -> str:
    """A readable thread title from the question (Discord allows 100 characters)."""
    line = " ".join(text.split())[:80]
    return line or "Support"


def sends_for(outbound: Outbound) -> list[dict]:
    """Keyword arguments for Messageable.send, one dict per message; buttons go on the last one."""
    chunks = split_text(_marked(outbound))
    sends = [{"content": chunk, "allowed_mentions": discord.AllowedMentions.none()} for chunk in chunks]
    if outbound.buttons:
        sends[-1]["view"] = quick_replies(outbound.buttons)
    return sends


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split on paragraph, then line, then sentence, then word boundaries; cut only a word longer than `limit`."""
    text = text.strip()
    if not text:
        return ["…"]  # Discord refuses an empty message
    chunks: list[str] = []
    while len(text) > limit:
        cut = _cut_point(text, limit)
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    chunks.append(text)
    return chunks


_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?…])\s+"), re.compile(r"\s+"))


def _cut_point(text: str, limit: int) -> int:
    """The last boundary before the limit, preferring coarse ones only while they keep the
    message at least half full: a heading's newline must not leave a one-line first message."""
    window = text[: limit + 1]
    latest = 0
    for boundary in _BOUNDARIES:
        ends = [m.start() for m in boundary.finditer(window) if 0 < m.start() <= limit]
        if ends and ends[-1] >= limit // 2:
            return ends[-1]
        latest = max([latest, *ends])
    return latest or limit


def _marked(outbound: Outbound) -> str:
    """Say who speaks, so a customer can tell a person or a quoted fallback from the assistant."""
    text = outbound.text
    if outbound.voice is Voice.STAFF:
        name = discord.utils.escape_markdown(outbound.author or "Staff")
        return f"**{name}** (staff)\n{text}"
    if outbound.voice is Voice.HOLDING:
        return f"⏳ {text}"
    if outbound.voice is Voice.OFFLINE:
        return f"{text}\n-# Quoted from our documentation: the assistant is offline right now."
    return text


def _without_mention(content: str, bot_id: str, bot_roles: Collection[str] = ()) -> str:
    ids = "|".join(re.escape(i) for i in (bot_id, *bot_roles))
    return re.sub(rf"<@[!&]?(?:{ids})>", " ", content).strip()
