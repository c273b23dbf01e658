"""The backstage command protocol of the CSR bot: parse what the model wrote into commands.

The model speaks UNIX-like commands; customers never see them:

    echo $ "<message to the customer>"
    echo $ "evaluation: safe"        (or unsafe)
    cat <resource>.txt
    python <program>.py --help
    python <program>.py --order-id 18

The parser is tolerant of what models do (code fences, a `$ ` prompt, prose around the
commands, single or double quotes, messages over several lines). Other shell words become
`Unknown` so the backstage can answer like a shell would and the model corrects itself.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

# Shell words a model tends to try; anything else at the start of a line is taken as prose.
_SHELL_WORDS = frozenset(
    "ls cd rm mv cp grep sed awk find head tail less more vi vim nano curl wget bash sh sudo su "
    "chmod chown touch mkdir env export printf whoami id ps kill pip node ruby perl open exec "
    "eval source tee xargs history set unset type which".split()
)
_FENCE = re.compile(r"^\s*```[\w-]*\s*$")
_PROMPT = re.compile(r"^\s*(?:\$|>|#)\s+")
_EVALUATION = re.compile(r"^\s*evaluation\s*:\s*(safe|unsafe)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Echo:
    text: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    value: str  # "safe" | "unsafe"


@dataclass(frozen=True, slots=True)
class Cat:
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RunProgram:
    script: str  # as written: "order_status.py"
    argv: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unknown:
    word: str
    line: str


Command = Echo | Evaluation | Cat | RunProgram | Unknown


def parse(output: str) -> list[Command]:
    lines = [line for line in output.replace("\r\n", "\n").split("\n") if not _FENCE.match(line)]
    commands: list[Command] = []
    i = 0
    while i < len(lines):
        line = _PROMPT.sub("", lines[i], count=1).strip()
        i += 1
        word = line.split(maxsplit=1)[0] if line else ""
        if word == "echo":
            text, i = _echo_argument(line[4:], lines, i)
            match = _EVALUATION.match(text)
            commands.append(Evaluation(match.group(1).lower()) if match else Echo(text))
        elif word == "cat":
            commands.append(Cat(tuple(_split(line[3:]))))
        elif word in ("python", "python3"):
            argv = _split(line[len(word):])
            if argv:
                commands.append(RunProgram(argv[0], tuple(argv[1:])))
            else:
                commands.append(Unknown(word, line))
        elif word in _SHELL_WORDS:
            commands.append(Unknown(word, line))
        elif (match := _EVALUATION.match(line)) is not None:
            # Models sometimes write the evaluation line bare; accept it.
            commands.append(Evaluation(match.group(1).lower()))
    return commands


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # unbalanced quotes: split on blanks rather than fail
        return text.split()


def _echo_argument(rest: str, lines: list[str], i: int) -> tuple[str, int]:
    """The echoed text, which may be quoted and may continue on the following lines."""
    rest = rest.strip()
    if rest.startswith("$"):
        rest = rest[1:].strip()
    if not rest or rest[0] not in "\"'":
        return rest, i
    quote = rest[0]
    buffer = rest[1:]
    while True:
        end = _closing_quote(buffer, quote)
        if end is not None:
            return _unescape(buffer[:end], quote), i
        if i >= len(lines):  # never closed: take everything
            return _unescape(buffer, quote).rstrip(), i
        buffer += "\n" + lines[i]
        i += 1


def _closing_quote(text: str, quote: str) -> int | None:
    """Index of the last unescaped quote followed only by blanks, or None."""
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == quote and (index == 0 or text[index - 1] != "\\"):
            return index if not text[index + 1 :].strip() else None
        if not char.isspace():
            return None
    return None


def _unescape(text: str, quote: str) -> str:
    return text.replace("\\" + quote, quote).replace("\\n", "\n").strip()
