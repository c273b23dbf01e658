"""Countries and regions by their English, Italian and German names, for the grounding screen.

A reply that names a place the shop never named is not grounded; a place also ties a figure to
its line ("Shipping to Germany costs 9.90 EUR" is checked against the Germany row). Names are
folded (lower case, no accents) as `core.safety.lexicon.text.fold` leaves them.
"""
from __future__ import annotations

import re

# canonical name: other spellings (English first)
_NAMES = {
    "italy": "italia italien",
    "germany": "germania deutschland",
    "austria": "osterreich",
    "france": "francia frankreich",
    "belgium": "belgio belgien",
    "netherlands": "holland olanda paesi bassi niederlande",
    "luxembourg": "lussemburgo luxemburg",
    "slovenia": "slowenien",
    "spain": "spagna spanien",
    "portugal": "portogallo",
    "ireland": "irlanda irland",
    "poland": "polonia polen",
    "sweden": "svezia schweden",
    "denmark": "danimarca danemark",
    "finland": "finlandia finnland",
    "greece": "grecia griechenland",
    "czechia": "czech republic repubblica ceca tschechien",
    "hungary": "ungheria ungarn",
    "croatia": "croazia kroatien",
    "romania": "rumanien",
    "bulgaria": "bulgarien",
    "slovakia": "slovacchia slowakei",
    "estonia": "estland",
    "latvia": "lettonia lettland",
    "lithuania": "lituania litauen",
    "malta": "",
    "cyprus": "cipro zypern",
    "switzerland": "svizzera schweiz",
    "united kingdom": "uk great britain britain england regno unito inghilterra gran bretagna vereinigtes konigreich grossbritannien",
    "norway": "norvegia norwegen",
    "usa": "united states u s a stati uniti vereinigte staaten amerika america",
    "canada": "kanada",
    "mexico": "messico mexiko",
    "australia": "australien",
    "new zealand": "nuova zelanda neuseeland",
    "japan": "giappone",
    "china": "cina",
    "india": "indien",
    "brazil": "brasile brasilien",
    "russia": "russland",
    "south africa": "sudafrica sudafrika",
    "sicily": "sicilia sizilien",
    "sardinia": "sardegna sardinien",
    "alaska": "",
    "hawaii": "",
    "puerto rico": "portorico",
}
# Spellings of more than one word are listed whole; single words are split.
_MULTI = {"czech republic", "repubblica ceca", "great britain", "regno unito", "gran bretagna", "vereinigtes konigreich",
          "united states", "u s a", "stati uniti", "vereinigte staaten", "paesi bassi", "nuova zelanda", "new zealand",
          "united kingdom", "south africa", "puerto rico"}
EU = frozenset("italy germany austria france belgium netherlands luxembourg slovenia spain portugal ireland poland sweden "
               "denmark finland greece czechia hungary croatia romania bulgaria slovakia estonia latvia lithuania malta "
               "cyprus sicily sardinia".split())


def _spellings() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, others in _NAMES.items():
        table[canonical] = canonical
        rest = others
        for multi in sorted(_MULTI, key=len, reverse=True):
            if multi in rest:
                table[multi] = canonical
                rest = rest.replace(multi, " ")
        for word in rest.split():
            table[word] = canonical
    return table


SPELLINGS = _spellings()
ALL = frozenset(SPELLINGS.values())
WORDS = frozenset(word for spelling in SPELLINGS for word in spelling.split())  # "paesi", "bassi"
# A word-by-word look-up, not one alternation of every spelling: Python's regex engine tries
# each alternative at each position, which made this the costliest step of the grounding screen.
_TOKEN = re.compile(r"\w+")
_FIRST = frozenset(spelling.split()[0] for spelling in SPELLINGS)
_LONGEST = max(len(spelling.split()) for spelling in SPELLINGS)
# "EU countries", "all other EU countries": every member state is named by such a line
_EU_WORDS = re.compile(r"\b(?:eu|european union|unione europea|europaischen union)\b")
_OTHER_WORDS = re.compile(r"\ball other countries\b|\btutti gli altri paesi\b|\balle anderen lander\b")


def places(folded: str) -> set[str]:
    """Canonical names of the places a folded text names."""
    tokens = _TOKEN.findall(folded)
    if _FIRST.isdisjoint(tokens):
        return set()
    found: set[str] = set()
    i, count = 0, len(tokens)
    while i < count:
        if tokens[i] in _FIRST:  # the longest spelling that starts here ("new zealand" before "new")
            for size in range(min(_LONGEST, count - i), 0, -1):
                canonical = SPELLINGS.get(" ".join(tokens[i : i + size]))
                if canonical is not None:
                    found.add(canonical)
                    i += size - 1
                    break
        i += 1
    return found


def implied(folded: str) -> set[str]:
    """Places a line covers without naming them: the EU's members, or every other country."""
    found: set[str] = set()
    if _EU_WORDS.search(folded):
        found |= EU
    if _OTHER_WORDS.search(folded):
        found.add("*other*")
    return found
