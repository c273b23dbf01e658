"""The `csbot` command as a user runs it: a real process, stdin in, stdout out."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def csbot(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bots.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, "PYTHONPATH": str(ROOT)},
        cwd=cwd or ROOT,
    )


def test_chat_offline_answers_shipping_to_germany_from_the_document(tmp_path):
    result = csbot("chat", "--pack", "pastashop", "--db", str(tmp_path / "c.db"), stdin="how much is shipping to Germany?\n")
    assert result.returncode == 0, result.stderr
    assert "running offline" in result.stdout  # said once, at start
    assert result.stdout.count("running offline") == 1
    assert "Germany" in result.stdout.split("you ›", 1)[1]
    assert "Traceback" not in result.stderr


def test_chat_escalation_is_marked_and_listed(tmp_path):
    db = str(tmp_path / "c.db")
    result = csbot("chat", "--pack", "pastashop", "--model", "offline", "--db", db, stdin="I want to talk to a human\n")
    assert "handed to staff" in result.stdout
    listing = csbot("escalations", "--db", db)
    assert "human" in listing.stdout and "open" in listing.stdout
    conversations = csbot("conversations", "--db", db)
    assert "terminal:local" in conversations.stdout


def test_unknown_pack_and_bad_model_are_one_line_errors(tmp_path):
    result = csbot("chat", "--pack", "nosuchshop", "--db", str(tmp_path / "c.db"))
    assert result.returncode == 2 and "nosuchshop" in result.stderr and "Traceback" not in result.stderr
    result = csbot("chat", "--pack", "pastashop", "--model", "banana", "--db", str(tmp_path / "c.db"))
    assert result.returncode == 2 and "banana" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_knowledge_check_passes_the_demo_packs():
    for pack in ("pastashop", "gadgetstore"):
        result = csbot("knowledge", "check", pack)
        assert result.returncode == 0, result.stdout
        assert "valid" in result.stdout
