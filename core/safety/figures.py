"""Figures read out of text, normalised so the same fact compares equal however it is written.

"9,90 €", "€9.90" and "9.90 EUR" are one amount; "three days", "3 giorni" and "3 Tage" one
duration; "1 kg" and "1000 g" one weight; "3-5 working days" a range. A figure is
(unit, value) or (unit, low, high); plain numbers have the unit "". The text is folded first
(`core.safety.lexicon.text.fold`).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

# Number words before a unit ("three days", "tre giorni", "drei Tage"): EN, IT, DE.
_NUMBER_WORDS = {
    **dict.fromkeys(("one", "uno", "una", "un", "ein", "eine", "einen", "einem", "einer"), 1),
    **dict.fromkeys(("two", "due", "zwei"), 2), **dict.fromkeys(("three", "tre", "drei"), 3),
    **dict.fromkeys(("four", "quattro", "vier"), 4), **dict.fromkeys(("five", "cinque", "funf"), 5),
    **dict.fromkeys(("six", "sei", "sechs"), 6), **dict.fromkeys(("seven", "sette", "sieben"), 7),
    **dict.fromkeys(("eight", "otto", "acht"), 8), **dict.fromkeys(("nine", "nove", "neun"), 9),
    **dict.fromkeys(("ten", "dieci", "zehn"), 10), **dict.fromkeys(("eleven", "undici", "elf"), 11),
    **dict.fromkeys(("twelve", "dodici", "zwolf"), 12), **dict.fromkeys(("fourteen", "quattordici", "vierzehn"), 14),
    **dict.fromkeys(("fifteen", "quindici", "funfzehn"), 15), **dict.fromkeys(("twenty", "venti", "zwanzig"), 20),
    **dict.fromkeys(("thirty", "trenta", "dreissig"), 30), **dict.fromkeys(("forty", "quaranta", "vierzig"), 40),
    **dict.fromkeys(("fifty", "cinquanta", "funfzig"), 50), **dict.fromkeys(("hundred", "cento", "hundert"), 100),
}
_SPELLED = frozenset(_NUMBER_WORDS)
_DURATION = {
    "minute": r"minutes?|mins?|minut[oi]|minuten?",
    "hour": r"hours?|hrs?|h|ore|ora|stunden?|std",
    "day": r"(?:working |business |calendar )?days?|(?:giorni|giorno)(?: lavorativi| lavorativo| feriali| solari)?|werktagen?|arbeitstagen?|werktage|arbeitstage|tagen?|tage",
    "week": r"weeks?|settiman[ae]|wochen?",
    "month": r"months?|mes[ei]|monaten?|monate",
    "year": r"years?|ann[oi]|jahren?|jahre",
}
_UNITS: list[tuple[str, str]] = [
    ("EUR", r"€|eur|euros?"), ("USD", r"\$|usd|us dollars?|dollars?|dollari|dollar"), ("GBP", r"£|gbp|pounds?|sterlin\w*"),
    ("CHF", r"chf|swiss francs?|franchi svizzeri|franken"),
    ("%", r"%|percent|per cent|percento|per cento|prozent"),
    *((unit, spelled) for unit, spelled in _DURATION.items()),
    ("g", r"g|gr|grams?|grammi|gramm|grammo"), ("kg", r"kg|kilos?|kilograms?|chil[oi]|chilogramm[oi]|kilogramm"),
    ("ml", r"ml|millilit\w*"), ("l", r"l|lit(?:re|er|ro|ri)s?"), ("cl", r"cl"),
    ("cm", r"cm|centimet\w*|zentimeter"), ("mm", r"mm|millimet\w*"), ("m", r"m|met(?:re|er|ro|ri)s?"),
    ("°c", r"°\s?c?|degrees?|gradi|grad"),
    ("clock", r"am|pm|a m|p m|uhr"),
    ("mah", r"mah"), ("wh", r"wh"), ("w", r"w|watts?"), ("v", r"v|volts?"), ("fps", r"fps"), ("gb", r"gb"), ("tb", r"tb"),
    ("hz", r"hz"), ("mp", r"mp|megapixel"), ("inch", r"inch(?:es)?|pollici|zoll|\""),
]
_SCALE = {"kg": ("g", 1000), "l": ("ml", 1000), "cl": ("ml", 10), "mm": ("cm", 0.1), "m": ("cm", 100)}
_CURRENCY_AHEAD = re.compile(r"(€|\$|£|eur|usd|gbp|chf)\s?$")
_CURRENCY_LAST = frozenset("€$£rdpf")  # the last character of each currency _CURRENCY_AHEAD reads
# One named group per unit and no other group: the match's `lastgroup` names the unit.
_UNIT_AFTER = re.compile(r"\s?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (_, p) in enumerate(_UNITS)) + r")(?![a-z0-9])")
_UNIT_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz€$£%°\"")  # every unit's first character, after one space
_NUM = r"\d+(?:[.,']\d+)*"
_FIGURE = re.compile(
    rf"(?=\d)(?<![\w.,-])(?P<a>{_NUM})(?:\s?(?:-|–|to|a|bis|fino a|e|and|und|or|o|oder)\s?(?P<b>{_NUM}))?(?!\d|[.,]\d)"
)
_DIMENSIONS = re.compile(rf"(?=\d)(?<![\w.,])\d+(?:[.,]\d+)?(?:\s?x\s?\d+(?:[.,]\d+)?){{1,2}}\s?(?P<unit>cm|mm|m)\b")
_RANGE_WORDS = frozenset(("-", "–", "to", "a", "bis", "fino a"))
# 14:00, 2:00 pm; with a dot only before am/pm/uhr ("9.90 EUR" is money, "9.00 Uhr" a time)
_CLOCK = re.compile(
    r"(?=\d)\b(?P<h>\d{1,2})(?::(?P<m>\d{2})\s?(?P<ampm>am|pm|a\.m\.|p\.m\.)?|\.(?P<m2>\d{2})\s?(?P<ampm2>am|pm|a\.m\.|p\.m\.|uhr))(?!\d)"
)
_DURATION_AHEAD = r")\b(?=\s(?:" + "|".join(p for _, p in _UNITS[5:11]) + r")\b)"
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"[.,]")
_SEPARATED = re.compile(r"\d[-./:]\d")  # in every date (2026-12-06, 6.12.26) and clock time (14:00, 9.00 uhr)
# The patterns of figures open with (?=\d): the regex engine then skips ahead to the next digit
# instead of trying the whole pattern at every position (three times faster on a reply).
_DATE = re.compile(r"(?=\d)\b(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[./](\d{1,2})[./](\d{2,4}))\b")


class Figure(NamedTuple):
    """Immutable like a frozen dataclass, built ten times cheaper (a reply makes several a turn)."""

    unit: str  # "" for a plain number
    low: float
    high: float  # == low unless a range
    span: str  # as written

    @property
    def is_range(self) -> bool:
        return self.high != self.low


def number(text: str) -> float | None:
    """9,90 -> 9.9; 1.000 and 20,000 -> thousands (a separator before exactly three digits)."""
    text = text.replace("'", "")
    if text.isdigit():
        return float(text)  # the common case: no separator to read
    parts = _SEPARATOR.split(text)
    if len(parts) == 1:
        return float(text)
    seps = re.findall(r"[.,]", text)
    if len(set(seps)) == 2:  # 1.234,50 or 1,234.50: the last separator is the decimal one
        whole, _, decimal = text.rpartition(seps[-1])
        return float(re.sub(r"[.,]", "", whole) + "." + decimal)
    if all(len(p) == 3 for p in parts[1:]) and (len(parts) > 2 or len(parts[0]) <= 3) and parts[0] != "0":
        return float("".join(parts))
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    return None


def figures(folded: str) -> list[Figure]:
    """Every amount, duration, measure, time and plain number in a folded text."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    text = folded
    spelled = _SPELLED.intersection(_LETTERS.findall(folded))  # a frozenset's, twice as fast as keys() & set()
    if spelled:  # "three days": an alternation of the number words this text has, not of all
        text = _words_before_unit(spelled).sub(lambda m: str(_NUMBER_WORDS[m.group(1)]), folded)
    if not _DIGIT.search(text):
        return found  # every figure below has a digit
    separated = _SEPARATED.search(text) is not None  # dates and clock times need one: else skipped
    for match in _DATE.finditer(text) if separated else ():
        y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (match.group(6), match.group(5), match.group(4))
        year = int(y) + (2000 if len(y) == 2 else 0)
        found.append(Figure("date", year * 10000 + int(m) * 100 + int(d), year * 10000 + int(m) * 100 + int(d), match.group(0)))
        taken.append(match.span())
    for match in _DIMENSIONS.finditer(text) if "x" in text else ():  # 24 x 16 x 7 cm: one figure, not three
        sizes = "x".join(f"{number(v):g}" for v in match.group(0).split(match.group("unit"))[0].split("x"))
        found.append(Figure(f"{match.group('unit')} {sizes}", 0, 0, match.group(0)))
        taken.append(match.span())
    for match in _CLOCK.finditer(text) if separated else ():
        if _inside(match.span(), taken):
            continue
        hour, minute = int(match.group("h")), int(match.group("m") or match.group("m2"))
        if hour > 23 or minute > 59:
            continue
        hour = _twelve(hour, match.group("ampm") or match.group("ampm2"))
        found.append(Figure("clock", hour * 60 + minute, hour * 60 + minute, match.group(0).strip()))
        taken.append(match.span())
    for match in _FIGURE.finditer(text):
        if taken and _inside(match.span(), taken):  # most texts have no date, size or time taken
            continue
        low = number(match.group("a"))
        high = number(match.group("b")) if match.group("b") else low
        if low is None or high is None:
            continue
        if match.group("b") and text[match.end("a") : match.start("b")].strip() not in _RANGE_WORDS:
            # "3 or 5", "9.90 and 4": two figures, each with the unit written after the last
            unit = _unit_after(text, match.end())
            found.append(_figure(unit, low, low, match.group("a"), text, match.start()))
            found.append(_figure(unit, high, high, match.group("b"), text, match.start("b")))
            continue
        unit = _unit_after(text, match.end())
        if unit == "clock":
            hours = [_twelve(int(v), text[match.end() : match.end() + 4].strip()) * 60 for v in (low, high) if v == int(v) and v <= 12]
            if len(hours) == (2 if match.group("b") else 1):
                found.append(Figure("clock", hours[0], hours[-1], match.group(0)))
                continue
            unit = ""
        found.append(_figure(unit, low, high, match.group(0), text, match.start()))
    return found


def _figure(unit: str, low: float, high: float, span: str, text: str, start: int) -> Figure:
    # the currency's last letter or sign ends the text before the number, or none is written there
    if not unit and (before := text[max(0, start - 5) : start]).rstrip()[-1:] in _CURRENCY_LAST:
        ahead = _CURRENCY_AHEAD.search(before)
        if ahead:
            unit = {"€": "EUR", "$": "USD", "£": "GBP"}.get(ahead.group(1), ahead.group(1).upper())
    if unit in _SCALE:
        unit, factor = _SCALE[unit]
        low, high = _round(low * factor), _round(high * factor)
    return Figure(unit, _round(low), _round(high), span)


def _round(value: float) -> float:
    """round(value, 4): a whole number (most figures) is its own rounding, ten times cheaper to see."""
    return value if value.is_integer() else round(value, 4)


def _unit_after(text: str, end: int) -> str:
    first = text[end : end + 1]
    if first.isspace():
        first = text[end + 1 : end + 2]
    if not first or first not in _UNIT_FIRST:
        return ""  # "11:", "14." (most plain numbers): no unit can start here
    match = _UNIT_AFTER.match(text, end)
    return _UNITS[int(match.lastgroup[1:])][0] if match is not None else ""


@functools.lru_cache(maxsize=512)
def _words_before_unit(spelled: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(sorted(spelled, key=len, reverse=True)) + _DURATION_AHEAD)


def _twelve(hour: int, ampm: str | None) -> int:
    if ampm and ampm.startswith("p") and hour < 12:
        return hour + 12
    if ampm and ampm.startswith("a") and hour == 12:
        return 0
    return hour


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in taken)
