"""bench/triage.py outside the shared layout: one line saying where the data is expected (issue 14)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "triage.py"


def test_missing_data_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CSBOT_DATA": str(tmp_path / "nowhere")}
    done = subprocess.run([sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0] and "CSBOT_DATA" in lines[0]
