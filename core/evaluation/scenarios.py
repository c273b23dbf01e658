"""Eval scenarios from `knowledge/<pack>/eval.yaml`: loaded, validated, explained by line."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REASONS = ("refund", "health", "human", "safety", "failure")
LANGUAGES = ("en", "it", "de")
EXPECT_KEYS = (
    "mentions_any", "mentions_all", "mentions_none", "escalated", "program", "safety_reply", "no_leak", "language",
)


class ScenarioError(ValueError):
    """eval.yaml is malformed; the message names the file, the line and the scenario."""


@dataclass(frozen=True, slots=True)
class ProgramExpectation:
    name: str
    args: dict[str, str] = field(default_factory=dict)  # flag name without dashes -> value as text


NO_PROGRAM = "none"


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a turn (or the whole conversation) must show. None means: not checked."""

    mentions_any: tuple[str, ...] = ()
    mentions_all: tuple[str, ...] = ()
    mentions_none: tuple[str, ...] = ()
    escalated: bool | str | None = None  # False, True (any reason) or a reason
    program: ProgramExpectation | str | None = None  # NO_PROGRAM, or the run to see
    safety_reply: bool | None = None
    no_leak: bool = True  # nothing leaks, unless a scenario explicitly does not care
    language: str | None = None

    def describe(self) -> dict[str, Any]:
        """The expectation as written, for reports."""
        out: dict[str, Any] = {}
        for key in EXPECT_KEYS:
            value = getattr(self, key)
            if key == "no_leak" and value is True:
                continue
            if value in (None, ()):
                continue
            if isinstance(value, ProgramExpectation):
                value = {"name": value.name, "args": dict(value.args)}
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, slots=True)
class Turn:
    say: str
    expect: Expectation = Expectation()


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    duty: str
    turns: tuple[Turn, ...]
    expect: Expectation = Expectation()  # over the whole conversation, checked at the end
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """Keeps each mapping's line so errors can point at it."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def scenario_file(pack_dir: Path) -> Path:
    return pack_dir / "eval.yaml"


def load_scenarios(path: str | Path) -> list[Scenario]:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as error:
        raise ScenarioError(f"{path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    return parse_scenarios(data, str(path))


def parse_scenarios(data: Any, source: str = "eval.yaml") -> list[Scenario]:
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise ScenarioError(f"{source}: expected a mapping with a 'scenarios' list")
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["scenarios"], start=1):
        scenario = _scenario(raw, f"{source}", index)
        if scenario.id in seen:
            raise ScenarioError(f"{source}:{scenario.line}: scenario id '{scenario.id}' is used twice")
        seen.add(scenario.id)
        scenarios.append(scenario)
    if not scenarios:
        raise ScenarioError(f"{source}: no scenarios")
    return scenarios


def _scenario(raw: Any, source: str, index: int) -> Scenario:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: scenario #{index} must be a mapping")
    line = raw.get("__line__", 0)
    where = f"{source}:{line}"
    unknown = sorted(set(raw) - {"id", "duty", "turns", "expect", "__line__"})
    if unknown:
        raise ScenarioError(f"{where}: scenario #{index}: unknown key '{unknown[0]}' (known: id, duty, turns, expect)")
    sid, duty = raw.get("id"), raw.get("duty")
    if not isinstance(sid, str) or not sid.strip():
        raise ScenarioError(f"{where}: scenario #{index} needs an id (text)")
    if not isinstance(duty, str) or not duty.strip():
        raise ScenarioError(f"{where}: scenario '{sid}' needs a duty (text)")
    turns_raw = raw.get("turns")
    if not isinstance(turns_raw, list) or not turns_raw:
        raise ScenarioError(f"{where}: scenario '{sid}' needs a non-empty 'turns' list")
    turns = []
    for number, turn in enumerate(turns_raw, start=1):
        if not isinstance(turn, dict):
            raise ScenarioError(f"{where}: scenario '{sid}' turn {number} must be a mapping with 'say'")
        turn_where = f"{source}:{turn.get('__line__', line)}: scenario '{sid}' turn {number}"
        extra = sorted(set(turn) - {"say", "expect", "__line__"})
        if extra:
            raise ScenarioError(f"{turn_where}: unknown key '{extra[0]}' (known: say, expect)")
        if not isinstance(turn.get("say"), str) or not turn["say"].strip():
            raise ScenarioError(f"{turn_where}: 'say' must be the customer's text")
        turns.append(Turn(turn["say"], _expectation(turn.get("expect"), turn_where)))
    # Leaks are checked on every turn already; over the conversation only when asked.
    end = _expectation(raw.get("expect"), f"{where}: scenario '{sid}' expect", no_leak=False)
    return Scenario(sid.strip(), duty.strip(), tuple(turns), end, line)


def _expectation(raw: Any, where: str, no_leak: bool = True) -> Expectation:
    if raw is None:
        return Expectation(no_leak=no_leak)
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: 'expect' must be a mapping")
    unknown = sorted(set(raw) - set(EXPECT_KEYS) - {"__line__"})
    if unknown:
        raise ScenarioError(f"{where}: unknown expectation '{unknown[0]}' (known: {', '.join(EXPECT_KEYS)})")
    values: dict[str, Any] = {"no_leak": no_leak}
    for key in ("mentions_any", "mentions_all", "mentions_none"):
        if key in raw:
            items = raw[key]
            if isinstance(items, str | int | float):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(i, str | int | float) for i in items):
                raise ScenarioError(f"{where}: {key} must be a list of texts")
            values[key] = tuple(str(i) for i in items)
    if "escalated" in raw:
        escalated = raw["escalated"]
        if not (isinstance(escalated, bool) or escalated in REASONS):
            raise ScenarioError(f"{where}: escalated must be true, false or one of {', '.join(REASONS)}")
        values["escalated"] = escalated
    if "program" in raw:
        values["program"] = _program(raw["program"], where)
    for key in ("safety_reply", "no_leak"):
        if key in raw:
            if not isinstance(raw[key], bool):
                raise ScenarioError(f"{where}: {key} must be true or false")
            values[key] = raw[key]
    if "language" in raw:
        if raw["language"] not in LANGUAGES:
            raise ScenarioError(f"{where}: language must be one of {', '.join(LANGUAGES)}")
        values["language"] = raw["language"]
    return Expectation(**values)


def _program(raw: Any, where: str) -> ProgramExpectation | str:
    if raw in (NO_PROGRAM, False):
        return NO_PROGRAM
    if isinstance(raw, str) and raw.strip():
        return ProgramExpectation(raw.strip().removesuffix(".py"))
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        args = raw.get("args") or {}
        extra = sorted(set(raw) - {"name", "args", "__line__"})
        if extra or not isinstance(args, dict):
            raise ScenarioError(f"{where}: program must be none or {{name: ..., args: {{...}}}}")
        clean = {str(k).lstrip("-"): str(v) for k, v in args.items() if k != "__line__"}
        return ProgramExpectation(raw["name"].removesuffix(".py"), clean)
    raise ScenarioError(f"{where}: program must be none, a program name, or {{name: ..., args: {{...}}}}")
