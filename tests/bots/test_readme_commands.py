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


def test_examples_that_read_the_store_name_the_demos_database() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    store = re.compile(r"csbot (report|export|forget|conversations|escalations|desk|orders check)\b")
    reading = [line for block in blocks for line in block.splitlines() if store.search(line)]
    assert reading and [line for line in reading if "--db demo.db" not in line] == []
    assert "after `make demo`,\nadd `--db demo.db`" in README  # the prose's commands too


def test_make_clean_says_it_deletes_the_virtual_environment() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^clean:\n\trm -rf \$\(VENV\)", makefile, re.M)
    assert re.search(r"`make clean` deletes it, and `\.venv/`", README)


def test_the_owner_password_length_and_the_secrets_of_the_example_settings() -> None:
    from adapters.web.owner.auth import MIN_PASSWORD, PASSWORD_ENV
    from adapters.web.sessions import SECRET_ENV

    assert f"password of at least {MIN_PASSWORD} characters" in README
    example = (Path(__file__).resolve().parents[2] / "csbot.example.toml").read_text(encoding="utf-8")
    secrets = example.split("\n\n", 1)[0]  # the opening comment lists the environment's secrets
    assert PASSWORD_ENV in secrets and SECRET_ENV in secrets
