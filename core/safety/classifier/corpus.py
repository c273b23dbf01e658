"""The labelled rows the classifier learns from and is validated on, with their licences.

Sources whose licence does not allow redistributing a derived model (non-commercial,
GPL, none stated) are read for validation only: the shipped model never sees them.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# ../shared/data beside the project; CSBOT_DATA points elsewhere (another checkout layout)
DATA = Path(os.environ.get("CSBOT_DATA") or ROOT.parent / "shared" / "data")
SEEDS = Path(__file__).with_name("seeds.csv")

# Licence allows a derived model to ship (CC BY, CC BY-SA, MIT, ODbL/DbCL, CDLA, our own seeds).
SHIPPABLE = frozenset(
    {
        "banking77", "nlupp", "hint3", "botframework", "sgd", "multidogo", "hwu64", "medquad",
        "advbench", "simplesafetytests", "xstest", "cyberseceval", "epqa", "deepset", "seeds",
    }
)
# Non-commercial, GPL or no licence stated: validation only.
VALIDATION_ONLY = frozenset(
    {"rasa_demo", "twitter_airline", "medicationqa", "maliciousinstruct", "promptmap", "raccoon", "amazonqa", "twcs", "complaints"}
)


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    label: str
    source: str


class MissingData(Exception):
    """The development data is not where it is expected (one line for the user)."""


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError:
        raise MissingData(
            f"{path} not found: the development data is expected in "
            f"{path.parent.parent if path.parent.name == 'train' else path.parent} "
            "(../shared/data beside the project, or set CSBOT_DATA)"
        ) from None


def development_rows(data: Path = DATA) -> list[Row]:
    """messages.csv, deepset's injections and our own seed messages."""
    rows = [Row(r["text"], r["label"], r["source"]) for r in _read(data / "train" / "messages.csv")]
    seen = {r.text.casefold() for r in rows}
    for r in _read(data / "prompt_injections_train.csv"):
        if r["text"].casefold() not in seen:
            rows.append(Row(r["text"], "injection" if r["label"] == "1" else "other", "deepset"))
    rows += [Row(r["text"], r["label"], "seeds") for r in _read(SEEDS)]
    return rows


def banking_test(data: Path = DATA) -> list[Row]:
    """Banking77's test split (not in messages.csv): refund intents and ordinary traffic."""
    labels = {"request_refund": "refund"}
    return [
        Row(r["text"], labels.get(r["category"], "other"), "banking77_test")
        for r in _read(data / "banking77_test.csv")
        if r["category"] != "Refund_not_showing_up"  # a status question, neither class
    ]
