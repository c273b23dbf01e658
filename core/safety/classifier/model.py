"""Run-time scoring with numpy only: the shipped weights over `features.vector`.

`model.npz` holds `weights` (buckets x labels, float16), `intercept` (labels),
`labels` and `meta` (JSON: thresholds chosen on validation, training sources,
reference scores the tests compare against). Loaded once per process, in a
few tens of milliseconds; no pickle (`allow_pickle=False`).
"""
from __future__ import annotations

import functools
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.safety.classifier.features import BUCKETS, vector
from core.safety.classifier.terms import shipped_terms

MODEL_PATH = Path(__file__).with_name("model.npz")
LABELS = ("other", "refund", "refund_policy", "human", "health", "injection", "harmful")
_CACHE = 256  # the engine's screen and triage read the same message: score it once


@dataclass(frozen=True, slots=True)
class Scores:
    """Probability per label (they sum to 1)."""

    values: dict[str, float]

    def __getitem__(self, label: str) -> float:
        return self.values.get(label, 0.0)

    def top(self) -> tuple[str, float]:
        label = max(self.values, key=self.values.__getitem__)
        return label, self.values[label]


class MessageModel:
    def __init__(self, weights: np.ndarray, intercept: np.ndarray, labels: tuple[str, ...], meta: dict) -> None:
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)  # float32 sums are faster than float16
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.labels = labels
        self.meta = meta
        self.thresholds: dict[str, float] = dict(meta.get("thresholds", {}))
        self._recent: OrderedDict[str, Scores] = OrderedDict()

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "MessageModel":
        """The model in `path`; a file that is not one (wrong shapes, unknown labels) is refused
        here with one line naming it, not at every turn with an IndexError."""
        try:
            with np.load(path, allow_pickle=False) as data:
                labels = tuple(str(x) for x in data["labels"])
                meta = json.loads(str(data["meta"]))
                weights, intercept = data["weights"], data["intercept"]
        except (OSError, ValueError, KeyError) as error:
            raise ModelFileError(f"{path}: not a classifier model file ({error})") from None
        problem = _shape_problem(weights, intercept, labels, meta)
        if problem:
            raise ModelFileError(f"{path}: {problem}; rebuild it with `make model`")
        return cls(weights, intercept, labels, meta)

    def logits(self, text: str) -> np.ndarray:
        idx, values = vector(text)
        if not idx:
            return self.intercept.copy()
        return np.asarray(values, dtype=np.float32) @ self.weights[idx] + self.intercept

    def scores(self, text: str) -> Scores:
        cached = self._recent.get(text)
        if cached is not None:
            return cached
        z = self.logits(text)
        p = np.exp(z - z.max())
        p /= p.sum()
        scores = Scores({label: float(v) for label, v in zip(self.labels, p)})
        self._recent[text] = scores
        if len(self._recent) > _CACHE:
            self._recent.popitem(last=False)
        return scores


class ModelFileError(ValueError):
    """model.npz is not what the scorer reads."""


def _shape_problem(weights: np.ndarray, intercept: np.ndarray, labels: tuple[str, ...], meta: object) -> str:
    if not labels or len(set(labels)) != len(labels) or not set(labels) <= set(LABELS):
        return f"labels {list(labels)} are not distinct names among {list(LABELS)}"
    if weights.ndim != 2 or weights.shape != (BUCKETS, len(labels)):
        return f"weights have shape {weights.shape}, expected ({BUCKETS}, {len(labels)})"
    if intercept.shape != (len(labels),):
        return f"intercept has shape {intercept.shape}, expected ({len(labels)},)"
    if not (np.issubdtype(weights.dtype, np.floating) and np.issubdtype(intercept.dtype, np.floating)):
        return "weights and intercept must be floating point numbers"
    if not isinstance(meta, dict) or not isinstance(meta.get("thresholds", {}), dict):
        return "meta must be a JSON object with a thresholds object"
    return ""


@functools.lru_cache(maxsize=1)
def shipped() -> MessageModel | None:
    """The model in the package, or None when the file is missing (the word lists decide alone)."""
    if not MODEL_PATH.exists():
        return None
    model = MessageModel.load(MODEL_PATH)
    shipped_terms()  # the concepts' table the features read (~40 ms): loaded with the model, not at the first message
    return model
