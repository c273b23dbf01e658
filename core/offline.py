"""Offline mode: with no model answering, quote the few lines of the document that answer.

The document is cut into passages a customer can use on their own: a product's line ("Cooking
time: 14 minutes"), a bullet, a sentence, a table row ("Zone: EU zone 1 · Price: 9.90 EUR ...").
A question (English, Italian or German, through core.glossary) is scored against each passage
and its heading; the best passage leads, at most two more from the same place follow, and one
line says how to get the rest. No markdown syntax is left in the quote.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from core.glossary import PLACES, SYNONYMS
from core.pack import KnowledgePack, Replies

MAX_LINES = 3  # "at most about three sentences"
WHOLE_GROUP_LINES = 14  # when the customer asks for the whole table or section
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the and or of to in on for with is are do does did how what which who whom whose why when much many you "
    "your i my me it its this that these those can could would will there be have has had at by from as any some "
    "please tell about also if so than then get got am was were been being our us we they them just still "
    "il lo la i gli le di da del della dei delle con su per tra fra un una uno che e ed o ma mi ti ci si "
    "quale quali come cosa sono avete ho ha hai posso puoi potete servono vorrei dopo al alla nel nella "
    "der die das den dem des ein eine einen einem und oder ist sind ich du sie wir ihr mir mich es zu von mit "
    "fur wie was welche welcher welches habe hat haben kann konnen ab bei nach gilt bitte".split()
)
_WHOLE = frozenset("table full whole all list tabella tutta tutto intera tabelle ganze gesamte alle".split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^\s*[-*]\s+", re.M)


@dataclass(frozen=True, slots=True)
class Passage:
    group: int
    text: str  # plain text, as shown to the customer
    terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    terms: frozenset[str]
    product: bool  # a product's lines read "Weight: 500 g": the product's name goes before them


class OfflineAnswers:
    def __init__(self, pack: KnowledgePack) -> None:
        self.pack = pack
        self.groups: list[Group] = []
        self.passages: list[Passage] = []
        names: list[str] = []
        for section in pack.public_sections:
            if section.title.casefold() == "products":
                for title, lines in _subgroups(section.body):
                    if title:
                        names.append(title)
                        self._add_group(title, lines, product=True)
            else:
                for title, lines in _subgroups(section.body):
                    self._add_group(f"{section.title}: {title}" if title else section.title, lines)
        if names:  # "What do you sell?": the list of product names, in the product list's place
            listing = "Our products: " + ", ".join(names) + "."
            terms = frozenset(_terms(listing) | {"product", "sell"})
            at = next((i for i, g in enumerate(self.groups) if "product" in g.terms and not g.product), None)
            if at is None:
                self.groups.append(Group("Product list", frozenset(_terms("product list")), False))
                at = len(self.groups) - 1
            self.passages.append(Passage(at, listing, terms))
        documents = len(self.passages) or 1
        frequency = Counter(t for p in self.passages for t in p.terms)
        self.idf = {t: math.log(1 + documents / n) for t, n in frequency.items()}
        titles = Counter(t for g in self.groups for t in g.terms)
        self.title_idf = {t: math.log(1 + len(self.groups) / n) for t, n in titles.items()}

    def _add_group(self, title: str, lines: list[str], product: bool = False) -> None:
        passages = _passages(lines)
        if not passages:
            return
        self.groups.append(Group(title, frozenset(_terms(title)), product))
        index = len(self.groups) - 1
        self.passages += [Passage(index, text, frozenset(terms)) for text, terms in passages]

    def answer(self, question: str, replies: Replies | None = None) -> str:
        replies = replies or self.pack.replies
        quote = self.quote(question, replies)
        if quote is None:
            return f"{replies.offline}\n\n{replies.help}"
        return f"{replies.offline}\n\n{quote}"

    def quote(self, question: str, replies: Replies) -> str | None:
        """The passages that answer, best first, and a line saying where the rest is; None when nothing matches."""
        query = _query(question)
        if not query:
            return None
        scored = []
        for index, passage in enumerate(self.passages):
            own = sum(self.idf[t] for t in query & passage.terms)
            heading = 1.5 * sum(self.title_idf[t] for t in query & self.groups[passage.group].terms)
            if own or heading:
                scored.append((own + heading, own, index))
        if not scored:
            return None
        scored.sort(key=lambda s: (-s[0], s[2]))
        _, best_own, best = scored[0]
        group_index = self.passages[best].group
        group = self.groups[group_index]
        members = [i for i, p in enumerate(self.passages) if p.group == group_index]
        if query <= group.terms | _WHOLE:  # "shipping table": the whole of it
            chosen = members[:WHOLE_GROUP_LINES]
        elif best_own == 0:  # only the heading matched ("Tell me about the olive oil")
            chosen = members[:MAX_LINES]
        else:
            chosen = [i for _, own, i in scored if self.passages[i].group == group_index and own >= 0.5 * best_own]
            chosen = chosen[:MAX_LINES]
        lines = [self.passages[i].text for i in chosen]
        if group.product:
            lines[0] = f"{group.title}: {lines[0]}"
        if len(members) > len(chosen):
            topic = group.title if group.product else group.title.split(": ")[0].casefold()
            lines.append(replies.more.replace("{topic}", topic))
        return "\n".join(lines)


def _subgroups(body: str) -> list[tuple[str, list[str]]]:
    """A section's lines grouped under its `###` headings ("" for the lines before the first)."""
    groups: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        if line.startswith("## "):
            continue
        if line.startswith("### "):
            groups.append((line[4:].strip(), []))
        else:
            groups[-1][1].append(line)
    return [(t, lines) for t, lines in groups if any(l.strip() for l in lines)]


def _passages(lines: list[str]) -> list[tuple[str, set[str]]]:
    """(plain text, terms) of each bullet, sentence and table row; a "Label:" line adds its words to what follows."""
    found: list[tuple[str, set[str]]] = []
    header: list[str] | None = None
    label: set[str] = set()
    for raw in lines:
        line = raw.strip()
        if not line:
            label = set()
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
                continue
            if header is None:
                header = cells
                continue
            text = " · ".join(f"{h}: {c}" for h, c in zip(header, cells) if c)
            found.append((text, _terms(" ".join(cells)) | _terms(" ".join(header))))
            continue
        header = None
        plain = _MARKUP.sub("", line).strip()
        if plain.endswith(":") and len(plain) < 40:
            label = _terms(plain)
            continue
        parts = [plain] if raw.lstrip().startswith(("-", "*")) else _SENTENCE.split(plain)
        found += [(part, _terms(part) | label) for part in parts if part]
    return found


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def _stem(word: str) -> str:
    """English plural and -ing / -ed endings, enough for "ships" / "shipping" / "ship"."""
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]
            return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _terms(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(_fold(text)) if w not in _STOP}


def _query(question: str) -> set[str]:
    """A question's words as document words: synonyms and places mapped, function words dropped."""
    folded = _fold(question)
    for place in sorted((p for p in PLACES if " " in p), key=len, reverse=True):
        folded = folded.replace(place, PLACES[place])
    terms: set[str] = set()
    for word in _WORD.findall(folded):
        if word in PLACES:
            terms |= {_stem(w) for w in PLACES[word].split()}
        if word in SYNONYMS:
            terms |= {_stem(w) for w in SYNONYMS[word]}
        elif word not in _STOP:
            terms.add(_stem(word))
    return terms
