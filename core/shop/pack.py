"""A knowledge pack loaded from its folder: the document, resources, programs and settings."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.shop.orders import load_orders
from core.shop.programs import Program


class PackError(Exception):
    """The pack cannot be loaded; `csbot knowledge check` explains every problem."""


@dataclass(frozen=True, slots=True)
class Replies:
    welcome: str = "Hello! How can I help you?"
    help: str = "Ask me about our products, prices, shipping, refunds or your order."
    safety: str = "I am sorry, I do not understand your enquiry. Could you try rephrasing it."
    holding: str = "I am passing you to a member of our team; they will answer here shortly."
    health: str = (
        "Questions about allergies and health need a person: I have passed yours to our team. {label}"
    )
    text_only: str = "Sorry, I can only read text messages. Could you write your question?"
    offline: str = "Our assistant is offline; here is what our shop information says:"
    returned: str = "Our team handed you back to the assistant. How else can I help?"
    too_long: str = "Your message is too long for me. Could you shorten it?"
    too_fast: str = "You are writing faster than I can answer. Please wait a moment; I read your next message then."
    # While staff have the conversation (core/desk/waiting.py); {when} is filled when staff are away.
    waiting: str = "A colleague has your messages and will answer here."
    waiting_closed: str = "A colleague has your messages and will answer here {when}."
    overdue: str = "I am sorry this is taking longer than usual; a colleague has been reminded."
    overdue_back: str = "I am sorry nobody from our team could answer yet; I am back to help in the meantime."
    withdrawn: str = "All right, I am back. How else can I help?"
    # A message that only greets, thanks or says goodbye (core/answers/small_talk.py); a greeting
    # gets the welcome.
    thanks: str = "You are welcome! Is there anything else I can help you with?"
    goodbye: str = "Thank you for writing to us. Goodbye!"
    # Offline mode and workflows asked for in words (core/answers/offline.py):
    more: str = "For more, ask me about “{topic}”."
    ask_which: str = "Which one do you mean? Tell me (for shipping, your country) and I will find its line. It starts like this:"
    ask_order: str = "Could you give me your order number? You find it in the order confirmation e-mail."
    ask_email: str = "Which e-mail address did you place the order with? I check it against the order."
    ask_address: str = "What is the new delivery address? Please write name, street and number, postcode, city and country."
    program_intro: str = ""  # put before a workflow's answer, e.g. to say it is written in English
    # What a customer hears about an order, filled from the order source (core/shop/orders/words.py):
    order_not_found: str = "I could not find an order with the number {order}. Please check the number in your order confirmation e-mail."
    order_pending: str = "Order {order} is waiting for its payment."
    order_processing: str = "Order {order} is being prepared and has not left our warehouse yet. The tracking number comes by e-mail when it leaves."
    order_on_hold: str = "Order {order} is on hold: we are waiting for the payment. It is prepared as soon as the payment arrives."
    order_shipped: str = "Order {order} left our warehouse on {shipped_on} with {carrier}, tracking number {tracking}. Expected delivery: {delivery}."
    order_delivered: str = "Order {order} was delivered ({carrier}, tracking number {tracking})."
    order_cancelled: str = "Order {order} is cancelled."
    order_refunded: str = "Order {order} has been refunded ({refunded})."
    order_failed: str = "The payment of order {order} failed, so the order was not sent."
    order_delivery: str = "{days} after shipping, so between {earliest} and {latest}"
    order_cancel_done: str = "Order {order} is now cancelled."
    order_cancel_refused: str = "Order {order} has already left our warehouse, so it can no longer be cancelled."
    order_address_done: str = "The delivery address of order {order} is now: {address}."
    order_address_refused: str = "Order {order} has already left our warehouse, so its delivery address can no longer be changed."
    order_unverified: str = "No order {order} matches the e-mail address you gave. Please check both in your order confirmation e-mail."
    order_locked: str = "The order details did not match several times, so for your security I have passed you to a colleague, who will check them with you."
    orders_unreachable: str = "I cannot reach our order system right now. Please try again in a few minutes; nothing has been changed."
    refund_issued: str = "Your refund of {amount} for order {order} has been issued to the original payment method."
    refund_pending: str = "Your refund request was approved: a colleague will issue your refund of {amount} for order {order}."
    demo_label: str = "(Demo: this answer is simulated; no real order was looked up or changed.)"
    # Customers' ratings (core/turn/rating.py): the buttons under an answer and after a closed handoff,
    # and the short acknowledgement of a press (Telegram and Discord show it in their own way).
    rate_good: str = "👍 That helped"
    rate_bad: str = "👎 Get more help"
    rate_handoff_good: str = "👍 Well looked after"
    rate_handoff_bad: str = "👎 Not satisfied"
    rated_good: str = "Thank you for your feedback!"
    rated_bad: str = "Thank you for telling us."
    rated_offer: str = "Sorry that did not help. Would you like a colleague to look at your question?"
    rate_person: str = "👤 Talk to a colleague"
    rated_unknown: str = "That rating button does not belong to this conversation."


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    body: str  # the section's text, heading included
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Resource:
    name: str  # file name, e.g. "shipping.txt"
    summary: str  # first line
    text: str
    internal: bool = False


@dataclass(frozen=True, slots=True)
class StaffSettings:
    channel: str = ""
    users: tuple[str, ...] = ()
    answer_within: str = "2h"  # opening hours before a waiting customer is told and the card bumped
    take_back: bool = False  # then: the bot takes the conversation back (true) or staff keep it


@dataclass(frozen=True, slots=True)
class Hours:
    timezone: str = "UTC"
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    open: str = "09:00"
    close: str = "18:00"


@dataclass(frozen=True)
class KnowledgePack:
    id: str  # folder name
    path: Path
    name: str
    language: str
    currency: str
    document: str
    sections: tuple[Section, ...]
    resources: dict[str, Resource]
    programs: dict[str, Program]
    replies: Replies = field(default_factory=Replies)
    staff: StaffSettings = field(default_factory=StaffSettings)
    hours: Hours | None = None
    model: dict = field(default_factory=dict)
    triage_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    orders: dict[str, dict[str, str]] = field(default_factory=dict)  # orders.csv rows by id (the embedded order source)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # [replies.it] and so on
    # The shop's own web sites (`sites = ["https://bottega.example"]`): only a link to one of them
    # may show a label instead of its address (core/answers/markup.py).
    sites: tuple[str, ...] = ()

    def replies_in(self, language: str | None) -> Replies:
        """The replies in `language`; a key the translation lacks stays in the [replies] text."""
        translated = self.translations.get(language or "")
        return replace(self.replies, **translated) if translated else self.replies

    @property
    def public_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.internal)

    @property
    def internal_texts(self) -> list[str]:
        texts = [s.body for s in self.sections if s.internal]
        texts += [r.text for r in self.resources.values() if r.internal]
        return texts


PACKS_ROOT = Path(__file__).resolve().parents[2] / "knowledge"


def resolve_pack_dir(name_or_path: str | Path, root: Path = PACKS_ROOT) -> Path:
    """A pack is named by its folder under knowledge/, or given as a path to its folder."""
    candidate = Path(name_or_path)
    for path in (candidate, root / str(name_or_path)):
        if (path / "pack.toml").is_file():
            return path.resolve()
    known = ", ".join(sorted(p.name for p in root.iterdir() if (p / "pack.toml").is_file())) if root.is_dir() else ""
    raise PackError(f"no knowledge pack '{name_or_path}' (a folder with pack.toml); known packs: {known or 'none'}")


def split_sections(document: str, internal_titles: set[str]) -> tuple[Section, ...]:
    """Split the document on `## ` headings; text before the first heading is the preamble."""
    sections: list[Section] = []
    title, lines = "Introduction", []
    for line in document.splitlines():
        if line.startswith("## "):
            if any(part.strip() for part in lines):
                sections.append(_section(title, lines, internal_titles))
            title, lines = line[3:].strip(), [line]
        else:
            lines.append(line)
    if any(part.strip() for part in lines):
        sections.append(_section(title, lines, internal_titles))
    return tuple(sections)


def _section(title: str, lines: list[str], internal_titles: set[str]) -> Section:
    return Section(title=title, body="\n".join(lines).strip(), internal=title.casefold() in internal_titles)


def load_pack(name_or_path: str | Path, root: Path = PACKS_ROOT) -> KnowledgePack:
    folder = resolve_pack_dir(name_or_path, root)
    try:
        settings = tomllib.loads((folder / "pack.toml").read_text(encoding="utf-8"))
        document = (folder / "document.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackError(f"{folder.name}: {error} (run `csbot knowledge check {folder}`)") from None
    privacy = settings.get("privacy", {})
    internal_titles = {t.casefold() for t in privacy.get("internal_sections", [])}
    internal_resources = set(privacy.get("internal_resources", []))
    resources = {}
    for path in sorted((folder / "resources").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        summary = text.splitlines()[0] if text else ""
        resources[path.name] = Resource(path.name, summary, text, path.name in internal_resources)
    programs = {}
    for path in sorted((folder / "programs").glob("*.json")):
        try:
            program = Program.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as error:
            raise PackError(f"{path}: {error} (run `csbot knowledge check {folder}`)") from None
        programs[program.name] = program
    replies_fields = {k: v for k, v in settings.get("replies", {}).items() if k in Replies.__dataclass_fields__}
    translations = {
        lang: {k: v for k, v in table.items() if k in Replies.__dataclass_fields__ and isinstance(v, str)}
        for lang, table in settings.get("replies", {}).items()
        if isinstance(table, dict)
    }
    staff = settings.get("staff", {})
    hours = settings.get("hours")
    triage = {k: tuple(v) for k, v in settings.get("triage", {}).items() if isinstance(v, list)}
    return KnowledgePack(
        id=folder.name,
        path=folder,
        name=settings.get("name", folder.name),
        language=settings.get("language", "en"),
        currency=settings.get("currency", "EUR"),
        document=document.strip(),
        sections=split_sections(document, internal_titles),
        resources=resources,
        programs=programs,
        replies=Replies(**replies_fields),
        staff=StaffSettings(
            str(staff.get("channel", "")), tuple(str(u) for u in staff.get("users", [])),
            str(staff.get("answer_within", StaffSettings.answer_within)), bool(staff.get("take_back", False)),
        ),
        hours=Hours(**{k: tuple(v) if isinstance(v, list) else v for k, v in hours.items() if k in Hours.__dataclass_fields__}) if hours else None,
        model=dict(settings.get("model", {})),
        triage_terms=triage,
        orders=load_orders(folder),
        translations=translations,
        sites=tuple(s for s in settings.get("sites", []) if isinstance(s, str)) if isinstance(settings.get("sites"), list) else (),
    )


