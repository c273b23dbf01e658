"""Passwords in the effective settings never reach the console: the database URL (from --db,
csbot.toml or CSBOT_DATABASE_URL, as userinfo or a password= parameter) and the model URL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bots.redaction import secrets_in_settings

UNREACHABLE = "127.0.0.1:1"  # nothing listens on port 1: the command fails fast, printing the URL


def csbot(args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str = "quit\n") -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CSBOT_")} | (env or {})
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from bots.cli import main; sys.exit(main())", *args],
        cwd=cwd, env=environment, input=stdin, capture_output=True, text=True, timeout=60,
    )
    return done.stdout + done.stderr


def test_password_parameters_and_userinfo_are_found() -> None:
    found = secrets_in_settings(
        "postgresql://csbot:S3cret%21x@db/csbot", "postgresql://u@h/db?sslmode=require&password=Pw0rd99",
        "host=h password=libpqPW", {"model": ["openai:http://u:pwmodel@127.0.0.1:8080/v1#m"]},
    )
    assert {"S3cret%21x", "S3cret!x", "Pw0rd99", "libpqPW", "pwmodel"} <= set(found)


def test_desk_with_a_password_in_db_argument(tmp_path: Path) -> None:
    out = csbot(["desk", "--db", f"postgresql://csbot:S3cretDesk@{UNREACHABLE}/csbot"], tmp_path)
    assert "127.0.0.1:1" in out and "S3cretDesk" not in out


def test_desk_with_the_database_in_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "csbot.toml").write_text(f'db = "postgresql://csbot:FileSecret9@{UNREACHABLE}/csbot?password=QueryPw77"\n')
    out = csbot(["desk"], tmp_path)
    assert "127.0.0.1:1" in out
    assert "FileSecret9" not in out and "QueryPw77" not in out


def test_a_password_parameter_in_the_database_url_variable(tmp_path: Path) -> None:
    out = csbot(["desk"], tmp_path, env={"CSBOT_DATABASE_URL": f"postgresql://csbot@{UNREACHABLE}/csbot?password=EnvQuery88"})
    assert "127.0.0.1:1" in out and "EnvQuery88" not in out


def test_the_banner_hides_the_model_servers_password(tmp_path: Path) -> None:
    model = f"openai:http://u:ModelPw55@{UNREACHABLE}/v1#m"
    out = csbot(["chat", "--model", model, "--db", str(tmp_path / "x.db")], tmp_path, stdin="/quit\n")
    assert "127.0.0.1:1" in out and "ModelPw55" not in out
