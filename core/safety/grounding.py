"""The grounding screen: a model's reply states only what the shop said.

Every price, amount, percentage, duration, date, time, measure, product code, country, e-mail
and URL in a reply must be in the pack (document and resources) or in this turn's program
output, after normalising (`core.safety.figures`: 9,90 = 9.90 EUR = €9.90, "three days" =
3 days, ranges). A figure is also tied to what the sentence talks about: when a sentence names
a product or a place the pack knows, the figure must stand on a line of the pack about that
product or place ("Shipping to Germany costs 13.90 EUR" fails: 13.90 EUR is on another row).
An empty reply, a template placeholder (`<message>`, `{reply}`, `...`) fails too.

`FactIndex.of_pack` reads the pack once; `check` costs a few regular expressions over the reply.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from core.safety import places
from core.safety.figures import Figure, figures
from core.safety.lexicon.text import fold, words

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\bhttps?://[^\s<>()\[\]\"']+|\bwww\.[^\s<>()\[\]\"']+"
                  r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|it|de|eu|io|shop|store|example|co\.uk|uk|ch|at)\b(?:/[^\s<>()\"']*)?")
# Product codes, SKUs, discount codes, tracking numbers, as written: BENVENUTO10, PS-001, AUD-X2, IP67
# (Each pattern that starts at a capital opens with one, then (?<!\w.) for the word's start (\b):
# the regex engine then skips ahead to the next capital in C instead of trying every position.)
_CODE = re.compile(r"[A-Z](?<!\w.)(?:[A-Z0-9]*\d[A-Z0-9]*\b|[A-Z]{1,4}-[A-Z0-9]{1,8}\b)")
_PLACEHOLDER = re.compile(
    r"<\s*(?:message|reply|answer|response|text|customer message|your (?:message|reply|answer))\s*>"
    r"|\{\s*(?:message|reply|answer|response|text)\s*\}|\[\s*(?:message|reply|answer|insert [^\]]*)\s*\]",
    re.I,
)
# A name: two or more capitalised words, maybe joined by "di", "al", "and" ("Linguine al Nero")
_BRACKETS = frozenset("<{[")  # every placeholder opens with one: a reply without any has none
_NAME = re.compile(
    r"[A-ZÀ-Þ](?<!\w.)[\w'’-]*(?:\s+(?:(?:di|del|della|dei|al|alla|alle|all|e|and|&|of|the|con|with)\s+)?[A-ZÀ-Þ][\w'’-]*)+"
)
# Capitalised words that name nothing the shop sells: greetings, days, months, pronouns, titles.
_ORDINARY = frozenset(
    "hello hi hey dear thanks thank you good morning afternoon evening kind regards best team customer service please"
    " sorry yes no sure ok okay happy great i i'm im we our your mr mrs ms miss monday tuesday wednesday thursday"
    " friday saturday sunday january february march april may june july august september october november december"
    " ciao buongiorno buonasera grazie gentile cordiali saluti certo prego salve signor signora caro cara lunedi"
    " martedi mercoledi giovedi venerdi sabato domenica gennaio febbraio marzo aprile maggio giugno luglio agosto"
    " settembre ottobre novembre dicembre il la lo le gli un una per con ti vi ci si se non ma anche ecco"
    " a an the and or of in on at to for from by with as but if so it its this that these those there here"
    " buon buona buone appetito mille giornata serata presto benvenuto benvenuta wishes holidays merry christmas"
    " nice day have welcome cheers enjoy faq note ps".split()
)
_GERMAN = re.compile(r"\b(?:der|die|das|und|ist|sie|ihre|ihr|ihnen|wir|nicht|mit|für|fur|von|zu|den|dem|ein|eine|einen|bei|auf|kostet|nach)\b")
_DOT_LETTER = re.compile(r"\.[a-z]")  # every domain the URL pattern knows ends so: a cheap test first
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[^\W_]+")  # words(folded).split() without the join and the split: a text's word tokens
_EMPTY = re.compile(r"^[\s.…\-_*\"'`<>{}\[\]()]*$")
_SENTENCE = re.compile(r"(?=[\s;])(?:(?<=[.!?])\s+|\n+|;\s*)")  # each alternative starts so: other positions fail at once
_LIST_MARK = re.compile(r"^\s*\d{1,2}[.)]\s", re.M)  # "1. Put both earbuds ..." numbers a step, states nothing
# Words too common in product names to say which product a sentence is about.
_GENERIC = frozenset(
    "the a an of and with for di del della dei delle e al alla all alle con da la il le lo gli per senza in"
    " pasta sauce sugo box kit pack set dop igp new"
    " mesi extra uovo smart led power bank bluetooth mechanical wireless".split()  # ordinary words too
)
# Customers' and models' words for the products, in the three languages, to the pack's own words.
ALIASES = {
    "parmesan": "parmigiano", "oil": "olio", "ol": "olio", "olivenol": "olio", "cantuccini": "cantucci",
    "almond": "cantucci", "biscuits": "cantucci", "tomato": "pomodoro", "tomatensauce": "pomodoro",
    "auricolari": "earbuds", "ohrhorer": "earbuds", "kopfhorer": "earbuds", "altoparlante": "speaker", "cassa": "speaker",
    "lautsprecher": "speaker", "powerbank": "power", "tastiera": "keyboard", "tastatur": "keyboard",
    "lampadina": "bulb", "gluhbirne": "bulb", "lampe": "bulb", "caricatore": "charger", "caricabatterie": "charger",
    "ladegerat": "charger", "ladestation": "charger", "orologio": "smartwatch", "uhr": "smartwatch",
}


@dataclass(frozen=True, slots=True)
class Grounding:
    ok: bool
    spans: tuple[str, ...] = ()  # what was not found, as written in the reply
    kind: str = "ok"  # "ok" | "ungrounded" | "empty"


GROUNDED = Grounding(True)


class FactIndex:
    """What the pack states, line by line: its figures and what each line is about."""

    def __init__(self, texts: Iterable[str], product_names: Iterable[str]) -> None:
        texts = list(texts)
        self.products_of = _products_of(product_names)  # word -> the products it names
        # the same with the customers' and models' words (ALIASES) resolved: one look-up a word
        self.naming = {w: self.products_of[a] for w in {*self.products_of, *ALIASES}
                       if (a := ALIASES.get(w, w)) in self.products_of}
        self.naming_words = frozenset(self.naming)
        folded_all = fold("\n".join(texts))
        self.places = places.places(folded_all)
        self.implied = places.implied(folded_all) - self.places  # "EU countries", "all other countries"
        self.codes = {c.casefold() for c in _CODE.findall("\n".join(texts))}
        self.emails = {e.casefold() for e in _EMAIL.findall(folded_all)}
        self.words = frozenset(words(folded_all).split())
        self.text = folded_all
        self.lines_about: list[frozenset[str]] = []
        self.lines_words: list[frozenset[str]] = []
        self.vocabulary: set[str] = set()  # the stems of every line with a figure
        self.by_figure: dict[tuple[str, float], set[int]] = defaultdict(set)
        self.by_value: dict[float, set[int]] = defaultdict(set)
        self.by_range: dict[tuple[str, float, float], set[int]] = defaultdict(set)
        for text in texts:
            heading: frozenset[str] = frozenset()
            for line in text.splitlines():
                if line.startswith("## "):
                    heading = frozenset()
                elif line.startswith("### "):
                    heading = self._about(line)
                folded = fold(line)
                found = figures(folded)
                if not found:
                    continue
                number = len(self.lines_about)
                self.lines_about.append(self._about(line) | (places.implied(folded) - self.places) | heading)
                self.lines_words.append(_stems(folded))
                self.vocabulary |= self.lines_words[-1]
                for figure in found:
                    self._add(figure, number)

    @classmethod
    def of_pack(cls, pack) -> FactIndex:
        from core.safety.label import products

        names = [name for name, _ in products(pack.document)]
        return cls([pack.document, *(r.text for r in pack.resources.values())], names)

    def _add(self, figure: Figure, line: int) -> None:
        for value in {figure.low, figure.high}:
            self.by_figure[(figure.unit, value)].add(line)
            self.by_value[value].add(line)
        if figure.is_range:
            self.by_range[(figure.unit, figure.low, figure.high)].add(line)

    def _about(self, text: str, folded: str | None = None, tokens: list[str] | None = None,
               has_places: bool = True, has_codes: bool = True) -> frozenset[str]:
        """The products, places and codes a text names (`folded`, `tokens`: the text's, when read
        already; `has_places`, `has_codes` False: the whole reply it is part of names none)."""
        folded = fold(text) if folded is None else folded
        tokens = _WORD.findall(folded) if tokens is None else tokens
        named = [self.naming[w] for w in self.naming_words.intersection(tokens)]
        # "Paccheri di Gragnano": the word only one product has says which ("gragnano" says two)
        unique = {p for ps in named if len(ps) == 1 for p in ps}
        found = set(unique or {p for ps in named for p in ps})
        if has_places:
            found |= places.places(folded)
        if has_codes:
            found |= {"code:" + c.casefold() for c in _CODE.findall(text)}
        return frozenset(found)

    # -- the check --------------------------------------------------------------------------

    def check(self, reply: str, said: str = "", outputs: Iterable[str] = ()) -> Grounding:
        """Is everything `reply` states in the pack, in `outputs` (this turn's program output)
        or, for plain numbers, codes and addresses, in what the customer `said`?"""
        if _EMPTY.match(reply or "") or (_BRACKETS.intersection(reply) and _PLACEHOLDER.search(reply)):
            return Grounding(False, (reply.strip()[:40] or "(empty)",), "empty")
        folded = fold(reply)
        heard = (_heard(said), _heard("\n".join(outputs), program=True))
        missing: list[str] = []
        without_emails = folded
        if "@" in folded:
            for email in _EMAIL.findall(folded):
                if email not in self.emails and not _in(email, heard):
                    missing.append(email)
            without_emails = _EMAIL.sub(" ", folded)
        if "://" in without_emails or "www." in without_emails or _DOT_LETTER.search(without_emails):
            for url in _URL.findall(without_emails):
                url = url.rstrip(".,;:!?")
                if url not in self.text and not _in(url, heard):
                    missing.append(url)
        codes = _CODE.findall(reply)
        for code in codes:
            if code.casefold() not in self.codes and not _in(code.casefold(), heard):
                missing.append(code)
        missing += self._unknown_names(reply, heard)
        placed = places.places(folded)
        named = placed - self.places - self.implied
        if named and "*other*" not in self.implied:
            missing += named - heard[0].places - heard[1].places
        # plain numbers as the program or the customer wrote them, dates and codes included
        extra, customer = heard[1], heard[0].numbers | heard[1].numbers
        # What a sentence with no subject of its own is about: the latest that names one, read
        # only when a figure needs it ("how much are the paccheri?" -> "They cost 4.20 EUR.").
        unread, subjects = [said] if said else [], frozenset()
        for sentence in _SENTENCE.split(_LIST_MARK.sub(" ", reply.replace("\n\n", "\n\x00"))):
            if sentence.startswith("\x00"):
                unread, subjects, sentence = [], frozenset(), sentence[1:]  # a new paragraph, maybe a new subject
            plain = fold(sentence)
            found = figures(plain)
            if not found:
                unread.append(sentence)
                continue
            tokens = _WORD.findall(plain)
            # a sentence's places and codes are the reply's: none in the reply, none to look for
            own = self._about(sentence, plain, tokens, bool(placed), bool(codes))
            if not own:
                subjects = next((about for about in map(self._about, reversed(unread)) if about), subjects)
            unread, strict, subjects = [], bool(own), own or subjects
            # what a sentence without a subject of its own talks about (read only then: see _grounded)
            topic = frozenset() if strict else _stems(plain, tokens) & self.vocabulary
            for figure in found:
                if not self._grounded(figure, subjects, strict, extra, customer, topic):
                    missing.append(f"{figure.span} {figure.unit}".strip())
        return Grounding(False, tuple(dict.fromkeys(missing)), "ungrounded") if missing else GROUNDED

    def _unknown_names(self, reply: str, heard: tuple[_Heard, _Heard]) -> list[str]:
        """Names of two or more words, one of them never written by the shop nor heard this
        turn ("Linguine al Nero", "Apple Pay" in a shop that does not take it).
        German capitalises every noun: a German reply's names are left to the other checks."""
        found = []
        for match in _NAME.finditer(reply):
            capitals = [w for w in words(fold(match.group(0))).split() if w not in _ORDINARY and len(w) > 1]
            unknown = [w for w in capitals if w not in self.words and w not in places.WORDS
                       and w not in heard[0].words and w not in heard[1].words]
            if len(capitals) >= 2 and unknown:
                found.append(match.group(0))
        if found and len(_GERMAN.findall(reply.casefold())) >= 2:
            return []
        return found

    def _grounded(self, figure: Figure, subjects: frozenset[str], strict: bool, extra: _Heard, customer: set,
                  topic: frozenset[str] = frozenset()) -> bool:
        if all((figure.unit, v) in extra.figures or (figure.unit == "" and v in extra.values) for v in (figure.low, figure.high)):
            return True  # the program said it this turn (a plain number: with any unit)
        if figure.unit == "" and figure.low in customer and figure.high in customer:
            return True  # the customer's own order number, or a number the program printed
        lines = self._lines(figure)
        if not lines:
            return False
        if not subjects:
            # "2% on food": the line must share a word with the sentence, when the sentence has
            # words the pack uses at all (an Italian sentence over an English pack may have none)
            return not topic or any(not self.lines_words[line].isdisjoint(topic) for line in lines)
        if any(_compatible(self.lines_about[line], subjects) for line in lines):
            return True
        if not strict and any(not self.lines_about[line] for line in lines):
            return True  # a general rule, and the sentence names nothing of its own
        if not strict and topic and any(not self.lines_words[line].isdisjoint(topic) for line in lines):
            return True  # the subject came from an earlier sentence; this one reads like the line
        # a place the pack does not name, covered by a line "EU countries" / "all other countries"
        unnamed = (subjects & places.ALL) - self.places
        return bool(unnamed) and any("*other*" in self.lines_about[line] for line in lines)

    def _lines(self, figure: Figure) -> set[int]:
        if figure.unit == "":
            both = [self.by_value.get(v, set()) for v in (figure.low, figure.high)]
            return both[0] & both[1] if figure.is_range else both[0]
        if figure.is_range:
            exact = self.by_range.get((figure.unit, figure.low, figure.high), set())
            return exact or (self.by_figure.get((figure.unit, figure.low), set()) & self.by_figure.get((figure.unit, figure.high), set()))
        return self.by_figure.get((figure.unit, figure.low), set())


_STOP = frozenset(
    "about after also and any are before but can could does each every for from have here into more most only other"
    " our out over same some such than that the their them then there these they this those under until very was"
    " what when where which while will with within would you your".split()
)


def _stems(folded: str, tokens: list[str] | None = None) -> frozenset[str]:
    """A text's content words cut to five letters ("refunds", "refund" -> "refun"), units left out."""
    tokens = words(folded).split() if tokens is None else tokens
    return frozenset(w[:5] for w in tokens if len(w) >= 4 and w.isalpha() and w not in _STOP and w not in _UNIT_WORDS)


_UNIT_WORDS = frozenset(
    "days working business hours minutes weeks months years giorni lavorativi werktage tage stunden minuten ore minuti"
    " settimane wochen mesi monate anni jahre grams gramm grammi euro euros dollars percent prozent percento".split()
)


@functools.lru_cache(maxsize=4096)
def _by_kind(entities: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The products and the places among a line's or a sentence's entities (codes are neither)."""
    return (frozenset(e for e in entities if e.startswith("product:")),
            frozenset(e for e in entities if ":" not in e))


def _compatible(line: frozenset[str], subjects: frozenset[str]) -> bool:
    """The line is about what the sentence is about: they share a product, place or code, and
    where both name a product (or both a place), they name the same one."""
    if line.isdisjoint(subjects):
        return False
    for said, stated in zip(_by_kind(subjects), _by_kind(line)):
        if said and stated and said.isdisjoint(stated):
            return False
    return True


class _Heard:
    """What the customer said or the programs printed this turn, read once for the screen. Its
    words and places are read when a check needs them (a name or a place the pack lacks): the
    customer's words are new each turn and most replies name neither."""

    __slots__ = ("text", "numbers", "figures", "values", "_words", "_places")

    def __init__(self, text: str, numbers: frozenset[float], figures: frozenset[tuple[str, float]],
                 values: frozenset[float]) -> None:
        self.text = text  # folded
        self.numbers = numbers  # plain numbers as written: an order number, a date's parts
        self.figures = figures  # the program's figures with their units
        self.values = values  # their values, whatever the unit
        self._words: frozenset[str] | None = None
        self._places: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(words(self.text).split())
        return self._words

    @property
    def places(self) -> frozenset[str]:
        if self._places is None:
            self._places = frozenset(places.places(self.text))
        return self._places


@functools.lru_cache(maxsize=256)
def _heard(text: str, program: bool = False) -> _Heard:
    """Cached: a turn's program output is often the same resource or order line as before."""
    if not text:
        return _NOTHING
    folded = fold(text)
    found = frozenset((f.unit, v) for f in figures(folded) for v in (f.low, f.high)) if program else frozenset()
    return _Heard(folded, frozenset(float(n) for n in _NUMBER.findall(text)), found, frozenset(v for _, v in found))


_NOTHING = _Heard("", frozenset(), frozenset(), frozenset())


def _in(found: str, heard: tuple[_Heard, _Heard]) -> bool:
    return any(found in h.text for h in heard)


def _products_of(product_names: Iterable[str]) -> dict[str, frozenset[str]]:
    """The words that say which product a sentence is about, each with the products it names:
    the words of a product's name that are not shared by more than two products (nor generic)."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in product_names:
        for word in set(words(fold(name)).split()):
            if len(word) >= 3 and word.isalpha() and word not in _GENERIC:
                found[word].add("product:" + fold(name))
    return {w: frozenset(ps) for w, ps in found.items() if len(ps) <= 2}
