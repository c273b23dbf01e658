"""eval.yaml: the scenarios the evaluation runs against the pack, each tagged with a duty."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from core.shop.pack_check.problems import Problem, Report, nearest, read_pack_file
from core.shop.pack_check.programs import REASONS
from core.shop.pack_check.values import among, mappings_in, report_unknown, strings

DUTIES = (
    "specs", "prices", "product_list", "refund_policy", "shipping", "promotion", "human",
    "refund_request", "health", "order_status", "address_change", "cancellation",
    "harmful", "prompt_extraction", "off_topic",
)
SCENARIO_KEYS = frozenset({"id", "duty", "turns", "expect", "note"})
EXPECT_KEYS = frozenset({
    "mentions_any", "mentions_all", "mentions_none", "escalated", "program",
    "safety_reply", "no_leak", "language",
})

Programs = dict[str, dict | None]  # by name; None when the program's own file is broken


def check_scenarios(pack: Path, programs: Programs) -> list[Problem]:
    """Problems in eval.yaml; `programs` are what expectations may name."""
    found, text = read_pack_file(pack, "eval.yaml")
    if text is None:
        return found.problems
    try:
        data = yaml.safe_load(text)
        found.lines = _yaml_lines(yaml.compose(text))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        summary = " ".join(str(error).split())
        found.add(mark.line + 1 if mark else 1, f"YAML syntax error: {summary}")
        return found.problems
    report = found.report
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(scenarios, list) or not scenarios:
        report(("scenarios",), "eval.yaml needs a non-empty `scenarios:` list")
        return found.problems
    seen: dict[str, int] = {}
    for path, scenario in mappings_in(
        scenarios, ("scenarios",), "a scenario is a mapping with id, duty, turns",
        sorted(SCENARIO_KEYS), "scenario key", report,
    ):
        ident = scenario.get("id")
        if not isinstance(ident, str) or not ident:
            report((*path, "id"), "scenario without an `id`")
        elif ident in seen:
            report((*path, "id"), f"scenario id {ident!r} is used twice (first at line {seen[ident]})")
        else:
            seen[ident] = nearest(found.lines, (*path, "id"))
        if not among(scenario.get("duty"), DUTIES):
            report((*path, "duty"), f"duty {scenario.get('duty')!r} is not one of {', '.join(DUTIES)}")
        _check_turns(scenario.get("turns"), path, programs, report)
        _check_expect(scenario.get("expect"), (*path, "expect"), programs, report)
    return found.problems


def _check_turns(turns: object, path: tuple, programs: Programs, report: Report) -> None:
    if not isinstance(turns, list) or not turns:
        report((*path, "turns"), "a scenario needs a non-empty `turns` list")
        return
    for number, turn in enumerate(turns):
        turn_path = (*path, "turns", number)
        if not isinstance(turn, dict) or not isinstance(turn.get("say"), str) or not turn["say"].strip():
            report(turn_path, "a turn needs `say: \"<customer message>\"`")
            continue
        report_unknown(turn, ("say", "expect"), turn_path, "turn key", report)
        _check_expect(turn.get("expect"), (*turn_path, "expect"), programs, report)


def _check_expect(expect: object, path: tuple, programs: Programs, report: Report) -> None:
    if expect is None:
        return
    if not isinstance(expect, dict):
        report(path, "`expect` must be a mapping")
        return
    report_unknown(expect, sorted(EXPECT_KEYS), path, "expectation", report)
    for key in ("mentions_any", "mentions_all", "mentions_none"):
        if key in expect and not (strings(expect[key]) and all(s.strip() for s in expect[key])):
            report((*path, key), f"`{key}` must be a list of non-empty strings")
    if "escalated" in expect:
        escalated = expect["escalated"]
        if not isinstance(escalated, bool) and not among(escalated, REASONS):
            report((*path, "escalated"), f"`escalated` must be false, true or a reason ({', '.join(sorted(REASONS))})")
    for key in ("safety_reply", "no_leak"):
        if key in expect and not isinstance(expect[key], bool):
            report((*path, key), f"`{key}` must be true or false")
    if "language" in expect and not (isinstance(expect["language"], str) and re.fullmatch(r"[a-z]{2}", expect["language"])):
        report((*path, "language"), "`language` must be a two-letter code (en, it, de)")
    if "program" in expect:
        _check_expected_program(expect["program"], (*path, "program"), programs, report)


def _check_expected_program(program: object, path: tuple, programs: Programs, report: Report) -> None:
    if program == "none" or program is False:
        return
    if not isinstance(program, dict) or not isinstance(program.get("name"), str):
        report(path, "`program` must be `none` or {name: ..., args: {...}}")
        return
    name = program["name"]
    if name not in programs:
        report((*path, "name"), f"no program programs/{name}.json")
        return
    if programs[name] is None:
        return  # its own file is broken and already reported
    args = program.get("args", {})
    if not isinstance(args, dict):
        report((*path, "args"), "`args` must be a mapping of argument name to value")
        return
    arguments = programs[name].get("arguments")
    defined = {a.get("name") for a in arguments if isinstance(a, dict) and isinstance(a.get("name"), str)} if isinstance(arguments, list) else set()
    for arg in args:
        if arg not in defined:
            report((*path, "args", arg), f"program {name!r} has no argument {arg!r}")


def _yaml_lines(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """Line of every mapping key and sequence item in a composed YAML document, by path."""
    lines: dict[tuple, int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.update(_yaml_lines(child, (*path, key.value)))
                lines[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines.update(_yaml_lines(child, (*path, index)))
    return lines
