"""Value checks shared by the pack's files: words, lists of strings, unknown keys, placeholders."""
from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Sequence

from core.shop.pack_check.problems import Report


def among(value: object, allowed: Iterable[str]) -> bool:
    """Membership that tolerates unhashable junk (a list where a word belongs)."""
    return isinstance(value, str) and value in allowed


def strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def report_unknown(mapping: dict, known: Sequence[str], path: tuple, noun: str, report: Report) -> None:
    """One problem per key outside `known`; the message lists `known` in the order given."""
    for key in mapping.keys() - set(known):
        report((*path, key), f"unknown {noun} {key!r} (known: {', '.join(known)})")


def mappings_in(
    items: list, path: tuple, not_mapping: str, known: Sequence[str], noun: str, report: Report
) -> Iterator[tuple[tuple, dict]]:
    """(path, item) of each mapping in the list at `path`; items that are not mappings are
    reported with `not_mapping`, keys outside `known` as an unknown `noun`."""
    for index, item in enumerate(items):
        item_path = (*path, index)
        if not isinstance(item, dict):
            report(item_path, not_mapping)
            continue
        report_unknown(item, known, item_path, noun, report)
        yield item_path, item


def placeholder_problems(message: str, known: set[str]) -> list[str]:
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(message) if field is not None]
    except ValueError as error:
        return [f"bad braces in message: {error} (write {{{{ and }}}} for literal braces)"]
    allowed = ", ".join("{" + k + "}" for k in sorted(known)) or "none"
    return [f"unknown placeholder {{{field}}} (allowed: {allowed})" for field in fields if field not in known]
