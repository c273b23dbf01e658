"""eval.yaml: the demo packs' scenarios load, and mistakes are explained with their line."""
import pytest
import yaml

from core.evaluation.scenarios import (
    NO_PROGRAM,
    ProgramExpectation,
    ScenarioError,
    load_scenarios,
    parse_scenarios,
)
from core.shop.pack import load_pack

DUTIES = {
    "specs", "prices", "product_list", "refund_policy", "shipping", "promotion", "human", "refund_request",
    "health", "order_status", "address_change", "cancellation", "harmful", "prompt_extraction", "off_topic",
}


@pytest.mark.parametrize("pack", ["pastashop", "gadgetstore"])
def test_demo_packs_have_60_scenarios_covering_every_duty(pack):
    folder = load_pack(pack).path
    scenarios = load_scenarios(folder / "eval.yaml")
    assert len(scenarios) >= 60
    assert DUTIES <= {s.duty for s in scenarios}
    assert any(len(s.turns) > 1 for s in scenarios)
    programs = set(load_pack(pack).programs)
    for scenario in scenarios:
        for turn in scenario.turns:
            if isinstance(turn.expect.program, ProgramExpectation):
                assert turn.expect.program.name in programs, scenario.id


def test_a_scenario_parses_with_defaults():
    text = """
scenarios:
  - id: s1
    duty: shipping
    turns:
      - say: "How much is shipping to Germany?"
        expect:
          mentions_any: ["9.90 EUR"]
          escalated: false
          program: none
      - say: "Where is order 1042?"
        expect: {program: {name: order_status, args: {order-id: 1042}}, escalated: human}
    expect: {escalated: true}
"""
    (scenario,) = parse_scenarios(yaml.safe_load(text))
    first, second = scenario.turns
    assert first.expect.mentions_any == ("9.90 EUR",) and first.expect.program == NO_PROGRAM
    assert first.expect.no_leak is True and first.expect.safety_reply is None
    assert second.expect.program == ProgramExpectation("order_status", {"order-id": "1042"})
    assert scenario.expect.escalated is True
    assert scenario.expect.no_leak is False  # leaks are checked per turn; once is enough


@pytest.mark.parametrize(
    "body, message",
    [
        ("  - id: a\n    duty: x\n    turns: []\n", "non-empty 'turns'"),
        ("  - id: a\n    duty: x\n    turns:\n      - say: hi\n        expect: {escalated: maybe}\n", "escalated must be"),
        ("  - id: a\n    duty: x\n    turns:\n      - say: hi\n        expect: {mention_any: [x]}\n", "unknown expectation 'mention_any'"),
        ("  - id: a\n    duty: x\n    turns:\n      - say: hi\n        expect: {language: fr}\n", "language must be"),
        ("  - id: a\n    duty: x\n    turns:\n      - say: hi\n  - id: a\n    duty: x\n    turns:\n      - say: hi\n", "used twice"),
        ("  - id: a\n    turns:\n      - say: hi\n", "needs a duty"),
    ],
)
def test_mistakes_name_the_file_line_and_scenario(tmp_path, body, message):
    path = tmp_path / "eval.yaml"
    path.write_text("scenarios:\n" + body, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenarios(path)
    assert message in str(error.value)
    assert str(path) + ":" in str(error.value)


def test_line_numbers_point_at_the_scenario(tmp_path):
    path = tmp_path / "eval.yaml"
    path.write_text("scenarios:\n  - id: ok\n    duty: x\n    turns: [{say: hi}]\n  - id: bad\n    duty: x\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"eval.yaml:5: scenario 'bad' needs a non-empty 'turns' list"):
        load_scenarios(path)
