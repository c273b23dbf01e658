"""A customer's question read once: its kinds, places, and its content words as the words the
document uses (synonyms and translations mapped, typos mended against the pack's vocabulary).

Each content word becomes a `Unit`, the set of document words it may stand for, so that a word
with several meanings still counts once; a unit the pack does not know is what makes the
answerer unsure ("is your pasta organic?": nothing in the pack says "organic").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.answers.kinds import cue_spans, kinds_of
from core.answers.places import places_in
from core.answers.words import STOP, WORD, fold, raw_words, stem
from core.safety.glossary import PHRASES, SYNONYMS

# Beyond the shared glossary: product words across languages and the words of payment and
# contact, so that an Italian or German question finds an English line and the other way round.
EXTRA: dict[str, tuple[str, ...]] = {
    "parmesan": ("parmigiano",), "parmesankase": ("parmigiano",), "parmigiano": ("parmigiano",),
    "formaggio": ("cheese", "parmigiano"), "kase": ("cheese", "parmigiano"), "cheese": ("cheese", "parmigiano"),
    "biscotti": ("cantucci", "biscuit"), "biscuits": ("cantucci", "biscuit"), "cookies": ("cantucci", "biscuit"),
    "kekse": ("cantucci", "biscuit"), "mandorle": ("almond",), "mandeln": ("almond",),
    "glutenfrei": ("glutine", "gluten"), "glutenfreie": ("glutine", "gluten"), "glutenfreien": ("glutine", "gluten"),
    "glutenfreies": ("glutine", "gluten"), "gluten": ("glutine", "gluten"), "glutine": ("glutine", "gluten"),
    "eiernudeln": ("uovo", "egg"), "uova": ("egg", "uovo"), "eier": ("egg", "uovo"),
    "pomodoro": ("pomodoro", "tomato"), "tomaten": ("pomodoro", "tomato"), "tomato": ("pomodoro", "tomato"),
    "sugo": ("sugo", "sauce"), "sauce": ("sugo", "sauce"), "sosse": ("sugo", "sauce"), "sossen": ("sugo", "sauce"),
    "jar": ("jar",), "vasetto": ("jar",), "barattolo": ("jar",), "glas": ("jar", "glass"),
    "packung": (), "confezione": (), "package": (), "packet": (), "pacchetto": (), "pezzo": (), "stuck": (), "gramm": ("g", "weight"), "grammi": ("g", "weight"),
    "grams": ("g", "weight"), "gram": ("g", "weight"), "kilo": ("kg", "weight"),
    "pay": ("payment",), "payment": ("payment",), "paypal": ("paypal", "payment"), "card": ("card", "payment"),
    "pagare": ("payment",), "pagamento": ("payment",), "pago": ("payment",), "carta": ("card", "payment"),
    "bezahlen": ("payment",), "zahlen": ("payment",), "zahlung": ("payment",), "kreditkarte": ("card", "credit"),
    "uberweisung": ("transfer", "bank"), "bonifico": ("transfer", "bank"),
    "hours": ("hours",), "orari": ("hours",), "orario": ("hours",), "offnungszeiten": ("hours",),
    "email": ("mail",), "mail": ("mail",), "telefono": ("phone",), "telefon": ("phone",), "phone": ("phone",),
    "ordino": ("order", "placed"), "ordinare": ("order", "placed"), "bestelle": ("order", "placed"),
    "parte": ("leave",), "partono": ("leave",), "partire": ("leave",), "stesso": ("same",), "giorno": ("day",),
    "pomeriggio": ("pm",), "nachmittag": ("pm",), "afternoon": ("pm",), "verlasst": ("leave",), "gleichen": ("same",),
    "cuffie": ("earbud",), "kopfhorer": ("earbud",), "ohrhorer": ("earbud",), "earphones": ("earbud",),
    "headphones": ("earbud",), "powerbank": ("power", "bank"), "caricabatterie": ("charger",),
    "restocking": ("restocking",), "aprire": ("opened",), "aperti": ("opened",), "geoffnete": ("opened",),
    "opened": ("opened",), "open": ("opened",), "aperto": ("opened",), "aperta": ("opened",),
}
SYNONYMS_ALL = {**SYNONYMS, **EXTRA}


@dataclass(frozen=True, slots=True)
class Unit:
    word: str  # the customer's word, folded
    stands_for: frozenset[str]  # stems of the document words it may stand for
    cue: bool = False  # a word that told the kind ("shipping"): the kind counts for it
    number: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    folded: str
    kinds: tuple[str, ...]
    places: tuple[str, ...]
    units: tuple[Unit, ...]

    @property
    def flat(self) -> set[str]:
        return set().union(*(u.stands_for for u in self.units)) if self.units else set()


def read(text: str, mend=lambda word: None, known=lambda word: False) -> Question:
    """`mend(word)` gives the pack's word a typo stands for, or None; `known(stem)` says whether
    the pack uses a word, to read a German compound by its parts ("Rabattcode")."""
    folded = " ".join(raw_words(text))
    for phrase in sorted(PHRASES, key=len, reverse=True):
        if phrase in folded:
            folded = folded.replace(phrase, PHRASES[phrase])
    places = places_in(folded)
    spans = cue_spans(folded)
    units: dict[frozenset[str], Unit] = {}
    found = [(m.group(0), any(a <= m.start() < b for a, b in spans)) for m in WORD.finditer(folded)]
    found = [(part, cue) for word, cue in found for part in _compound(word, known)]
    for word, cue in found:
        if word in SYNONYMS_ALL:
            targets = SYNONYMS_ALL[word]
            if targets:
                units.setdefault(frozenset(stem(t) for t in targets), Unit(word, frozenset(stem(t) for t in targets), cue))
            continue
        if word in STOP or len(word) < 2 and not word.isdigit():
            continue
        stands = {stem(word)}
        if (mended := mend(stem(word))) is not None:
            stands.add(mended)
        units.setdefault(frozenset(stands), Unit(word, frozenset(stands), cue, word.isdigit()))
    return Question(text, folded, tuple(kinds_of(folded)), tuple(places), tuple(units.values()))


def clauses(text: str) -> list[str]:
    """A message cut into the questions it asks: at question marks, full stops and line breaks."""
    parts = [p.strip() for p in re.split(r"[?!]+|\n+|(?<=[a-z])\.\s+|;\s*", text)]
    return [p for p in parts if len(WORD.findall(fold(p))) >= 2] or [text]


def _compound(word: str, known) -> tuple[str, ...]:
    def is_known(part: str) -> bool:
        return part in SYNONYMS_ALL or (len(part) > 2 and known(stem(part)))

    if len(word) < 7 or is_known(word) or word in STOP:
        return (word,)
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if is_known(left) and is_known(right):
            return left, right
    return (word,)
