"""Triage: which customer messages a person must take.

`refund` (money back, a return with refund, a chargeback: a decision staff make),
`health` (allergies, intolerances, pregnancy, medication, a condition, whether a
product suits someone), `human` (asks for a person or a call), else `none`. A
question about the refund policy is `none`: the bot answers it from the document.
When several apply, health comes first (the costliest to get wrong), then refund.

Two layers: the learned classifier (`core.safety.classifier`) scores every message and
escalates from its thresholds; the word lists of `core.safety.lexicon.duties` are the precise
layer (a refund word-list hit yields when the classifier is sure the message is a
policy question: "in which cases can I request a refund?", or when the shape of the question
says so: `core.safety.refund_questions`), and a pack's own terms
(`pack.toml [triage]`) always count. `unsure` marks a message the classifier
cannot place between a refund request and a refund-policy question: the engine
may ask the customer (core/safety/clarify.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from core.safety import look_alikes, refund_questions
from core.safety.classifier.model import MessageModel, Scores, shipped
from core.safety.lexicon import duties
from core.safety.lexicon.rules import RuleSet, extra_family, family
from core.safety.lexicon.text import Normalised, clip, normalise

REASONS = ("health", "refund", "human")  # in order of precedence
_DEFAULT = object()


@dataclass(frozen=True, slots=True)
class TriageVerdict:
    reason: str  # "none" | "refund" | "health" | "human"
    reasons: tuple[str, ...] = ()
    score: float = 0.0  # the classifier's probability of `reason` (of "other" when none)
    unsure: bool = False  # torn between a refund request and a refund-policy question
    asks_if_bot: bool = False  # "are you a real person?": the bot answers and offers a person


NONE = TriageVerdict("none")


class Triage:
    def __init__(self, extra: Mapping[str, Iterable[str]] | None = None, model: MessageModel | None | object = _DEFAULT) -> None:
        extra = extra or {}
        self.model: MessageModel | None = shipped() if model is _DEFAULT else model  # type: ignore[assignment]
        meta = self.model.meta if self.model is not None else {}
        thresholds = meta.get("thresholds", {})
        self.threshold = {reason: thresholds.get(reason, 0.5) for reason in REASONS}
        self.policy_veto = thresholds.get("policy_veto", 0.5)
        self.unsure_band = meta.get("unsure", {"refund_low": 0.25, "policy_margin": 0.25})
        families = [
            *family("health:condition", duties.HEALTH),
            *family("refund:demand", duties.REFUND_DEMAND),
            *family("refund:request", duties.REFUND_ASK),
            *family("refund:how", duties.REFUND_HOW),
            *family("refund:policy", duties.REFUND_POLICY),
            *family("human:request", duties.HUMAN),
        ]
        for reason in REASONS:
            families += extra_family(f"{reason}:pack", extra.get(reason, ()))
        self._rules = RuleSet(families)

    def classify(self, text: str) -> TriageVerdict:
        text = clip(text)
        return self.classify_normalised(normalise(text, decode=False), text)

    def classify_normalised(self, norm: Normalised, text: str | None = None) -> TriageVerdict:
        """The verdict for text already normalised; `text` is what the classifier reads."""
        if (rest := look_alikes.without_product_names(norm.words)) is not None:
            # "the gluten-free fusilli" names a product: read the question without the name
            norm, text = normalise(rest, decode=False), rest if text is not None else None
        if (rest := look_alikes.identity_question(norm.words)) is not None:
            verdict = self.classify_normalised(normalise(rest, decode=False), rest if text is not None else None)
            if verdict.reason in ("none", "human"):  # a person asked for besides still gets one
                return verdict if verdict.reason == "human" else replace(verdict, asks_if_bot=True)
        scores = self.model.scores(text) if self.model is not None and text is not None else None
        found = self._lexicon(norm, scores)
        if scores is not None:
            # below the refund threshold and the unsure band a refund score changes no verdict
            refund_from = min(self.threshold["refund"], self.unsure_band["refund_low"])
            scores = _without_look_alikes(norm.words, norm.plain, found, scores, refund_from)
        # a word-list hit is precise: it wins over another reason the classifier alone reaches
        # ("Rufen Sie mich bitte zurück" is a callback whatever "zurück" suggests)
        for reason in REASONS:
            if any(name.startswith(reason + ":") for name in found):
                return TriageVerdict(reason, tuple(found), scores[reason] if scores else 1.0, self._unsure(reason, scores))
        for reason in REASONS:
            if scores is not None and scores[reason] >= self.threshold[reason] and _leads(reason, scores):
                return TriageVerdict(reason, (f"{reason}:classifier",), scores[reason], self._unsure(reason, scores))
        if scores is None:
            return NONE
        unsure = self._unsure("none", scores)
        return TriageVerdict("none", ("refund:unsure",) if unsure else (), scores["other"], unsure)

    def _lexicon(self, norm: Normalised, scores: Scores | None) -> list[str]:
        found = self._rules.names(norm)
        if found and _about_refunds(norm.words, norm.plain):
            # "quanto ci mettete a rimborsarmi?" asks how long, not for the money. A pack's refund term
            # yields only to a question about the rule, which holds no word of a demand ("soldi
            # indietro" in "posso avere i soldi indietro? quanto tempo ho per segnalarlo?").
            policy = refund_questions.asks_policy(norm.words, norm.plain)
            found = [name for name in found if not name.startswith("refund:") or (name.endswith(":pack") and not policy)]
        if not found:
            return found
        if "refund:policy" in found:
            # "how many days do I have to return?" is answered by the bot; only an outright
            # demand for money back makes a policy question a refund request
            found = [name for name in found if name not in ("refund:policy", "refund:request", "refund:how")]
        if scores is None:
            return found
        if scores["refund_policy"] >= self.policy_veto:
            # asking how to get one's money back stays a request whatever the classifier leans to
            found = [name for name in found if name.endswith(":pack") or name == "refund:how" or not name.startswith("refund:")]
        return found

    def _unsure(self, reason: str, scores: Scores | None) -> bool:
        """Refund against refund policy, neither clear: worth a yes/no question."""
        if scores is None or reason not in ("refund", "none"):
            return False
        refund, policy = scores["refund"], scores["refund_policy"]
        if refund < self.unsure_band["refund_low"] or refund + policy < 0.5:
            return False
        return abs(refund - policy) < self.unsure_band["policy_margin"]


def _without_look_alikes(words: str, plain: str, found: list[str], scores: Scores, refund_from: float = 0.0) -> Scores:
    """The classifier's scores with the duties a precise rule rules out set to zero (only when no
    word list found the duty): hours, contact details or advice on what to buy are not a person, a cancellation, a warranty repair or a
    question about how refunds work is not a request for money back, nor is a message that names no money,
    order or return at all; a tablet computer is no medicine."""
    ruled_out = []
    if not any(n.startswith("human:") for n in found) and (
            look_alikes.asks_opening_hours(words) or look_alikes.asks_contact_details(words) or look_alikes.asks_advice(words)):
        ruled_out.append("human")
    if not any(n.startswith("refund:") for n in found) and (
            look_alikes.asks_cancellation(words) or look_alikes.asks_warranty(words) or _about_refunds(words, plain)
            # read only where the classifier leans to a refund enough to matter (most messages it does not)
            or (scores["refund"] >= refund_from and not refund_questions.names_money_matter(words))):
        ruled_out.append("refund")
    if not any(n.startswith("health:") for n in found) and look_alikes.names_device_tablet(words):
        ruled_out.append("health")
    if not ruled_out:
        return scores
    moved = sum(scores[label] for label in ruled_out)  # to "other", so the scores still sum to 1
    return Scores({**scores.values, **dict.fromkeys(ruled_out, 0.0), "other": scores["other"] + moved})


def _about_refunds(words: str, plain: str) -> bool:
    """A question about how refunds work, or whether an order was refunded: answered, not escalated."""
    return refund_questions.asks_policy(words, plain) or refund_questions.asks_if_refunded(words)


def _leads(reason: str, scores: Scores) -> bool:
    """The reason is the classifier's first choice among the duties and the policy question."""
    rivals = [label for label in (*REASONS, "refund_policy") if label != reason]
    return all(scores[reason] >= scores[label] for label in rivals)
