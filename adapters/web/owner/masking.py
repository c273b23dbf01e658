"""Customers' e-mail addresses and phone numbers hidden in the owner's lists: enough is left to tell
two customers apart (`m•••@g•••.com`, `••••••••67`), not to write to them."""
from __future__ import annotations

import re

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9])[A-Za-z0-9-]*((?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
# A phone number: a leading + and 7 or more digits, or 9 or more digits, with spaces, dots, dashes or
# brackets between them. Order numbers (4-6 digits) and dates (8 digits) are left alone.
_PHONE = re.compile(r"(?<![\w+])(\+\d[\d\s().-]{5,}\d|\(?\d[\d\s().-]{7,}\d)(?!\w)")
DOT = "\u2022"


def mask(text: str) -> str:
    return _PHONE.sub(_phone, _EMAIL.sub(_email, text))


def _email(match: re.Match) -> str:
    top_level = match.group(3).rsplit(".", 1)[-1]  # "uk" of "co.uk": the rest of the domain goes
    return f"{match.group(1)}{DOT * 3}@{match.group(2)}{DOT * 3}.{top_level}"


def _phone(match: re.Match) -> str:
    number = match.group(0)
    digits = sum(c.isdigit() for c in number)
    if digits < (7 if number.startswith("+") else 9):
        return number
    return DOT * (digits - 2) + "".join(c for c in number if c.isdigit())[-2:]
