"""A wrongly shaped model.npz is refused when it is loaded, in one line naming the file."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.safety.classifier.features import BUCKETS
from core.safety.classifier.model import LABELS, MODEL_PATH, MessageModel, ModelFileError


def write(path: Path, weights: np.ndarray, intercept: np.ndarray, labels=LABELS, meta: object = None) -> Path:
    np.savez(path, weights=weights, intercept=intercept, labels=np.array(labels),
             meta=np.array(json.dumps({"thresholds": {}} if meta is None else meta)))
    return path


@pytest.mark.parametrize("case", ["too few buckets", "labels and columns differ", "intercept", "unknown label", "not a model"])
def test_a_wrong_model_file_is_refused_at_load(tmp_path: Path, case: str) -> None:
    n = len(LABELS)
    path = tmp_path / "model.npz"
    if case == "too few buckets":
        write(path, np.zeros((1000, n), np.float16), np.zeros(n, np.float32))
    elif case == "labels and columns differ":
        write(path, np.zeros((BUCKETS, n - 1), np.float16), np.zeros(n, np.float32))
    elif case == "intercept":
        write(path, np.zeros((BUCKETS, n), np.float16), np.zeros(n + 2, np.float32))
    elif case == "unknown label":
        write(path, np.zeros((BUCKETS, n), np.float16), np.zeros(n, np.float32), labels=LABELS[:-1] + ("spam",))
    else:
        path.write_bytes(b"not a zip file")
    with pytest.raises(ModelFileError) as refused:
        MessageModel.load(path)
    message = str(refused.value)
    assert message.startswith(str(path)) and "\n" not in message


def test_the_shipped_model_passes_the_check() -> None:
    assert MessageModel.load(MODEL_PATH).labels == LABELS
