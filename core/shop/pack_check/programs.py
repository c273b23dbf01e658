"""programs/*.json: the simulated shop programs the bot may run, with arguments and outcomes."""
from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

from core.desk.escalation import Reason
from core.shop.pack_check.problems import Findings, Problem, Report, listed
from core.shop.pack_check.values import among, mappings_in, placeholder_problems, report_unknown, strings

PROGRAM_KEYS = frozenset(
    {"name", "description", "arguments", "outcomes", "approval", "escalation_reason", "action", "verify", "order_action"})
ARGUMENT_KEYS = frozenset({"name", "type", "required", "pattern", "help", "choices", "default", "ask"})
ARGUMENT_TYPES = frozenset({"str", "int", "float", "email", "choice"})
OUTCOME_KEYS = frozenset({"weight", "status", "message"})
OUTCOME_STATUSES = frozenset({"success", "error"})
REASONS = frozenset(r.value for r in Reason)
PROGRAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ARGUMENT_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def check_programs(pack: Path) -> tuple[dict[str, dict | None], list[Problem]]:
    """Programs by name (None when unreadable, so scenarios naming them are not blamed too) and problems."""
    problems: list[Problem] = []
    programs: dict[str, dict | None] = {}
    for file in listed(pack / "programs"):
        found = Findings(f"programs/{file.name}")
        if not file.is_file() or file.suffix != ".json":
            found.add(0, "unknown file: programs are `.json` files")
        else:
            programs[file.stem] = _check_program_file(file, found)
        problems += found.problems
    return programs, problems


def _check_program_file(file: Path, found: Findings) -> dict | None:
    """The program when its file parses as a JSON object, reporting every problem in it."""
    text = found.read(file)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        found.add(error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})")
        return None
    if not isinstance(data, dict):
        found.add(1, "a program is a JSON object")
        return None
    found.lines = _json_lines(text)
    _check_program(data, file.stem, found)
    return data


def _check_program(data: dict, stem: str, found: Findings) -> None:
    report = found.report
    report_unknown(data, sorted(PROGRAM_KEYS), (), "key", report)
    for key in [k for k in ("approval", "escalation_reason", "action") if k in data and data[k] is None]:
        report((key,), f"`{key}` is null: remove the key or give it a value")
    if not PROGRAM_NAME.match(stem):
        found.add(0, "file name must be lower-case letters, digits and `_` (the bot runs `python <name>.py`)")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        report(("name",), "missing `name`")
    elif name != stem:
        report(("name",), f"name {name!r} does not match the file name {stem!r}")
    if not isinstance(data.get("description"), str) or not data.get("description", "").strip():
        report(("description",), "missing `description` (shown in the program index)")

    placeholders = _check_arguments(data.get("arguments", []), report)
    _check_outcomes(data.get("outcomes"), placeholders, report)
    _check_escalation(data, report)


def _check_escalation(data: dict, report: Report) -> None:
    """`approval`, `action` and `escalation_reason`: how a program hands the case to staff."""
    approval, action, reason = data.get("approval"), data.get("action"), data.get("escalation_reason")
    if approval is not None and approval != "staff":
        report(("approval",), f"approval must be \"staff\", not {approval!r}")
    if action is not None and action != "handoff":
        report(("action",), f"action must be \"handoff\", not {action!r}")
    order_action = data.get("order_action")
    if order_action is not None and order_action not in ("status", "cancel", "address", "refund"):
        report(("order_action",), f"order_action must be status, cancel, address or refund, not {order_action!r}")
    if reason is not None and not among(reason, REASONS):
        report(("escalation_reason",), f"escalation_reason {reason!r} is not one of {', '.join(sorted(REASONS))}")
    if approval is not None and reason is None:
        report(("approval",), "a program that needs staff approval must give `escalation_reason`")
    if reason is not None and approval is None and action is None:
        report(("escalation_reason",), "escalation_reason is used only with `approval` or `action`")
    if action == "handoff" and reason is None:
        arguments = data.get("arguments") if isinstance(data.get("arguments"), list) else []
        reasons = [a for a in arguments if isinstance(a, dict) and a.get("name") == "reason"]
        if not reasons:
            report(("action",), "a handoff needs `escalation_reason` or a `reason` argument")
        else:
            choices = reasons[0].get("choices") if strings(reasons[0].get("choices")) else []
            index = arguments.index(reasons[0])
            for choice in choices:
                if choice not in REASONS:
                    report(("arguments", index, "choices"), f"handoff reason {choice!r} is not one of {', '.join(sorted(REASONS))}")


def _check_arguments(arguments: object, report: Report) -> set[str]:
    """The placeholder names the arguments give messages ({order_id} for order-id)."""
    placeholders: set[str] = set()
    if not isinstance(arguments, list):
        report(("arguments",), "`arguments` must be a list")
        return placeholders
    seen: set[str] = set()
    for path, argument in mappings_in(
        arguments, ("arguments",), "an argument is an object with name, type, required, help",
        sorted(ARGUMENT_KEYS), "argument key", report,
    ):
        name = argument.get("name")
        if not isinstance(name, str) or not ARGUMENT_NAME.match(name):
            report((*path, "name"), f"argument name {name!r} must be lower-case letters, digits and `-` (used as --{name})")
        elif name in seen:
            report((*path, "name"), f"argument {name!r} is defined twice")
        else:
            seen.add(name)
            if argument.get("required", True) is not False:  # an optional one may be absent: Program.render refuses holes
                placeholders.add(name.replace("-", "_"))
        _check_argument_values(argument, path, report)
        if not isinstance(argument.get("help"), str) or not argument.get("help", "").strip():
            report(path, f"argument {name!r} has no `help` (it is shown by --help)")
    return placeholders


def _check_argument_values(argument: dict, path: tuple, report: Report) -> None:
    """An argument's type, choices, required flag and pattern."""
    kind = argument.get("type", "str")
    if not among(kind, ARGUMENT_TYPES):
        report((*path, "type"), f"type {kind!r} is not one of {', '.join(sorted(ARGUMENT_TYPES))}")
    choices = argument.get("choices")
    if kind == "choice":
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c for c in choices):
            report((*path, "choices") if "choices" in argument else path, "a `choice` argument needs a non-empty `choices` list of strings")
    elif choices is not None:
        report((*path, "choices"), "`choices` is only used with type `choice`")
    if "required" in argument and not isinstance(argument["required"], bool):
        report((*path, "required"), "`required` must be true or false")
    if "pattern" in argument:
        pattern = argument["pattern"]
        if not isinstance(pattern, str):
            report((*path, "pattern"), "`pattern` must be a string (a regular expression)")
        else:
            try:
                re.compile(pattern)
            except re.error as error:
                report((*path, "pattern"), f"pattern {pattern!r} is not a valid regular expression: {error}")


def _check_outcomes(outcomes: object, placeholders: set[str], report: Report) -> None:
    if not isinstance(outcomes, list) or not outcomes:
        report(("outcomes",), "`outcomes` must be a non-empty list")
        return
    if not any(isinstance(o, dict) and o.get("status") == "success" for o in outcomes):
        report(("outcomes",), "no outcome has status \"success\"")
    for path, outcome in mappings_in(
        outcomes, ("outcomes",), "an outcome is an object with weight, status, message",
        sorted(OUTCOME_KEYS), "outcome key", report,
    ):
        weight = outcome.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            report((*path, "weight"), f"weight must be a positive number, not {weight!r}")
        if not among(outcome.get("status"), OUTCOME_STATUSES):
            report((*path, "status"), f"status must be \"success\" or \"error\", not {outcome.get('status')!r}")
        message = outcome.get("message")
        if not isinstance(message, str) or not message.strip():
            report((*path, "message"), "missing `message`")
            continue
        for problem in placeholder_problems(message, placeholders):
            report((*path, "message"), problem)


def _json_lines(text: str) -> dict[tuple, int]:
    """Line of every key and array item of an already valid JSON text, by path."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    lines: dict[tuple, int] = {}
    decoder = json.JSONDecoder()

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def value(i: int, path: tuple) -> int:
        i = skip(i)
        lines.setdefault(path, line_at(i))
        if text[i] == "{":
            i = skip(i + 1)
            while text[i] != "}":
                key, end = json.decoder.scanstring(text, i + 1)
                lines[(*path, key)] = line_at(i)
                i = value(skip(end) + 1, (*path, key))
                i = skip(i)
                i = skip(i + 1) if text[i] == "," else i
            return i + 1
        if text[i] == "[":
            i = skip(i + 1)
            index = 0
            while text[i] != "]":
                i = skip(value(i, (*path, index)))
                i = skip(i + 1) if text[i] == "," else i
                index += 1
            return i + 1
        return decoder.raw_decode(text, i)[1]

    value(0, ())
    return lines
