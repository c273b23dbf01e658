"""The document cut into passages a customer can use on their own: a product's line ("Cooking
time: 14 minutes"), a bullet, a sentence, a table row. Each passage knows its group (a product,
or a part of a section), the label it opens with and, for a table row, its cells by heading.
No markdown syntax is left in a passage's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.answers.phrasebook import label_concept
from core.answers.words import fold, terms

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_LABEL = re.compile(r"[A-Z][\w ,'-]{0,38}:")  # "Bundles:", "Warranty:" open a part of a section
# "Weight: 500 g", "Orari del negozio e dell'officina: ...", "Bike fitting (regolazione della posizione): 60,00 EUR"
_LINE_LABEL = re.compile(r"^([^\W\d][\w '’-]{0,48}(?: \([^()]{1,60}\))?):\s+(.+)$")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^\s*[-*]\s+", re.M)

# A section's topic from the words of its title, in the three languages (folded stems).
_TOPICS = (
    ("shipping", r"ship|deliver|spedizion|consegn|versand|liefer"),
    ("policy", r"refund|return|warrant|rimbors|res[io]\b|garanzi|recesso|ruckgab|erstatt|garantie|widerruf"),
    ("promotion", r"bundle|discount|offer|promo|scont|offert|rabatt|angebot|prezzi|prices"),
    ("listing", r"product list|elenco|listino|produktliste"),
    ("product", r"product|prodott|produkt|catalog|articol"),
    ("about", r"about|chi siamo|uber uns|contact|contatt|kontakt|info"),
)


@dataclass(frozen=True, slots=True)
class Passage:
    group: int
    text: str  # plain text, as shown to the customer
    terms: frozenset[str]
    label: str = ""  # "Weight" of "Weight: 500 g"
    concept: str | None = None  # the label's concept ("weight"), whatever the document's language
    value: str = ""  # "500 g"
    row: dict[str, str] = field(default_factory=dict)  # a table row's cells by heading


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    section: str
    topic: str  # shipping, policy, promotion, listing, product, about or other
    terms: frozenset[str]
    product: bool  # a product's lines read "Weight: 500 g": the product's name goes before them


def topic_of(title: str) -> str:
    folded = fold(title)
    return next((topic for topic, pattern in _TOPICS if re.search(rf"\b(?:{pattern})", folded)), "other")


def cut(sections) -> tuple[list[Group], list[Passage]]:
    """Groups and passages of the pack's public sections, in document order."""
    groups: list[Group] = []
    passages: list[Passage] = []
    for section in sections:
        topic = topic_of(section.title)
        for title, lines in _subgroups(section.body):
            product = topic == "product" and bool(title) and any(_LINE_LABEL.match(_plain(l)) for l in lines)
            name = title if product else (f"{section.title}: {title}" if title else section.title)
            found = _passages(lines)
            if not found:
                continue
            index = len(groups)
            groups.append(Group(name, section.title, topic, frozenset(terms(name)), product))
            passages += [Passage(index, *item) for item in found]
    return groups, passages


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


def _plain(line: str) -> str:
    return _MARKUP.sub("", line.strip()).strip()


def _passages(lines: list[str]) -> list[tuple]:
    """(text, terms, label, concept, value, row) of each bullet, sentence and table row."""
    found: list[tuple] = []
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
            row = {h: c for h, c in zip(header, cells)}
            text = " · ".join(f"{h}: {c}" for h, c in row.items() if c)
            found.append((text, frozenset(terms(" ".join(cells)) | terms(" ".join(header))), "", None, "", row))
            continue
        header = None
        plain = _plain(line)
        parts = [plain] if raw.lstrip().startswith(("-", "*")) else _SENTENCE.split(plain)
        for part in filter(None, parts):
            labelled = _LINE_LABEL.match(part)
            label, value = (labelled.group(1), labelled.group(2)) if labelled else ("", "")
            # (a label with a gloss names a service, "Bike fitting (...)", not a line of a product's card)
            concept = label_concept(label) if label and "(" not in label else None
            found.append((part, frozenset(terms(part)), label, concept, value, {}))
    return found
