"""A yes/no question when the triage cannot tell a refund request from a policy question.

"Can I get a refund if the jar arrived open?" may want money back or only the rule.
When the classifier is torn (TriageVerdict.unsure) and a model answers, the engine asks
"Shall I pass your refund request for order 1042 to a colleague?" and marks the
conversation `ASKING`; the next message is read as the answer: yes hands the
original message to staff as a refund, no answers it normally, anything else is a
new message. The state rides on the conversation (stored like "handoff").
"""
from __future__ import annotations

import re

from core.store.base import StoredMessage

ASKING = "asking:refund"

_QUESTION = {
    "en": ("Shall I pass your refund request{order} to a colleague? (yes/no)", " for order {}"),
    "it": ("Vuoi che passi la tua richiesta di rimborso{order} a un collega? (sì/no)", " per l'ordine {}"),
    "de": ("Soll ich Ihre Erstattungsanfrage{order} an eine Kollegin oder einen Kollegen weitergeben? (ja/nein)", " zur Bestellung {}"),
}
_ORDER = re.compile(r"(?<![\w.,])#?(\d{3,10})(?![\w.,]\d)")
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|y|sure|please|ok|okay|of course|please do|go ahead|si|sì|certo|va bene|per favore|ja|jawohl|gerne|bitte|klar)\b",
    re.IGNORECASE,
)
_NO = re.compile(r"^(?:no|nope|n|not really|no thanks|no grazie|nein|nee|nein danke|just asking|solo una domanda|nur eine frage)\b", re.IGNORECASE)


_COMMON = {
    "en": {"i", "my", "the", "a", "is", "it", "for", "can", "if", "you", "do", "get", "back", "money", "order"},
    "it": {"il", "la", "mio", "mia", "per", "di", "che", "posso", "se", "un", "una", "è", "e", "ordine", "soldi"},
    "de": {"ich", "mein", "meine", "die", "der", "das", "und", "ist", "kann", "für", "wenn", "bitte", "geld", "bestellung"},
}


def language_of(text: str, default: str) -> str:
    """The customer's language among the three the question is written in (the pack's when unclear)."""
    tokens = re.findall(r"\w+", text.casefold())
    counts = {lang: sum(t in common for t in tokens) for lang, common in _COMMON.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > sorted(counts.values())[-2] else default


def question(text: str, language: str) -> str:
    """The question in the customer's language (`language`: the pack's, used when unclear)."""
    template, order_part = _QUESTION.get(language_of(text, language), _QUESTION["en"])
    order = _ORDER.search(text)
    return template.format(order=order_part.format(order.group(1)) if order else "")


def answer(text: str) -> str | None:
    """"yes", "no", or None when the message is not an answer to the question."""
    stripped = text.strip().strip("!.,;").strip()
    if _NO.match(stripped):
        return "no"
    if _YES.match(stripped):
        return "yes"
    return None


def asked_about(history: list[StoredMessage]) -> str | None:
    """The customer message the pending question was about: the last one before the question."""
    for message in reversed(history):
        if message.role == "customer":
            return message.text
    return None
