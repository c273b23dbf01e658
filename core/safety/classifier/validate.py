"""Validation as a held-out set would do it: leave one source out, then measure on it.

Each shippable source is held out in turn (the model is fitted on the other shippable
sources and our seeds) and the whole decision (word lists + classifier + thresholds,
as the engine runs it) is measured on the source left out. Sources we may not ship
a model from are never trained on, so the shipped model measures them as held-out.
Needs scikit-learn (the `train` extra).
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.safety.classifier.corpus import SHIPPABLE, Row
from core.safety.classifier.model import MessageModel
from core.safety.lexicon.text import clip, normalise
from core.safety.screen import InputScreen
from core.safety.triage import Triage

TARGET_LABELS = ("refund", "human", "health", "injection", "harmful")


@dataclass(frozen=True, slots=True)
class Outcome:
    row: Row
    said: str  # what the decision did: a target label, or "other" (answered normally)
    unsure: bool = False


def decider(model: MessageModel | None) -> Callable[[str], tuple[str, bool]]:
    screen, triage = InputScreen(model=model), Triage(model=model)

    def decide(text: str) -> tuple[str, bool]:
        text = clip(text)
        norm = normalise(text)
        screened = screen.check_normalised(norm, text)
        if screened.kind != "ok":
            return screened.kind, False
        verdict = triage.classify_normalised(norm, text)
        return (verdict.reason if verdict.reason != "none" else "other"), verdict.unsure

    return decide


def outcomes(rows: Iterable[Row], model: MessageModel | None) -> list[Outcome]:
    decide = decider(model)
    return [Outcome(row, *decide(row.text)) for row in rows]


def leave_one_source_out(rows: Sequence[Row], fit: Callable[[Sequence[Row]], MessageModel], progress=None) -> list[Outcome]:
    """Every row decided by a model that never saw its source."""
    train = [r for r in rows if r.source in SHIPPABLE]
    shipped = fit(train)
    found = outcomes([r for r in rows if r.source not in SHIPPABLE], shipped)
    for source in sorted({r.source for r in train} - {"seeds"}):
        if progress:
            progress(source)
        model = fit([r for r in train if r.source != source])
        found += outcomes([r for r in train if r.source == source], model)
    return found


def cross_validation(rows: Sequence[Row], fit: Callable[[Sequence[Row]], MessageModel], folds: int = 5) -> list[Outcome]:
    """In-distribution figures: random folds over the shippable rows."""
    train = [r for r in rows if r.source in SHIPPABLE]
    order = list(range(len(train)))
    random.Random(0).shuffle(order)
    found: list[Outcome] = []
    for k in range(folds):
        held = set(order[k::folds])
        model = fit([r for i, r in enumerate(train) if i not in held])
        found += outcomes([r for i, r in enumerate(train) if i in held], model)
    return found


@dataclass(frozen=True, slots=True)
class LabelFigures:
    label: str
    rows: int
    recall: float
    precision: float


ATTACK = ("injection", "harmful")  # both get the safety reply: caught as either counts


def per_label(found: Sequence[Outcome]) -> list[LabelFigures]:
    figures = []
    for label in TARGET_LABELS:
        group = ATTACK if label in ATTACK else (label,)
        rows = [o for o in found if o.row.label == label]
        said = [o for o in found if o.said in group]
        hit = sum(o.said in group for o in rows)
        right = sum(o.row.label in group for o in said)
        figures.append(LabelFigures(label, len(rows), _ratio(hit, len(rows)), _ratio(right, len(said))))
    return figures


def rate(found: Iterable[Outcome], label: str, said: Callable[[Outcome], bool]) -> tuple[float, int]:
    rows = [o for o in found if o.row.label == label]
    return _ratio(sum(map(said, rows)), len(rows)), len(rows)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")
