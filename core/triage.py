"""Triage: which customer messages a person must take, decided without a model.

`refund` (money back, a return with refund, a chargeback: a decision staff make),
`health` (allergies, intolerances, pregnancy, medication, a condition, whether a
product suits someone), `human` (asks for a person or a call), else `none`. A
question about the refund policy is `none`: the bot answers it from the document.
When several apply, health comes first (the costliest to get wrong), then refund.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.lexicon import duties
from core.lexicon.rules import RuleSet, extra_family, family
from core.lexicon.text import Normalised, clip, normalise

REASONS = ("health", "refund", "human")  # in order of precedence


@dataclass(frozen=True, slots=True)
class TriageVerdict:
    reason: str  # "none" | "refund" | "health" | "human"
    reasons: tuple[str, ...] = ()


NONE = TriageVerdict("none")


class Triage:
    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None) -> None:
        extra = extra or {}
        families = [
            *family("health:condition", duties.HEALTH),
            *family("refund:demand", duties.REFUND_DEMAND),
            *family("refund:request", duties.REFUND_ASK),
            *family("refund:policy", duties.REFUND_POLICY),
            *family("human:request", duties.HUMAN),
        ]
        for reason in REASONS:
            families += extra_family(f"{reason}:pack", extra.get(reason, ()))
        self._rules = RuleSet(families)

    def classify(self, text: str) -> TriageVerdict:
        return self.classify_normalised(normalise(clip(text), decode=False))

    def classify_normalised(self, norm: Normalised) -> TriageVerdict:
        """The verdict for text already normalised (saves a pass when the screen also reads it)."""
        found = self._rules.names(norm)
        if not found:
            return NONE
        if "refund:policy" in found:
            # "how many days do I have to return?" is answered by the bot; only an outright
            # demand for money back makes a policy question a refund request
            found = [name for name in found if name not in ("refund:policy", "refund:request")]
        for reason in REASONS:
            if any(name.startswith(reason + ":") for name in found):
                return TriageVerdict(reason, tuple(found))
        return NONE
