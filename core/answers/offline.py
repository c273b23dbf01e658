"""Offline mode: with no model answering, quote the few lines of the document that answer.

The document is cut into passages a customer can use on their own: a product's line ("Cooking
time: 14 minutes"), a bullet, a sentence, a table row ("Zone: EU zone 1 · Price: 9.90 EUR ...").
A question (English, Italian or German, through core.safety.glossary) is scored against each passage
and its heading; the best passage leads, at most two more from the same place follow, and one
line says how to get the rest. No markdown syntax is left in the quote.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from core.safety.glossary import EU_COUNTRIES, EUROPE, PHRASES, PLACES, SYNONYMS
from core.shop.pack import KnowledgePack, Replies

MAX_LINES = 3  # "at most about three sentences"
MAX_CHARS = 280
WHOLE_GROUP_LINES = 20  # when the customer asks for the whole table or section (the "for more" line)
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
_REGION = "\0region"  # marks the question word that stands for the region of a named country
_LABEL = re.compile(r"[A-Z][\w ,'-]{0,38}:")  # "Bundles:", "Warranty:" open a part of a section
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^\s*[-*]\s+", re.M)


@dataclass(frozen=True, slots=True)
class Passage:
    group: int
    text: str  # plain text, as shown to the customer
    terms: frozenset[str]
    named: frozenset[str] = frozenset()  # words of the products it names ("Box: Spaghetti, Pesto...")


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
        # A line that names a product matches that product by its heading, a little less than the product's own lines.
        products = [(g.title.casefold(), g.terms) for g in self.groups if g.product]
        self.passages = [
            replace(p, named=frozenset().union(*(terms for name, terms in products if name in p.text.casefold())))
            if not self.groups[p.group].product else p
            for p in self.passages
        ]
        # "What do you sell?" is answered with the names of all products, on one line.
        self.listing = ("Our products: " + ", ".join(names) + ".") if names else None
        documents = len(self.passages) or 1
        frequency = Counter(t for p in self.passages for t in p.terms)
        self.idf = {t: math.log(1 + documents / n) for t, n in frequency.items()}
        titles = Counter(t for g in self.groups for t in g.terms)
        self.title_idf = {t: math.log(1 + len(self.groups) / n) for t, n in titles.items()}
        self.topics = [frozenset(_terms(_topic(g))) for g in self.groups]
        self.vocabulary = frozenset(self.idf) | frozenset(self.title_idf)
        # Which passages a document word can reach: by their own words, their heading's or the products they name.
        self.reach: dict[str, set[int]] = defaultdict(set)
        for index, passage in enumerate(self.passages):
            for term in passage.terms | self.groups[passage.group].terms | passage.named:
                self.reach[term].add(index)

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
        query = _query(question, self.vocabulary)
        if not query:
            return None
        scored = []
        candidates = set().union(*(self.reach.get(t, ()) for word in query for t in word))
        for index in sorted(candidates):
            passage = self.passages[index]
            group = self.groups[passage.group]
            # Each question word counts once, by the rarest document word it stands for; words of
            # the heading count for the heading only, so a product's name does not pick its line.
            # A word that names the heading ("olio") is not looked for again in the line ("oil").
            rest = [word for word in query if not word & (group.terms | passage.named)]
            own = _score(rest, passage.terms - group.terms - passage.named, self.idf)
            heading = 1.5 * _score(query, group.terms, self.title_idf) + _score(query, passage.named, self.title_idf)
            if own or heading:
                scored.append((own + heading, own, index))
        asks_listing = self.listing is not None and any("product" in word for word in query)
        if not scored:
            return self.listing if asks_listing else None
        scored.sort(key=lambda s: (-s[0], s[2]))
        best_total, best_own, best = scored[0]
        flat = set().union(*query)
        whole = self._topic_asked(flat)  # "shipping table", "discounts": the whole of it
        group_index = self.passages[best].group if whole is None else whole
        group = self.groups[group_index]
        members = [i for i, p in enumerate(self.passages) if p.group == group_index]
        lead = ""
        if whole is not None:
            chosen = members[:WHOLE_GROUP_LINES]
        elif best_own == 0 and group.product:  # only the name matched ("Tell me about the olive oil")
            chosen = self._summary(group_index, members)
        elif best_own == 0:
            chosen = [i for total, _, i in scored if self.passages[i].group == group_index and total >= 0.9 * best_total]
            chosen = _within_budget(chosen, self.passages)
        else:
            chosen = [i for _, own, i in scored if self.passages[i].group == group_index and own >= 0.7 * best_own]
            rows = [i for i in chosen if " · " in self.passages[i].text]
            if len(rows) > MAX_LINES:  # the question names no row ("how much is shipping?"): ask which
                lead, chosen = replies.ask_which, rows[:MAX_LINES]
            chosen = _within_budget(chosen, self.passages)
        chosen = self._companions(chosen, members)
        lines = [self.passages[i].text for i in chosen]
        if group.product:
            lines[0] = f"{group.title}: {lines[0]}"
        if asks_listing and not group.product:
            lines.insert(0 if best_own == 0 else 1, self.listing)
        if lead:
            lines.insert(0, lead)
        if len(members) > len(chosen):
            lines.append(replies.more.replace("{topic}", _topic(group)))
        return "\n".join(lines)

    def _topic_asked(self, flat: set[str]) -> int | None:
        """The group whose topic the question names and nothing more; the narrowest if several."""
        if not flat - _WHOLE:
            return None
        named = [(len(topic), g) for g, topic in enumerate(self.topics) if flat <= topic | _WHOLE]
        return min(named)[1] if named else None

    def _companions(self, chosen: list[int], members: list[int]) -> list[int]:
        """Lines that belong with a chosen one: a product's allergens with its ingredients (the
        label is quoted whole), and the first line of a section a chosen line refers to."""
        result = list(chosen)
        for i in chosen:
            text = self.passages[i].text.casefold()
            if text.startswith("ingredients"):
                result += [j for j in members if self.passages[j].text.casefold().startswith("allergens")][:1]
            for g, group in enumerate(self.groups):
                title = group.title.casefold()
                if g != self.passages[i].group and not group.product and " " in title and title in text:
                    result += [j for j, p in enumerate(self.passages) if p.group == g][:1]
        return list(dict.fromkeys(result))

    def _summary(self, group_index: int, members: list[int]) -> list[int]:
        """A product asked about by name: its price, a line that describes it, and a bundle with it."""
        group = self.groups[group_index]
        lines = [i for i in members if not re.match(r"(code|sku)\b", self.passages[i].text, re.I)]
        price = [i for i in lines if self.passages[i].text.casefold().startswith("price")]
        described = [i for i in lines if re.match(r"(notes?|origin|ingredients)\b", self.passages[i].text, re.I)]
        chosen = list(dict.fromkeys(price[:1] + described[:1] + lines))[:2]
        if group.product:
            name = group.title.casefold()
            bundle = next(
                (i for i, p in enumerate(self.passages) if p.group != group_index and name in p.text.casefold() and " · " not in p.text),
                None,
            )
            if bundle is not None:
                chosen.append(bundle)
        return chosen[:MAX_LINES]


def _score(query: list[frozenset[str]], terms: frozenset[str], idf: dict[str, float]) -> float:
    """Each question word counts once, by the rarest document word it stands for; and each
    document word counts once, however many question words stand for it."""
    best = {max(hits, key=idf.__getitem__) for word in query if (hits := word & terms - {_REGION})}
    # The region of a named country ("EU countries") counts when no line names the country itself.
    return sum(idf[t] * (0.3 if any(t in w and _REGION in w for w in query) else 1) for t in best)


def _topic(group: Group) -> str:
    """How a customer asks for the whole group: a product's name, or the last part of a heading."""
    return group.title if group.product else group.title.split(": ")[-1].casefold()


def _within_budget(chosen: list[int], passages: list[Passage]) -> list[int]:
    """At most three passages and about three sentences' worth of text: the best always stays."""
    kept, used = [], 0
    for i in chosen[:MAX_LINES]:
        if kept and used + len(passages[i].text) > MAX_CHARS:
            break
        kept.append(i)
        used += len(passages[i].text)
    return kept


def _subgroups(body: str) -> list[tuple[str, list[str]]]:
    """A section's lines grouped under its `###` headings and "Label:" lines ("" for the lines before the first)."""
    groups: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        if line.startswith(("# ", "## ")):
            continue
        if line.startswith("### "):
            groups.append((line[4:].strip(), []))
        elif _LABEL.fullmatch(line.strip()):
            groups.append((line.strip().rstrip(":"), []))
        else:
            groups[-1][1].append(line)
    return [(t, lines) for t, lines in groups if any(l.strip() for l in lines)]


def _passages(lines: list[str]) -> list[tuple[str, set[str]]]:
    """(plain text, terms) of each bullet, sentence and table row."""
    found: list[tuple[str, set[str]]] = []
    header: list[str] | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
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
        parts = [plain] if raw.lstrip().startswith(("-", "*")) else _SENTENCE.split(plain)
        found += [(part, _terms(part)) for part in parts if part]
    return found


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def _stem(word: str) -> str:
    """English plural and -ing / -ed endings, enough for "ships" / "shipping" / "ship"."""
    if word.endswith("able") and len(word) > 7:
        return word[:-4]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] != "s":
                word = word[:-1]
            return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _terms(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(_fold(text)) if w not in _STOP}


def _query(question: str, vocabulary: frozenset[str] = frozenset()) -> list[frozenset[str]]:
    """A question's words as document words (synonyms and places mapped, function words dropped),
    one set per word so that a word with several meanings still counts once. A German compound
    the document does not know ("Rabattcode") is read as its two known parts."""
    folded = _fold(question)
    for phrase in sorted(PHRASES, key=len, reverse=True):
        folded = folded.replace(phrase, PHRASES[phrase])
    for place in sorted((p for p in PLACES if " " in p), key=len, reverse=True):
        folded = folded.replace(place, PLACES[place])
    words: dict[frozenset[str], None] = {}
    found = _WORD.findall(folded)
    found = [part for word in found for part in _compound(word, vocabulary)]
    for word in found:
        place = PLACES.get(word) or (word if word in EU_COUNTRIES else None)
        if place is not None:
            # A table may list the country, or only "EU countries" / "Europe".
            extra = ("eu", "europe") if place in EU_COUNTRIES else ("europe",) if place in EUROPE else ()
            words[frozenset(_stem(w) for w in place.split())] = None
            if extra:
                words[frozenset(_stem(w) for w in extra) | {_REGION}] = None
        elif word in SYNONYMS:
            if SYNONYMS[word]:
                words[frozenset(_stem(w) for w in SYNONYMS[word])] = None
        elif word not in _STOP:
            words[frozenset({_stem(word)})] = None
    return list(words)


def _compound(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    def known(part: str) -> bool:
        return part in SYNONYMS or part in PLACES or (len(part) > 2 and _stem(part) in vocabulary)

    if len(word) < 7 or known(word) or word in _STOP:
        return (word,)
    for cut in range(3, len(word) - 1):
        left, right = word[:cut], word[cut:]
        if known(left) and known(right):
            return left, right
    return (word,)
