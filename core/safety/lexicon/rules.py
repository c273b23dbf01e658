"""Families of regex rules, compiled once and evaluated over the views of a message.

A family is only searched when the message holds one of its anchor words
(see `core.safety.lexicon.anchors`); families without anchors always run.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.safety.lexicon.anchors import anchors, token_keys
from core.safety.lexicon.text import Normalised, fold, words

TOKEN_CACHE = 50_000

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
            return self.hits_view(norm.plain)
        return self.hits_view(norm.words) or any(self.hits_view(view) for view in norm.variants)

    def hits_view(self, view: str) -> bool:
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
) -> list[Family]:
    """A named family as one Family per pattern, so each pattern is gated by its own anchors."""
    needs = alternation(requires) if requires else None
    but_not = alternation(unless) if unless else None
    return [Family(name, re.compile(pattern), needs, but_not, plain) for pattern in patterns]


class RuleSet:
    """Families evaluated together; word-view families are gated by their anchors."""

    def __init__(self, families: Iterable[Family]) -> None:
        self.families = tuple(families)
        self._order = {}
        for fam in self.families:
            self._order.setdefault(fam.name, len(self._order))
        always: list[Family] = []
        index: dict[str, list[Family]] = {}
        for fam in self.families:
            keys = anchors(fam.pattern.pattern)
            if keys is None:
                always.append(fam)
                continue
            for key in keys:
                index.setdefault(key, []).append(fam)
        self.always = tuple(always)
        self._gate = {key: tuple(fams) for key, fams in index.items()}
        self._by_token: dict[str, tuple[Family, ...]] = {}  # token -> families it gates

    def names(self, norm: Normalised, *, first: bool = False) -> list[str]:
        """The names of the families that match; with `first`, stop at the first one."""
        found: list[str] = []
        done: set[str] = set()
        for fam in self.always:
            if fam.name not in done and fam.hits(norm):
                done.add(fam.name)
                found.append(fam.name)
                if first:
                    return found
        for view in (norm.words, *norm.variants):
            for fam in self._candidates(view):
                if fam.name in done or (fam.plain and view is not norm.words):
                    continue  # a folded-text family reads the folded text once
                if fam.hits_view(norm.plain if fam.plain else view):
                    done.add(fam.name)
                    found.append(fam.name)
                    if first:
                        return found
        if len(found) > 1:
            found.sort(key=self._order.__getitem__)
        return found

    def _candidates(self, view: str) -> list[Family]:
        # Hot path (every message, every view): the cache lookup is inlined and the order of
        # first appearance kept, so `first` answers are the same from run to run.
        by_token = self._by_token
        seen: dict[int, Family] = {}
        for token in dict.fromkeys(view.split()):
            cached = by_token.get(token)
            if cached is None:
                cached = self._families_for(token)
            for fam in cached:
                seen[id(fam)] = fam
        return list(seen.values())

    def _families_for(self, token: str) -> tuple[Family, ...]:
        cached = self._by_token.get(token)
        if cached is None:
            found: dict[int, Family] = {}
            for key in token_keys(token):
                for fam in self._gate.get(key, ()):
                    found[id(fam)] = fam
            cached = tuple(found.values())
            if len(self._by_token) >= TOKEN_CACHE:
                self._by_token.clear()  # bounded: a flood of unique tokens cannot grow memory
            self._by_token[token] = cached
        return cached


def term_patterns(terms: Iterable[str]) -> list[str]:
    """Pack-supplied terms as whole-word patterns over the word view."""
    out = []
    for term in terms:
        normal = words(fold(term))
        if normal:
            out.append(r"\b" + re.escape(normal) + r"\b")
    return out


def extra_family(name: str, terms: Iterable[str]) -> list[Family]:
    """A pack's own terms as a family (empty when the pack adds none)."""
    return family(name, term_patterns(terms))


def squeezed_hit(fragments: Sequence[str], norm: Normalised) -> bool:
    return bool(norm.squeezed) and any(fragment in norm.squeezed for fragment in fragments)


def trie(words: Iterable[str]) -> str:
    """A regex group matching exactly `words` (literals), nested by shared prefixes.

    Python's regex engine tries alternatives one by one at every position; a
    list of two hundred verbs costs two hundred attempts per word, a trie a few.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_body(root) + ")"


def _trie_body(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_body(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body
