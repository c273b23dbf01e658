"""A new user's first hour with the CLI: resuming and starting conversations, inspecting the store."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.bots.test_cli import csbot


def test_missing_or_unreadable_db_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    for command in ("conversations", "escalations"):
        result = csbot(command, "--db", str(missing))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no database" in result.stderr
        assert "Traceback" not in result.stderr and not missing.exists()  # looking does not create it
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database at all\n" * 50)
    result = csbot("escalations", "--db", str(garbage))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a database" in result.stderr


def test_names_with_markup_or_escape_sequences_are_shown_inert(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert csbot("chat", "--model", "offline", "--db", str(db), stdin="I want to talk to a human\n").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE conversations SET user_name = ?", ("[link=https://evil.example]Ann[/link]\x1b[2J",))
        conn.execute("UPDATE escalations SET customer_name = ?", ("[blink]Ann[/blink]\x1b]0;pwned\x07",))
    conversations = csbot("conversations", "--db", str(db))
    escalations = csbot("escalations", "--db", str(db))
    assert "[link=https://evil.example]Ann[/link]" in conversations.stdout
    assert "[blink]Ann[/blink]" in escalations.stdout
    for out in (conversations.stdout, escalations.stdout):
        assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x07" not in out


def test_listing_never_cuts_ids(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    csbot("chat", "--model", "offline", "--db", str(db), stdin="I want to talk to a human\n")
    with sqlite3.connect(db) as conn:
        (escalation_id,), = conn.execute("SELECT id FROM escalations")
        (conversation_id,), = conn.execute("SELECT id FROM conversations")
    narrow = {"COLUMNS": "50"}
    assert escalation_id in csbot("escalations", "--db", str(db), env=narrow).stdout
    assert conversation_id in csbot("escalations", "--db", str(db), env=narrow).stdout
    assert conversation_id in csbot("conversations", "--db", str(db), env=narrow).stdout


def test_chat_resumes_a_waiting_conversation_says_so_and_new_starts_another(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    first = csbot("chat", "--model", "offline", "--db", db, stdin="I have celiachia, can I eat your spaghetti?\n")
    assert "handed to staff" in first.stdout
    again = csbot("chat", "--model", "offline", "--db", db, stdin="How much is shipping to Germany?\n")
    assert "waiting for staff" in again.stdout and "csbot desk" in again.stdout and "/new" in again.stdout
    # Still with staff: acknowledged, never silent.
    assert "colleague has your messages" in again.stdout
    fresh = csbot("chat", "--model", "offline", "--db", db, "--new", stdin="How much is shipping to Germany?\n")
    assert "waiting for staff" not in fresh.stdout and "Germany" in fresh.stdout.split("you ›", 1)[1]
    inline = csbot("chat", "--model", "offline", "--db", db, stdin="I have celiachia\n/new\nHow much is shipping to Germany?\n")
    assert "New conversation" in inline.stdout and "Germany" in inline.stdout.split("New conversation", 1)[1]


def test_customer_goes_back_to_the_bot_with_slash_bot(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    result = csbot("chat", "--model", "offline", "--db", db,
                   stdin="I have celiachia, can I eat your spaghetti?\n/bot\nHow much is shipping to Germany?\n")
    after = result.stdout.split("I am back", 1)[1]
    assert "Germany" in after
    assert "withdrawn" in csbot("escalations", "--db", db).stdout


def test_readme_says_which_db_make_demo_uses() -> None:
    root = Path(__file__).resolve().parents[2]
    demo = next(line for line in (root / "Makefile").read_text().splitlines() if "csbot chat" in line)
    db = demo.split("--db", 1)[1].split()[0]
    readme = (root / "README.md").read_text()
    assert f"`make demo` keeps its conversations in `{db}`" in readme and f"csbot desk --db {db}" in readme
