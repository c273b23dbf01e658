"""The input screen: prompt injection and harmful requests, decided without a model.

Runs in microseconds on every customer message before triage and the model. A
hit gets the pack's default safety reply; the reasons are recorded with it.
Rules live in `core.lexicon` (injection, harm); this file only composes them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.lexicon import harm, injection
from core.lexicon.rules import Family, extra_families, family, squeezed_hit
from core.lexicon.text import normalise

MAX_SCREENED_CHARS = 20_000  # longer input is screened on its head and tail only


@dataclass(frozen=True, slots=True)
class ScreenVerdict:
    kind: str  # "ok" | "injection" | "harmful"
    reasons: tuple[str, ...] = ()


OK = ScreenVerdict("ok")


class InputScreen:
    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None) -> None:
        self._injection: list[Family] = [
            family(f"injection:{name}", patterns) for name, patterns in injection.FAMILIES.items()
        ] + [family(f"injection:{name}", patterns, plain=True) for name, patterns in injection.PLAIN.items()]
        self._harmful: list[Family] = [
            family(f"harmful:{rule.name}", rule.patterns, requires=rule.requires, unless=rule.unless)
            for rule in harm.RULES
        ]
        extras = extra_families("pack", extra, ("injection", "harmful"))
        if "injection" in extras:
            self._injection.append(extras["injection"])
        if "harmful" in extras:
            self._harmful.append(extras["harmful"])
        self._squeezed_injection = tuple(injection.SQUEEZED["encoded"])
        self._squeezed_harm = tuple(harm.SQUEEZED)

    def check(self, text: str) -> ScreenVerdict:
        if len(text) > MAX_SCREENED_CHARS:
            text = text[: MAX_SCREENED_CHARS // 2] + "\n" + text[-MAX_SCREENED_CHARS // 2 :]
        norm = normalise(text)
        harmful = [f.name for f in self._harmful if f.hits(norm)]
        if squeezed_hit(self._squeezed_harm, norm):
            harmful.append("harmful:encoded")
        if harmful:
            # harmful wins: the safety reply is the same, and the reason is the graver one
            return ScreenVerdict("harmful", tuple(harmful))
        found = [f.name for f in self._injection if f.hits(norm)]
        if squeezed_hit(self._squeezed_injection, norm):
            found.append("injection:encoded")
        if found:
            return ScreenVerdict("injection", tuple(found))
        return OK
