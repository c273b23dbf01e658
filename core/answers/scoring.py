"""How well the pack's lines answer a question: the lines that match it best (each question word
counted once, by the rarest document word it stands for), and the share of the question's weight
the chosen lines cover, the score below which the answerer abstains."""
from __future__ import annotations

from dataclasses import replace

from core.answers.index import PackIndex
from core.answers.places import all_names
from core.answers.question import Question
from core.answers.words import stem

MAX_CHARS = 320  # about three sentences
HEAD = 0.5  # a word of a product line's label counts half again (dev accuracy the same from 0.25 to 0.5)
OTHER_PRODUCT = 0.7  # dev accuracy is the same from 0.7 to 0.85


def best_lines(ix: PackIndex, q: Question, candidates, *, need_own: bool = False, exclude_rows: bool = False,
               product: int | None = None, naming: bool = False, cue_weight: float = 0.5, tie: float = 0.7) -> list[int]:
    """The candidates that match the question's words best, by the weight of each word once;
    a product's name matches only through the product. At most three, within a budget."""
    name = ix.names.get(product, frozenset()) if product is not None else frozenset()
    scored = []
    order = {i: n for n, i in enumerate(dict.fromkeys(candidates))}  # ties go to the candidate named first
    # only the lines that hold a word of the question can score (the index's word -> lines)
    reached = set().union(*(ix.reach.get(t, ()) for u in q.units for t in u.stands_for)) if q.units else set()
    naming_product = naming and product is not None
    for i in order:
        if i not in reached and not (naming_product and (product in ix.named.get(i, ()) or i in ix.limits.get(product, ()))):
            continue
        passage = ix.passages[i]
        if exclude_rows and passage.row:
            continue
        own = 0.0
        for unit in q.units:
            if unit.stands_for & name:
                continue
            hits = unit.stands_for & passage.terms
            if hits:  # a kind word or a bare figure ("my daughter is 2") tells less than a topic word
                own += max(ix.idf.get(t, 0.0) for t in hits) * (cue_weight if unit.cue else 0.25 if unit.number else 1.0)
                if not unit.number and unit.stands_for & ix.heads.get(i, frozenset()):
                    own += HEAD * max(ix.idf.get(t, 0.0) for t in hits)  # the word is what the line is about
        if (label := ix.label_terms.get(i)) and label <= q.flat:  # "Tagliando base: ..." for "il tagliando base"
            own += 0.5 * sum(ix.idf.get(t, 0.0) for t in label)
        if naming and product is not None and (product in ix.named.get(i, ()) or i in ix.limits.get(product, ())):
            # a line that names the product asked about counts the product's name as matched
            own += sum(ix.name_idf.get(t, 0.0) for u in q.units for t in u.stands_for & name)
        if own > 0 and product is None and ix.named.get(i) and not any(ix.names[g] & q.flat for g in ix.named[i]):
            # a rule about a product the question does not name ("Perishable goods (Parmigiano...)
            # cannot be returned") answers a general question only after the general rules
            own *= OTHER_PRODUCT
        if own > 0:
            scored.append((own, i))
    if not scored:
        return []
    scored.sort(key=lambda s: (-s[0], order[s[1]]))
    top = scored[0][0]
    if need_own and top <= 0:
        return []
    # The best line, then lines that answer a part of the question the chosen ones leave
    # ("price and sizes"), then near ties ("which rows"): at most three, within a budget.
    chosen, used, covered = [], 0, set()

    def take(i: int) -> None:
        nonlocal used
        chosen.append(i)
        used += len(ix.passages[i].text)

    def answers(i: int) -> set:
        return {u for u in q.units if u.stands_for & ix.passages[i].terms and not u.stands_for & name and not u.number}

    take(scored[0][1])
    covered |= answers(scored[0][1])
    for own, i in scored[1:]:
        new = answers(i) - covered
        if len(chosen) < 3 and new and used + len(ix.passages[i].text) <= MAX_CHARS:
            take(i)
            covered |= new
    for own, i in scored[1:]:
        if len(chosen) < 2 and i not in chosen and own >= tie * top and used + len(ix.passages[i].text) <= MAX_CHARS:
            take(i)
    return chosen


def coverage(ix: PackIndex, q: Question, chosen: list[int], product: int | None, *, places: bool = False,
              context: bool = False, own_lines: bool = False, listed: bool = False) -> float:
    """The share of the question's weight that the chosen lines, the product named and the
    places cover; a word the pack does not know weighs the most of any."""
    if not chosen:
        return 0.0
    seen = set().union(*(ix.passages[i].terms for i in chosen))
    if product is not None:
        seen |= ix.names[product]
        if context:  # "an opened jar of pesto": the pesto's own words are about the pesto
            seen |= set().union(*(ix.passages[i].terms for i in ix.members[product]))
    elif context:  # "can I return the pasta?": the shop's products in general
        seen |= set(ix.by_name)
    if places:
        seen |= _place_words(q)
    name = ix.names[product] if product is not None else frozenset()
    place_words = _place_words(q)
    total = matched = 0.0
    for unit in q.units:
        if unit.number and not unit.stands_for & seen:
            continue  # "at 3 pm", "2 packs": a figure the lines do not hold is no topic
        if own_lines and (unit.stands_for & name or cognate(ix, unit, name)):
            continue  # a product's own lines are chosen by the name: the rest of the question decides
        weight = ix.place_weight if places and unit.stands_for & place_words else ix.weight(unit.stands_for)
        total += weight
        # a kind word answers for itself, except a name the pack lacks in a list ("Twint")
        if (unit.cue and not (listed and not ix.knows(unit.stands_for))) or unit.stands_for & seen:
            matched += weight
    return matched / total if total else 1.0

# -- helpers --------------------------------------------------------------------------------


def beyond(q: Question, words: frozenset[str], keep_cues: bool = False) -> Question:
    """The question without its kind words (unless kept), its places and the given words:
    what it asks beyond them."""
    places = _place_words(q)
    units = tuple(u for u in q.units if (keep_cues or not u.cue) and not u.stands_for & places
                  and not u.stands_for & words and u.word not in words)
    return replace(q, units=units)


def cognate(ix: PackIndex, unit, name: frozenset[str]) -> bool:
    """A word the pack does not know that begins like a word of the product's name: the name
    in the customer's language ("tastiera meccanica" for "mechanical keyboard")."""
    return len(unit.word) >= 5 and not ix.knows(unit.stands_for) and any(
        len(t) >= 5 and t[:3] == unit.word[:3] for t in name)


def _place_words(q: Question) -> set[str]:
    """The words of the places' names, as written and as a question's word is stemmed ("texas", "texa")."""
    words = {w for country in q.places for n in all_names(country) for w in n.split()}
    return words | {stem(w) for w in words}
