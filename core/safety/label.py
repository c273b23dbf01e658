"""Label facts: a product's ingredients and allergens, quoted verbatim from the document.

Used by the health escalation: the customer gets the label as printed, never a
judgement of whether the product suits them.
"""
from __future__ import annotations

import re

from core.safety.lexicon.text import fold, words

_LABEL_KEYS = ("ingredients", "allergens")
_FACT = re.compile(r"^\s*[-*]\s*(?P<key>[^:]+):\s*(?P<value>.*\S)\s*$")
# Words too generic to identify a product on their own ("pasta", "di", "the").
_GENERIC = frozenset("the a an of and with di del della e al alla con da la il le pasta sauce sugo box kit pack set".split())


def products(document_md: str) -> list[tuple[str, list[str]]]:
    """The `### name` products under `## Products`, each with its label lines verbatim."""
    found: list[tuple[str, list[str]]] = []
    in_products = False
    for line in document_md.splitlines():
        if line.startswith("## "):
            in_products = line[3:].strip().casefold() == "products"
            continue
        if not in_products:
            continue
        if line.startswith("### "):
            found.append((line[4:].strip(), []))
            continue
        fact = _FACT.match(line)
        if found and fact and fact.group("key").strip().casefold() in _LABEL_KEYS:
            found[-1][1].append(f"{fact.group('key').strip()}: {fact.group('value')}")
    return found


def label_facts(document_md: str, text: str) -> str | None:
    """The label lines of every product `text` names, or None when it names none."""
    asked = f" {words(fold(text))} "
    quoted = []
    for name, lines in products(document_md):
        if lines and _names(asked, name):
            quoted.append("\n".join([name, *lines]))
    return "\n\n".join(quoted) if quoted else None


def _names(asked: str, product: str) -> bool:
    normal = words(fold(product))
    if f" {normal} " in asked:
        return True
    # customers name a product by its head word ("the pesto", "gli spaghetti"): the first
    # distinctive word of the name; a head word shared by several products quotes them all
    distinctive = [w for w in normal.split() if w not in _GENERIC and len(w) > 2]
    return bool(distinctive) and f" {distinctive[0]} " in asked
