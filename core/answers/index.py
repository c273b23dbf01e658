"""The pack read once at load for the answerer: passages, word weights, which passages each word
reaches, the products with their names, the shipping zones, and which products ship only to
some places. Per question, the answerer touches only the entries of the question's words.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from core.answers.language import detect
from core.answers.passages import Group, Passage, cut
from core.answers.places import REGION_WORDS, all_names, region
from core.answers.question import SYNONYMS_ALL, light_stem
from core.answers.words import STOP, WORD, fold, stem, terms
from core.shop.pack import KnowledgePack, Section

# How much a question word the pack does not know weighs, as a share of the rarest known word's
# weight: chosen with the answerer's THRESHOLD on the dev questions (`python -m bench.answers --tune`:
# dev accuracy is flat from 0.6 to 1.0 at threshold 0.5; 0.8 is the middle of that plateau).
UNKNOWN_WEIGHT = 0.8
# Words too common in product names to tell one product from another.
_GENERIC = frozenset("di del della alle all al e dop igp x in the and with mit und".split())


@dataclass(frozen=True, slots=True)
class Zone:
    passage: int
    name: str
    places: str  # the row's countries cell, folded
    price: str
    time: str


class PackIndex:
    def __init__(self, pack: KnowledgePack) -> None:
        self.pack = pack
        self._zone_of: dict[str, Zone | None] = {}
        self._mended: dict[str, str | None] = {}
        self.language = detect(pack.document[:4000]) or "en"
        guides = _guides(pack)
        self.groups, passages = cut(pack.public_sections + guides)
        # a guide's lines answer questions of their own ("any tips?"), never as a rule or an offer
        titles = {g.title for g in guides}
        self.groups = [replace(g, topic="guide") if g.section in titles else g for g in self.groups]
        # The document's own words also stand for the concepts of the synonym tables, so an Italian
        # document's "Prezzo" is found by "price", "costa" and "kostet" alike.
        expand = _expansions()
        # A document's inflected form of a table word ("acquisti" of "acquisto") means the same.
        forms: dict[str, set[str]] = defaultdict(set)
        for word, targets in SYNONYMS_ALL.items():
            if targets and len(light_stem(word)) >= 4:
                forms[light_stem(word)] |= {stem(t) for t in targets}
        # A line with an amount of money answers "how much" ("Trio di Gragnano: ... 10.90 EUR").
        amount = re.compile(r"\d(?:[\d.,]*)\s?(?:eur|€|usd|chf)\b|[$€£]\s?\d", re.I)
        # A line under a part of a section ("Non si possono restituire:", "Bundles:") carries that
        # part's words: "caschi usati" answers "can I return a used helmet?".
        part_terms = {g: frozenset(terms(group.title.split(": ", 1)[1])) if ": " in group.title and not group.product
                      else frozenset() for g, group in enumerate(self.groups)}
        self.passages = []
        for p in passages:
            words = p.terms | part_terms[p.group] | _negations(p.text) | _hyphenated(p.text)
            words |= frozenset(x for t in words for x in expand.get(t, ()))
            words |= frozenset(x for t in words if t not in expand for x in forms.get(light_stem(t), ()))
            if amount.search(p.text):
                words |= {"price"}
            self.passages.append(Passage(p.group, p.text, words, p.label, p.concept, p.value, p.row))
        self.products = [g for g, group in enumerate(self.groups) if group.product]
        self.members: dict[int, list[int]] = defaultdict(list)
        for index, passage in enumerate(self.passages):
            self.members[passage.group].append(index)
        # Passages that name a product ("Box: Spaghetti, Pesto ...") by its full name or distinctive words.
        self.names: dict[int, frozenset[str]] = {}
        for g in self.products:
            own = {t for t in self.groups[g].terms if t not in _GENERIC and not t.isdigit()} | _hyphenated(self.groups[g].title)
            self.names[g] = frozenset(own | {x for t in own for x in expand.get(t, ())})  # "mandorle" is "almond" too
        # A line names a product by its full name, or by its rarest name word and another one
        # ("two Halo smart LED bulb 2-packs", "Seggiolino posteriore "Coccinella"").
        own_words = {g: {t for t in self.groups[g].terms if t not in _GENERIC and not t.isdigit()} for g in self.products}
        spread = Counter(t for words in own_words.values() for t in words)
        titles = {g: fold(self.groups[g].title) for g in self.products}
        by_rarest: dict[str, list[int]] = defaultdict(list)  # a full name holds its rarest word: look that up
        for g, words in own_words.items():
            if words:
                by_rarest[min(words, key=lambda t: (spread[t], t))].append(g)
        self.named: dict[int, set[int]] = defaultdict(set)
        for index, passage in enumerate(self.passages):
            if passage.group in self.names:
                continue
            text = fold(passage.text)
            for rarest in passage.terms & by_rarest.keys():
                for g in by_rarest[rarest]:
                    if titles[g] in text or (spread[rarest] == 1 and len(own_words[g] & passage.terms) >= 2):
                        self.named[index].add(g)
        # A line that gives a product's code names the product ("Le bici complete (BI-001, BI-002, ...) si
        # spediscono solo in Italia", "Chi compra una bici (BI-001, ...) riceve un tagliando base gratuito").
        codes = {fold(p.value).strip(): p.group for p in self.passages
                 if p.concept == "code" and p.group in self.names and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", fold(p.value).strip())}
        self.coded: dict[int, set[int]] = defaultdict(set)  # (read for where a product ships)
        if codes:
            coded = re.compile(r"\b(" + "|".join(map(re.escape, sorted(codes, key=len, reverse=True))) + r")\b")
            for index, passage in enumerate(self.passages):
                if passage.group not in self.names and not passage.row:
                    for code in coded.findall(fold(passage.text)):
                        self.coded[index].add(codes[code])
        documents = len(self.passages) or 1
        frequency = Counter(t for p in self.passages for t in p.terms)
        self.idf = {t: math.log(1 + documents / n) for t, n in frequency.items()}
        titles = Counter(t for g in self.products for t in self.names[g])
        self.name_idf = {t: math.log(1 + len(self.products) / n) for t, n in titles.items()}
        self.vocabulary = frozenset(self.idf) | frozenset(self.name_idf)
        self.reach: dict[str, set[int]] = defaultdict(set)
        for index, passage in enumerate(self.passages):
            for term in passage.terms:
                self.reach[term].add(index)
        self.by_name: dict[str, set[int]] = defaultdict(set)  # a product-name word -> products
        for g in self.products:
            for term in self.names[g]:
                self.by_name[term].add(g)
        for term in list(self.by_name):
            self.name_idf.setdefault(term, math.log(1 + len(self.products) / len(self.by_name[term])))
        # Lines opened by their own name ("Trio di Gragnano: ...", "Code PASTA5: ..."), not by a
        # product's label ("Weight:"): their name's words, the product names' generic words left out.
        self.name_floor = math.log(1 + len(self.passages) / 3)  # a word of at most three passages names a thing
        self.label_terms = {}
        for i, p in enumerate(self.passages):
            # a service's name, not the gloss in brackets after it ("Bike fitting (regolazione della posizione in sella)")
            words = frozenset({stem(w) for w in WORD.findall(fold(_GLOSS.sub("", p.label)))} - _GENERIC - STOP)
            # a product's name as a label ("Aurora X2 wireless earbuds: returnable only ...") is the product's
            if p.label and p.concept is None and not self.groups[p.group].product and words \
                    and not any(words <= name for name in self.names.values()):
                self.label_terms[i] = words
        self.labelled = list(self.label_terms)
        # The words of a product line's label, as the tables read them: what the line is about
        # ("Tempo di ricarica" is about charging time, though "Warranty: ... cicli di ricarica" names charging too).
        self.heads: dict[int, frozenset[str]] = {}
        for i, p in enumerate(self.passages):
            if p.label and self.groups[p.group].product:
                words = set(terms(p.label))
                self.heads[i] = frozenset(words | {x for t in words for x in expand.get(t, ())})
        # a guide's lines that name a product, by product
        self.guided: dict[int, list[int]] = defaultdict(list)
        for index, passage in enumerate(self.passages):
            if self.groups[passage.group].topic == "guide":
                for g in self.named.get(index, ()):
                    self.guided[g].append(index)
        self.zones = self._zones()
        self.limits = self._shipping_limits()
        self._deletions = _deletion_index(self.vocabulary | {stem(w) for w in SYNONYMS_ALL})
        # An inflected form -> what its known forms stand for ("pesano" and "pesa" share "pes").
        self._forms: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            if len(light_stem(word)) >= 4:  # not "eur" for "eure"
                self._forms[light_stem(word)].add(word)
        for word, targets in SYNONYMS_ALL.items():
            if targets:
                self._forms[light_stem(word)] |= {stem(t) for t in targets} | {stem(word)}
        self.max_idf = max(self.idf.values(), default=1.0)
        weights = sorted(self.idf.values())
        self.place_weight = weights[len(weights) // 2] if weights else 1.0  # a place weighs as a middling word
        # Lines that say where the shop does not ship ("Non spediamo fuori dall'Europa ... né in Norvegia").
        refuse = re.compile(r"\b(?:do not ship|don't ship|does not ship|no shipping|non spediamo|non si spedisc"
                            r"|versenden nicht|liefern nicht|kein versand)")
        # Lines that say what the shop does not sell ("We do not sell wine, spirits, ...").
        self.not_sold = [i for i, p in enumerate(self.passages)
                         if re.search(r"\b(?:do not sell|don't sell|non vendiamo|verkaufen keine|verkaufen nicht)", fold(p.text))]
        self.refusals = [i for i, p in enumerate(self.passages)
                         if self.groups[p.group].topic == "shipping" and refuse.search(fold(p.text))]

    # -- words ----------------------------------------------------------------------------------

    def mend(self, word: str) -> str | None:
        """The pack's word a typo stands for ("shiping" -> "shipping"): one letter missing, extra
        or changed, for words of five letters or more; None when unsure or already known."""
        if len(word) < 5 or word in self.vocabulary or word in SYNONYMS_ALL:
            return None
        if word not in self._mended:  # customers' words repeat: each is mended once
            if len(self._mended) >= 50_000:
                self._mended.clear()  # bounded: a flood of unique words cannot grow memory
            self._mended[word] = self._mend(word)
        return self._mended[word]

    def _mend(self, word: str) -> str | None:
        found = set(self._deletions.get(word, ()))
        for i in range(len(word)):
            found |= self._deletions.get(word[:i] + word[i + 1 :], set())
        found.discard(word)
        # a typo rarely changes a word's first letter: "regge" (holds) is no "legge" (law)
        found = {f for f in found if f[0] == word[0]}
        if len(found) > 1:  # "prise": the document's "price" rather than the tables' German "preise"
            found = {f for f in found if f in self.idf} or found
        return next(iter(found)) if len(found) == 1 else None

    def inflected(self, word: str) -> set[str]:
        """The known words an unknown Italian or German form stands for, when few enough to trust."""
        if stem(word) in self.vocabulary or word in SYNONYMS_ALL:
            return set()
        found = self._forms.get(light_stem(word), set())
        return set(found) if 0 < len(found) <= 6 else set()

    def knows(self, stands_for: frozenset[str]) -> bool:
        return any(t in self.vocabulary for t in stands_for)

    def weight(self, stands_for: frozenset[str]) -> float:
        """How much a question word tells: the weight of the rarest document word it stands for,
        or the most of any when the pack does not know it."""
        known = [self.idf.get(t) or self.name_idf.get(t) for t in stands_for]
        known = [k for k in known if k]
        return max(known) if known else UNKNOWN_WEIGHT * self.max_idf

    # -- entities -------------------------------------------------------------------------------

    def products_named(self, units) -> list[tuple[float, int]]:
        """Products the question names, with how much of the name it gives, best first; a word
        the customer wrote as the name has it counts more than a translation ("appennino" over
        "tyre" for "copertone")."""
        scores: dict[int, float] = defaultdict(float)
        for unit in units:
            if unit.number:
                continue
            literal = stem(unit.word)
            if unit.cue and literal not in self.by_name:
                continue  # "insieme" (together, a bundle) names no "Buono regalo" through a translation
            best: dict[int, float] = {}
            for term in unit.stands_for:
                for g in self.by_name.get(term, ()):
                    weight = self.name_idf.get(term, 0.0) * (1.0 if term == literal else 0.9)
                    best[g] = max(best.get(g, 0.0), weight)
            for g, weight in best.items():
                scores[g] += weight
        return sorted(((s, g) for g, s in scores.items()), reverse=True)

    def zone_for(self, country: str, asked: frozenset[str] = frozenset()) -> Zone | None:
        """The shipping row of a country: the row that names it, else its region's, else the rest
        of the world; of two rows for the same places, the one whose words the question gives
        ("express shipping to Texas": the express row)."""
        zone = self._zone_for(country)
        if zone is None or not asked:
            return zone
        def countries(z: Zone) -> str:  # the row's places without its own name ("Contiguous US, Express")
            return z.places.replace(fold(z.name), "", 1).strip()
        same = [z for z in self.zones if countries(z) and countries(z) == countries(zone)]
        return max(same or [zone], key=lambda z: (len(asked & self.passages[z.passage].terms), z is zone))

    def _zone_for(self, country: str) -> Zone | None:
        # The rows never change once the pack is read: each country is looked up once.
        if country not in self._zone_of:
            self._zone_of[country] = self._find_zone(country)
        return self._zone_of[country]

    def _find_zone(self, country: str) -> Zone | None:
        names = all_names(country)
        by_name = [z for z in self.zones if any(re.search(rf"\b{re.escape(n)}\b", z.places) for n in names)]
        if by_name:
            return by_name[0]
        for words in (REGION_WORDS.get(region(country), ()), REGION_WORDS["world"]):
            for word in words:  # the most specific wording first: "all other EU countries" before "EU"
                # as whole words: "europe" is no part of "unione europea" (Iceland is no EU country)
                rows = [z for z in self.zones if re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", z.places)]
                if rows:
                    return rows[0]
        return None

    def _zones(self) -> list[Zone]:
        zones = []
        for index, passage in enumerate(self.passages):
            if self.groups[passage.group].topic != "shipping" or not passage.row:
                continue
            cells = list(passage.row.values())
            heads = [fold(h) for h in passage.row]
            price = next((c for h, c in passage.row.items() if re.search(r"price|prezz|preis|cost", fold(h))), "")
            time = next((c for h, c in passage.row.items() if re.search(r"time|tempo|temp|zeit|dauer|day|giorn", fold(h))), "")
            if not price:
                continue
            # The row's places: its first cell (the zone) and any cell headed countries / paesi / länder.
            places = " ".join(fold(c) for h, c in zip(heads, cells) if c not in (price, time))
            zones.append(Zone(index, cells[0], " " + places + " ", price, time))
        return zones

    def _shipping_limits(self) -> dict[int, list[int]]:
        """Products that ship only to some places, and the lines that say so (the product's own
        "Shipping:" / "Perishable:" line, a shipping bullet that names it with "only")."""
        limits: dict[int, list[int]] = defaultdict(list)
        only = re.compile(r"\bonly\b|\bsolo\b|\bsoltanto\b|\bnur\b|\bausschliesslich\b")
        for index, passage in enumerate(self.passages):
            text = fold(passage.text)
            if not only.search(text) or not re.search(r"ship|sped|versand|versend|liefer|contiguous", text):
                continue
            if passage.group in self.names:
                limits[passage.group].append(index)
            for g in self.named.get(index, set()) | self.coded.get(index, set()):
                limits[g].append(index)
            # "The VoltPack 20K power bank ... ships only": named by its distinctive words.
            for g in self.products:
                if g not in self.named.get(index, set()) | self.coded.get(index, set()) and passage.group != g \
                        and len(self.names[g] & passage.terms) >= 2:
                    limits[g].append(index)
        return limits


def _guides(pack: KnowledgePack) -> tuple[Section, ...]:
    """The pack's public resources (a cooking guide, first-aid fixes, a maintenance guide) read as
    sections of their own: what they say answers customers too. Titled by the file's name, so that
    no guide reads as a product or a policy ("troubleshooting.txt" -> "troubleshooting")."""
    return tuple(Section(title=re.sub(r"[_-]+", " ", resource.name.rsplit(".", 1)[0]), body=resource.text)
                 for resource in pack.resources.values() if not resource.internal and resource.text.strip())


def _expansions() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = defaultdict(set)
    for word, targets in SYNONYMS_ALL.items():
        for target in targets:
            if stem(target) != stem(word):
                table[stem(word)].add(stem(target))
    return {k: tuple(v) for k, v in table.items()}


def _deletion_index(words) -> dict[str, set[str]]:
    """Each word and each form of it with one letter deleted -> the words (typos in one look-up)."""
    index: dict[str, set[str]] = defaultdict(set)
    for word in words:
        if len(word) < 4:
            continue
        index[word].add(word)
        for i in range(len(word)):
            index[word[:i] + word[i + 1 :]].add(word)
    return index


_GLOSS = re.compile(r"\s*\([^()]*\)")
_HYPHEN = re.compile(r"\b([a-z]+)-([a-z]+)\b")


def _hyphenated(text: str) -> frozenset[str]:
    """"Wi-Fi", "e-bike", "USB-C" as customers also write them: "wifi", "ebike", "usbc"."""
    return frozenset(stem(a + b) for a, b in _HYPHEN.findall(fold(text)))


_NEGATED = re.compile(r"\b(?:non|not|nicht|never|mai|nie) (usat[oiae]|used|benutzt\w*|apert[oiae]|opened|geoffnet\w*)\b")


def _negations(text: str) -> frozenset[str]:
    """"non usati", "not opened": the document's negated states as one word, as a question reads them."""
    found = set()
    for match in _NEGATED.finditer(fold(text)):
        found.add(stem("unused" if match.group(1)[0] in "ub" else "unopened"))
    return frozenset(found)
