"""The owner's answers to questions the bot could not answer, kept in the pack's document under
`## Questions and answers` (one `### question` heading per entry, the answer below it), so the
prompt, the offline answerer and the grounding screen all read them like any other section.

An answer is written only when `csbot knowledge check` finds no new problem in the pack with it:
the pack is checked in a temporary copy first, then document.md is replaced in one rename."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from core.shop.pack_check import check_pack

SECTION = "Questions and answers"
MAX_QUESTION = 300
MAX_ANSWER = 2000
_SPACE = re.compile(r"[ \t\r\f\v]+")
_HEADING = re.compile(r"^\s*#+\s*")


class AnswerRefused(ValueError):
    """The answer was not added; the message is one line for the owner."""


def entry(question: str, answer: str) -> tuple[str, str]:
    """The question as one heading line and the answer as plain lines: no text of theirs can open a
    heading (a new section) or a code fence in the document."""
    question = _SPACE.sub(" ", question.replace("\n", " ")).strip().lstrip("#").strip()
    lines = [_HEADING.sub("", _SPACE.sub(" ", line)).replace("```", "'''").strip() for line in answer.splitlines()]
    answer = "\n".join(line for line in lines if line)
    if not question:
        raise AnswerRefused("the question is empty")
    if not answer:
        raise AnswerRefused("the answer is empty")
    if len(question) > MAX_QUESTION:
        raise AnswerRefused(f"the question is longer than {MAX_QUESTION} characters")
    if len(answer) > MAX_ANSWER:
        raise AnswerRefused(f"the answer is longer than {MAX_ANSWER} characters")
    return question, answer


def with_answer(document: str, question: str, answer: str) -> str:
    """The document with the entry added at the end of its `## Questions and answers` section
    (created at the document's end when there is none)."""
    question, answer = entry(question, answer)
    block = [f"### {question}", answer, ""]
    lines = document.rstrip("\n").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == f"## {SECTION}"), None)
    if start is None:
        return "\n".join([*lines, "", f"## {SECTION}", "", *block])
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^#{1,2}\s", lines[i])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "\n".join([*lines[:end], "", *block, *lines[end:]]).rstrip("\n") + "\n"


def answered(document: str) -> set[str]:
    """The questions the section answers already, case-folded (the page marks them answered)."""
    found, inside = set(), False
    for line in document.splitlines():
        if re.match(r"^#{1,2}\s", line):
            inside = line.strip() == f"## {SECTION}"
        elif inside and line.startswith("### "):
            found.add(line[4:].strip().casefold())
    return found


def add_answer(pack_dir: Path, question: str, answer: str) -> str:
    """Write the answer into the pack's document; return the document's new text. Raises
    AnswerRefused (one line) when the checker finds a problem the pack did not have before."""
    pack_dir = Path(pack_dir)
    document = pack_dir / "document.md"
    old = document.read_text(encoding="utf-8")
    new = with_answer(old, question, answer)
    before = Counter((p.file, p.message) for p in check_pack(pack_dir))
    with tempfile.TemporaryDirectory(prefix="csbot-pack-") as scratch:
        copy = Path(scratch) / pack_dir.name
        shutil.copytree(pack_dir, copy)
        (copy / "document.md").write_text(new, encoding="utf-8")
        problems = check_pack(copy)
    fresh = [p for p in problems if not before[(p.file, p.message)]]
    if fresh:
        raise AnswerRefused(f"not added, `csbot knowledge check` says: {fresh[0]}")
    temporary = document.with_name(f".document.md.{os.getpid()}.tmp")
    temporary.write_text(new, encoding="utf-8")
    os.replace(temporary, document)  # readers see the old document or the new one, never half
    return new
