"""`csbot train`: rebuild core/classifier/model.npz and print its validation table (bench/triage.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "triage.py"


def train_command(validate: bool = True) -> int:
    try:
        from core.classifier.train import build
    except ImportError:
        print("csbot train: needs scikit-learn: pip install -e '.[train]' (or make model)", file=sys.stderr)
        return 2
    from core.classifier.corpus import MissingData

    try:
        build()
    except MissingData as error:
        print(f"csbot train: {error}", file=sys.stderr)
        return 2
    if validate and BENCH.exists():
        return subprocess.call([sys.executable, str(BENCH)])
    return 0
