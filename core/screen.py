"""The input screen: prompt injection and harmful requests, decided without a model.

Runs in microseconds on every customer message before triage and the model. A
hit gets the pack's default safety reply; the reasons are recorded with it.
The rules live in `core.lexicon.injection` and `core.lexicon.harm`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.lexicon import harm, injection
from core.lexicon.rules import RuleSet, extra_family, family, squeezed_hit
from core.lexicon.text import Normalised, clip, normalise


@dataclass(frozen=True, slots=True)
class ScreenVerdict:
    kind: str  # "ok" | "injection" | "harmful"
    reasons: tuple[str, ...] = ()


OK = ScreenVerdict("ok")


class InputScreen:
    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None) -> None:
        extra = extra or {}
        injection_families = [f for n, p in injection.FAMILIES.items() for f in family(f"injection:{n}", p)]
        injection_families += [f for n, p in injection.PLAIN.items() for f in family(f"injection:{n}", p, plain=True)]
        injection_families += extra_family("injection:pack", extra.get("injection", ()))
        harmful_families = [
            f for r in harm.RULES for f in family(f"harmful:{r.name}", r.patterns, requires=r.requires, unless=r.unless)
        ]
        harmful_families += extra_family("harmful:pack", extra.get("harmful", ()))
        self._injection = RuleSet(injection_families)
        self._harmful = RuleSet(harmful_families)
        self._squeezed_injection = tuple(injection.SQUEEZED)
        self._squeezed_harm = tuple(harm.SQUEEZED)

    def check(self, text: str) -> ScreenVerdict:
        return self.check_normalised(normalise(clip(text)))

    def check_normalised(self, norm: Normalised) -> ScreenVerdict:
        """The verdict for text already normalised (saves a pass when triage also reads it)."""
        harmful = self._harmful.names(norm, first=True)
        if squeezed_hit(self._squeezed_harm, norm):
            harmful.append("harmful:encoded")
        if harmful:
            # the graver verdict wins, and the first reason found is enough to record:
            # stopping there keeps attacks as cheap to screen as ordinary messages
            return ScreenVerdict("harmful", tuple(harmful))
        found = self._injection.names(norm, first=True)
        if squeezed_hit(self._squeezed_injection, norm):
            found.append("injection:encoded")
        if found:
            return ScreenVerdict("injection", tuple(found))
        return OK
