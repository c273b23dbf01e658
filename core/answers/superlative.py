"""Which product is the most or the least of something ("which pasta cooks fastest?", "your
lightest earbuds?", "il più economico?", "was ist am günstigsten?"): the products' own lines of
that concept compared by their figure, and the line of the product at the end asked for.

Only products whose lines say the concept in a figure are compared, among those the question
names (a kind: "pasta" names every pasta) or, when it names none, all of them; a question that
names one product is no comparison.
"""
from __future__ import annotations

import re

from core.answers import kinds as K
from core.answers.index import PackIndex
from core.answers.question import Question

# (concept of the product lines, lowest or highest wins, what asks it, what must stand beside it), folded text.
_ASKED: tuple[tuple[str, bool, re.Pattern, re.Pattern | None], ...] = tuple(
    (concept, lowest, re.compile(asks), re.compile(beside) if beside else None)
    for concept, lowest, asks, beside in (
        ("cooking", True, r"\b(?:fast|quick|fretta|veloc|rapid|schnell|kurz|breve|little time|poco tempo|pochissimo tempo|wenig zeit)",
         r"\b(?:cook|cuoc|cott|koch|gar\b)"),
        ("weight", True, r"\b(?:lightest|lighter|piu legger|leggerissim|leichtest|am leichtesten|leichter)", None),
        ("weight", False, r"\b(?:heaviest|piu pesant|schwerst|am schwersten)", None),
        ("price", True, r"\b(?:cheapest|least expensive|piu economic|meno car[oaie]|costa meno|costano meno|gunstigst|billigst"
                        r"|am gunstigsten|am billigsten)", None),
        ("price", False, r"\b(?:most expensive|priciest|piu car[oaie]\b|costa di piu|teuerst|am teuersten)", None),
        ("shelf", False, r"\b(?:(?:lasts?|keeps?) (?:the )?longest|dura di piu|si conserva(?:no)? (?:piu a lungo|di piu)"
                         r"|am langsten haltbar|langste haltbarkeit)", None),
        ("battery", False, r"\b(?:longest battery|best battery|most battery|battery lasts? (?:the )?longest|batteria (?:che )?dura di piu"
                           r"|piu autonomia|dura di piu la batteria|langste akku\w*|akku (?:halt|lauft) am langsten)", None),
    )
)
# A figure with its unit, as a product's line writes it ("500 g", "1 kg", "11 minutes", "$79.00", "8 hours").
_FIGURE = re.compile(r"(\d+(?:[.,]\d+)*)\s?(kg|g|ml|l|minut\w*|hours?|ore|stunden|days?|giorni|tage|months?|mesi|monate|years?|anni|jahre)?",
                     re.I)
_SCALE = {"kg": 1000.0, "l": 1000.0, "day": 24.0, "days": 24.0, "giorni": 24.0, "tage": 24.0,
          "year": 12.0, "years": 12.0, "anni": 12.0, "jahre": 12.0}
_LASTS = re.compile(r"hours?|ore|stunden|days?|giorni|tage", re.I)
# Words of an offer: a question with them asks the offers, not which product is cheapest.
_OFFER = re.compile(r"\b(?:discount|scont|rabatt|offer|offert|angebot|deal|bundle|pacchett|code|codic|coupon|gutschein|promo"
                    r"|way|modo|weg|together|insieme|zusammen|with the|con la|con il|mit dem|mit der)")
_OTHER_KINDS = frozenset((K.SHIPPING, K.POLICY, K.ORDER, K.PAYMENT, K.CONTACT))


def asked(q: Question) -> tuple[str, bool] | None:
    """The concept and end the question asks for ("cooking", lowest), or None."""
    if q.places or _OTHER_KINDS & set(q.kinds) or _OFFER.search(q.folded):
        return None  # ("the cheapest way to get a helmet with the bike?": an offer, not a product's figure)
    for concept, lowest, asks, beside in _ASKED:
        if asks.search(q.folded) and (beside is None or beside.search(q.folded)):
            return concept, lowest
    return None


def extreme(ix: PackIndex, q: Question) -> int | None:
    """The line of the product at the end asked for, or None when the question compares nothing."""
    wanted = asked(q)
    if wanted is None:
        return None
    concept, lowest = wanted
    named = ix.products_named(q.units)
    among = [g for score, g in named if score >= 0.6 * named[0][0]] if named else list(ix.products)
    if len(among) < 2:
        return None  # one product named: a question about it, not a comparison
    figures = []
    for g in among:
        line = next((i for i in ix.members[g] if ix.passages[i].concept == concept), None)
        if line is not None and (value := _value(ix.passages[line].value or ix.passages[line].text, concept)) is not None:
            figures.append((value if lowest else -value, g, line))
    if len(figures) < 2:
        return None
    return min(figures)[2]


def _value(text: str, concept: str) -> float | None:
    # a battery is compared by how long it lasts, not by its mAh ("8,000 mAh, up to 14 hours")
    match = next((m for m in _FIGURE.finditer(text) if concept != "battery" or _LASTS.fullmatch(m.group(2) or "")), None)
    if not match:
        return None
    figure = match.group(1).replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", match.group(1)) else match.group(1).replace(",", ".")
    try:
        value = float(figure)
    except ValueError:
        return None
    return value * _SCALE.get((match.group(2) or "").casefold(), 1.0)
