"""What a customer types after a program's name (`/change_address 1042 a@b.it Via Roma 1, Milano`),
turned into the program's arguments, or into a question in the customer's words.

Customers give values, not flags: the program's required arguments in order, then its
optional ones; the last value takes the rest of the line, so an address needs no quotes
(quotes work too). Program usage and --help are for the backstage and never shown here.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from core.shop.programs import Argument, Program

_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class Question:
    """A detail is missing or unreadable: ask for it, and say how to send the command again."""

    text: str


def slots(program: Program) -> list[Argument]:
    """The order in which a customer gives the values."""
    return [a for a in program.arguments if a.required] + [a for a in program.arguments if not a.required]


def how_to(program: Program) -> str:
    placeholders = " ".join(f"<{a.name.replace('-', ' ')}>" for a in slots(program) if a.required)
    return f"To do this, send: /{program.name} {placeholders}".rstrip()


def ask(argument: Argument, program: Program) -> Question:
    question = argument.ask or f"Please tell me {argument.help or argument.name.replace('-', ' ')}."
    return Question(f"{question} {how_to(program)}")


def customer_argv(program: Program, rest: str) -> list[str] | Question:
    try:
        words = shlex.split(rest)
    except ValueError:  # an unclosed quote: take the words as typed
        words = rest.split()
    if any(w.startswith("-") and not _NUMBER.match(w) for w in words):
        return Question(how_to(program))  # --help, --order-id ...: flags are not for customers
    order = slots(program)
    argv: list[str] = []
    for index, argument in enumerate(order):
        if index >= len(words):
            if argument.required:
                return ask(argument, program)
            break
        value = " ".join(words[index:]) if index == len(order) - 1 else words[index]
        try:
            argument.convert(value)
        except ValueError:
            return ask(argument, program)
        argv += [argument.flag, value]
    return argv
