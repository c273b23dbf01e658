"""The input screen: prompt injection and harmful requests, decided without a language model.

Two layers run on every customer message before triage and the model:
the word lists of `core.safety.lexicon.injection` / `core.safety.lexicon.harm` (precise on the
attacks they spell out) and the learned classifier of `core.safety.classifier` (reaches
paraphrases, typos and new styles). A harm word-list hit always counts; an
injection word-list hit counts when the classifier does not call the message
ordinary (its attack score reaches `AGREE`): "where are your cooking
instructions?" holds a listed word but reads as a shop question.
The classifier alone flags a message when injection and harmful together reach
its threshold (set on validation, see core/safety/classifier/MODEL.md). A pack's own terms always count. A hit gets the pack's
safety reply; the reasons and the score are recorded with it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.safety import look_alikes
from core.safety.classifier.model import MessageModel, shipped
from core.safety.lexicon import harm, injection
from core.safety.lexicon.rules import Family, RuleSet, extra_family, family, squeezed_hit
from core.safety.lexicon.text import Normalised, clip, normalise

# Attack score a word-list hit needs from the classifier. Leave-one-source-out cannot set it (its
# ordinary rows rarely hold a listed word); 0.15 keeps shop questions that do ("cooking
# instructions") from the safety reply at 0.015 of injection recall (MODEL.md).
AGREE = 0.15
# A message of a few words gives the classifier little to read ("And now?", "Tell me everything"):
# alone it needs more confidence to call it an attack (chosen on leave-one-source-out, MODEL.md).
SHORT_WORDS = 4
SHORT_ATTACK = 0.8
# A question about codes, a first order or the hours that holds no word of an attack
# (core/safety/look_alikes.py): German and Italian shop questions reach 0.56-0.78 on words the
# injections of the data taught ("Rabattcode", "risponde"); alone the classifier needs this much.
SHOP_MATTER_ATTACK = 0.9
_DEFAULT = object()


@dataclass(frozen=True, slots=True)
class ScreenVerdict:
    kind: str  # "ok" | "injection" | "harmful"
    reasons: tuple[str, ...] = ()
    score: float = 0.0  # the classifier's attack probability (injection + harmful)


OK = ScreenVerdict("ok")


class InputScreen:
    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None, model: MessageModel | None | object = _DEFAULT) -> None:
        extra = extra or {}
        self.model: MessageModel | None = shipped() if model is _DEFAULT else model  # type: ignore[assignment]
        thresholds = self.model.thresholds if self.model is not None else {}
        self.threshold = thresholds.get("attack", 0.5)
        injection_families = [f for n, p in injection.FAMILIES.items() for f in family(f"injection:{n}", p)]
        injection_families += [f for n, p in injection.PLAIN.items() for f in family(f"injection:{n}", p, plain=True)]
        injection_families += extra_family("injection:pack", extra.get("injection", ()))
        harmful_families = [
            f for r in harm.RULES for f in family(f"harmful:{r.name}", r.patterns, requires=r.requires, unless=r.unless)
        ]
        harmful_families += extra_family("harmful:pack", extra.get("harmful", ()))
        self._injection = RuleSet(injection_families)
        self._harmful = RuleSet(harmful_families)
        # What counts when the classifier calls a message ordinary: the pack's own terms only, read
        # by their own rule set (None: the pack adds none) instead of every family, then filtered.
        self._injection_pack = _pack_rules(injection_families)
        self._harmful_pack = _pack_rules(harmful_families)
        self._squeezed_injection = tuple(injection.SQUEEZED)
        self._squeezed_harm = tuple(harm.SQUEEZED)

    def check(self, text: str) -> ScreenVerdict:
        text = clip(text)
        return self.check_normalised(normalise(text), text)

    def check_normalised(self, norm: Normalised, text: str | None = None) -> ScreenVerdict:
        """The verdict for text already normalised (saves a pass when triage also reads it);
        `text` is what the classifier reads (without it only the word lists decide)."""
        scores = None
        if self.model is not None and text is not None:
            # decoded views (leetspeak undone, base64 decoded) are read too: the raw text hides them
            raw = self.model.scores(text)
            if norm.variants:
                views = [raw, *(self.model.scores(v) for v in norm.variants)]
                scores = {k: max(s[k] for s in views) for k in ("harmful", "injection")}
            else:  # the common case: one view, no maximum to take
                scores = {"harmful": raw["harmful"], "injection": raw["injection"]}
        p_harm = scores["harmful"] if scores else 1.0
        p_inj = scores["injection"] if scores else 1.0
        attack = min(1.0, p_harm + p_inj)
        # the harm lists are precise as they are (XSTest's look-alikes pass them): they need no agreement
        harmful = self._lexicon(self._harmful, self._harmful_pack, self._squeezed_harm, norm, "harmful:encoded", 1.0)
        if harmful:
            # the graver verdict wins, and the first reason found is enough to record
            return ScreenVerdict("harmful", tuple(harmful), attack)
        found = self._lexicon(self._injection, self._injection_pack, self._squeezed_injection, norm, "injection:encoded", attack)
        if found:
            return ScreenVerdict("injection", tuple(found), attack)
        if scores is not None:
            short = len(norm.words.split()) <= SHORT_WORDS
            bar = max(SHORT_ATTACK, self.threshold) if short else self.threshold
            if attack >= bar and look_alikes.asks_shop_matter(norm.words, norm.plain):
                bar = max(bar, SHOP_MATTER_ATTACK)
            # the safety reply either way: the kind is the likelier one
            if attack >= bar:
                kind = "harmful" if p_harm >= p_inj else "injection"
                return ScreenVerdict(kind, (f"{kind}:classifier",), attack)
            return ScreenVerdict("ok", (), attack)
        return OK

    @staticmethod
    def _lexicon(rules: RuleSet, pack_rules: RuleSet | None, squeezed: tuple[str, ...], norm: Normalised, encoded: str,
                 attack: float) -> list[str]:
        """The word-list reasons that count: any when the classifier agrees a little (or
        is absent), else only a pack's own terms and spaced-out letters."""
        if attack >= AGREE:
            found = rules.names(norm, first=True)
            return found or ([encoded] if squeezed_hit(squeezed, norm) else [])
        found = pack_rules.names(norm) if pack_rules is not None else []
        return found or ([encoded] if squeezed_hit(squeezed, norm) else [])


def _pack_rules(families: list[Family]) -> RuleSet | None:
    """The pack's own families as a rule set: the same names as filtering every family's by ':pack'
    (a family's hit and the order of names do not depend on the other families)."""
    own = [f for f in families if f.name.endswith(":pack")]
    return RuleSet(own) if own else None
