"""Figures, verdict, report.md / report.json / report.png, and the comparison of two reports."""
import json

import pytest

from core.evaluation.chart import draw
from core.evaluation.compare import compare, load_report
from core.evaluation.matchers import Observed, ProgramRun, Reply
from core.evaluation.report import markdown, summarise, write_json
from core.evaluation.runner import TrialOutcome, TurnOutcome


def trial(scenario, duty, number, passed=True, escalated=False, calls=1, latency=10.0):
    seen = Observed([Reply("holding" if escalated else "bot", "Shipping costs 9.90 EUR.")])
    if escalated:
        seen.escalations.append("health")
    seen.runs.append(ProgramRun("order_status", {"order_id": 1042}, "success"))
    turn = TurnOutcome("How much?", seen, calls, 1000 * calls, latency, [] if passed else ["mentions none of ['19.90 EUR']"])
    return TrialOutcome(scenario, duty, number, 100 + number, [turn])


@pytest.fixture
def outcomes():
    return [
        # shipping: s1 passes 3/3, s2 passes 2/3 -> pass^1 5/6, pass^3 1/2
        *(trial("s1", "shipping", n) for n in range(3)),
        trial("s2", "shipping", 0), trial("s2", "shipping", 1, passed=False), trial("s2", "shipping", 2),
        # prices: all pass
        *(trial("p1", "prices", n, calls=3, latency=30.0) for n in range(3)),
        # health: escalated every time
        *(trial("h1", "health", n, escalated=True, calls=0) for n in range(3)),
    ]


def test_pass1_passk_and_the_verdict(outcomes):
    report = summarise("pastashop", "scripted", 3, 5, outcomes)
    duties = {d.duty: d for d in report.duties}
    assert duties["shipping"].pass_1 == pytest.approx(5 / 6) and duties["shipping"].pass_k == 0.5
    assert duties["shipping"].scenarios == 2 and duties["shipping"].trials == 6
    assert duties["prices"].model_calls_per_turn == 3 and duties["prices"].prompt_tokens_per_turn == 3000
    assert duties["prices"].latency_ms == 30
    assert duties["health"].escalation_rate == 1 and duties["shipping"].escalation_rate == 0
    assert report.overall.pass_k == pytest.approx(3 / 4)
    assert report.verdict.reliable == ["prices"]
    assert report.verdict.unreliable == ["shipping"]
    assert report.verdict.by_design == ["health"]


def test_markdown_has_the_table_the_verdict_and_every_failure_with_its_transcript(outcomes):
    text = markdown(summarise("pastashop", "scripted", 3, 5, outcomes))
    assert "| duty | scenarios | pass^1 | pass^k |" in text
    assert "| shipping | 2 | 0.83 | 0.50 | 0% | 1.0 | 1000 | 10 |" in text
    assert "- Handled reliably (pass^3 >= 0.9): prices" in text
    assert "- Not handled reliably: shipping" in text
    assert "- Handed to people by design (refund decisions, health questions): health" in text
    assert "### s2 (shipping), trial 2, seed 101" in text
    assert "- **failed:** turn 1: mentions none of ['19.90 EUR']" in text
    assert "[1] customer: How much?" in text and "program: order_status --order-id 1042 -> success" in text
    assert text.count("### ") == 1


def test_json_report_and_comparison(tmp_path, outcomes):
    before = summarise("pastashop", "model-a", 3, 5, outcomes)
    better = [trial(o.scenario, o.duty, o.trial, escalated=o.escalated) for o in outcomes]
    after = summarise("pastashop", "model-b", 3, 5, better)
    write_json(before, tmp_path / "a.json")
    write_json(after, tmp_path / "b.json")
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["verdict"]["unreliable"] == ["shipping"]
    assert data["failures"][0]["transcript"][0]["programs"] == [
        {"name": "order_status", "args": {"order_id": 1042}, "status": "success"}
    ]
    assert {row["id"]: row["pass_k"] for row in data["scenarios"]} == {"s1": True, "s2": False, "p1": True, "h1": True}
    changes = {c.duty: c for c in compare(load_report(tmp_path / "a.json"), load_report(tmp_path / "b.json"))}
    assert changes["shipping"].delta("pass_k") == pytest.approx(0.5)
    assert changes["shipping"].delta("pass_1") == pytest.approx(1 / 6)
    assert changes["prices"].delta("pass_k") == 0
    assert changes["all"].delta("pass_k") == pytest.approx(0.25)


def test_compare_refuses_a_file_that_is_not_a_report(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match="not a report.json"):
        load_report(tmp_path / "x.json")


def test_chart_is_a_png(tmp_path, outcomes):
    draw(summarise("pastashop", "scripted", 3, 5, outcomes), tmp_path / "report.png")
    data = (tmp_path / "report.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
