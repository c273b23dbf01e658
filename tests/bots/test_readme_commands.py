"""The README's commands work as written after `make demo`, and it speaks to users."""
from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_shell_examples_call_csbot_from_the_virtual_environment() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    bare = [line for line in lines if re.search(r"(^|\| )csbot ", line)]
    assert bare == []
    assert ". .venv/bin/activate" in README


def test_no_internal_wording_and_no_training_command_for_users() -> None:
    assert "target of the issue" not in README and "the issue" not in README
    assert "| `csbot train`" not in README
    assert "initdb" in README and "--config worker1.toml" in README
