"""Issue 13, "acknowledged, then lost", with a real write failure: the disk fills up under a
running engine (RLIMIT_FSIZE in a child process), every turn fails with the operating system's
error, not "cannot rollback", nothing is marked seen, and once there is space again every
redelivered message is answered exactly once and the earlier "sent" mark was not dropped."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_full_disk_loses_no_message(tmp_path):
    turns = 12
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.full_disk", str(tmp_path / "shop.db"), str(turns)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    errors = {int(n): text for n, text in result["errors"].items()}
    assert errors, "the full disk failed no turn"
    assert all("disk I/O error" in text or "full" in text for text in errors.values()), errors
    assert not any("cannot rollback" in text for text in errors.values())
    assert result["seen_after_failure"] == []
    assert set(result["redelivered"].values()) == {1}  # each failed message answered on redelivery
    assert set(result["again"].values()) == {0}  # and only once
    assert result["pending"] == [f"chat{n}" for n in sorted(range(1, turns + 1), key=lambda n: f"chat{n}")]
