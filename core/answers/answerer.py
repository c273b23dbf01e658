"""The offline answerer: what is asked, about what, and the line(s) of the pack that answer it,
in at most three lines in the customer's language; below a threshold it says the shop's
information does not say, and offers a colleague. It never quotes an unrelated passage.

Each answer carries a score (how much of the question the chosen lines cover, by the weight of
each question word) and the kind of question, so the owner can see what went unanswered.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.answers import kinds as K
from core.answers.compose import join, passage_line, shipping_line
from core.answers.index import PackIndex
from core.answers.language import detect
from core.answers.phrasebook import LANGUAGES, frame
from core.answers.places import NAMES as PLACE_NAMES, PART_OF, REGION_WORDS, all_names, name_in, region
from core.answers.question import ASKS, SYNONYMS_ALL, Question, clauses, read
from core.answers.scoring import beyond, best_lines, coverage
from core.answers.superlative import extreme
from core.answers.lexicon import CIRCUMSTANCES, FIRST_ORDER, MIND_CHANGE, RETURNING, TABLE, WHO_PAYS
from core.answers.words import STOP, fold, raw_words, stem, terms
from core.shop.pack import KnowledgePack

# Below this share of the question covered by the chosen lines, the answerer abstains. Chosen on
# the dev questions of bench/data/answers (`python -m bench.answers --tune`), never on test: from
# 0.45 to 0.55 dev accuracy is the same (0.88), below it unanswerable questions get answers.
THRESHOLD = 0.5
_JOIN = re.compile(r"\s(?:and|e|ed|und|sowie)\s", re.I)
# Shipping words that ask for a zone's row, not for a line of their own ("how much is shipping?").
NAMED_LINE = 0.9  # a line by its own name answers when it holds this share of the question
# A named product's line that holds what is asked answers, with a note that the pack says no more,
# from this share of the question covered (below it the question is mostly about something else;
# dev answers are the same from 0.05 to 0.15, one fewer at 0.2).
PARTIAL = 0.15
POLICY_TIE = 0.7  # a second policy line at this share of the best score (dev: the same from 0.4 to 0.7)
_CONTACT_WORDS = frozenset("hours open opened closed mail phone address payment pay card credit".split())
_PRICE_WORDS = frozenset("price cost much prezzo preis".split())
_CONTACT_CONCEPTS = frozenset(("hours", "email", "phone", "address"))
# The goods' condition a return rule depends on, and its opposite as a document writes it.
_OPPOSITE = {stem("opened"): stem("unopened"), stem("open"): stem("unopened"), stem("used"): stem("unused"),
             stem("unopened"): stem("opened"), stem("unused"): stem("used")}
_CONDITIONS = frozenset(_OPPOSITE) | frozenset(stem(w) for w in ("damaged", "faulty", "wrong", "spoiled", "mount"))
_COMBINE = stem("combined")
_WHO_PAYS_WORDS = frozenset(stem(w) for w in TABLE[WHO_PAYS])
_COST_WORDS = frozenset(stem(w) for w in ("free", "gratis", "price", "cost", "postage"))
_RETURN_WORDS = frozenset(stem(w) for w in ("return", "reso", "resi", "ritorno", "rucksendung", "ruckversand"))
# A rule's return window ("entro 30 giorni dalla consegna", "within 14 days of delivery"), folded.
_WINDOW = re.compile(r"\b(?:entro|within|innerhalb von) \d+ (?:giorni|days|tagen|tage)\b")
_REFERS = re.compile(r"\b(?:under the (?:refund|return)s? policy|secondo la politica dei resi|secondo le condizioni di reso"
                     r"|nach (?:unseren|den) ruckgabe\w*)")
# A size named with its word ("taglia 59", "Größe L", "size M"): the variant a figure is about.
_SIZE = re.compile(r"\b(?:taglia|size|grosse|misura)\s+([a-z]{1,3}|\d{2,3})\b")
_COMBINE_WORDS = frozenset(stem(w) for w, targets in TABLE.items() if targets[:1] == ("combined",))
# A budget the customer names ("budget about 200", "spenderei sui 30 euro", "bis 50 Euro"), folded.
_BUDGET = re.compile(r"\b(?:budget|spend|spending|spendere|spenderei|spendo|ausgeben|max|maximum|massimo|around|about|circa|sui"
                     r"|bis zu|bis|up to|under|below|sotto|unter|fino a|entro)\s(?:(?:about|around|circa|i|di|zu|so|etwa|rund)\s)?(\d+)(?:\s\d{2})?\b"
                     r"|\b(\d+)(?:\s\d{2})?\s(?:eur|euro|euros|bucks|dollars?|usd)\b")
_GIFT = re.compile(r"\b(?:gift|present|regal|dono|geschenk|recommend|suggest|idea|idee|consigli|empfehl|what should i)")
_MONEY = re.compile(r"(?:[$€]\s?(\d+(?:[.,]\d{1,2})?))|(?:(\d+(?:[.,]\d{1,2})?)\s?(?:eur|€|usd))", re.I)
_BUYING = frozenset(("buy", "purchase"))
_ROW_WORDS = frozenset("price cost much day time long delivery shipping ship send zone spedizione versand within parcel express option".split())


# A word and the whole number after it ("android 14", "ios 15"), folded; units and counts are no versions.
_WORD_FIGURE = re.compile(r"\b([a-z]{3,}) (\d+)\b(?! ?(?:[x%.,/-]|g\b|kg|ml|cm|mm|w\b|wh|mah|gb|tb|hz|fps|eur|usd|euro|dollar|day|days|hour|hours"
                          r"|minute|minutes|month|months|year|years|giorni|ore|mesi|anni|minuti|tage|stunden|monate|jahre|minuten|working|business))")
_NO_VERSION = frozenset("with within than and the for from per over under about around only until entro bis und oder with".split())


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    score: float
    kind: str
    abstained: bool


@dataclass(slots=True)
class _Part:
    kind: str
    score: float = 0.0
    lines: list[tuple[str, bool]] = field(default_factory=list)
    asked: bool = True  # False for a clause that asks nothing ("hi there")
    unknown: bool = False  # the question names something the chosen lines and the pack do not
    partial: bool = False  # the lines answer what is asked of a named product, not all the question says


_RECENT = 1024


class OfflineAnswerer:
    def __init__(self, pack: KnowledgePack) -> None:
        self.index = PackIndex(pack)
        # the words on either side of an "and" inside a product's name ("felsina", ""), ("pomodoro", "basilico")
        self._joined_names: set[tuple[str, str]] = set()
        for g in self.index.products:
            words = fold(self.index.groups[g].title).replace('"', " ").split()
            for n, word in enumerate(words[1:], 1):
                if _JOIN.fullmatch(f" {word} "):
                    self._joined_names.add((words[n - 1], words[n + 1] if n + 1 < len(words) else ""))
        self._own_words: dict[int, list[str]] = {}  # product -> the words of its name no other product has
        self._recent: dict[str, Question] = {}  # text -> what it asks, the latest _RECENT read
        self._by_topic: dict[str, list[int]] = {}
        self._priced: list[tuple[float, int, frozenset[str]]] | None = None  # bundles and products by price
        # what figure follows each word in the products' lines ("android" -> {"14"}, "ios" -> {"15"})
        self._figures_after: dict[str, set[str]] = {}
        for g in self.index.products:
            for i in self.index.members[g]:
                for word, figure in _WORD_FIGURE.findall(fold(self.index.passages[i].text)):
                    self._figures_after.setdefault(word, set()).add(figure)

    def answer(self, question: str, language: str | None = None, earlier: Sequence[str] = ()) -> Answer:
        """`earlier`: the customer's previous messages, latest last: "and how much does it weigh?"
        is about the product named there."""
        language = language if language in LANGUAGES else (detect(question) or self.index.language)
        before = next((p for text in reversed(earlier[-2:]) if (p := self._product_of(self._read(text))) is not None), None)
        parts, naming = [], []
        last: Question | None = None
        # a circumstance said once holds for every question of the message ("any code? it's not my first order")
        said = " ".join(raw_words(question))
        circumstances = " ".join(token for token, pattern in CIRCUMSTANCES.items() if pattern.search(said))
        for clause in clauses(question):
            clause = f"{clause} {circumstances}" if circumstances else clause
            if FIRST_ORDER.search(said) and RETURNING not in circumstances.split() \
                    and not FIRST_ORDER.search(" ".join(raw_words(clause))) \
                    and K.PROMOTION in self._read(clause).kinds:
                clause = f"{clause} first order"  # "ich bestelle zum ersten Mal ... gibt's einen Gutscheincode?"
            for q in self._questions(clause):
                # (a kind read from the words, or shipping read from a place: "I live in Zurich, what would
                # it cost to send a webcam here and how long does it take?")
                # (or asks more of the same shipping: "ci spedite in Belgio? con chi e quanto costa")
                again = bool(last is not None and last.places and parts[-1].kind == K.SHIPPING and q.kinds == (K.SHIPPING,))
                if last is not None and (last.kinds or parts[-1].kind == K.SHIPPING) and (not q.kinds or again) and q.units \
                        and not self._products_of(q) and not q.places:
                    # "do you ship the bike to Sicily? how much?": one question with the one before it
                    q = self._read(f"{last.text}, {q.text}")
                    parts.pop(), naming.pop()
                elif last is not None and (asked := self._asked_again(last, q)):
                    q = self._read(f"{q.text} {asked}")  # "how much are the paccheri? and the orecchiette?"
                last = q
                part = self._part(q, language, before)
                if before is not None and part.score < THRESHOLD and self._product_of(q) is None:
                    # "quanto viene la portici? iva compresa?": not every clause after a product is about it
                    alone = self._part(q, language)
                    # (unless alone it is not answered either, and the product's line holds what is asked)
                    # (nor by another product's line the clause does not name: "felsina e motor? is it bosch?"
                    # is not the helmet's "verde bosco")
                    other = bool(alone.lines) and all(any(text.startswith(self.index.groups[g].title) for g in self.index.products
                                                          if g != before) for text, _ in alone.lines)
                    part = alone if alone.score > part.score and (alone.score >= THRESHOLD or not part.partial) and not other else part
                # a word the pack does not know, weighing enough to leave the answer partial
                part.unknown = part.score < 0.9 and part.kind != K.ORDER and any(self._unknown(u, part.kind) for u in q.units)
                part.unknown = part.unknown or (part.partial and part.score < THRESHOLD)
                # "when will the nimbus 11 get android 15?": the product says "Android 14", and nothing of 15
                part.unknown = part.unknown or (part.kind != K.ORDER and bool(part.lines) and self._other_figure(q))
                parts.append(part)
                if (product := self._product_of(q)) is not None:
                    before = product  # "I'd like the X. How big is it?": the next clause is about X
                    naming.append(not self._kinds(q, product) and not self._asks_more_than_name(q, product))
                else:
                    naming.append(False)
        if len(parts) > 1 and any(p.lines and p.score >= THRESHOLD for p, only in zip(parts, naming) if not only):
            # a clause that only names the product another clause asks about; unless no other clause
            # is answered ("nel sugo che pomodori ci mettete? pelati qualsiasi?": the product's lines answer)
            for part, only_name in zip(parts, naming):
                part.asked = part.asked and not only_name
        asked = [p for p in parts if p.asked] or parts
        answered = [p for p in asked if p.lines and (p.score >= THRESHOLD or p.partial)]
        if not answered:
            best = max(asked, key=lambda p: p.score)
            return Answer(frame("abstain", language), round(best.score, 3), best.kind, True)
        # every part answered gets its best line before any part gets a second
        # (once each: "orari? il lunedì aperti? telefono?" gives the hours line once, the phone once)
        lines = list(dict.fromkeys(p.lines[n] for n in range(3) for p in answered if n < len(p.lines)))
        # (an unanswered part of no known kind counts when it names a thing the pack does not know:
        # "avete buoni regalo? vorrei regalarne uno": the gift boxes, and that gift cards are not said)
        if len(answered) < len(asked) and any(p.kind != K.UNKNOWN or p.unknown for p in asked if p not in answered):
            # what is not answered is said after the lines that answer, not instead of one of them
            lines = list(dict.fromkeys(lines))[:3]
            if len(lines) < 3:
                lines.append((frame("abstain", language), True))
            else:  # three lines at most: the last one says it
                lines[-1] = (f"{lines[-1][0]} {frame('abstain', language)}", lines[-1][1])
        if any(p.unknown for p in answered):  # "Apple Pay?", "Twint?": the list, and that it says no more
            last = lines[min(len(lines), 3) - 1]
            lines[min(len(lines), 3) - 1] = (f"{last[0]} {frame('nothing_more', language)}", last[1])
        score = min(p.score for p in answered)
        return Answer(join(lines, language, self.index.language), round(score, 3), answered[0].kind, False)

    def _other_figure(self, q: Question) -> bool:
        """The question names a word with a figure ("android 15", "iOS 16") where the products' lines
        give the same word only with other figures ("Android 14"): what is asked, the pack does not say."""
        return any(figure not in known for word, figure in _WORD_FIGURE.findall(q.folded)
                   if (known := self._figures_after.get(word)) and word not in _NO_VERSION and word not in STOP)

    def _asked_again(self, last: Question, q: Question) -> str:
        """The words of the question before that a clause naming only another product asks again
        ("and the orecchiette?"), or "" when the clause asks something of its own."""
        if q.kinds or q.places or (product := self._product_of(q)) is None or self._asks_more_than_name(q, product):
            return ""
        before = self._product_of(last)
        if before is None or before == product:
            return ""
        name = self.index.names[before]
        return " ".join(u.word for u in last.units if not u.stands_for & name)

    def _kinds(self, q: Question, product: int | None) -> list[str]:
        """The question's kinds, less those read only in the product's name ("memory card", "gift box")."""
        if product is not None:
            cues = [u for u in q.units if u.cue]
            if cues and all(u.stands_for & self.index.names[product] for u in cues):
                return []
        return list(q.kinds)

    def _questions(self, clause: str) -> list[Question]:
        """A clause read as one question, or as two when "and" joins two that each name a topic
        ("how much is the pesto and do you ship to Austria")."""
        ix = self.index
        whole = self._read(clause)
        for match in _JOIN.finditer(clause):
            before, after = fold(clause[: match.start()]).split()[-1:], fold(clause[match.end() :]).split()[:1]
            if before and (before[0], after[0] if after else "") in self._joined_names or before and (before[0], "") in self._joined_names:
                continue  # "Felsina E", "Sugo al pomodoro e basilico": an "e" inside a product's name joins nothing
            if before and after and all(self.index.products_named(self._read(w).units) for w in (before[0], after[0])):
                continue  # "tastatur und maus", "spaghetti and paccheri": two products named together, one question
            left, right = (self._read(part) for part in (clause[: match.start()], clause[match.end() :]))
            if all(len(q.units) >= 2 and (q.kinds or self._product_of(q) is not None) for q in (left, right)):
                # "got my speaker 35 days ago and ... too late to return?": the circumstance of a
                # returns question, not a question of its own
                circumstance = not left.kinds and K.POLICY in right.kinds and not ASKS.search(left.folded)
                # "... sul casco e sulle luci se li metto nello stesso ordine?": the order is the offer's condition
                circumstance = circumstance or (right.kinds == (K.ORDER,) and not any(u.number for u in right.units))
                if (set(left.kinds) != set(right.kinds) or left.places != right.places) and not circumstance:
                    return [left, right]
            # "is the X in stock, and what is the price?": the second asks about the X the first names
            if self._product_of(left) is not None and right.units and not self._products_of(right) and not right.kinds \
                    and all(self.index.knows(u.stands_for) for u in right.units) \
                    and self._asks_more_than_name(left, self._product_of(left)):
                return [left, right]
        return [whole]

    def _read(self, text: str) -> Question:
        # The customer's two messages before this one are read again at every turn for the
        # product they named: what was read once is kept (a Question never changes).
        question = self._recent.get(text)
        if question is None:
            question = read(text, self.index.mend, self.index.vocabulary.__contains__, self.index.inflected)
            if len(self._recent) >= _RECENT:
                self._recent.pop(next(iter(self._recent)))  # the oldest
            self._recent[text] = question
        return question

    def _product_of(self, q: Question) -> int | None:
        """The one product the question names; between names of about the same weight ("lumen" of
        the Lumen webcam, "lampadina" of the bulb), the one whose lines hold the rest of the question."""
        ix = self.index
        named = ix.products_named(q.units)
        close = [g for score, g in named if score >= 0.8 * named[0][0]] if named else []
        if len(close) > 1:
            def held(g: int) -> int:
                words = ix.names[g] | set().union(*(ix.passages[i].terms for i in ix.members[g]))
                return sum(bool(u.stands_for & words) for u in q.units if not u.number)
            ranked = sorted(((held(g), score, g) for score, g in named if g in close), reverse=True)
            if ranked[0][0] > ranked[1][0]:
                return ranked[0][2]
        if len(self._distinct(q)) >= 3:
            return None  # three products, each named by a word of its own: none of them alone
        return named[0][1] if named and (len(named) == 1 or named[0][0] > named[1][0] + 1e-9) else None

    def _products_of(self, q: Question) -> list[int]:
        """The products a question names equally ("the kids bike and the city bike"), or each by a word
        of its own ("weight of the speaker, the power bank and the webcam": one word or two of each name)."""
        distinct = self._distinct(q)
        if len(distinct) >= 2:
            return distinct[:3]
        named = self.index.products_named(q.units)
        return [g for score, g in named if named and score >= 0.6 * named[0][0]][:3]

    def _distinct(self, q: Question) -> list[int]:
        """The products named by a word the customer wrote that names no other product, in the order named."""
        ix = self.index
        found = []
        for u in q.units:
            w = stem(u.word)
            if u.number or len(owners := ix.by_name.get(w, ())) != 1:
                continue
            g = next(iter(owners))
            if w not in ix.groups[g].terms and any(w in ix.passages[i].terms for h in ix.products if h != g for i in ix.members[h]):
                continue  # a general word ("charge") that only one product's name says in translation ("ricaricabili")
            found.append(g)
        return list(dict.fromkeys(found))

    # -- one question ---------------------------------------------------------------------------

    def _part(self, q: Question, language: str, before: int | None = None) -> _Part:
        ix = self.index
        if not q.units and not q.kinds:
            return _Part(K.UNKNOWN, asked=False)
        if (refused := self._not_sold(q)) is not None and not self._asks_of_product(q, refused, before):
            # "any wine to go with it?": "We do not sell wine, ..."; not "can the power bank charge a laptop?"
            return _Part(K.PRODUCT, 1.0, [passage_line(ix, refused, language)])
        if (most := extreme(ix, q)) is not None:  # "which pasta cooks fastest?": the products' lines compared
            return _Part(K.PRODUCT, 1.0, [passage_line(ix, most, language)])
        named = self._named_line(q)  # "Trio di Gragnano", "PASTA5": a line by its own name
        if named is not None and ((score := coverage(self.index, q, [named], None, places=True)) >= NAMED_LINE
                                  or score >= THRESHOLD and self._named_in_full(q, named)):
            topic = ix.groups[ix.passages[named].group].topic
            kind = {"promotion": K.PROMOTION, "shipping": K.SHIPPING, "policy": K.POLICY}.get(topic, K.PRODUCT)
            return _Part(kind, score, [passage_line(ix, named, language)])
        product = self._product_of(q)
        if product is None and before is not None and not q.places and not self._products_of(q):
            product = before  # a follow-up: "and how much does it weigh?"
        kinds = self._kinds(q, product)
        if q.places and K.SHIPPING not in kinds and (not kinds or set(kinds) <= {K.PRODUCT, K.ORDER, K.PROMOTION}):
            name = ix.names.get(product, frozenset()) if product is not None else frozenset()
            # words the pack does not know ("usually", "here") ask nothing of another topic
            # (nor does wanting to buy it: "ich würd gern das Appennino kaufen, könnt ihr es nach Stuttgart schicken?")
            if not [u for u in beyond(q, _ROW_WORDS | _BUYING).units if not u.stands_for & name and ix.knows(u.stands_for)]:
                kinds.insert(0, K.SHIPPING)  # "do you send to Austria?", "and Switzerland?"
        kind = kinds[0] if kinds else (K.PRODUCT if product is not None else K.UNKNOWN)
        if kind == K.ORDER and len(kinds) > 1:
            kind = kinds[1]  # "can I return my order?" is a question about returns
        if kind == K.SHIPPING and K.PAYMENT in kinds and not q.places and not ix.limits.get(product):
            kind = K.PAYMENT  # "se faccio il bonifico dopo quanti giorni parte?", "contanti al corriere?": how paying works
        if kind == K.PAYMENT and K.POLICY in kinds:
            kind = K.POLICY  # "the refund goes to PayPal if I paid with PayPal?": how refunds are paid
        if kind in (K.PRODUCT, K.UNKNOWN) and product is None and any(_COMBINE in u.stands_for for u in q.units) \
                and any(re.search(r"[a-z]\d", u.word) and any(u.stands_for & ix.passages[i].terms for i in self._topic_passages("promotion"))
                        for u in q.units):
            kind = K.PROMOTION  # "can I stack BENVENUTO10 with PASTA5?": the offers' rule on combining codes
        shipping_only = kind == K.SHIPPING and not q.places and not ix.limits.get(product)
        if (kind in (K.CONTACT, K.PAYMENT) or shipping_only) and product is not None and K.POLICY not in kinds:
            # "does the tablet take a micro sd card?", "how much does the bottle weigh for shipping?":
            # a product whose lines answer what is asked beyond the kind word leads
            if best_lines(ix, beyond(q, frozenset(), keep_cues=kind != K.SHIPPING), ix.members[product],
                          need_own=True, product=product):
                kind = K.PRODUCT
        handler = {
            K.SHIPPING: self._shipping, K.PAYMENT: self._labelled, K.CONTACT: self._labelled,
            K.POLICY: self._policy, K.PROMOTION: self._promotion, K.ORDER: self._order,
        }.get(kind, self._product)
        return handler(q, kind, product, language)

    def _shipping(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        ix = self.index
        lines: list[tuple[str, bool]] = []
        chosen: list[int] = []
        limits = ix.limits.get(product, []) if product is not None else []
        place = q.places[0] if q.places else None
        if limits:
            chosen += limits[:1]
            if place is not None and not self._allowed(place, [ix.passages[i].text for i in limits]):
                name = ix.groups[product].title
                lines.append((frame("only_to", language, product=name, country=name_in(place, language)), True))
                lines += [passage_line(ix, i, language) for i in limits[:1]]
                # and the way it can still be had, when the pack offers one ("pickup in our shop is free")
                pickup = [i for i in self._topic_passages("shipping") if "pickup" in ix.passages[i].terms and not ix.passages[i].row]
                lines += [passage_line(ix, i, language) for i in pickup[:1]]
                return _Part(K.SHIPPING, max(coverage(self.index, q, chosen, product), THRESHOLD), lines)
            lines += [passage_line(ix, i, language) for i in limits[:1]]
            # the shipping lines of the product's family, beside the rule that names it ("Bici complete:
            # Spedizione di una bici in Italia continentale: 39,00 EUR; in Sicilia, Sardegna ...: 59,00 EUR"):
            # its own price, not the zone's row for a parcel
            family = self._family_shipping(product, limits)
            if family and "price" in q.flat and (place is None or self._allowed(place, [ix.passages[i].text for i in limits])):
                priced = [i for i in family if "price" in ix.passages[i].terms]
                chosen += priced[:1]
                lines += [passage_line(ix, i, language) for i in priced[:1]]
                rest = best_lines(self.index, beyond(q, _ROW_WORDS | _BUYING, keep_cues=False), [i for i in family if i not in priced[:1]],
                                  need_own=True, product=product)[:1]
                chosen += rest
                lines += [passage_line(ix, i, language) for i in rest]
                if priced:
                    return _Part(K.SHIPPING, max(coverage(self.index, q, chosen, product, places=True), THRESHOLD), lines)
        if place is not None:
            refused = [i for i in ix.refusals if self._refused(place, ix.passages[i].text)]
            if refused:  # "we do not ship outside Europe (for example USA...)"
                lines += [passage_line(ix, i, language) for i in refused[:1]]
                return _Part(K.SHIPPING, coverage(self.index, q, chosen + refused[:1], product, places=True), lines)
            for country in q.places[:2]:
                zone = ix.zone_for(country, frozenset(q.flat))
                if zone is not None:
                    lines.append(shipping_line(ix, zone, country, language))
                    chosen.append(zone.passage)
            others = self._topic_passages("shipping")
            extra = best_lines(self.index, beyond(q, _ROW_WORDS, keep_cues=True), others, exclude_rows=True, need_own=True)
            chosen += extra[:2]
            lines += [passage_line(ix, i, language) for i in extra[:2]]
            return _Part(K.SHIPPING, coverage(self.index, q, chosen, product, places=True), lines)
        # rows too: "do you ship express?" is answered by the express row
        best = best_lines(self.index, beyond(q, _ROW_WORDS, keep_cues=True), self._topic_passages("shipping") + limits,
                          need_own=True)
        if best:
            score = coverage(self.index, q, chosen + best, product)
            lines += [passage_line(ix, i, language) for i in self._with_referred(best)]
            return _Part(K.SHIPPING, score, lines)
        if lines:
            return _Part(K.SHIPPING, coverage(self.index, q, chosen, product), lines)
        intro = [i for i in self._topic_passages("shipping") if not ix.passages[i].row][:1]
        lines = [passage_line(ix, i, language) for i in intro] + [(frame("ask_country", language), True)]
        rest = beyond(q, _ROW_WORDS).units  # "how much is shipping?": the row answers, once the country is known
        return _Part(K.SHIPPING, 0.8 if not rest else coverage(self.index, q, intro, product), lines)

    def _labelled(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        """Payment, hours and contact: the pack's line with that label answers, whatever method
        or way is named ("Apple Pay?" is answered by the list of payment methods); a line of the
        shop's details that says more ("we do not accept cash on delivery") goes first."""
        ix = self.index
        wanted = self._contact_concepts(q.folded) if kind == K.CONTACT else ["payment"]
        by_concept = [[i for i, p in enumerate(ix.passages) if p.concept == c and not ix.groups[p.group].product] for c in wanted]
        # each way asked for gets its first line before any gets a second ("customer service e-mail": not three hours lines)
        found = list(dict.fromkeys(i for n in range(max(map(len, by_concept), default=0)) for lines in by_concept if n < len(lines)
                                   for i in lines[n : n + 1]))
        # (not another way of contact than the one asked: "orari negozio?" is no question for the phone
        # line that says it answers "solo negli orari del negozio")
        about = [i for i, p in enumerate(ix.passages) if ix.groups[p.group].topic == "about" and i not in found
                 and (p.concept not in _CONTACT_CONCEPTS or p.concept in wanted)]
        extra = best_lines(self.index, beyond(q, _CONTACT_WORDS, keep_cues=True), about, need_own=True)[:1]
        # a line of the shop's that says more than the lines of the way asked ("we do not accept cash on
        # delivery", "closed on Mondays"), not one that only names the shop as they do ("orari negozio?"
        # and "... è un negozio di biciclette")
        held = set().union(*(ix.passages[i].terms for i in found)) if found else set()
        extra = [i for i in extra if any(u.stands_for & ix.passages[i].terms and (u.cue or not u.stands_for & held) for u in q.units)]
        asked = {stem(c) for c in wanted}  # the way asked for itself ("phone"), not a word beside it ("number")
        if not found and not any(asked & ix.passages[i].terms for i in extra):
            return _Part(kind, 0.0)  # "do you have a phone number?" and the pack lists none ("Order numbers ...")
        chosen = extra + found[: 3 - len(extra)]
        return _Part(kind, max(THRESHOLD if found else 0.0, coverage(self.index, q, chosen, product, listed=True)),
                     [passage_line(ix, i, language) for i in chosen])

    def _policy(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        ix = self.index
        # policy lines first, then any line of the shop's (a workshop's "warranty on repairs")
        candidates = self._topic_passages("policy") + [
            i for i, p in enumerate(ix.passages) if not ix.groups[p.group].product and not p.row
            and ix.groups[p.group].topic not in ("policy", "listing", "guide")
        ]
        if product is not None:
            candidates += [i for i in ix.members[product] if ix.passages[i].concept in ("warranty", "perishable")]
        if product is not None:  # "can I return the speaker?": not the earbuds' own rule
            candidates = [i for i in candidates if not ix.named.get(i) or product in ix.named[i]]
        if K.PROMOTION not in q.kinds:  # "the warranty on the mouse": not the bundle that holds the mouse
            candidates = [i for i in candidates if not (ix.groups[ix.passages[i].group].topic == "promotion" and ix.named.get(i))]
        if MIND_CHANGE in q.folded.split():
            # "who pays the return if I changed my mind?": not the rule for damaged or wrong goods
            # (a rule "unless faulty" is about goods that are not)
            fault = {stem(w) for w in ("damaged", "wrong", "faulty")}
            candidates = [i for i in candidates if not (ix.passages[i].terms & fault) or "unless" in ix.passages[i].terms
                          or "meno" in ix.passages[i].terms or "ausser" in ix.passages[i].terms]
        # "refund", "return", "warranty" tell the policy lines apart: they weigh in full here
        best = best_lines(self.index, q, candidates, need_own=True, product=product, naming=True, cue_weight=1.0, tie=POLICY_TIE)
        stated = frozenset().union(*(u.stands_for & _OPPOSITE.keys() for u in q.units)) if q.units else frozenset()
        if stated and (held := [i for i in candidates if stated & ix.passages[i].terms and ix.groups[ix.passages[i].group].topic == "policy"]):
            # the rule for the goods' condition the customer states ("ausgepackt": opened goods) leads, before
            # the rule for its opposite that another word matched ("den vollen Preis": unopened, full refund)
            top = best_lines(self.index, q, held, need_own=True, product=product, cue_weight=1.0)[:1]
            best = top + [i for i in best if i not in top][:2]
        if product is not None:  # "can I return the helmet?": a rule for helmets ("caschi usati") names no product
            # of the rules that name what is asked about, the one that matches the question best
            # (or that name its family, a word of its name other products share: "la Portici" is one of "le bici complete")
            family = {t for t in ix.names[product] if len(ix.by_name.get(t, ())) >= 2}
            naming_rules = [i for i in self._topic_passages("policy") if ix.passages[i].terms & ix.names[product] & (q.flat | family)
                            and (not ix.named.get(i) or product in ix.named[i])]
            kind_rule = best_lines(self.index, q, naming_rules, need_own=True, cue_weight=1.0)[:1]
            if kind_rule:  # leads, though a general rule matched a word more ("30 days" before "bikes: 14 days")
                # and a general rule's own return window is not the product's: the lines after it answer
                # the rest of the question ("quanto mi costa?": the bike's pickup, not "30 days, full price")
                window = _WINDOW.search(fold(ix.passages[kind_rule[0]].text))
                rest = [i for i in candidates if i not in kind_rule and not (window and i not in naming_rules
                        and _WINDOW.search(fold(ix.passages[i].text)) and ix.passages[i].terms & _RETURN_WORDS)]
                # (the family's other rule first, when it answers what the first leaves: "Il ritiro di una bici
                # da restituire ... 49,00 EUR" for "quanto mi costa?")
                held = ix.passages[kind_rule[0]].terms
                more = [i for i in best_lines(self.index, q, [i for i in naming_rules if i in rest], need_own=True)[:1]
                        if any(u.stands_for & ix.passages[i].terms and not u.stands_for & held for u in q.units)]
                others = best_lines(self.index, q, rest, need_own=True, product=product, naming=True, cue_weight=1.0, tie=POLICY_TIE)
                best = kind_rule + list(dict.fromkeys(more + others))[:2]
        if product is not None:  # "the warranty on the tablet": the tablet's own line leads
            own = [i for i in ix.members[product] if ix.passages[i].concept in ("warranty", "perishable")]
            own = best_lines(self.index, q, own, need_own=True, product=product, cue_weight=1.0)[:1]
            best = own + [i for i in best if i not in own][: 3 - len(own)]
            # and, beside the product's warranty, its own line that holds what the customer says happened
            # ("beim Duschen getragen", "3 Meter tief"): its water rating, which the warranty rule is measured against
            asked = [u for u in q.units if not u.cue and not u.number and not u.stands_for & ix.names[product]]
            facts = [i for i in ix.members[product] if own and i not in best
                     and ix.passages[i].concept not in ("warranty", "perishable", "price")
                     and any(u.stands_for & ix.passages[i].terms for u in asked)]
            facts = best_lines(self.index, q, facts, need_own=True, product=product)[:1] if facts else []
            best = best[:1] + facts + best[1:3 - len(facts)]
        if product is not None and ix.guided.get(product) and K.TROUBLE.search(q.folded):
            # "stopped playing, any fix before I send it back?": the guide's first aid for the product leads
            aid = best_lines(self.index, q, ix.guided[product], need_own=True, product=product)[:1]
            aid = aid or (ix.guided[product] if len(ix.guided[product]) == 1 else [])  # the product's one first-aid line
            best = aid + [i for i in best if i not in aid][:2]
        # the shop's guarantee on its own work ("is the repair guaranteed?", "garanzia sul tagliando?"): the
        # product repaired is the customer's circumstance, the workshop's line answers
        work = [i for i in candidates if ix.passages[i].concept == "warranty" and not ix.groups[ix.passages[i].group].product
                and ix.groups[ix.passages[i].group].topic not in ("policy", "promotion")
                and any(not u.cue and u.stands_for & ix.passages[i].terms for u in q.units)]
        if work:
            best = work[:1] + [i for i in best if i not in work][:2]
        if WHO_PAYS in q.folded.split() and not any(u.stands_for & _CONDITIONS for u in q.units) \
                and MIND_CHANGE not in q.folded.split():
            # "who pays the return?" and no condition said: the rule for damaged goods and the rule
            # for any other return, both
            fault = {stem(w) for w in ("damaged", "wrong", "faulty")}
            paying = [i for i in candidates if ix.passages[i].terms & _WHO_PAYS_WORDS and ix.passages[i].terms & _RETURN_WORDS]
            sides = [best_lines(ix, q, [i for i in paying if bool(ix.passages[i].terms & fault) == faulty], need_own=True)[:1]
                     for faulty in (True, False)]
            if all(sides):
                pair = sides[0] + sides[1]
                best = pair + [i for i in best if i not in pair][:1]
        elif MIND_CHANGE in q.folded.split() and (WHO_PAYS in q.folded.split() or q.flat & _COST_WORDS):
            # "if I change my mind, is the return shipping free?": the rule for any other return
            paying = [i for i in candidates if ix.passages[i].terms & _WHO_PAYS_WORDS and ix.passages[i].terms & _RETURN_WORDS]
            other = best_lines(ix, q, paying, need_own=True)[:1]
            best = other + [i for i in best if i not in other][:2]
        if self._condition_met(q, best, any_of=True):
            # the rule for the goods' condition stated answers; a bundle's "2 bags" beside it does not
            best = [i for i in best if ix.groups[ix.passages[i].group].topic == "policy" or ix.passages[i].group == product
                    or self._condition_met(q, [i], any_of=True)]
        # a place is the customer's circumstance here ("I live in Germany, who pays the return?")
        score = coverage(self.index, q, best, product, context=True, places=True)
        if product is not None and best and best[0] in ix.guided.get(product, ()):
            score = max(score, THRESHOLD)  # the first aid asked for answers, though it says no "fix" or "return"
        best = self._with_referred(best)  # "after that, returned under the refund policy": the policy's rule too
        if score < THRESHOLD and self._condition_met(q, best):
            # "if I opened them but they work fine": the rule for opened goods answers, alone
            best, score = [i for i in best if self._condition_met(q, [i], any_of=True)], THRESHOLD
        return _Part(K.POLICY, score, [passage_line(ix, i, language) for i in best])

    def _condition_met(self, q: Question, chosen: list[int], any_of: bool = False) -> bool:
        """The question states the goods' condition (opened, used, damaged, wrong) and the chosen
        lines give the rule for it, or for its opposite ("unopened": so an opened one is not)."""
        asked = [u for u in q.units if u.stands_for & _CONDITIONS]
        if not asked or not chosen:
            return False
        seen = set().union(*(self.index.passages[i].terms for i in chosen))
        met = [bool(u.stands_for & seen or any(_OPPOSITE.get(t, "") in seen for t in u.stands_for)) for u in asked]
        return any(met) if any_of else all(met)

    def _promotion(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        ix = self.index
        candidates = self._topic_passages("promotion")
        best = best_lines(self.index, beyond(q, _PRICE_WORDS), candidates, need_own=True, product=product, naming=True)
        if product is None and not [u for u in beyond(q, _PRICE_WORDS).units if ix.knows(u.stands_for)]:
            best = []  # "any discounts at the moment?": the offers of the section's parts, not the line with most kind words
        bundles: list[int] = []
        family: list[int] = []
        if product is not None:
            bundles = [i for i in candidates if self._holds(i, product)]
            # an offer for the product's kind ("Con ogni bici: accessories bought with the bike ...",
            # "10% off 6 packs of the same pasta"): by a word of its name that other products share
            family = self._family_offers(q, [product], candidates, bundles)
            notes = [i for i in ix.members[product] if ix.passages[i].concept in ("notes", "origin")]
            # the product's own line that holds what the customer wants it for ("Kopfhörer, die Schweiß
            # abkönnen": its water rating), a true fact of its description beside the offer
            facts = best_lines(ix, beyond(q, _PRICE_WORDS), [i for i in ix.members[product] if ix.passages[i].concept != "price"],
                               need_own=True, product=product)[:1] if K.RECOMMEND.search(q.folded) else []
            best = list(dict.fromkeys(bundles[:1] + facts + family[:2] + best[:1] + notes[:1]))[:3]
        named = self._products_of(q)
        if product is None and named and (family := self._family_offers(q, named, candidates, [])):
            best = list(dict.fromkeys(family[:2] + best))[:3]  # "if I buy the Portici, any deal on a helmet?"
        if product is None and len(named) >= 2:  # "spaghetti, paccheri and orecchiette together?": the bundle of them
            holding = max(((sum(self._holds(i, g) for g in named), -n, i) for n, i in enumerate(candidates)), default=None)
            if holding and holding[0] >= 2:
                bundles = [holding[2]]
                best = list(dict.fromkeys(bundles + best))[:3]
        if not bundles and K.RECOMMEND.search(q.folded):  # "I ride to work every day, what do you suggest?"
            fitting = self._fitting_bundle(q, candidates)
            if fitting is not None:
                best = list(dict.fromkeys([fitting] + best))[:2]
        if product is None and (budget := _budget(q.folded)) is not None and _GIFT.search(q.folded):
            # "a gift for someone who loves cooking, about 30 euros": what the pack sells at that price
            within = self._within_budget(q, budget)
            if within:
                best = within
        # "can I use X and Y together?": the line on combining offers answers before the offers named
        combine = [i for i in candidates if _COMBINE_WORDS & terms(ix.passages[i].text)]  # the document's own word
        codes = re.search(r"\b(?:codes?|codic|coupon|discount|scont|rabatt|gutschein)", q.folded) or any(
            re.search(r"[a-z]\d", u.word) and any(u.stands_for & ix.passages[i].terms for i in candidates) for u in q.units)
        # (unless an offer for the product's kind says what buying in the same order gives)
        if combine and codes and any(_COMBINE in u.stands_for for u in q.units) and not family:
            best = list(dict.fromkeys(combine[:1] + best))[:3]
        if not best:
            # the parts of the section ("Prices, bundles and discounts: Bundles"), not its opening
            def part(pattern: str) -> list[int]:
                return [i for g, group in enumerate(ix.groups) if ": " in group.title
                        and re.search(pattern, fold(group.title.split(": ")[-1])) for i in ix.members[g]]
            bundles, codes = part(r"bundle|box|set|pacchett|kit|offer"), part(r"discount|scont|rabatt|code|codic|coupon")
            offers = re.search(r"\b(?:offer|offert|deal|angebot|promo|sale|saldi|aktion)", q.folded)
            if re.search(r"\b(?:discount|scont|rabatt|code|codic|coupon|gutschein|voucher)", q.folded) and not offers:
                best = codes[:3]
            elif re.search(r"\b(?:bundle|box|set|pacchett|kit|gift|regal|geschenk)", q.folded):
                best = bundles[:3]
            else:  # "any offers?", "Sonderangebote?": the bundles and the first code
                best = bundles[:2] + codes[:1]
            best = best or [i for i in candidates if re.search(r"\d", ix.passages[i].text)][:3]
        if re.search(r"\b(?:bundle|box|set|pacchett|kit|gift|regal|geschenk)", q.folded):
            # "do you have gift boxes?": an offer of the bundles' part, not a line that names gift boxes in passing
            # ("22% VAT on gift boxes")
            kits = [i for g, group in enumerate(ix.groups) if ": " in group.title
                    and re.search(r"bundle|box|set|pacchett|kit|offer", fold(group.title.split(": ")[-1])) for i in ix.members[g]]
            if kits and not set(best) & set(kits) and (fitting := best_lines(ix, q, kits, need_own=True)):
                best = list(dict.fromkeys(fitting[:2] + best))[:3]
        if RETURNING in q.folded.split():
            # "not my first order, any code?": the codes that apply, not the first order's
            first = {stem(w) for w in ("first", "primo", "erste", "erst", "neukunde", "neukunden")}
            codes = [i for g, group in enumerate(ix.groups) if ": " in group.title
                     and re.search(r"discount|scont|rabatt|code|codic|coupon", fold(group.title.split(": ")[-1]))
                     for i in ix.members[g]]
            others = [i for i in codes if not ix.passages[i].terms & first and re.search(r"\d", ix.passages[i].text)]
            if re.search(r"\b(?:discount|scont|rabatt|code|codic|coupon|gutschein|voucher)", q.folded):
                best = others[:3] or best
            else:
                best = list(dict.fromkeys([i for i in best if not ix.passages[i].terms & first] + others))[:3] or best
        # "gift vouchers?": a word the pack lacks is asked about; "I'm setting up a home office, what
        # would you recommend?": the customer's situation, and a recommendation answers it
        # "I love cantucci, any offer?": a bundle that holds the product asked about answers it
        known = all(ix.knows(u.stands_for) for u in q.units) or bool(K.RECOMMEND.search(q.folded)) or bool(bundles)
        return _Part(K.PROMOTION, max(coverage(self.index, q, best, product, context=True), 0.6 if best and known else 0),
                     [passage_line(ix, i, language) for i in best])

    def _family_offers(self, q: Question, products: list[int], candidates: list[int], bundles: list[int]) -> list[int]:
        """Offers for the products' kind ("Con ogni bici: accessories bought with the bike ...", "10% off
        6 packs of the same pasta"), by a word of a product's name that other products share."""
        ix = self.index
        shared = {t for g in products for t in ix.names[g] if len(ix.by_name.get(t, ())) >= 2}
        family = [i for i in candidates if i not in bundles and ix.passages[i].terms & shared and not ix.named.get(i)]
        found = best_lines(ix, beyond(q, _PRICE_WORDS, keep_cues=True), family, product=products[0]) if family else []
        # (and the offer's other lines under the same heading: "Con ogni bici:" gives a free basic service too)
        group = ix.passages[found[0]].group if found else None
        same = [i for i in family if i not in found[:1] and ix.passages[i].group == group and ": " in ix.groups[group].title]
        return list(dict.fromkeys(found[:1] + same + found[1:]))

    def _within_budget(self, q: Question, budget: float) -> list[int]:
        """The bundles and products priced within the customer's budget: those whose lines hold
        what the customer says of the use first, then the nearest to the budget (a gift of about
        200 is more likely the 199 watch than the 29 bulbs)."""
        ix = self.index
        if self._priced is None:  # the same for every question: worked out once
            self._priced = []
            for i in self._topic_passages("promotion"):
                held = [g for g in ix.products if self._holds(i, g)]
                if held and (price := _amount(ix.passages[i].text)) is not None:
                    words = set(ix.passages[i].terms).union(*(ix.passages[j].terms for g in held for j in ix.members[g]))
                    self._priced.append((price, i, frozenset(words)))
            for g in ix.products:
                line = next((i for i in ix.members[g] if ix.passages[i].concept == "price"), None)
                if line is not None and (price := _amount(ix.passages[line].text)) is not None:
                    words = set().union(*(ix.passages[j].terms for j in ix.members[g])) | ix.names[g]
                    self._priced.append((price, line, frozenset(words)))
        wanted = [u for u in beyond(q, _PRICE_WORDS).units if not u.cue and not u.number and ix.knows(u.stands_for)]
        ranked = sorted((-sum(ix.weight(u.stands_for) for u in wanted if u.stands_for & words), budget - price, i)
                        for price, i, words in self._priced if price <= budget * 1.05)
        return [i for _, _, i in ranked[:2]]

    def _fitting_bundle(self, q: Question, candidates: list[int]) -> int | None:
        """The bundle whose products' lines hold most of what the customer says of their use
        ("portare mia figlia in bici": the child seat's lines say "bambini")."""
        ix = self.index
        wanted = [u for u in beyond(q, _PRICE_WORDS).units if not u.cue and not u.number and ix.knows(u.stands_for)]
        ranked = []
        for n, i in enumerate(candidates):
            held = [g for g in ix.products if self._holds(i, g)]
            if not held:
                continue
            words = set(ix.passages[i].terms).union(*(ix.passages[j].terms for g in held for j in ix.members[g]))
            fit = sum(ix.weight(u.stands_for) for u in wanted if u.stands_for & words)
            ranked.append((fit, -n, i))
        best = max(ranked, default=None)
        return best[2] if best and best[0] > 0 else None

    def _with_referred(self, chosen: list[int]) -> list[int]:
        """A line that sends the customer to the returns policy ("after that, the goods can be
        returned under the refund policy") goes with the policy's first rule, which says how."""
        ix = self.index
        if len(chosen) >= 3 or not any(_REFERS.search(fold(ix.passages[i].text)) for i in chosen):
            return chosen
        first = next((i for i in self._topic_passages("policy") if re.search(r"\d", ix.passages[i].text)), None)
        return chosen + [first] if first is not None and first not in chosen else chosen

    def _holds(self, i: int, product: int) -> bool:
        """A promotion line that holds the product: by its name, or by the one word of the name no
        other product has ("one pack each of Spaghetti, Paccheri and Orecchiette")."""
        ix = self.index
        if product in ix.named.get(i, ()):
            return True
        if (own := self._own_words.get(product)) is None:  # the same for every question: worked out once
            own = self._own_words[product] = [t for t in ix.groups[product].terms if len(t) >= 5 and not t.isdigit()
                                              and not any(t in ix.groups[g].terms for g in ix.products if g != product)]
        return any(t in ix.passages[i].terms for t in own)

    def _order(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        """An order question the order workflows did not take: the pack's lines about orders."""
        ix = self.index
        candidates = [i for i, p in enumerate(ix.passages) if ix.groups[p.group].topic in ("shipping", "policy", "about") and not p.row]
        best = best_lines(self.index, q, candidates, need_own=True)
        score = coverage(self.index, q, best, product)
        best = self._with_referred(best)
        if best and score >= THRESHOLD:
            return _Part(K.ORDER, score, [passage_line(ix, i, language) for i in best])
        # "how long until an ordered bike arrives?", "do you have an app for ordering?", "can I pick up my
        # order at your place?": what the pack says, or that it does not say; one order's number and
        # status are the order workflows' (they ask for the number themselves)
        general = self._product(q, K.PRODUCT, product, language)
        return general if general.lines and general.score >= THRESHOLD else _Part(K.ORDER, general.score)

    def _product(self, q: Question, kind: str, product: int | None, language: str) -> _Part:
        ix = self.index
        if K.LISTING.search(q.folded) and (product is None or not self._asks_more_than_name(q, product)
                                           or len(self._products_of(q)) > 1):  # "which kinds of pasta"
            return self._listing(q, language)
        several: _Part | None = None
        if product is None and len(named := self._products_of(q)) >= 2:  # "the kids bike and the city bike"
            picked = [best_lines(self.index, q, ix.members[g], need_own=True, product=g)[:1] for g in named]
            best = [i for lines in picked for i in lines]
            if len(best) >= 2:
                # (each product's line measured against the question less the other products' names)
                several = _Part(K.PRODUCT, min(coverage(self.index, beyond(q, frozenset().union(*(ix.names[h] for h in named if h != g))
                                                                          - ix.names[g], keep_cues=True), b, g, own_lines=True)
                                               for b, g in zip(picked, named) if b),
                                [passage_line(ix, i, language) for i in best])
        if product is None:
            best = best_lines(self.index, q, range(len(ix.passages)), need_own=True)
            general = _Part(K.UNKNOWN if not best else K.PRODUCT, coverage(self.index, q, best, None),
                            [passage_line(ix, i, language) for i in best])
            # (each product's own line, when they answer, before a line that names them together: "price of the
            # pesto and the sugo?" is the two prices, not the gift box that holds both)
            return several if several is not None and (several.score > general.score or several.score >= THRESHOLD) else general
        # the product's lines, and for a problem a guide's lines about it ("Halo bulb will not connect: reset it ...")
        guided = ix.guided.get(product, []) if K.TROUBLE.search(q.folded) else []
        best = best_lines(self.index, q, ix.members[product] + guided, need_own=True, product=product)
        if not best and not self._asks_more_than_name(q, product):
            best = self._summary(product)
            return _Part(K.PRODUCT, 0.8, [passage_line(ix, i, language) for i in best])
        best = self._companions(best, product)
        score = coverage(self.index, q, best, product, own_lines=True, context=True)
        asked = _SIZE.findall(q.folded) + self._sizes_named(q, product)
        if asked and best and all(set(_SIZE.findall(fold(ix.passages[i].text))) - set(asked) for i in best):
            return _Part(K.PRODUCT, 0.0)  # "the helmet in size L" and the line gives size M's weight: the pack does not say
        other = [i for i in best if (sizes := set(_SIZE.findall(fold(ix.passages[i].text)))) and not sizes & set(asked)] if asked else []
        if other:  # (and a line beside it that names no size does not answer for it: "weigh in a 59 frame?")
            if any(u.stands_for & ix.heads.get(i, frozenset()) for i in other for u in q.units):
                return _Part(K.PRODUCT, 0.0)  # the line about what is asked ("Weight") gives another size's figure
            best = [i for i in best if i not in other]
            score = coverage(self.index, q, best, product, own_lines=True)  # (what the lines left say, not the card)
            if score < THRESHOLD:
                return _Part(K.PRODUCT, 0.0)
        if score < THRESHOLD:
            # the product is the customer's circumstance, and the answer a priced service of the shop's
            # own section ("se buco la gomma serve appuntamento?": the workshop's puncture repair), one
            # that holds more of the question than the product's name
            shop = [i for i, p in enumerate(ix.passages) if not ix.groups[p.group].product and not p.row
                    and ix.groups[p.group].topic == "other" and p.label]
            name = ix.names[product]
            rest = [u for u in q.units if not u.number and not u.cue and not u.stands_for & name]
            found = [i for i in best_lines(self.index, q, shop, need_own=True)
                     if any(u.stands_for & ix.passages[i].terms for u in rest)]
            # each line on its own must answer enough: lines that each hold one stray word do not add up
            found_score = min((coverage(self.index, q, [i], product, own_lines=True) for i in found[:1]), default=0.0)
            if found_score >= THRESHOLD and found_score > score:
                return _Part(K.PRODUCT, found_score, [passage_line(ix, i, language) for i in found])
        # (after the shop's own services: "se buco la gomma ...?" is the workshop's puncture repair)
        if score < THRESHOLD and not guided:
            # the shop's guides for the product and for all of them ("do I heat the pesto?": "do not heat it";
            # "how much water?": the general cooking line), when the product's own lines do not answer
            general = [i for i in self._topic_passages("guide") if not ix.named.get(i)]
            # (a general line that holds two words of the question its product's lines lack: what the guide adds;
            # not "Se sei a cavallo tra due taglie ..." for the bike's "max rider weight")
            own = set().union(*(ix.passages[i].terms for i in ix.members[product])) | ix.names[product]
            general = [i for i in general if sum(bool(u.stands_for & ix.passages[i].terms) for u in q.units
                                                 if not u.number and not u.stands_for & own) >= 2]
            tips = best_lines(self.index, q, ix.members[product] + ix.guided.get(product, []) + general, need_own=True, product=product)
            # (a guide's line that holds a word asked beyond the product's name and the figures: "heat", "water")
            asked_words = [u for u in q.units if not u.number and not u.stands_for & ix.names[product]]
            # (and no first aid for a problem the customer does not have: "does not pair" is not about a battery)
            tips = [i for i in tips if i in ix.members[product] or any(u.stands_for & ix.passages[i].terms for u in asked_words)
                    and not K.TROUBLE.search(fold(ix.passages[i].text))]
            tips_score = coverage(self.index, q, tips, product, own_lines=True, context=True)
            if tips_score > score and any(i not in ix.members[product] for i in tips):
                best, score = tips, tips_score
        return _Part(K.PRODUCT, score, [passage_line(ix, i, language) for i in best],
                     partial=score >= PARTIAL and self._about_asked(q, best[:1], product))

    def _listing(self, q: Question, language: str) -> _Part:
        ix = self.index
        # "which kinds of pasta": the products of that kind, when the question names one
        named = ix.products_named(q.units)  # every product of the kind asked, not only the first three
        kind = [g for score, g in named if score >= 0.6 * named[0][0]] if len(self._products_of(q)) > 1 else ix.products
        names = ", ".join(ix.groups[g].title for g in kind)
        lines = [(frame("products", language, names=names), True)] if names else []
        best = best_lines(self.index, q, ix.not_sold, need_own=True)
        if best and "product" in q.flat:  # "which kinds of pasta do you have": the list first
            return _Part(K.PRODUCT, 0.8, lines[:1] + [passage_line(ix, i, language) for i in best])
        if best:
            return _Part(K.PRODUCT, coverage(self.index, q, best, None), [passage_line(ix, i, language) for i in best] + lines[:1])
        return _Part(K.PRODUCT, 0.8 if lines else 0.0, lines)

    # -- scoring --------------------------------------------------------------------------------

    def _topic_passages(self, topic: str) -> list[int]:
        if topic not in self._by_topic:  # the passages never change once the pack is read
            self._by_topic[topic] = [i for i, p in enumerate(self.index.passages) if self.index.groups[p.group].topic == topic]
        return list(self._by_topic[topic])

    def _sizes_named(self, q: Question, product: int) -> list[str]:
        """The product's sizes the question names by their figure alone ("the appennino in a 59 frame"):
        the first word of each item of its "Sizes" line ("50 cm (altezza 160-168 cm), 53 cm ...")."""
        ix = self.index
        lines = [ix.passages[i].value for i in ix.members[product] if ix.passages[i].concept == "sizes"]
        sizes = {fold(item).split()[0] for value in lines for item in re.split(r",\s*(?![^()]*\))", value) if item.strip()}
        return [u.word for u in q.units if u.number and u.word in sizes]

    def _family_shipping(self, product: int, limits: list[int]) -> list[int]:
        """The lines beside a shipping rule that names the product among others (its family's part of
        the shipping section), not the product's own card."""
        ix = self.index
        groups = {ix.passages[i].group for i in limits if ix.passages[i].group != product}
        return [i for i in self._topic_passages("shipping") if ix.passages[i].group in groups and i not in limits
                and not ix.passages[i].row]

    def _allowed(self, country: str, texts: list[str]) -> bool:
        words = [*all_names(country), *REGION_WORDS.get(region(country), ()), *all_names(PART_OF.get(country, country))]
        return any(re.search(rf"(?<!\w){re.escape(w.strip())}(?!\w)", " " + fold(t) + " ") for t in texts for w in words if w.strip())

    def _unknown(self, unit, kind: str) -> bool:
        """A word of four letters or more that the pack does not know and that is no figure (nor,
        for shipping, a place: the zone answers for it)."""
        listed = kind in (K.PAYMENT, K.CONTACT)  # "Twint?": the name of a way the list may lack
        return len(unit.word) >= 4 and not unit.number and (listed or not unit.cue) \
            and not self.index.knows(unit.stands_for) and not (kind == K.SHIPPING and unit.word in PLACE_NAMES)

    def _not_sold(self, q: Question) -> int | None:
        """The pack's line saying it does not sell a thing, when the question names a thing the pack
        mentions only there ("wine" in "We do not sell wine, spirits ...")."""
        ix = self.index
        for i in ix.not_sold:
            # the customer's own word or its table translation, not a guessed inflection ("corsi" is no "corsa")
            if any(not u.number and (stem(u.word) in ix.passages[i].terms or u.word in SYNONYMS_ALL)
                   and u.stands_for & ix.passages[i].terms
                   and all(ix.reach.get(t, {i}) <= set(ix.not_sold) for t in u.stands_for & ix.passages[i].terms)
                   for u in q.units):
                return i
        return None

    def _named_line(self, q: Question) -> int | None:
        """A line opened by a name the question gives ("Trio di Gragnano: ...", "Code PASTA5: ...")
        that is no product's heading: a bundle, a code, a service."""
        ix = self.index
        flat = set().union(*(u.stands_for for u in q.units if not u.cue)) if q.units else set()  # not "bundle" alone
        # the customer's own words: "quello base" names "Tagliando base" before "bici" names "Tagliando e-bike"
        said = {stem(u.word) for u in q.units}
        found = []
        for i in ix.labelled:
            words = ix.label_terms[i]
            if not words & flat:
                continue
            rare = max(words, key=lambda t: (ix.idf.get(t, 0.0), t))
            share = len(words & flat) / len(words)
            if rare in flat and share >= 0.5 and ix.idf.get(rare, 0.0) >= ix.name_floor:  # a name, not "Returns:"
                found.append((share, len(words & said), ix.idf.get(rare, 0.0), -i))
            elif len(words) >= 2 and share == 1.0:  # "il tagliando per l'e-bike": "Tagliando e-bike: ..." named in full
                found.append((share, len(words & said), ix.idf.get(rare, 0.0), -i))
        return -max(found)[3] if found else None

    def _named_in_full(self, q: Question, i: int) -> bool:
        """Every word of a service's or an offer's name in the customer's own words, and no product
        named ("quanto costa il tagliando base per la mia bici?": the line "Tagliando base: ...")."""
        said = {stem(u.word) for u in q.units}
        ix = self.index  # (a service of the shop's own sections: an offer's or a rule's line goes through its handler)
        return ix.groups[ix.passages[i].group].topic == "other" and len(ix.label_terms[i]) >= 2 \
            and ix.label_terms[i] <= said and self._product_of(q) is None

    def _refused(self, country: str, text: str) -> bool:
        """A line that says the shop does not ship there names the country, or all outside Europe."""
        folded = fold(text)
        if any(re.search(rf"\b{re.escape(n)}\b", folded) for n in all_names(country)):
            return True
        outside = re.search(r"outside (?:of )?europe|fuori dall'europa|ausserhalb europas|outside the eu|fuori dall'ue", folded)
        return bool(outside) and region(country) in ("world", "us")

    def _about_asked(self, q: Question, chosen: list[int], product: int) -> bool:
        """The product's line holds a word the customer asks with, beyond the product's name (its
        label or its value: "wie schwer" -> "Weight: 540 g", "drivers on a macbook" -> "works with
        macOS without drivers"): it answers what is asked of that product, though the question says
        more the pack does not know ("la posso portare in piscina o muore?")."""
        ix, name = self.index, self.index.names[product]
        if self._product_of(q) == product and not any(len(ix.by_name.get(t, ())) == 1 for u in q.units for t in u.stands_for & name):
            return False  # named by a word of its own ("pulse"), not one it shares ("bici"); or a follow-up
        # (the customer's own word is no word of the name: "wall plug" reads as adapter and charger,
        # and the ChargeDock is a charger)
        return any(not u.number and stem(u.word) not in name and u.stands_for - name & ix.passages[i].terms
                   for i in chosen for u in q.units)

    def _asks_of_product(self, q: Question, refused: int, before: int | None = None) -> bool:
        """The question names a product, or follows one that did, and asks what its lines hold ("can
        the power bank charge a laptop?": charging; "... la pompa? va bene per le valvole della bici da
        corsa?": the valve), so the thing the shop does not sell is only what it is used with."""
        ix = self.index
        if (product := self._product_of(q)) is None and before is None:
            return False
        product = product if product is not None else before
        own = set().union(*(ix.passages[i].terms for i in ix.members[product]))
        return any(not u.cue and not u.number and not u.stands_for & ix.names[product]
                   and not u.stands_for & ix.passages[refused].terms and u.stands_for & own for u in q.units)

    def _asks_more_than_name(self, q: Question, product: int) -> bool:
        name = self.index.names[product]
        # a word of the name as written counts as the name, though too common to tell products apart
        # ("all" of "Tagliatelle all'uovo")
        title = set(raw_words(self.index.groups[product].title))
        return any(not (u.stands_for & name) and not u.number and u.word not in title for u in q.units)

    def _summary(self, product: int) -> list[int]:
        """A product asked about by name: its price and a line that describes it."""
        members = self.index.members[product]
        concepts = [self.index.passages[i].concept for i in members]
        price = [i for i, c in zip(members, concepts) if c == "price"]
        described = [i for i, c in zip(members, concepts) if c in ("notes", "origin", "ingredients")]
        return list(dict.fromkeys(price[:1] + described[:1])) or members[:2]

    def _companions(self, chosen: list[int], product: int) -> list[int]:
        """A product's allergens go with its ingredients: the label is quoted whole."""
        result = list(chosen)
        for i in chosen:
            if self.index.passages[i].concept == "ingredients":
                result += [j for j in self.index.members[product] if self.index.passages[j].concept == "allergens"][:1]
        return list(dict.fromkeys(result))[:3]

    @staticmethod
    def _contact_concepts(folded: str) -> list[str]:
        asked = []
        if re.search(r"\b(?:hour|open|orari|aperti|offnungs|geoffnet|erreich|when|quando|wann|servizio clienti|kundenservice|customer service"
                     r"|a che ora|what time|wie ?viel uhr|operativ"
                     r"|clos|chius|geschlossen)", folded):
            asked.append("hours")
        if re.search(r"\b(?:e-?mail|mail|scriver|schreib|write)", folded):
            asked.append("email")
        if re.search(r"\b(?:phone|call|telefon|chiamar|anruf|numero di telefono|whatsapp)", folded):
            asked.append("phone")
        if re.search(r"\b(?:address|indirizzo|adresse|where are you|dove siete|wo seid|wo sind sie|located|sede|sitz|visit|shop in person|negozio fisico"
                     r"|wo (?:genau )?(?:ist|liegt|befindet sich) (?:euer|ihr|der) (?:laden|geschaft|shop)|where is (?:your|the) (?:shop|store)"
                     r"|dove vi (?:trovo|trovate)|where (?:can|do) i find you|wo finde ich euch"
                     r"|dove (?:si trova|e) (?:il )?(?:vostro )?negozio)", folded):
            asked.append("address")
        return asked or ["hours", "email"]


def _budget(folded: str) -> float | None:
    match = _BUDGET.search(folded)
    return float(match.group(1) or match.group(2)) if match else None


def _amount(text: str) -> float | None:
    """The first amount of money of a line ("$199.00", "29.90 EUR instead of ...", "2190,00 EUR")."""
    match = _MONEY.search(text)
    if not match:
        return None
    figure = (match.group(1) or match.group(2)).replace(",", ".")
    return float(figure)
