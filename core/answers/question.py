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
from core.answers.places import mend_place, places_in
from core.answers.words import STOP, WORD, fold, raw_words, stem
from core.answers.lexicon import PHRASES as LEXICON_PHRASES, TABLE
from core.safety.glossary import PHRASES, SYNONYMS

# "much" and "quanto" ask a price only in "how much is", "quanto costa" (the phrases above); alone
# they go with any amount ("how much does it weigh", "quanto dura").
# The tables add to the glossary's meanings of a word ("size" is "dimension" and "taglia").
SYNONYMS_ALL = {
    **SYNONYMS,
    **{word: tuple(dict.fromkeys((*SYNONYMS.get(word, ()), *targets))) for word, targets in TABLE.items()},
    "much": (), "quanto": (), "quanta": (), "quanti": (), "quante": (),
}
# Phrases spelt as a question is read (no apostrophes: "cosa c'e" -> "cosa c e").
PHRASES_ALL = {" ".join(raw_words(k)): v for k, v in {**PHRASES, **LEXICON_PHRASES}.items()}
# Longest first, compiled once: a question is read in well under a millisecond.
_PHRASE_ORDER = [(p, re.compile(rf"\b{re.escape(p)}\b"), PHRASES_ALL[p]) for p in sorted(PHRASES_ALL, key=len, reverse=True)]



_FIGURE = re.compile(r"\d+[a-z]{0,3}|\d+x\d+[a-z]{0,2}")
_WHERE_FROM = re.compile(r"\bwhere (?:is|are|was|were|does|do|did)\b(?:\s\w+){1,4}\s(?:from|come from|made)\b")
# What a thing is made of or with, asked in one of the three languages.
_MADE_OF = re.compile(r"\b(?:(?:con|di|da) (?:che|cosa|quali?)(?: \w+)? (?:e|sono|viene|vengono) fatt[oaie]"
                      r"|made (?:of|from|with)\b|(?:woraus|aus was) (?:ist|sind|wird|werden)|gemacht aus|hergestellt aus)")
# Sending goods back, with up to two words between ("send stuff back", "take the helmet back").
_BACK = re.compile(r"\b(?:send|sending|sent|ship|post|mail|bring|take|taking) (?:\w+ ){0,2}back\b")
# Sending goods back in Italian ("mandarvela indietro", "rimandarlo indietro", "riportarla indietro").
_BACK_IT = re.compile(r"\b(?:mand|rimand|spedi|rispedi|riport)\w* indietro\b")
# A clock time the customer names, with the word that says it is one ("alle 15", "verso le 11", "um 14 uhr",
# "at 3 pm", "around 10 30"); folded, so "14:30" reads "14 30".
_CLOCK = re.compile(r"\b(?:alle|verso le|dopo le|prima delle|entro le|um|gegen|at|around)\s(\d{1,2}(?:\s\d{2})?(?:\s?(?:am|pm|uhr))?)(?!\s?(?:eur|euro|usd|dollar|kg|km|g|gr|pezzi|stuck|pack|x)\b)(?=\s|$)")
# "How much" with nothing after it that it measures ("X, how much?", "how much and is it ...").
_HOW_MUCH = re.compile(r"\b(?:how much|wie ?viel)(?= (?:and|und)\b|$)")
# An e-mail address or a link the customer gives ("anna.rossi@example.com") names no topic.
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.I)


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


def read(text: str, mend=lambda word: None, known=lambda word: False, inflected=lambda word: set()) -> Question:
    """`mend(word)` gives the pack's word a typo stands for, or None; `known(stem)` says whether
    the pack uses a word, to read a German compound by its parts ("Rabattcode"); `inflected(word)`
    gives the words an Italian or German form of a known word stands for."""
    folded = " ".join(raw_words(_ADDRESS.sub(" ", text)))
    for phrase, pattern, said in _PHRASE_ORDER:
        if phrase in folded:
            folded = pattern.sub(said, folded)
    folded = _BACK.sub("return", folded)  # "send stuff back", "ship the pasta back"
    folded = _BACK_IT.sub("return", folded)  # "posso mandarvela indietro?", "rispedirlo indietro"
    folded = _CLOCK.sub(r"time \1", folded)  # "verso le 11", "um 10 uhr", "at 3pm": a time of day, asked of a cut-off or hours
    folded = _HOW_MUCH.sub("price", folded)  # "charging dock, how much and does it ...?": "how much" alone asks a price
    if _WHERE_FROM.search(folded):  # "where are the orecchiette from?": their origin
        folded += " origin"
    if _MADE_OF.search(folded):  # "con che olive e fatto?", "what is it made of?": what it holds
        folded += " ingredient"
    # a place's name with a typo ("germny"), when the word is no word of the tables or the pack
    folded = " ".join(w if len(w) < 5 or w in STOP or w in SYNONYMS_ALL or known(stem(w)) or mend(stem(w))
                      else (mend_place(w) or w) for w in folded.split())
    places = places_in(folded)
    spans = cue_spans(folded)
    units: dict[frozenset[str], Unit] = {}
    found = [(m.group(0), any(a <= m.start() < b for a, b in spans)) for m in WORD.finditer(folded)]
    found = _joined(found, known)
    split = [(word, cue, _compound(word, known)) for word, cue in found]
    found = [(_infinitive(part, known), cue) for word, cue, parts in split for part in parts]
    # a German compound's last part may tell the kind ("Mengenrabatt", "Geschenkgutschein")
    heads = " ".join(parts[-1] for word, cue, parts in split if len(parts) > 1)
    for word, cue in found:
        if word in SYNONYMS_ALL:
            targets = SYNONYMS_ALL[word]
            if targets:  # the word itself too: a document may use the customer's word ("mandorle")
                stands = frozenset(stem(t) for t in (*targets, word))
                units.setdefault(stands, Unit(word, stands, cue))
            continue
        if word in STOP or len(word) < 2 and not word.isdigit():
            continue
        number = bool(_FIGURE.fullmatch(word))  # "3", "175cm", "2pm": a figure, not a topic
        stands = {stem(word)}
        if not number and (mended := mend(stem(word))) is not None:
            stands.add(mended)
        if not number:
            stands |= inflected(word)  # "pesano" is "pesa", "Größen" is "Größe", "gekaufte" is "gekauft"
        units.setdefault(frozenset(stands), Unit(word, frozenset(stands), cue, number))
    kinds = kinds_of(f"{folded} {heads}" if heads else folded)
    return Question(text, folded, tuple(kinds), tuple(places), tuple(units.values()))


def clauses(text: str) -> list[str]:
    """A message cut into the questions it asks: at question marks, full stops and line breaks.
    A statement that asks nothing ("opened the box and changed my mind.") is the circumstance of
    the question after it, and is read with it."""
    pieces = re.split(r"([?!]+|\n+|(?<=[a-z])\.\s+|;\s*)", text)
    parts, context = [], ""
    for piece, end in zip(pieces[::2], [*pieces[1::2], ""]):  # "": the message's end, unpunctuated
        piece = f"{context} {piece.strip()}".strip() if context else piece.strip()
        if len(words := WORD.findall(fold(piece))) < 2:  # "hi!", "ok."
            if parts and words and words[0] not in STOP and end.strip()[:1] in ("?", ""):
                parts.append(piece)  # "... venduta in coppia? prezzo?": a question of one word
            context = ""
            continue
        if end.strip().startswith(".") and not ASKS.search(fold(piece)):
            context = piece
            continue
        if parts and not end.strip() and _ABOUT_ME.match(fold(piece)) and not ASKS.search(fold(piece)):
            # a closing statement about the customer ("... legal in germany? im riding in munich a lot"):
            # the circumstance of the question before it, not a question of its own
            parts[-1] = f"{parts[-1]} {piece}"
            continue
        parts.append(piece)
        context = ""
    if context:
        parts.append(context)
    return parts or [text]


# A statement about the customer ("i'm riding ...", "ich wohne ...", "abito a ..."), folded.
_ABOUT_ME = re.compile(r"(?:i|im|i m|ich|io|my|mein\w*|mio|mia|miei|mie)\b")
# A sentence that asks although it ends with a full stop ("Tell me the price of the pesto.").
ASKS = re.compile(r"\b(?:how|what|which|where|when|why|can|could|do|does|is|are|tell|quanto|quanta|quali?|come|dove|quando"
                  r"|perche|posso|potete|si puo|wie|was|wo|wann|welche\w*|kann|konnt?|gibt)\b")


# An Italian infinitive with its pronouns attached ("segnalarlo", "rimandarveli", "ridarmi").
_ENCLITIC = re.compile(r"(\w{3,}?[aei]r)(?:glie|me|te|ce|ve|se)?(?:lo|la|li|le|ne|mi|ti|ci|vi|si|gli)")


def _infinitive(word: str, known) -> str:
    """The infinitive of a verb with attached pronouns, when the tables or the pack know it."""
    if word in SYNONYMS_ALL or len(word) < 6 or not (match := _ENCLITIC.fullmatch(word)):
        return word
    base = match.group(1) + "e"
    return base if base in SYNONYMS_ALL or known(stem(base)) else word


def _joined(found: list[tuple[str, bool]], known) -> list[tuple[str, bool]]:
    """Two words the pack writes as one ("charging dock" for "ChargeDock", "power bank" for
    "powerbank", "type flow"): read as the pack's word."""
    out: list[tuple[str, bool]] = []
    skip = False
    for (word, cue), (after, _) in zip(found, [*found[1:], ("", False)]):
        if skip:
            skip = False
            continue
        if after and len(word) >= 3 and len(after) >= 3 and word not in STOP and after not in STOP \
                and not word.isdigit() and not after.isdigit():
            joined = next((j for j in (word + after, stem(word) + after, stem(word) + "e" + after) if known(j)), None)
            if joined is not None:
                out.append((joined, cue))
                skip = True
                continue
        out.append((word, cue))
    return out


def _compound(word: str, known) -> tuple[str, ...]:
    def is_known(part: str) -> bool:
        return part in SYNONYMS_ALL or (len(part) > 2 and known(stem(part)))

    if len(word) < 7 or is_known(word) or word in STOP:
        return (word,)
    for cut in range(3, len(word) - 1):  # "olivenol": "oliven" and "ol"
        left, right = word[:cut], word[cut:]
        if is_known(left) and is_known(right):
            return left, right
    return (word,)


_ENDINGS = tuple(sorted(
    "iamo iono ando endo ano ono ato ata ati ate ito ita iti ite are ere ire ung en er es em e a i o n s".split(),
    key=len, reverse=True))


def light_stem(word: str) -> str:
    """An Italian or German word without its inflection ("pesano" -> "pes", "grossen" -> "gross"),
    never shorter than three letters: for words the pack and the tables do not know as written."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word
