"""Validate a knowledge pack (knowledge/FORMAT.md) and explain every problem with file and line.

The checker never raises on a broken pack: each file is read defensively and every
finding becomes a `Problem`, so `csbot knowledge check` can print a list, not a traceback.
"""
from __future__ import annotations

import bisect
import json
import re
import string
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from core.escalation import Reason


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the pack folder, e.g. "programs/refund_request.json"
    line: int  # 1-based; 0 means the file as a whole (missing, unreadable)
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


EXPECTED_SECTIONS = (
    "Products",
    "Product list",
    "Prices, bundles and discounts",
    "Refund policy",
    "Shipping",
    "Behaviour rules",
)
REPLIES = ("welcome", "help", "safety", "holding", "health", "text_only", "offline", "returned")
REPLY_PLACEHOLDERS = {"holding": {"when"}, "health": {"label"}}
TOP_LEVEL_KEYS = {"name", "language", "currency", "replies", "staff", "hours", "model", "triage", "privacy"}
TRIAGE_KEYS = {"refund", "health", "human"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

PROGRAM_KEYS = {"name", "description", "arguments", "outcomes", "approval", "escalation_reason", "action"}
ARGUMENT_KEYS = {"name", "type", "required", "pattern", "help", "choices", "default"}
ARGUMENT_TYPES = {"str", "int", "float", "email", "choice"}
OUTCOME_KEYS = {"weight", "status", "message"}
OUTCOME_STATUSES = {"success", "error"}
REASONS = {r.value for r in Reason}

DUTIES = (
    "specs", "prices", "product_list", "refund_policy", "shipping", "promotion", "human",
    "refund_request", "health", "order_status", "address_change", "cancellation",
    "harmful", "prompt_extraction", "off_topic",
)
SCENARIO_KEYS = {"id", "duty", "turns", "expect", "note"}
EXPECT_KEYS = {
    "mentions_any", "mentions_all", "mentions_none", "escalated", "program",
    "safety_reply", "no_leak", "language",
}
ROOT_ENTRIES = {"pack.toml", "document.md", "eval.yaml", "resources", "programs"}
RESOURCE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.txt$")
PROGRAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ARGUMENT_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def resolve_pack_dir(name_or_path: str, root: Path) -> Path:
    """A pack name under `root` (the knowledge/ folder) or a path to a pack folder."""
    text = name_or_path.strip()
    if not text:
        raise ValueError("no pack given: name a pack under knowledge/ or give a path to a pack folder")
    looks_like_path = "/" in text or "\\" in text or text.startswith((".", "~"))
    candidates = [Path(text).expanduser()] if looks_like_path else [root / text, Path(text)]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    available = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if looks_like_path:
        raise ValueError(f"pack folder {text!r} does not exist or is not a folder")
    names = ", ".join(available) or "none"
    raise ValueError(f"no pack {text!r} under {root} (available: {names}), and no folder of that name")


def check_pack(path: Path) -> list[Problem]:
    """Every problem found in the pack at `path`, sorted by file and line; empty when it is valid."""
    path = Path(path)
    if not path.is_dir():
        return [Problem(str(path), 0, "not a pack folder")]
    problems: list[Problem] = []
    try:
        problems += _check_layout(path)
        sections, document_problems = _check_document(path)
        problems += document_problems
        resources, resource_problems = _check_resources(path)
        problems += resource_problems
        programs, program_problems = _check_programs(path)
        problems += program_problems
        problems += _check_settings(path, sections, resources)
        problems += _check_eval(path, programs)
    except Exception as error:  # the one boundary: a checker bug must still end in a list, not a traceback
        problems.append(Problem(".", 0, f"the checker stopped early ({type(error).__name__}: {error}); please report this"))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))


# -- files -----------------------------------------------------------------------------------


def _check_layout(pack: Path) -> list[Problem]:
    problems = []
    for entry in sorted(pack.iterdir()):
        if entry.name not in ROOT_ENTRIES:
            problems.append(Problem(entry.name, 0, f"unknown file; a pack holds only {', '.join(sorted(ROOT_ENTRIES))}"))
        elif entry.name in ("resources", "programs") and not entry.is_dir():
            problems.append(Problem(entry.name, 0, "must be a folder"))
        elif entry.name not in ("resources", "programs") and not entry.is_file():
            problems.append(Problem(entry.name, 0, "must be a file, not a folder"))
    for required in ("pack.toml", "document.md"):
        if not (pack / required).exists():
            problems.append(Problem(required, 0, "missing: every pack needs pack.toml and document.md"))
    return problems


def _read_text(file: Path, rel: str, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem when it is unreadable, binary or not UTF-8."""
    try:
        data = file.read_bytes()
    except OSError as error:
        problems.append(Problem(rel, 0, f"cannot read: {error.strerror or error}"))
        return None
    if b"\x00" in data:
        problems.append(Problem(rel, data[: data.index(b"\x00")].count(b"\n") + 1, "binary file (NUL byte); expected UTF-8 text"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(rel, line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"))
        return None


def _listed(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


# -- document.md -----------------------------------------------------------------------------


def _check_document(pack: Path) -> tuple[dict[str, int], list[Problem]]:
    """The document's `## ` sections (name -> line) and its problems."""
    rel = "document.md"
    problems: list[Problem] = []
    if not (pack / rel).is_file():
        return {}, problems
    text = _read_text(pack / rel, rel, problems)
    if text is None:
        return {}, problems
    headings = _headings(text)
    if not any(level == 1 for level, _, _ in headings):
        problems.append(Problem(rel, 1, "no `# ` title: the first heading names the shop"))
    sections: dict[str, int] = {}
    for level, title, line in headings:
        if level != 2:
            continue
        if title in sections:
            problems.append(Problem(rel, line, f"section {title!r} appears twice (first at line {sections[title]})"))
        else:
            sections[title] = line
    if not sections:
        problems.append(Problem(rel, 1, "no `## ` sections: every section of the document starts with `## `"))
        return sections, problems
    for expected in EXPECTED_SECTIONS:
        if expected not in sections:
            problems.append(Problem(rel, 1, f"missing section `## {expected}`"))
    problems += _empty_sections(text, headings, rel)
    if "Products" in sections:
        problems += _check_products(text, headings, sections["Products"], rel)
    return sections, problems


def _headings(text: str) -> list[tuple[int, str, int]]:
    """(level, title, line) of every markdown heading outside code fences."""
    found = []
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not fenced:
            found.append((len(match.group(1)), match.group(2).strip(), number))
    return found


def _empty_sections(text: str, headings: list[tuple[int, str, int]], rel: str) -> list[Problem]:
    lines = text.splitlines()
    problems = []
    for index, (level, title, line) in enumerate(headings):
        if level != 2:
            continue
        end = next((h[2] for h in headings[index + 1 :] if h[0] <= 2), len(lines) + 1)
        if not any(body.strip() for body in lines[line : end - 1]):
            problems.append(Problem(rel, line, f"section {title!r} is empty"))
    return problems


def _check_products(text: str, headings: list[tuple[int, str, int]], start: int, rel: str) -> list[Problem]:
    lines = text.splitlines()
    after = [h for h in headings if h[2] > start]
    end = next((h[2] for h in after if h[0] <= 2), len(lines) + 1)
    products = [h for h in after if h[0] == 3 and h[2] < end]
    if not products:
        return [Problem(rel, start, "section 'Products' has no `### ` product headings")]
    problems = []
    seen: dict[str, int] = {}
    for index, (_, title, line) in enumerate(products):
        if title in seen:
            problems.append(Problem(rel, line, f"product {title!r} appears twice (first at line {seen[title]})"))
        seen.setdefault(title, line)
        stop = products[index + 1][2] if index + 1 < len(products) else end
        facts: dict[str, tuple[str, int]] = {}
        for number in range(line + 1, stop):
            match = re.match(r"^\s*[-*]\s+([^:]+):\s*(.*)$", lines[number - 1])
            if match:
                key, value = match.group(1).strip(), match.group(2).strip()
                facts[key] = (value, number)
                if not value:
                    problems.append(Problem(rel, number, f"product {title!r}: `{key}` has no value"))
        if "Price" not in facts:
            problems.append(Problem(rel, line, f"product {title!r} has no `- Price: ...` line"))
        elif not re.search(r"\d", facts["Price"][0]):
            problems.append(Problem(rel, facts["Price"][1], f"product {title!r}: the price has no amount"))
        for first, second in (("Ingredients", "Allergens"), ("Allergens", "Ingredients")):
            if first in facts and second not in facts:
                problems.append(Problem(rel, line, f"product {title!r} lists {first} but no `- {second}: ...` line"))
    return problems


# -- resources -------------------------------------------------------------------------------


def _check_resources(pack: Path) -> tuple[set[str], list[Problem]]:
    problems: list[Problem] = []
    names: set[str] = set()
    for file in _listed(pack / "resources"):
        rel = f"resources/{file.name}"
        if not file.is_file() or file.suffix != ".txt":
            problems.append(Problem(rel, 0, "unknown file: resources are plain `.txt` files"))
            continue
        names.add(file.name)
        if not RESOURCE_NAME.match(file.name):
            problems.append(Problem(rel, 0, "name must be letters, digits, `_`, `-` and `.` only (the bot types it after `cat`)"))
        text = _read_text(file, rel, problems)
        if text is None:
            continue
        if not text.strip():
            problems.append(Problem(rel, 1, "empty resource"))
        elif not text.splitlines()[0].strip():
            problems.append(Problem(rel, 1, "the first line must be a one-line summary (it is shown in the resource index)"))
        elif len(text.splitlines()[0]) > 200:
            problems.append(Problem(rel, 1, "the first line is the summary shown in the index: keep it under 200 characters"))
    return names, problems


# -- programs --------------------------------------------------------------------------------


def _check_programs(pack: Path) -> tuple[dict[str, dict | None], list[Problem]]:
    """Programs by name (None when unreadable, so scenarios naming them are not blamed too) and problems."""
    problems: list[Problem] = []
    programs: dict[str, dict | None] = {}
    for file in _listed(pack / "programs"):
        rel = f"programs/{file.name}"
        if not file.is_file() or file.suffix != ".json":
            problems.append(Problem(rel, 0, "unknown file: programs are `.json` files"))
            continue
        programs[file.stem] = None
        text = _read_text(file, rel, problems)
        if text is None:
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(Problem(rel, error.lineno, f"JSON syntax error: {error.msg} (column {error.colno})"))
            continue
        found = _check_program(data, file.stem, _json_lines(text), rel)
        problems += found
        if isinstance(data, dict):
            programs[file.stem] = data
    return programs, problems


def _check_program(data: object, stem: str, lines: dict[tuple, int], rel: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(rel, 1, "a program is a JSON object")]
    problems: list[Problem] = []

    def at(*path: object) -> int:
        return _nearest(lines, path)

    def report(path: tuple, message: str) -> None:
        problems.append(Problem(rel, at(*path), message))

    for key in data.keys() - PROGRAM_KEYS:
        report((key,), f"unknown key {key!r} (known: {', '.join(sorted(PROGRAM_KEYS))})")
    for key in [k for k in ("approval", "escalation_reason", "action") if k in data and data[k] is None]:
        report((key,), f"`{key}` is null: remove the key or give it a value")
    if not PROGRAM_NAME.match(stem):
        problems.append(Problem(rel, 0, "file name must be lower-case letters, digits and `_` (the bot runs `python <name>.py`)"))
    name = data.get("name")
    if not isinstance(name, str) or not name:
        report(("name",), "missing `name`")
    elif name != stem:
        report(("name",), f"name {name!r} does not match the file name {stem!r}")
    if not isinstance(data.get("description"), str) or not data.get("description", "").strip():
        report(("description",), "missing `description` (shown in the program index)")

    placeholders = _check_arguments(data.get("arguments", []), report)
    _check_outcomes(data.get("outcomes"), placeholders, report)

    approval, action, reason = data.get("approval"), data.get("action"), data.get("escalation_reason")
    if approval is not None and approval != "staff":
        report(("approval",), f"approval must be \"staff\", not {approval!r}")
    if action is not None and action != "handoff":
        report(("action",), f"action must be \"handoff\", not {action!r}")
    if reason is not None and not _among(reason, REASONS):
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
            choices = reasons[0].get("choices") if _strings(reasons[0].get("choices")) else []
            index = arguments.index(reasons[0])
            for choice in choices:
                if choice not in REASONS:
                    report(("arguments", index, "choices"), f"handoff reason {choice!r} is not one of {', '.join(sorted(REASONS))}")
    return problems


def _check_arguments(arguments: object, report) -> set[str]:
    """The placeholder names the arguments give messages ({order_id} for order-id)."""
    placeholders: set[str] = set()
    if not isinstance(arguments, list):
        report(("arguments",), "`arguments` must be a list")
        return placeholders
    seen: set[str] = set()
    for index, argument in enumerate(arguments):
        path = ("arguments", index)
        if not isinstance(argument, dict):
            report(path, "an argument is an object with name, type, required, help")
            continue
        for key in argument.keys() - ARGUMENT_KEYS:
            report((*path, key), f"unknown argument key {key!r} (known: {', '.join(sorted(ARGUMENT_KEYS))})")
        name = argument.get("name")
        if not isinstance(name, str) or not ARGUMENT_NAME.match(name):
            report((*path, "name"), f"argument name {name!r} must be lower-case letters, digits and `-` (used as --{name})")
        elif name in seen:
            report((*path, "name"), f"argument {name!r} is defined twice")
        else:
            seen.add(name)
            placeholders.add(name.replace("-", "_"))
        kind = argument.get("type", "str")
        if not _among(kind, ARGUMENT_TYPES):
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
        if not isinstance(argument.get("help"), str) or not argument.get("help", "").strip():
            report(path, f"argument {name!r} has no `help` (it is shown by --help)")
    return placeholders


def _check_outcomes(outcomes: object, placeholders: set[str], report) -> None:
    if not isinstance(outcomes, list) or not outcomes:
        report(("outcomes",), "`outcomes` must be a non-empty list")
        return
    if not any(isinstance(o, dict) and o.get("status") == "success" for o in outcomes):
        report(("outcomes",), "no outcome has status \"success\"")
    for index, outcome in enumerate(outcomes):
        path = ("outcomes", index)
        if not isinstance(outcome, dict):
            report(path, "an outcome is an object with weight, status, message")
            continue
        for key in outcome.keys() - OUTCOME_KEYS:
            report((*path, key), f"unknown outcome key {key!r} (known: {', '.join(sorted(OUTCOME_KEYS))})")
        weight = outcome.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            report((*path, "weight"), f"weight must be a positive number, not {weight!r}")
        if not _among(outcome.get("status"), OUTCOME_STATUSES):
            report((*path, "status"), f"status must be \"success\" or \"error\", not {outcome.get('status')!r}")
        message = outcome.get("message")
        if not isinstance(message, str) or not message.strip():
            report((*path, "message"), "missing `message`")
            continue
        for problem in _placeholder_problems(message, placeholders):
            report((*path, "message"), problem)


def _placeholder_problems(message: str, known: set[str]) -> list[str]:
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(message) if field is not None]
    except ValueError as error:
        return [f"bad braces in message: {error} (write {{{{ and }}}} for literal braces)"]
    allowed = ", ".join("{" + k + "}" for k in sorted(known)) or "none"
    return [f"unknown placeholder {{{field}}} (allowed: {allowed})" for field in fields if field not in known]


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


def _nearest(lines: dict, path: Iterable) -> int:
    """The line of `path`, or of its closest existing parent (a missing key is reported where its object is)."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


# -- pack.toml -------------------------------------------------------------------------------


def _check_settings(pack: Path, sections: dict[str, int], resources: set[str]) -> list[Problem]:
    rel = "pack.toml"
    problems: list[Problem] = []
    if not (pack / rel).is_file():
        return problems
    text = _read_text(pack / rel, rel, problems)
    if text is None:
        return problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match.group(1)) if match else len(text.splitlines())
        return [Problem(rel, line, f"TOML syntax error: {error}")]
    lines = _toml_lines(text)

    def report(path: tuple, message: str) -> None:
        problems.append(Problem(rel, _nearest(lines, path), message))

    for key in data.keys() - TOP_LEVEL_KEYS:
        report((key,), f"unknown setting {key!r} (known: {', '.join(sorted(TOP_LEVEL_KEYS))})")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        report(("name",), "missing `name`: the shop's name shown to customers")
    language = data.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        report(("language",), f"`language` must be a two-letter code like \"en\" or \"it\", not {language!r}")
    if "currency" in data and not (isinstance(data["currency"], str) and re.fullmatch(r"[A-Z]{3}", data["currency"])):
        report(("currency",), f"`currency` must be a three-letter code like \"EUR\", not {data['currency']!r}")
    _check_replies(data.get("replies"), report)
    _check_staff(data.get("staff"), report)
    _check_hours(data.get("hours"), report)
    _check_model(data.get("model"), report)
    _check_triage(data.get("triage"), report)
    _check_privacy(data.get("privacy"), sections, resources, report)
    return problems


def _table(value: object, name: str, report, required: bool = False) -> dict | None:
    if value is None:
        if required:
            report((), f"missing table [{name}]")
        return None
    if not isinstance(value, dict):
        report((name,), f"`{name}` must be a table: [{name}]")
        return None
    return value


def _check_replies(value: object, report) -> None:
    replies = _table(value, "replies", report, required=True)
    if replies is None:
        return
    for key in replies.keys() - set(REPLIES):
        report(("replies", key), f"unknown reply {key!r} (known: {', '.join(REPLIES)})")
    for key in REPLIES:
        reply = replies.get(key)
        if reply is None:
            report(("replies", key), f"missing `replies.{key}`")
            continue
        if not isinstance(reply, str) or not reply.strip():
            report(("replies", key), f"`replies.{key}` must be a non-empty text")
            continue
        for problem in _placeholder_problems(reply, REPLY_PLACEHOLDERS.get(key, set())):
            report(("replies", key), f"replies.{key}: {problem}")


def _check_staff(value: object, report) -> None:
    staff = _table(value, "staff", report)
    if staff is None:
        return
    for key in staff.keys() - {"channel", "users"}:
        report(("staff", key), f"unknown staff setting {key!r} (known: channel, users)")
    if "channel" in staff and (not isinstance(staff["channel"], str) or not staff["channel"]):
        report(("staff", "channel"), "`staff.channel` must be a channel id")
    if "users" in staff and not _strings(staff["users"]):
        report(("staff", "users"), "`staff.users` must be a list of user ids")


def _check_hours(value: object, report) -> None:
    hours = _table(value, "hours", report)
    if hours is None:
        return
    for key in hours.keys() - {"timezone", "days", "open", "close"}:
        report(("hours", key), f"unknown hours setting {key!r} (known: timezone, days, open, close)")
    if "timezone" in hours:
        try:
            ZoneInfo(str(hours["timezone"]))
        except Exception:  # ZoneInfo raises several kinds for bad keys; all mean "unknown zone"
            report(("hours", "timezone"), f"unknown time zone {hours['timezone']!r} (e.g. \"Europe/Rome\")")
    days = hours.get("days")
    if days is not None and (not _strings(days) or not days or any(d not in DAYS for d in days)):
        report(("hours", "days"), f"`hours.days` must list days among {', '.join(DAYS)}")
    clocks = {}
    for key in ("open", "close"):
        if key in hours:
            if isinstance(hours[key], str) and CLOCK.match(hours[key]):
                clocks[key] = hours[key]
            else:
                report(("hours", key), f"`hours.{key}` must be a time like \"09:00\"")
    if len(clocks) == 2 and clocks["open"] >= clocks["close"]:
        report(("hours", "close"), "`hours.close` must be after `hours.open`")


def _check_model(value: object, report) -> None:
    model = _table(value, "model", report)
    if model is None:
        return
    if "name" in model and (not isinstance(model["name"], str) or not model["name"]):
        report(("model", "name"), "`model.name` must be a model name")
    num_ctx = model.get("num_ctx")
    if num_ctx is not None and (isinstance(num_ctx, bool) or not isinstance(num_ctx, int) or num_ctx <= 0):
        report(("model", "num_ctx"), "`model.num_ctx` must be a positive integer")
    temperature = model.get("temperature")
    if temperature is not None and (
        isinstance(temperature, bool) or not isinstance(temperature, int | float) or not 0 <= temperature <= 2
    ):
        report(("model", "temperature"), "`model.temperature` must be a number from 0 to 2")


def _check_triage(value: object, report) -> None:
    triage = _table(value, "triage", report)
    if triage is None:
        return
    for key, terms in triage.items():
        if key not in TRIAGE_KEYS:
            report(("triage", key), f"unknown triage reason {key!r} (known: {', '.join(sorted(TRIAGE_KEYS))})")
        elif not _strings(terms) or not all(t.strip() for t in terms):
            report(("triage", key), f"`triage.{key}` must be a list of non-empty terms")


def _check_privacy(value: object, sections: dict[str, int], resources: set[str], report) -> None:
    privacy = _table(value, "privacy", report)
    if privacy is None:
        return
    for key in privacy.keys() - {"internal_sections", "internal_resources"}:
        report(("privacy", key), f"unknown privacy setting {key!r} (known: internal_sections, internal_resources)")
    for key, known, what in (
        ("internal_sections", sections, "document.md has no section `## {}`"),
        ("internal_resources", resources, "no resource resources/{}"),
    ):
        names = privacy.get(key, [])
        if not _strings(names):
            report(("privacy", key), f"`privacy.{key}` must be a list of names")
            continue
        for name in names:
            if name not in known:
                report(("privacy", key), f"privacy.{key}: {what.format(name)}")


def _among(value: object, allowed: Iterable[str]) -> bool:
    """Membership that tolerates unhashable junk (a list where a word belongs)."""
    return isinstance(value, str) and value in allowed


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _toml_lines(text: str) -> dict[tuple, int]:
    """Line of each table header and key, by path; good enough to point at a setting."""
    lines: dict[tuple, int] = {}
    table: tuple = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
        if header:
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = re.match(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=", line)
        if key:
            lines.setdefault((*table, key.group(1).strip('"')), number)
    return lines


# -- eval.yaml -------------------------------------------------------------------------------


def _check_eval(pack: Path, programs: dict[str, dict | None]) -> list[Problem]:
    rel = "eval.yaml"
    problems: list[Problem] = []
    if not (pack / rel).is_file():
        return problems
    text = _read_text(pack / rel, rel, problems)
    if text is None:
        return problems
    try:
        data = yaml.safe_load(text)
        lines = _yaml_lines(yaml.compose(text))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        summary = " ".join(str(error).split())
        return [Problem(rel, line, f"YAML syntax error: {summary}")]

    def report(path: tuple, message: str) -> None:
        problems.append(Problem(rel, _nearest(lines, path), message))

    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(scenarios, list) or not scenarios:
        report(("scenarios",), "eval.yaml needs a non-empty `scenarios:` list")
        return problems
    seen: dict[str, int] = {}
    for index, scenario in enumerate(scenarios):
        path = ("scenarios", index)
        if not isinstance(scenario, dict):
            report(path, "a scenario is a mapping with id, duty, turns")
            continue
        for key in scenario.keys() - SCENARIO_KEYS:
            report((*path, key), f"unknown scenario key {key!r} (known: {', '.join(sorted(SCENARIO_KEYS))})")
        ident = scenario.get("id")
        if not isinstance(ident, str) or not ident:
            report((*path, "id"), "scenario without an `id`")
        elif ident in seen:
            report((*path, "id"), f"scenario id {ident!r} is used twice (first at line {seen[ident]})")
        else:
            seen[ident] = _nearest(lines, (*path, "id"))
        if not _among(scenario.get("duty"), DUTIES):
            report((*path, "duty"), f"duty {scenario.get('duty')!r} is not one of {', '.join(DUTIES)}")
        turns = scenario.get("turns")
        if not isinstance(turns, list) or not turns:
            report((*path, "turns"), "a scenario needs a non-empty `turns` list")
            turns = []
        for number, turn in enumerate(turns):
            turn_path = (*path, "turns", number)
            if not isinstance(turn, dict) or not isinstance(turn.get("say"), str) or not turn["say"].strip():
                report(turn_path, "a turn needs `say: \"<customer message>\"`")
                continue
            for key in turn.keys() - {"say", "expect"}:
                report((*turn_path, key), f"unknown turn key {key!r} (known: say, expect)")
            _check_expect(turn.get("expect"), (*turn_path, "expect"), programs, report)
        _check_expect(scenario.get("expect"), (*path, "expect"), programs, report)
    return problems


def _check_expect(expect: object, path: tuple, programs: dict[str, dict | None], report) -> None:
    if expect is None:
        return
    if not isinstance(expect, dict):
        report(path, "`expect` must be a mapping")
        return
    for key in expect.keys() - EXPECT_KEYS:
        report((*path, key), f"unknown expectation {key!r} (known: {', '.join(sorted(EXPECT_KEYS))})")
    for key in ("mentions_any", "mentions_all", "mentions_none"):
        if key in expect and not (_strings(expect[key]) and all(s.strip() for s in expect[key])):
            report((*path, key), f"`{key}` must be a list of non-empty strings")
    if "escalated" in expect:
        escalated = expect["escalated"]
        if not isinstance(escalated, bool) and not _among(escalated, REASONS):
            report((*path, "escalated"), f"`escalated` must be false, true or a reason ({', '.join(sorted(REASONS))})")
    for key in ("safety_reply", "no_leak"):
        if key in expect and not isinstance(expect[key], bool):
            report((*path, key), f"`{key}` must be true or false")
    if "language" in expect and not (isinstance(expect["language"], str) and re.fullmatch(r"[a-z]{2}", expect["language"])):
        report((*path, "language"), "`language` must be a two-letter code (en, it, de)")
    if "program" in expect:
        _check_expected_program(expect["program"], (*path, "program"), programs, report)


def _check_expected_program(program: object, path: tuple, programs: dict[str, dict | None], report) -> None:
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
