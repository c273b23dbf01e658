"""The reference model: answers every scenario turn the way its expectations describe.

`csbot eval --model scripted` runs the scenarios against it, a dry run that checks the harness
and the scenarios themselves (a scenario the reference fails is asking for something the
engine cannot do); the README's sample report is made with it. It reads the expectations, so
its figures say nothing about any real model.
"""
from __future__ import annotations

import re
import shlex

from core.evaluation.matchers import detect_language, mentions
from core.evaluation.scenarios import Expectation, ProgramExpectation, Scenario
from core.models.base import Chat
from core.shop.pack import KnowledgePack
from core.shop.programs import Argument

CUSTOMER = "customer: "
OPENING = {
    "en": "Thank you for your question. {facts}Is there anything else I can do for you?",
    "it": "Grazie per la domanda. {facts}Posso aiutarti con altro?",
    "de": "Danke für Ihre Frage. {facts}Kann ich Ihnen noch mit etwas anderem helfen?",
}
HANDOFF_REASONS = ("refund", "health", "human")


class ReferenceAnswers:
    """A function of the chat, for `ScriptedModel`: the backstage commands a perfect model writes."""

    def __init__(self, pack: KnowledgePack, scenarios: list[Scenario]) -> None:
        self.pack = pack
        self.expectations: dict[str, Expectation] = {}
        for scenario in scenarios:
            for turn in scenario.turns:
                self.expectations.setdefault(_key(turn.say), turn.expect)

    def __call__(self, chat: Chat) -> str:
        customer, steps_so_far = current_turn(chat)
        expect = self.expectations.get(_key(customer), Expectation())
        if not steps_so_far:
            command = self.first_command(customer, expect)
            if command:
                return command
        return echo(self.reply_text(customer, expect))

    def first_command(self, customer: str, expect: Expectation) -> str | None:
        """A workflow run or a handoff when the turn expects one, else None (answer at once)."""
        if isinstance(expect.program, ProgramExpectation) and expect.program.name in self.pack.programs:
            return self.run_command(expect.program, customer)
        escalated = expect.escalated
        if escalated is True or escalated in HANDOFF_REASONS:
            reason = escalated if escalated in HANDOFF_REASONS else "human"
            handoff = self.pack.programs.get("handoff")
            if handoff is not None:
                return f"python {handoff.script} --reason {reason}"
        return None

    def run_command(self, expected: ProgramExpectation, customer: str) -> str:
        program = self.pack.programs[expected.name]
        given = {k.lstrip("-"): v for k, v in expected.args.items()}
        argv = []
        for argument in program.arguments:
            value = given.get(argument.name) or given.get(argument.key)
            if value is None and argument.required:
                value = _value_from(argument, customer)
            if value is not None:
                argv += [argument.flag, shlex.quote(str(value))]
        return f"python {program.script} {' '.join(argv)}".strip()

    def reply_text(self, customer: str, expect: Expectation) -> str:
        if expect.safety_reply:
            return self.pack.replies.safety
        language = expect.language or detect_language(customer) or "en"
        facts = [*expect.mentions_all]
        if expect.mentions_any and not any(mentions(" ".join(facts), p) for p in expect.mentions_any):
            facts.append(expect.mentions_any[0])
        facts = [f for f in facts if not any(mentions(f, bad) for bad in expect.mentions_none)]
        said = "".join(f"{fact}. " for fact in facts)
        return OPENING.get(language, OPENING["en"]).format(facts=said)


def current_turn(chat: Chat) -> tuple[str, list[dict[str, str]]]:
    """This turn's customer text and the backstage steps taken since it."""
    for index in range(len(chat) - 1, -1, -1):
        message = chat[index]
        if message["role"] == "user" and message["content"].startswith(CUSTOMER):
            return message["content"][len(CUSTOMER) :], chat[index + 1 :]
    return "", []


def echo(text: str, evaluation: str = "safe") -> str:
    quoted = text.replace('"', '\\"')
    return f'echo $ "{quoted}"\necho $ "evaluation: {evaluation}"'


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _value_from(argument: Argument, customer: str) -> str:
    """A required value the scenario did not spell out, taken from what the customer wrote."""
    if argument.choices:
        return argument.choices[0]
    if argument.type == "int":
        found = re.search(r"\d{3,8}", customer)
        return found.group(0) if found else "1000"
    if argument.type == "float":
        found = re.search(r"\d+(?:[.,]\d+)?", customer)
        return found.group(0).replace(",", ".") if found else "1.0"
    if argument.type == "email":
        found = re.search(r"[^@\s]+@[^@\s]+\.\w+", customer)
        return found.group(0) if found else "customer@example.com"
    return customer.strip()[:200]
