"""Details worth putting on a handoff card: order number, amount, product."""
from __future__ import annotations

import re

from core.shop.pack import KnowledgePack

_ORDER = re.compile(
    r"(?:(?:order|ordine|bestellung|auftrag|ordinazione)\s*(?:(?:number|numero|nummer|no|nr|n)\b\.?|n°)?|#)"
    r"\s*[:#]?\s*([A-Z]{1,4}-\d{3,12}|\d{3,12})",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:(?:€|eur|euro|usd|\$|£)\s*(\d+(?:[.,]\d{1,2})?))|(?:(\d+(?:[.,]\d{1,2})?)\s*(?:€|eur(?:o|os)?\b|usd\b|\$|£|dollars?\b))",
    re.IGNORECASE,
)
# "a refund of 24.90": a number with cents is money even without a currency (not a date: 04.12.2026)
_CENTS = re.compile(r"(?<![\d.,])(\d+[.,]\d{2})(?![.,]?\d)")


def product_names(pack: KnowledgePack) -> list[str]:
    names = []
    for section in pack.sections:
        if section.title.casefold() == "products":
            names += [line[4:].strip() for line in section.body.splitlines() if line.startswith("### ")]
    return names


def collect_details(pack: KnowledgePack, texts: list[str]) -> dict[str, str]:
    details: dict[str, str] = {}
    folded_names = [(name, name.casefold()) for name in product_names(pack)]
    for text in texts:
        if match := _ORDER.search(text):
            details["order_id"] = match.group(1)
        if match := _AMOUNT.search(text) or _CENTS.search(text):
            details["amount"] = next(g for g in match.groups() if g).replace(",", ".") + f" {pack.currency}"
        folded = text.casefold()
        for name, key in folded_names:
            short = key.split("(")[0].strip()
            if key in folded or (len(short) > 4 and short in folded):
                details["product"] = name
    return details
