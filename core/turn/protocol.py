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


# A shell word: quoted runs and bare characters glued together (`--reason="arrived broken"`).
# Each alternative starts with a different character, so the match is linear in the text.
_WORD = re.compile(r"""(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^']*'|\\.|[^\s"'\\]+)+|(["'\\])""", re.DOTALL)
_PART = re.compile(r""""([^"\\]*(?:\\.[^"\\]*)*)"|'([^']*)'|\\(.)""", re.DOTALL)


def _split(text: str) -> list[str]:
    """shlex-like splitting in one pass (shlex took seconds on a long argument)."""
    words = []
    for match in _WORD.finditer(text):
        if match.group(1) is not None:  # unbalanced quotes: split on blanks rather than fail
            return text.split()
        words.append(_PART.sub(_unquote, match.group(0)))
    return words


def _unquote(match: re.Match[str]) -> str:
    double, single, escaped = match.groups()
    if double is not None:
        return re.sub(r'\\(["\\$`])', r"\1", double)
    return single if single is not None else escaped


def _echo_argument(rest: str, lines: list[str], i: int) -> tuple[str, int]:
    """The echoed text, which may be quoted and may continue on the following lines.

    The closing quote is the last unescaped quote of a line, followed only by blanks; each line
    is looked at once (rescanning the growing buffer made a long unclosed message quadratic)."""
    rest = rest.strip()
    if rest.startswith("$"):
        rest = rest[1:].strip()
    if not rest or rest[0] not in "\"'":
        return rest, i
    quote = rest[0]
    pieces = [rest[1:]]
    while True:
        end = _closing_quote(pieces[-1], quote)
        if end is not None:
            pieces[-1] = pieces[-1][:end]
            return _unescape("\n".join(pieces), quote), i
        if i >= len(lines):  # never closed: take everything
            return _unescape("\n".join(pieces), quote).rstrip(), i
        pieces.append(lines[i])
        i += 1


def _closing_quote(line: str, quote: str) -> int | None:
    """Index of the line's last character when it is an unescaped quote (blanks after it allowed)."""
    stripped = line.rstrip()
    end = len(stripped) - 1
    if end >= 0 and stripped[end] == quote and (end == 0 or stripped[end - 1] != "\\"):
        return end
    return None


def _unescape(text: str, quote: str) -> str:
    return text.replace("\\" + quote, quote).replace("\\n", "\n").strip()
