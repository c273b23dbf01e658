"""Reply text as comparable tokens: numbers, currencies and units spelled one way.

"12 €", "EUR 12", "12 euro" and "12,00 EUR" all become the tokens `12 EUR`, so a scenario
can name a fact once and a reply may write it the way its language does.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<unit>[^\W\d_]{1,8})?(?!\w)"  # 12 | 9,90 | 1.234,50 | 500g
    r"|(?P<word>\w+)"
    r"|(?P<symbol>[€$£%])"
)

CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "£": "GBP", "gbp": "GBP",
    "chf": "CHF", "franchi": "CHF", "franken": "CHF",
}
UNITS = {
    "g": "g", "gr": "g", "gram": "g", "grams": "g", "grammi": "g", "gramm": "g",
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "chilo": "kg", "chili": "kg",
    "cm": "cm", "mm": "mm", "m": "m",
    "ml": "ml", "l": "l", "litre": "l", "liter": "l", "litres": "l", "liters": "l", "litri": "l", "litro": "l",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min", "minuti": "min", "minuten": "min",
    "%": "%", "percent": "%", "percento": "%", "prozent": "%",
}


def tokens(text: str) -> list[str]:
    """Casefolded words, canonical numbers, currency codes after their amount, canonical units."""
    out: list[str] = []
    for match in _TOKEN.finditer(_fold(text)):
        if match.group("num"):
            out.append(canonical_number(match.group("num")))
            unit = match.group("unit")
            if unit:
                out.append(CURRENCIES.get(unit) or UNITS.get(unit) or unit)
        else:
            word = match.group("word") or match.group("symbol")
            out.append(CURRENCIES.get(word) or UNITS.get(word) or word)
    return _amount_first(out)


def _amount_first(items: list[str]) -> list[str]:
    """"EUR 12" and "€12" read as "12 EUR"."""
    codes = set(CURRENCIES.values())
    result = list(items)
    i = 0
    while i < len(result) - 1:
        owned = i > 0 and _is_number(result[i - 1])  # "5,90 € (3-4 days)": the € belongs to 5,90
        if result[i] in codes and not owned and _is_number(result[i + 1]):
            result[i], result[i + 1] = result[i + 1], result[i]
            i += 2
        else:
            i += 1
    return result


def canonical_number(raw: str) -> str:
    """`12,00` -> `12`; `9.90` -> `9.9`; `1.234,50` and `1,234.50` -> `1234.5`; `1.500` -> `1500`."""
    separators = [ch for ch in raw if ch in ".,"]
    if not separators:
        digits = raw
    elif len(set(separators)) == 2:
        decimal = separators[-1]
        thousands = "," if decimal == "." else "."
        digits = raw.replace(thousands, "").replace(decimal, ".")
    else:
        mark = separators[0]
        head, _, tail = raw.rpartition(mark)
        # one mark followed by exactly three digits is a thousands mark (prices have two decimals)
        if len(separators) > 1 or (len(tail) == 3 and head.lstrip("0")):
            digits = raw.replace(mark, "")
        else:
            digits = raw.replace(mark, ".")
    try:
        return format(Decimal(digits).normalize(), "f")
    except InvalidOperation:
        return raw


def _is_number(token: str) -> bool:
    return bool(token) and token[0].isdigit()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u00a0", " "))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether `needle` occurs as a run of whole tokens in `haystack`."""
    if not needle:
        return True
    width = len(needle)
    first = needle[0]
    return any(haystack[i : i + width] == needle for i, token in enumerate(haystack) if token == first)
