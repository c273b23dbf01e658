"""`csbot train`: rebuild core/safety/classifier/terms.npz and model.npz, then print the validation table (bench/triage.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "triage.py"


def train_command(validate: bool = True) -> int:
    from core.safety.classifier.corpus import MissingData
    from core.safety.classifier.train import build  # scikit-learn is imported only when fitting

    try:
        build()
    except MissingData as error:
        print(f"csbot train: {error}", file=sys.stderr)
        return 2
    except ImportError as error:
        print(f"csbot train: needs the train extra ({error.name}): pip install -e '.[train]' (or make model)", file=sys.stderr)
        return 2
    if validate and BENCH.exists():
        return subprocess.call([sys.executable, str(BENCH)])
    return 0
