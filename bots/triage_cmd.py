"""`csbot triage`: screen and triage lines of customer text, one JSON verdict per line.

Input lines are plain text or JSON objects with a "text" field (a line that is
not valid JSON, or JSON without a usable "text", is read as plain text).
Output, one line per non-blank input line, in order:
{"text", "screen": "ok"|"injection"|"harmful", "triage": "none"|"refund"|"health"|"human",
"unsure": bool, "score": the classifier's probability of the verdict, "scores": per label,
"reasons": [...]}.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from core.safety.lexicon.text import clip, normalise
from core.safety.screen import InputScreen
from core.safety.triage import Triage


def line_text(line: str) -> str:
    """The customer text a line carries."""
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except ValueError:
            return stripped
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            return obj["text"]
    return stripped


def run_triage(lines: Iterable[str], out: TextIO, *, screen: InputScreen, triage: Triage) -> int:
    """Write one verdict per non-blank line to `out`; return how many were written."""
    count = 0
    model = screen.model
    for line in lines:
        if not line.strip():
            continue
        text = clip(line_text(line))
        norm = normalise(text)  # one normalisation for both checks
        screened = screen.check_normalised(norm, text)
        triaged = triage.classify_normalised(norm, text)
        record = {
            "text": text,
            "screen": screened.kind,
            "triage": triaged.reason,
            "unsure": triaged.unsure,
            "score": round(screened.score if screened.kind != "ok" else triaged.score, 4),
            "reasons": [*screened.reasons, *triaged.reasons],
        }
        if model is not None:
            record["scores"] = {k: round(v, 4) for k, v in model.scores(text).values.items()}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def triage_command(path: str | None, pack: str | None) -> int:
    """`csbot triage [FILE] [--pack NAME]`: FILE or stdin in, JSON lines on stdout."""
    extra = {}
    if pack:
        from core.shop.pack import load_pack

        extra = load_pack(pack).triage_terms
    screen, triage = InputScreen(extra), Triage(extra)
    if path is None or path == "-":
        run_triage(sys.stdin, sys.stdout, screen=screen, triage=triage)
        return 0
    try:
        handle = Path(path).open(encoding="utf-8", errors="replace")
    except OSError as error:
        print(f"csbot triage: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    with handle:
        run_triage(handle, sys.stdout, screen=screen, triage=triage)
    return 0
