"""`csbot triage`: screen and triage lines of customer text, one JSON verdict per line.

Input lines are plain text or JSON objects with a "text" field (a line that is
not valid JSON, or JSON without a usable "text", is read as plain text).
Output: {"text", "screen": "ok"|"injection"|"harmful",
"triage": "none"|"refund"|"health"|"human", "reasons": [...]} per line.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from core.lexicon.text import clip, normalise
from core.screen import InputScreen
from core.triage import Triage


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
    for line in lines:
        if not line.strip():
            continue
        text = line_text(line)
        norm = normalise(clip(text))  # one normalisation for both checks
        screened = screen.check_normalised(norm)
        triaged = triage.classify_normalised(norm)
        record = {
            "text": text,
            "screen": screened.kind,
            "triage": triaged.reason,
            "reasons": [*screened.reasons, *triaged.reasons],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
