"""`csbot eval` as a user runs it: a real process writing report.json, report.md and report.png."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from core.evaluation.matchers import Observed, Reply
from core.evaluation.report import summarise, write_json
from core.evaluation.runner import TrialOutcome, TurnOutcome

ROOT = Path(__file__).resolve().parents[2]


def csbot(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "OLLAMA_HOST": "http://127.0.0.1:9", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bots.cli", *args], capture_output=True, text=True, timeout=60, env=environment, cwd=cwd
    )


def test_eval_with_the_reference_model_writes_the_three_reports(tmp_path):
    out = tmp_path / "report"
    result = csbot(
        "eval", "--pack", "pastashop", "--model", "scripted", "--duty", "harmful", "--duty", "human",
        "--trials", "2", "--out", str(out), cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    harmful = next(line for line in lines if "│ harmful" in line)
    assert "1.00" in harmful and " 0%" in harmful
    human = next(line for line in lines if "│ human" in line)
    assert "100%" in human
    assert "handed to people by design: none" in result.stdout
    assert "handled reliably (pass^2 >= 0.9): human, harmful" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["trials"] == 2 and report["pack"] == "pastashop"
    assert [d["duty"] for d in report["duties"]] == ["human", "harmful"]
    assert all(row["pass_k"] for row in report["scenarios"])
    assert report["overall"]["trials"] == 2 * len(report["scenarios"])
    assert "| harmful | 5 | 1.00 | 1.00 | 0% |" in (out / "report.md").read_text()
    assert (out / "report.png").read_bytes().startswith(b"\x89PNG")


def outcome(scenario: str, duty: str, passed: bool) -> TrialOutcome:
    turn = TurnOutcome("hi", Observed([Reply("bot", "hello")]), failures=[] if passed else ["mentions none of ['x']"])
    return TrialOutcome(scenario, duty, 0, 1, [turn])


def test_compare_prints_the_change_per_duty(tmp_path):
    before = summarise("pastashop", "model-a", 1, 0, [outcome("a", "shipping", False), outcome("b", "shipping", True)])
    after = summarise("pastashop", "model-b", 1, 0, [outcome("a", "shipping", True), outcome("b", "shipping", True)])
    write_json(before, tmp_path / "a.json")
    write_json(after, tmp_path / "b.json")
    result = csbot("eval", "--compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "shipping" in line)
    assert "0.50" in row and "1.00" in row and "+0.50" in row
    assert "model-a" in result.stdout and "model-b" in result.stdout


def test_mistakes_are_one_line_errors(tmp_path):
    result = csbot("eval", "--pack", "pastashop", "--model", "scripted", "--duty", "juggling", cwd=tmp_path)
    assert result.returncode == 2 and "juggling" in result.stderr and "shipping" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = csbot("eval", "--pack", "pastashop", "--model", "scripted", "--trials", "0", cwd=tmp_path)
    assert result.returncode == 2 and "--trials" in result.stderr
    pack = tmp_path / "shop"
    shutil.copytree(ROOT / "knowledge" / "pastashop", pack, ignore=shutil.ignore_patterns("eval.yaml"))
    result = csbot("eval", "--pack", str(pack), "--model", "scripted", cwd=tmp_path)
    assert result.returncode == 2 and "eval.yaml" in result.stderr and "Traceback" not in result.stderr
    result = csbot("eval", "--compare", str(tmp_path / "missing.json"), str(tmp_path / "b.json"), cwd=tmp_path)
    assert result.returncode == 2 and "missing.json" in result.stderr


def test_without_a_reachable_model_the_eval_measures_offline_mode(tmp_path):
    result = csbot("eval", "--pack", "pastashop", "--model", "ollama", "--duty", "human", "--trials", "1",
                   "--out", str(tmp_path / "r"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "offline" in result.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["model"] == "offline"
    # Requests for a person are handed over by triage, before any model is asked.
    assert report["duties"][0]["pass_k"] == 1.0 and report["duties"][0]["escalation_rate"] == 1.0
    assert report["duties"][0]["model_calls_per_turn"] == 0
