"""Pure translation between Telegram updates and csbot messages. No I/O here."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update

from adapters.telegram.split import MESSAGE_LIMIT, split_text
from core.answers.markup import to_telegram
from core.messages import Address, Button, Inbound, InboundKind, Outbound, Voice
from core.turn.rating import acknowledgement

CHANNEL = "telegram"
HUMAN_REQUEST = "I want to talk to a person"  # what /human means; triage recognises it
CALLBACK_DATA_LIMIT = 64  # bytes, Bot API limit for callback_data
CALLBACK_ANSWER_LIMIT = 200  # characters of answerCallbackQuery's text
LocalCommand = Literal["start", "help"]

# Message attributes that carry something other than text.
_MEDIA = (
    "photo", "sticker", "voice", "video_note", "video", "animation", "audio", "document",
    "location", "venue", "contact", "poll", "dice",
)
_GROUPS = ("group", "supergroup")
# The fields of a message `plain_inbound` reads as a whole; any other field (entities, a topic,
# a reply, media, a forward...) sends the update through PTB's Update and `to_inbound`.
_PLAIN_KEYS = frozenset({"message_id", "date", "chat", "from", "text", "edit_date", "link_preview_options"})
# A sign that core.answers.markup.parse could change the text (inline marks, links, headings,
# tables, fences, or a bullet or rule at a line's start); a reply without any is sent as it is,
# without parsing it for entities.
_MARKUP_SIGNS = re.compile(r"[`*_\[#|]|^\s*[-+]", re.M)


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """Who the bot is, from getMe: needed to see mentions of it and replies to it."""

    id: int
    username: str


@dataclass(frozen=True, slots=True)
class _Command:
    name: str  # lower case, without "/" and "@bot"
    rest: str  # the text after the command
    ours: bool  # False when addressed to another bot (/start@other_bot)


# -- inbound ---------------------------------------------------------------------------------
def to_inbound(update: Update, bot: BotIdentity) -> Inbound | None:
    """The customer turn in `update`, or None when the bot must stay out of it."""
    if update.callback_query is not None:
        return _pressed_button(update, bot)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None  # edits, channel posts, other bots: not customer turns
    text = message.text if message.text is not None else message.caption
    group = message.chat.type in _GROUPS
    if text is None:
        media = next((name for name in _MEDIA if getattr(message, name, None)), None)
        if media is None or (group and not _replies_to_bot(message, bot)):
            return None  # service messages (joins, pins...), or media not meant for the bot
        # No text: the engine answers MEDIA with the pack's text-only reply (and stores "[media]").
        return _inbound(update, message, "", InboundKind.MEDIA)
    command = _command(message, text, bot)
    if command is not None:
        if not command.ours or command.name in ("start", "help"):
            return None  # other bots' commands; start/help are answered by the adapter itself
        if command.name == "human":
            return _inbound(update, message, HUMAN_REQUEST)
        if command.name == "ask":
            return _inbound(update, message, command.rest) if command.rest else None
        if group:
            return None  # unknown commands in a group belong to someone else
        return _inbound(update, message, text)
    if group:
        if _mentions_bot(message, bot):
            text = _without_mention(text, bot).strip()
            return _inbound(update, message, text) if text else None
        if not _replies_to_bot(message, bot):
            return None
    return _inbound(update, message, text)


def plain_inbound(data: dict[str, Any]) -> Inbound | None:
    """The commonest update read from its JSON, as `to_inbound` reads it from PTB's Update: a text
    message without entities from a person in a private chat, no topic, no command. None for
    anything else, which goes through `to_inbound` (decoding an Update costs ~40x this)."""
    message = data.get("message")
    if len(data) != 2 or type(message) is not dict:
        return None
    chat, user, text = message.get("chat"), message.get("from"), message.get("text")
    if type(chat) is not dict or chat.get("type") != "private" or type(user) is not dict or type(text) is not str:
        return None
    if user.get("is_bot") is not False or text.startswith("/") or not _PLAIN_KEYS.issuperset(message):
        return None
    chat_id, user_id, first = chat.get("id"), user.get("id"), user.get("first_name")
    if type(chat_id) is not int or type(user_id) is not int or type(first) is not str or not first:
        return None  # (User.full_name is None without a first name)
    last = user.get("last_name")
    return Inbound(
        address=Address(CHANNEL, str(chat_id), None),
        text=text,
        event_id=str(data["update_id"]),
        user_id=str(user_id),
        user_name=f"{first} {last}" if last else first,  # User.full_name
        kind=InboundKind.TEXT,
    )


def local_command(update: Update, bot: BotIdentity) -> LocalCommand | None:
    """/start or /help addressed to this bot: answered with the pack's welcome or help text."""
    message = update.message
    if message is None or message.text is None:
        return None
    command = _command(message, message.text, bot)
    if command is not None and command.ours and command.name in ("start", "help"):
        return command.name  # type: ignore[return-value]
    return None


def address_of(message: Any) -> Address:
    """The conversation a message belongs to; a forum topic is its own conversation."""
    thread = message.message_thread_id if getattr(message, "is_topic_message", False) else None
    return Address(CHANNEL, str(message.chat.id), str(thread) if thread else None)


def _inbound(update: Update, message: Message, text: str, kind: InboundKind = InboundKind.TEXT) -> Inbound:
    user = message.from_user
    return Inbound(
        address=address_of(message),
        text=text,
        event_id=str(update.update_id),
        user_id=str(user.id) if user else "",
        user_name=user.full_name if user else "",
        kind=kind,
    )


def _pressed_button(update: Update, bot: BotIdentity) -> Inbound | None:
    query = update.callback_query
    if query is None or query.message is None or not query.data:
        return None  # inline-mode buttons have no chat to answer in
    return Inbound(
        address=address_of(query.message),
        text=query.data,
        event_id=str(update.update_id),
        user_id=str(query.from_user.id),
        user_name=query.from_user.full_name,
        kind=InboundKind.BUTTON,
    )


def _command(message: Message, text: str, bot: BotIdentity) -> _Command | None:
    if not text.startswith("/"):
        return None  # a command entity at offset 0 starts with "/": no need to read the entities
    entities = message.entities if message.text is not None else message.caption_entities
    if not any(e.type == MessageEntity.BOT_COMMAND and e.offset == 0 for e in entities):
        return None
    head, _, rest = text.partition(" ")
    name, _, target = head[1:].partition("@")
    ours = not target or target.lower() == bot.username.lower()
    return _Command(name.lower(), rest.strip(), ours)


def _mentions_bot(message: Message, bot: BotIdentity) -> bool:
    parsed = message.parse_entities() if message.text is not None else message.parse_caption_entities()
    for entity, value in parsed.items():
        if entity.type == MessageEntity.MENTION and value[1:].lower() == bot.username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id:
            return True
    return False


def _without_mention(text: str, bot: BotIdentity) -> str:
    return re.sub(rf"@{re.escape(bot.username)}\b", "", text, flags=re.IGNORECASE).replace("  ", " ")


def _replies_to_bot(message: Message, bot: BotIdentity) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot.id


# -- outbound --------------------------------------------------------------------------------
def to_send_calls(outbound: Outbound, sites: Collection[str] = ()) -> list[dict[str, Any]]:
    """Keyword arguments for `Bot.send_message`, one dict per message: long text is split, and
    text goes without parse_mode so a customer's `*`, `_` or `<` can never break a message;
    markdown becomes message entities (a split message goes without them)."""
    text, entities = telegram_text(marked_text(outbound), sites)
    if not text.strip():
        if not outbound.buttons:
            return []
        text, entities = "…", []  # Telegram refuses an empty message; the buttons still need a carrier
    target = _target(outbound.address)
    calls = [{**target, "text": chunk} for chunk in split_text(text, MESSAGE_LIMIT)]
    if entities and len(calls) == 1:
        calls[0]["entities"] = [MessageEntity(**entity) for entity in entities]
    if outbound.buttons:
        calls[-1]["reply_markup"] = keyboard(outbound.buttons)
    return calls


def telegram_text(text: str, sites: Collection[str] = ()) -> tuple[str, list[dict]]:
    """Plain text and message entities; most replies carry no markup and skip the parser. Only a
    link to one of `sites` (the shop's own) becomes a text link; any other shows its address."""
    return to_telegram(text, sites) if _MARKUP_SIGNS.search(text) else (text, [])


def typing_call(address: Address) -> dict[str, Any]:
    """Keyword arguments for `Bot.send_chat_action` while the engine works."""
    return {**_target(address), "action": "typing"}


def marked_text(outbound: Outbound) -> str:
    """The text as the customer reads it: a person, a holding notice or an offline quote is marked."""
    if outbound.voice == Voice.STAFF:
        return f"👤 {outbound.author or 'Staff'} (staff): {outbound.text}"
    if outbound.voice == Voice.HOLDING:
        return f"⏳ {outbound.text}"
    if outbound.voice == Voice.OFFLINE:
        return f"📄 {outbound.text}"
    return outbound.text


def callback_answer(outbounds: list[Outbound], address: Address) -> str:
    """What answerCallbackQuery shows for a pressed rating button: the turn's acknowledgement
    (Voice.RATED, which the sender does not send as a message); Telegram allows 200 characters."""
    return acknowledgement(outbounds, address)[:CALLBACK_ANSWER_LIMIT]


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=fit_callback_data(b.value))] for b in buttons]
    )


def fit_callback_data(value: str) -> str:
    """Cut to 64 bytes of UTF-8 without splitting a character (Telegram refuses longer data)."""
    encoded = value.encode()[:CALLBACK_DATA_LIMIT]
    return encoded.decode(errors="ignore")


def _target(address: Address) -> dict[str, Any]:
    target: dict[str, Any] = {"chat_id": int(address.chat_id)}
    if address.thread:
        target["message_thread_id"] = int(address.thread)
    return target
