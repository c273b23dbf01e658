"""The shipped classifier: loads fast without pickle, and scores as it was trained."""
from __future__ import annotations

import time

import numpy as np
import pytest

from core.safety.classifier import features
from core.safety.classifier.corpus import SHIPPABLE, VALIDATION_ONLY
from core.safety.classifier.model import LABELS, MODEL_PATH, MessageModel, shipped


@pytest.fixture(scope="module")
def model() -> MessageModel:
    found = shipped()
    assert found is not None, "core/safety/classifier/model.npz is missing: make model"
    return found


def test_model_file_is_small_and_loads_without_pickle() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    started = time.process_time()
    loaded = MessageModel.load(MODEL_PATH)  # allow_pickle=False inside: an object array would raise
    assert time.process_time() - started < 2.0  # generous: it takes tens of milliseconds
    assert loaded.labels == LABELS and loaded.weights.shape == (features.BUCKETS, len(LABELS))


def test_run_time_scoring_reproduces_the_training_path(model: MessageModel) -> None:
    """Reference logits were computed at training time from the sparse matrix the model was
    fitted on: feature extraction and scoring at run time must give the same numbers."""
    reference = model.meta["reference"]
    assert len(reference) >= 20
    for text, logits in reference:
        assert np.allclose(model.logits(text), logits, atol=2e-3), text


def test_shipped_model_was_trained_only_on_redistributable_sources(model: MessageModel) -> None:
    sources = set(model.meta["sources"])
    assert sources <= SHIPPABLE and not sources & VALIDATION_ONLY


def test_features_are_stable_across_processes_and_bounded() -> None:
    # crc32 buckets, not Python's salted hash: the same text gives the same indices anywhere
    assert features.buckets("Refund me") == sorted(set(features.buckets("refund ME!")))
    assert features.buckets("") == [] and features.buckets("!!!") == []
    long_text = " ".join(f"w{i}" for i in range(5_000))
    assert len(features.tokens(long_text)) == features.MAX_WORDS


def test_scores_are_probabilities_with_thresholds(model: MessageModel) -> None:
    scores = model.scores("I want my money back for order 1042")
    assert abs(sum(scores.values.values()) - 1) < 1e-4
    assert scores.top()[0] == "refund"
    assert {"attack", "refund", "health", "human"} <= set(model.thresholds)


def test_seed_messages_stay_apart_from_the_probes_they_are_measured_on() -> None:
    """bench/data's probes validate the model: a seed equal to one (or nearly, same words
    up to punctuation and case) would make the probe figures a memory test."""
    import csv
    import re
    from pathlib import Path

    from core.safety.classifier.corpus import SEEDS

    def key(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.casefold()))

    probes_dir = Path(__file__).resolve().parents[3] / "bench" / "data"
    probes = set()
    for path in probes_dir.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            probes |= {key(row["text"]) for row in csv.DictReader(handle)}
    with SEEDS.open(newline="", encoding="utf-8") as handle:
        seeds = [key(row["text"]) for row in csv.DictReader(handle)]
    assert len(seeds) > 800 and probes
    assert not probes & set(seeds)


def test_numbers_and_stretched_letters_read_as_one_word() -> None:
    assert features.tokens("Refund order 1042 pleeease") == features.tokens("refund order 77 pleease")


def test_chinese_and_japanese_read_character_by_character() -> None:
    # no spaces between words: each character is a token, so phrases share their parts
    assert features.tokens("我想和人工客服谈谈") == list("我想和人工客服谈谈")
    assert set(features.tokens("联系客服")) & set(features.tokens("人工客服")) == {"客", "服"}
    assert features.tokens("order 1042 の件") == ["order", "0", "の", "件"]
    assert features.tokens("Grüße aus Köln") == ["grusse", "aus", "koln"]  # other scripts keep their words


def test_buckets_that_mark_one_label_are_scaled_up_before_the_fit() -> None:
    from core.safety.classifier.train import label_scale

    # columns: a word only refund rows hold, a word every row holds, a word one ordinary row holds
    x = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    y = np.array([LABELS.index("refund")] * 2 + [LABELS.index("other")] * 3)
    scale = label_scale(x, y, np.ones(len(y)))
    assert scale[0] > scale[2] > scale[1]
    assert scale.mean() == pytest.approx(1.0)
    assert np.allclose(label_scale(x, y, np.ones(len(y)), power=0), 1.0)
