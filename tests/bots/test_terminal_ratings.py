"""/good and /bad in the terminal chat rate the last answer; `csbot report` then counts the rating."""
import io

from rich.console import Console

from bots.report_cmd import report_command
from bots.terminal import TerminalChat
from bots.wiring import build_hub
from core.shop.pack import load_pack


def lines(*said: str):
    queue = list(said)

    async def read_line():
        return queue.pop(0) if queue else None

    return read_line


async def chat(db, *said: str) -> tuple[str, list[tuple], list]:
    out = io.StringIO()
    async with build_hub("pastashop", None, db) as hub:
        terminal = TerminalChat(hub, Console(file=out, width=200, color_system=None), session="ann")
        await terminal.run(lines(*said))
        rows = await hub.store.read("SELECT subject, value FROM ratings")
        escalations = await hub.store.list_escalations()
    return out.getvalue(), rows, escalations


async def test_good_then_bad_rates_the_last_answer_and_the_report_shows_it(tmp_path):
    db = tmp_path / "csbot.db"
    printed, rows, _ = await chat(db, "how much is shipping to germany?", "/good", "/bad")
    assert "[ 👍 That helped ]  /good" in printed and "[ 👎 Get more help ]  /bad" in printed
    assert "Thank you for your feedback!" in printed and "Thank you for telling us." in printed
    assert "[ 👤 Talk to a colleague ]  /colleague" in printed
    [(subject, value)] = rows  # one row per answer: the second press changed it
    assert subject.startswith("answer:") and value == "bad"

    out = io.StringIO()
    code = await report_command(str(db), load_pack("pastashop"), Console(file=out, width=200, color_system=None),
                                since="1d", until=None, by="platform", png=None, csv_path=None, quiet_hours=24)
    assert code == 0
    assert "0% good of 1 rated" in out.getvalue()


async def test_a_rating_after_a_restart_and_a_colleague_on_request(tmp_path):
    db = tmp_path / "csbot.db"
    await chat(db, "how much is shipping to germany?")
    printed, rows, escalations = await chat(db, "/bad", "/colleague")  # a new process: read from the history
    assert [value for _, value in rows] == ["bad"]
    [escalation] = escalations
    assert escalation.reason.value == "human" and escalation.summary == "how much is shipping to germany?"


async def test_nothing_to_rate_yet(tmp_path):
    printed, rows, _ = await chat(tmp_path / "csbot.db", "/good")
    assert "no answer to rate yet" in printed and rows == []
