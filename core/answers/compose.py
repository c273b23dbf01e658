"""The answer's lines in the customer's language: a product's line under the product's name with
its label and units translated, a shipping row as one sentence, other lines as the pack wrote
them (with a short note of the document's language when it is not the customer's)."""
from __future__ import annotations

from core.answers.gist import say
from core.answers.index import PackIndex, Zone
from core.answers.phrasebook import exact_label, frame, label_in, language_name, units_in
from core.answers.places import NAMES as PLACE_NAMES, name_in
from core.answers.words import fold

MAX_LINES = 3


def passage_line(index: PackIndex, i: int, language: str) -> tuple[str, bool]:
    """(the line, whether it is in the customer's language)."""
    passage = index.passages[i]
    group = index.groups[passage.group]
    line, native = passage.text, index.language == language
    if not group.product and ": " in group.title and line[:1].islower():
        # an item of a list ("caschi usati ...;") is said under its list's heading ("Non si possono restituire:")
        line = f"{group.title.split(': ', 1)[1].rstrip(':')}: {line.rstrip(';')}"
    if passage.concept and exact_label(passage.label) and (value := units_in(passage.value, index.language, language)) is not None:
        line, native = f"{label_in(passage.concept, language)}: {value}", True
    elif passage.concept in ("address", "email") and exact_label(passage.label) and not group.product:
        line, native = f"{label_in(passage.concept, language)}: {passage.value}", True  # a street or a mailbox reads the same in any language
    elif passage.concept and exact_label(passage.label) and not native \
            and (value := say(passage.value, index.language, language)) is not None:
        line, native = f"{label_in(passage.concept, language)}: {value.rstrip('.')}", True  # "Spedizione: solo in Italia"
    elif not native and (said := say(line, index.language, language) or say(passage.text, index.language, language)) is not None:
        line, native = said, True  # a policy line's clauses said in the customer's language (a list's item with its heading)
    if passage.row and not native and (zone := next((z for z in index.zones if z.passage == i), None)) is not None:
        # a shipping table's row asked without a country ("from how much is shipping free?"): the zone,
        # its price and its time in the customer's words, as the row of a named country is said
        price, time = units_in(zone.price, index.language, language), units_in(zone.time, index.language, language)
        if price is not None and time is not None:
            place = PLACE_NAMES.get(fold(zone.name))  # a zone that is a country is named in the customer's words
            line, native = f"{name_in(place, language) if place else zone.name}: {price}, {time}", True
    if group.product:
        line = frame("product_line", language, product=group.title, line=line)
    return line, native


def shipping_line(index: PackIndex, zone: Zone, country: str, language: str) -> tuple[str, bool]:
    price = units_in(zone.price, index.language, language)
    time = units_in(zone.time, index.language, language)
    if price is None or time is None:
        return index.passages[zone.passage].text, index.language == language
    line = frame("shipping_row", language, country=name_in(country, language), zone=zone.name, price=price, time=time)
    return line.replace(" (" + name_in(country, language) + ")", ""), True


def join(lines: list[tuple[str, bool]], language: str, source: str) -> str:
    """At most three lines; a short note opens the first line quoted in the document's language."""
    kept = list(dict.fromkeys(lines))[:MAX_LINES]
    note = frame("quoted", language, source=language_name(source, language)) if source != language else ""
    out, noted = [], False
    for text, native in kept:
        if note and not native and not noted:
            text, noted = f"{note} {text}", True
        out.append(text)
    return "\n".join(out)
