"""Workflow programs from their JSON, answering like a Python CLI would.

The model runs `python order_status.py --order-id 18`; csbot validates the arguments as
argparse would (same error wording, so the model corrects itself). Order programs then act on
the order source (core/shop/orders/workflow.py); `run` here draws an outcome from the declared
weights with a seeded generator, so a run can be replayed: the simulated programs of
`csbot eval` and of `[orders] source = "simulated"`.
"""
from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

from core.shop.orders import Orders, Verification

TYPES = ("str", "int", "float", "email", "choice")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Argument:
    name: str  # without dashes: "order-id"
    type: str = "str"
    required: bool = True
    pattern: str | None = None
    help: str = ""
    choices: tuple[str, ...] = ()
    ask: str = ""  # the question a customer gets when this detail is missing ("Which order number...?")

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    @property
    def key(self) -> str:
        return self.name.replace("-", "_")

    @property
    def metavar(self) -> str:
        return "{" + ",".join(self.choices) + "}" if self.choices else self.key.upper()

    def convert(self, raw: str) -> str | int | float:
        """The value as the program sees it; ValueError carries argparse's wording."""
        if self.type == "int":
            try:
                value: str | int | float = int(raw)
            except ValueError:
                raise ValueError(f"argument {self.flag}: invalid int value: '{raw}'") from None
        elif self.type == "float":
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                raise ValueError(f"argument {self.flag}: invalid float value: '{raw}'") from None
        else:
            value = raw
        if self.type == "email" and not _EMAIL.match(raw):
            raise ValueError(f"argument {self.flag}: invalid email value: '{raw}'")
        if self.choices and raw not in self.choices:
            options = ", ".join(f"'{c}'" for c in self.choices)
            raise ValueError(f"argument {self.flag}: invalid choice: '{raw}' (choose from {options})")
        if self.pattern and not re.fullmatch(self.pattern, raw):
            raise ValueError(f"argument {self.flag}: invalid value: '{raw}' (expected {self.help or self.pattern})")
        return value


@dataclass(frozen=True, slots=True)
class Outcome:
    weight: float
    status: str  # "success" | "error"
    message: str


@dataclass(frozen=True, slots=True)
class Run:
    """What one run of a program printed, and what it means for the engine."""

    program: str
    args: dict
    status: str  # "success" | "error" | "usage" | "help" | "approval" | "handoff"
    output: str


@dataclass(frozen=True)
class Program:
    name: str
    description: str
    arguments: tuple[Argument, ...]
    outcomes: tuple[Outcome, ...]
    approval: str | None = None  # "staff": running it opens an escalation instead
    escalation_reason: str | None = None
    action: str | None = None  # "handoff"
    verify: Verification | None = None  # what the customer must give to act on an order (core/shop/orders/table.py)
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, data: dict) -> Program:
        arguments = tuple(
            Argument(
                name=str(a["name"]).lstrip("-"),
                type=a.get("type", "str"),
                required=bool(a.get("required", True)),
                pattern=a.get("pattern"),
                help=a.get("help", ""),
                choices=tuple(a.get("choices", ())),
                ask=a.get("ask", ""),
            )
            for a in data.get("arguments", [])
        )
        outcomes = tuple(
            Outcome(float(o.get("weight", 1)), o.get("status", "success"), o["message"]) for o in data.get("outcomes", [])
        )
        for argument in arguments:
            if argument.type not in TYPES:
                raise ValueError(f"argument {argument.name}: unknown type {argument.type!r}")
        return cls(
            name=data["name"],
            description=data.get("description", ""),
            arguments=arguments,
            outcomes=outcomes,
            approval=data.get("approval"),
            escalation_reason=data.get("escalation_reason"),
            action=data.get("action"),
            verify=Verification.from_dict(data["verify"]) if isinstance(data.get("verify"), dict) else None,
            # what it does to an order at the order source (core/shop/orders/workflow.py)
            extra={"order_action": str(data["order_action"])} if data.get("order_action") else {},
        )

    @property
    def script(self) -> str:
        return f"{self.name}.py"

    @property
    def usage(self) -> str:
        parts = []
        for a in self.arguments:
            part = f"{a.flag} {a.metavar}"
            parts.append(part if a.required else f"[{part}]")
        return f"usage: {self.script} [-h] " + " ".join(parts)

    def help_text(self) -> str:
        rows = [("-h, --help", "show this help message and exit")]
        for a in self.arguments:
            notes = [a.type] + (["required"] if a.required else [])
            rows.append((f"{a.flag} {a.metavar}", f"{a.help} ({', '.join(notes)})".strip()))
        width = max(len(r[0]) for r in rows) + 2
        options = "\n".join(f"  {flag.ljust(width)}{text}" for flag, text in rows)
        return f"{self.usage}\n\n{self.description}\n\noptions:\n{options}"

    def _error(self, message: str) -> str:
        return f"{self.usage}\n{self.script}: error: {message}"

    def parse(self, argv: list[str]) -> dict | str:
        """Arguments by key, or the shell-like error text (a str) to show the model."""
        by_flag = {a.flag: a for a in self.arguments}
        values: dict = {}
        unknown: list[str] = []
        i = 0
        while i < len(argv):
            token = argv[i]
            flag, _, inline = token.partition("=")
            argument = by_flag.get(flag)
            if argument is None:
                unknown.append(token)
                i += 1
                continue
            if inline:
                raw = inline
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                i += 1
                raw = argv[i]
            else:
                return self._error(f"argument {argument.flag}: expected one argument")
            try:
                values[argument.key] = argument.convert(raw)
            except ValueError as error:
                return self._error(str(error))
            i += 1
        missing = [a.flag for a in self.arguments if a.required and a.key not in values]
        if missing:
            return self._error("the following arguments are required: " + ", ".join(missing))
        if unknown:
            return self._error("unrecognized arguments: " + " ".join(unknown))
        return values

    def run(self, argv: list[str], rng: random.Random, orders: Orders | None = None) -> Run:
        if any(token in ("-h", "--help") for token in argv):
            return Run(self.name, {}, "help", self.help_text())
        parsed = self.parse(argv)
        if isinstance(parsed, str):
            return Run(self.name, {}, "usage", parsed)
        if self.verify is not None and not self.verify.holds(parsed, orders):
            return Run(self.name, parsed, "error", self.verify.refusal(parsed))
        if self.action == "handoff":
            return Run(self.name, parsed, "handoff", "Handing the conversation to a member of staff.")
        if self.approval == "staff":
            return Run(self.name, parsed, "approval", "Request recorded; a member of staff must approve it.")
        outcome = self.draw(rng)
        return Run(self.name, parsed, outcome.status, self.render(outcome.message, parsed))

    def draw(self, rng: random.Random) -> Outcome:
        if not self.outcomes:
            return Outcome(1, "success", "Done.")
        return rng.choices(self.outcomes, weights=[o.weight for o in self.outcomes])[0]

    def success(self) -> Outcome:
        """The success path, run when staff approve."""
        return next((o for o in self.outcomes if o.status == "success"), Outcome(1, "success", "Done."))

    @staticmethod
    def render(message: str, args: dict) -> str:
        """The message with its `{placeholders}` filled; a customer must never read a raw `{amount}`,
        so a missing value raises MissingDetails naming every one that is missing."""
        names = [field for _, field, _, _ in string.Formatter().parse(message) if field is not None]
        missing = sorted({n.split(".")[0].split("[")[0] for n in names} - {str(k) for k in args})
        if missing:
            raise MissingDetails(missing)
        try:
            return message.format(**args)
        except (IndexError, ValueError, AttributeError) as error:
            raise ValueError(f"cannot render {message!r}: {error}") from None


class MissingDetails(KeyError):
    """A program message needs values nobody has given yet."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = tuple(names)
