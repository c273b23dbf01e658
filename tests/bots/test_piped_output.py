"""Output sent to a pipe or a file is not wrapped at 80 columns, and the eval table keeps its headers."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bots.console import console_for

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ("duty", "scen.", "pass^1", "pass^k", "escalated", "calls/turn", "tokens/turn", "ms/turn")


def piped_csbot(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS" and not k.startswith("CSBOT_")}
    environment |= {"OLLAMA_HOST": "http://127.0.0.1:9"}
    return subprocess.run([sys.executable, "-c", "import sys; from bots.cli import main; sys.exit(main())", *args],
                          capture_output=True, text=True, timeout=120, env=environment, cwd=cwd, stdin=subprocess.DEVNULL)


def test_a_long_line_reaches_a_pipe_whole(tmp_path: Path) -> None:
    result = piped_csbot("desk", "--db", "postgresql://csbot@127.0.0.1:1/csbot", cwd=tmp_path)
    assert ("desk on postgresql://csbot@127.0.0.1:1/csbot: staff actions are stored there; "
            "the running csbot workers send the replies to customers\n") in result.stdout


def test_the_eval_tables_headers_are_whole_when_piped(tmp_path: Path) -> None:
    result = piped_csbot("eval", "--pack", "pastashop", "--model", "scripted", "--duty", "human", "--trials", "1",
                         "--out", str(tmp_path / "report"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "duty" in line and "┃" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == list(HEADERS)
    assert "…" not in result.stdout


def test_a_terminal_keeps_its_own_width() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert console_for(io.StringIO()).width == 200
    assert console_for(Tty()).soft_wrap is False
