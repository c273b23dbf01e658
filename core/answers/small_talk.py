"""Greetings, thanks and goodbyes: a message made only of them is no question for the document.

"hi", "ciao!", "grazie mille", "Danke schön", "thanks a lot :)" get the shop's own words (its
welcome, or its thanks reply) in the customer's language, never "the shop's information does not
say that". A message with anything else in it ("hi, how much is shipping?") is a question.
"""
from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


_KINDS: dict[SmallTalk, frozenset[str]] = {
    SmallTalk.GREETING: frozenset(
        "hi hello hey hiya howdy morning evening afternoon ciao salve buongiorno buonasera buondi hallo moin "
        "servus gruezi gruss grussgott tag morgen abend".split()
    ),
    SmallTalk.THANKS: frozenset(
        "thanks thank thx ty cheers grazie mille tante ringrazio danke dankeschon vielen dank merci".split()
    ),
    SmallTalk.GOODBYE: frozenset(
        "bye goodbye cya arrivederci addio tschuss tschau wiedersehen ciaociao".split()
    ),
}
# Words that may stand beside them without making a question.
_FILLER = frozenset(
    "a again all also and anyway there you so much very lot lots guys everyone folks ok okay great perfect "
    "good nice cool super perfetto bene ottimo ok va benissimo di nuovo tutti ragazzi e ancora molto davvero "
    "gut sehr schon schön super alles klar prima nochmal auch und ihr euch sie good day guten gute "
    "to for your the help".split()
)
_WORD = re.compile(r"[a-z]+")


def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk when the message is nothing else; None for anything with content."""
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    words = _WORD.findall(plain)
    if not words or len(words) > 8 or any(ch.isdigit() for ch in plain):
        return None
    found = [kind for word in words for kind, vocabulary in _KINDS.items() if word in vocabulary]
    if not found or any(w not in _FILLER and not any(w in v for v in _KINDS.values()) for w in words):
        return None
    # "thanks, bye" is thanks; "hi" with "thanks" is thanks too: the customer is closing.
    for kind in (SmallTalk.THANKS, SmallTalk.GOODBYE, SmallTalk.GREETING):
        if kind in found:
            return kind
    return None
