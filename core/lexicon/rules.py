"""A family of regex rules compiled once, evaluated over the views of a message."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.lexicon.text import Normalised, fold, words


@dataclass(frozen=True, slots=True)
class Family:
    """One named family: matches when `pattern` hits a view, `requires` (if any) hits
    the same view and `unless` (if any) does not."""

    name: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    plain: bool = False  # read the folded text with punctuation instead of the word views

    def hits(self, norm: Normalised) -> bool:
        if self.plain:
            return self._hits(norm.plain)
        if self._hits(norm.words):
            return True
        return any(self._hits(view) for view in norm.variants)

    def _hits(self, view: str) -> bool:
        if not self.pattern.search(view):
            return False
        if self.requires is not None and not self.requires.search(view):
            return False
        return self.unless is None or not self.unless.search(view)


def alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def family(
    name: str,
    patterns: Sequence[str],
    *,
    requires: Sequence[str] | None = None,
    unless: Sequence[str] | None = None,
    plain: bool = False,
) -> Family:
    return Family(
        name,
        alternation(patterns),
        alternation(requires) if requires else None,
        alternation(unless) if unless else None,
        plain,
    )


def term_patterns(terms: Iterable[str]) -> list[str]:
    """Pack-supplied terms as whole-word patterns over the word view."""
    out = []
    for term in terms:
        normal = words(fold(term))
        if normal:
            out.append(r"\b" + re.escape(normal) + r"\b")
    return out


def extra_families(prefix: str, extra: Mapping[str, Iterable[str]] | None, keys: Iterable[str]) -> dict[str, Family]:
    """Families built from a pack's extra terms, keyed by the verdict they add to."""
    found: dict[str, Family] = {}
    for key in keys:
        patterns = term_patterns((extra or {}).get(key, ()))
        if patterns:
            found[key] = family(f"{key}:{prefix}", patterns)
    return found


def squeezed_hit(fragments: Sequence[str], norm: Normalised) -> bool:
    return bool(norm.squeezed) and any(fragment in norm.squeezed for fragment in fragments)
