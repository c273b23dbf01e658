"""pack.toml: the shop's settings (name, language, replies, staff, hours, model, triage, privacy)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from core.shop.pack_check.problems import Problem, Report, read_pack_file
from core.shop.orders.words import ORDER_REPLIES
from core.shop.pack_check.values import placeholder_problems, report_unknown, strings

REPLIES = ("welcome", "help", "safety", "holding", "health", "text_only", "offline", "returned")
# Optional, built-in English when absent: the waiting customer's texts (core/desk/waiting.py) and the
# offline mode's (core/answers/offline.py).
OPTIONAL_REPLIES = (
    "too_long", "too_fast", "waiting", "waiting_closed", "overdue", "overdue_back", "withdrawn", "thanks", "goodbye",
    "more", "ask_which", "ask_order", "ask_email", "ask_address", "program_intro",
    *ORDER_REPLIES,  # what a customer hears about an order (core/shop/orders/words.py)
    # customers' ratings (core/turn/rating.py)
    "rate_good", "rate_bad", "rate_handoff_good", "rate_handoff_bad", "rated_good", "rated_bad", "rated_offer",
    "rate_person", "rated_unknown",
)
REPLY_PLACEHOLDERS = {
    "holding": frozenset({"when"}), "health": frozenset({"label"}),
    "waiting_closed": frozenset({"when"}), "more": frozenset({"topic"}),
    **ORDER_REPLIES,
}
DURATION = re.compile(r"^\d+(?:\.\d+)?\s*[mh]$")
TOP_LEVEL_KEYS = frozenset({"name", "language", "currency", "sites", "replies", "staff", "hours", "model", "triage", "privacy"})
SITE = re.compile(r"^(https?://)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+/?$", re.I)
TRIAGE_KEYS = frozenset({"refund", "health", "human"})
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def check_settings(pack: Path, sections: dict[str, int], resources: set[str]) -> list[Problem]:
    """Problems in pack.toml; `sections` and `resources` are what privacy settings may name."""
    found, text = read_pack_file(pack, "pack.toml")
    if text is None:
        return found.problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        found.add(int(match.group(1)) if match else len(text.splitlines()), f"TOML syntax error: {error}")
        return found.problems
    found.lines = _toml_lines(text)
    report = found.report
    report_unknown(data, sorted(TOP_LEVEL_KEYS), (), "setting", report)
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        report(("name",), "missing `name`: the shop's name shown to customers")
    language = data.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        report(("language",), f"`language` must be a two-letter code like \"en\" or \"it\", not {language!r}")
    if "currency" in data and not (isinstance(data["currency"], str) and re.fullmatch(r"[A-Z]{3}", data["currency"])):
        report(("currency",), f"`currency` must be a three-letter code like \"EUR\", not {data['currency']!r}")
    if "sites" in data and not (isinstance(data["sites"], list) and all(isinstance(s, str) and SITE.match(s) for s in data["sites"])):
        report(("sites",), f"`sites` must list the shop's web addresses, like [\"https://bottega.example\"], not {data['sites']!r}")
    _check_replies(data.get("replies"), report)
    _check_staff(data.get("staff"), report)
    _check_hours(data.get("hours"), report)
    _check_model(data.get("model"), report)
    _check_triage(data.get("triage"), report)
    _check_privacy(data.get("privacy"), sections, resources, report)
    return found.problems


def _table(value: object, name: str, report: Report, required: bool = False) -> dict | None:
    if value is None:
        if required:
            report((), f"missing table [{name}]")
        return None
    if not isinstance(value, dict):
        report((name,), f"`{name}` must be a table: [{name}]")
        return None
    return value


def _check_replies(value: object, report: Report) -> None:
    replies = _table(value, "replies", report, required=True)
    if replies is None:
        return
    translations = {k: v for k, v in replies.items() if isinstance(v, dict)}
    texts = {k: v for k, v in replies.items() if k not in translations}
    report_unknown(texts, REPLIES + OPTIONAL_REPLIES, ("replies",), "reply", report)
    for key in REPLIES:
        if key not in texts:
            report(("replies", key), f"missing `replies.{key}`")
    _check_reply_texts(texts, ("replies",), report)
    # [replies.it], [replies.de]: the same keys in another language; a missing key stays in [replies].
    for language, table in translations.items():
        path = ("replies", language)
        if not re.fullmatch(r"[a-z]{2}", language):
            report(path, f"[replies.{language}]: a translation is named by a two-letter language code like \"it\"")
            continue
        report_unknown(table, REPLIES + OPTIONAL_REPLIES, path, f"reply in [replies.{language}]", report)
        _check_reply_texts(table, path, report)


def _check_reply_texts(replies: dict, path: tuple, report: Report) -> None:
    name = ".".join(path)
    for key, reply in replies.items():
        if key not in REPLIES + OPTIONAL_REPLIES:
            continue
        if not isinstance(reply, str) or not (reply.strip() or key == "program_intro"):
            report((*path, key), f"`{name}.{key}` must be a non-empty text")
            continue
        for problem in placeholder_problems(reply, set(REPLY_PLACEHOLDERS.get(key, ()))):
            report((*path, key), f"{name}.{key}: {problem}")


def _check_staff(value: object, report: Report) -> None:
    staff = _table(value, "staff", report)
    if staff is None:
        return
    report_unknown(staff, ("channel", "users", "answer_within", "take_back"), ("staff",), "staff setting", report)
    if "answer_within" in staff and not DURATION.match(str(staff["answer_within"])):
        report(("staff", "answer_within"), "`staff.answer_within` must be a duration like \"90m\" or \"2h\" (opening hours)")
    if "take_back" in staff and not isinstance(staff["take_back"], bool):
        report(("staff", "take_back"), "`staff.take_back` must be true or false")
    if "channel" in staff and (not isinstance(staff["channel"], str) or not staff["channel"]):
        report(("staff", "channel"), "`staff.channel` must be a channel id")
    if "users" in staff and not strings(staff["users"]):
        report(("staff", "users"), "`staff.users` must be a list of user ids")


def _check_hours(value: object, report: Report) -> None:
    hours = _table(value, "hours", report)
    if hours is None:
        return
    report_unknown(hours, ("timezone", "days", "open", "close"), ("hours",), "hours setting", report)
    if "timezone" in hours:
        try:
            ZoneInfo(str(hours["timezone"]))
        except Exception:  # ZoneInfo raises several kinds for bad keys; all mean "unknown zone"
            report(("hours", "timezone"), f"unknown time zone {hours['timezone']!r} (e.g. \"Europe/Rome\")")
    days = hours.get("days")
    if days is not None and (not strings(days) or not days or any(d not in DAYS for d in days)):
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


def _check_model(value: object, report: Report) -> None:
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


def _check_triage(value: object, report: Report) -> None:
    triage = _table(value, "triage", report)
    if triage is None:
        return
    for key, terms in triage.items():
        if key not in TRIAGE_KEYS:
            report(("triage", key), f"unknown triage reason {key!r} (known: {', '.join(sorted(TRIAGE_KEYS))})")
        elif not strings(terms) or not all(t.strip() for t in terms):
            report(("triage", key), f"`triage.{key}` must be a list of non-empty terms")


def _check_privacy(value: object, sections: dict[str, int], resources: set[str], report: Report) -> None:
    privacy = _table(value, "privacy", report)
    if privacy is None:
        return
    report_unknown(privacy, ("internal_sections", "internal_resources"), ("privacy",), "privacy setting", report)
    for key, known, what in (
        ("internal_sections", sections, "document.md has no section `## {}`"),
        ("internal_resources", resources, "no resource resources/{}"),
    ):
        names = privacy.get(key, [])
        if not strings(names):
            report(("privacy", key), f"`privacy.{key}` must be a list of names")
            continue
        for name in names:
            if name not in known:
                report(("privacy", key), f"privacy.{key}: {what.format(name)}")


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
