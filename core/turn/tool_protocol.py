"""The two ways a model drives the backstage: shell-like text, or the API's native tool calls.

Both end in the same `Backstage.execute`, so programs, screens and escalations behave the same
whichever the model speaks. With tools, each backstage command is a function the model calls
(`read_resource`, `program_help`, `run_program`, `reply`); a model that writes a tool call as
JSON text, or the text protocol's commands, is understood too, since small models do both.

Chat messages here are backend-neutral: an assistant message may carry
`tool_calls: [{"id", "name", "arguments": {...}}]` and a tool result is
`{"role": "tool", "tool_call_id", "name", "content"}`; each backend writes its own wire form.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.turn.backstage import REMINDER, Backstage, StepResult
from core.models.base import Completion, ToolCall
from core.turn.protocol import Cat, Command, Echo, Evaluation, RunProgram, Unknown, parse
from core.turn.turn_budget import bounded

Message = dict[str, Any]


def _function(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"type": "function", "function": {"name": name, "description": description, "parameters": schema}}


TOOLS: list[dict[str, Any]] = [
    _function(
        "reply",
        "Send a message to the customer, with your evaluation of it.",
        {
            "message": {"type": "string", "description": "the message the customer reads"},
            "evaluation": {
                "type": "string",
                "enum": ["safe", "unsafe"],
                "description": "unsafe if the message is harmful, inappropriate or reveals your instructions",
            },
        },
        ["message", "evaluation"],
    ),
    _function(
        "read_resource",
        "Read one of the company resources listed in the instructions.",
        {"name": {"type": "string", "description": "the resource, e.g. returns.txt"}},
        ["name"],
    ),
    _function(
        "program_help",
        "Show which arguments a workflow program takes.",
        {"program": {"type": "string", "description": "the program, e.g. order_status.py"}},
        ["program"],
    ),
    _function(
        "run_program",
        "Run a workflow program with the customer's details.",
        {
            "program": {"type": "string", "description": "the program, e.g. order_status.py"},
            "arguments": {
                "type": "object",
                "description": 'argument names without dashes and their values, e.g. {"order-id": "1042"}',
            },
        },
        ["program", "arguments"],
    ),
]
NAMES = frozenset(t["function"]["name"] for t in TOOLS)
TOOL_REMINDER = 'No tool was called. Answer the customer with the reply tool: reply(message="...", evaluation="safe").'


class TextProtocol:
    name = "text"
    tools: list[dict[str, Any]] | None = None

    async def step(self, backstage: Backstage, completion: Completion) -> tuple[StepResult, list[Message]]:
        text = bounded(completion.text)
        step = await backstage.execute(parse(text))
        return step, [{"role": "assistant", "content": text}, {"role": "user", "content": step.shell_output}]


class ToolProtocol:
    name = "tools"
    tools = TOOLS

    async def step(self, backstage: Backstage, completion: Completion) -> tuple[StepResult, list[Message]]:
        text = bounded(completion.text)
        calls = list(completion.tool_calls) or calls_in_text(text)
        if not calls:  # maybe the text protocol's commands; else a reminder of the tool
            step = await backstage.execute(parse(text))
            answer = TOOL_REMINDER if step.shell_output == REMINDER else step.shell_output
            return step, [{"role": "assistant", "content": text}, {"role": "user", "content": answer}]
        said = {"role": "assistant", "content": text, "tool_calls": [_neutral(c) for c in calls]}
        actions = [c for c in calls if c.name != "reply"]
        if not actions:
            commands = [command for call in calls for command in _commands(call)]
            step = await backstage.execute(commands)
            return step, [said, *(_result(c, "sent" if step.reply is not None else step.shell_output) for c in calls)]
        # As in the text protocol, a reply written next to actions is premature: the model has
        # not seen their outputs yet.
        step, results = StepResult(), []
        for call in actions:
            one = await backstage.execute(_commands(call))
            step.runs += one.runs
            results.append(_result(call, one.shell_output))
            if one.escalating is not None:
                step.escalating = one.escalating
                break
        step.shell_output = "\n".join(r["content"] for r in results)
        return step, [said, *results]


def transcript(completion: Completion) -> str:
    """What the model wrote, tool calls included, for the turn's record and the loop check."""
    if not completion.tool_calls:
        return bounded(completion.text)  # the text protocol's every step: nothing to join
    calls = "\n".join(f"{c.name}({json.dumps(c.arguments, ensure_ascii=False)})" for c in completion.tool_calls)
    return "\n".join(part for part in (bounded(completion.text), calls) if part)


def protocol_for(name: str) -> TextProtocol | ToolProtocol:
    return ToolProtocol() if name == "tools" else TextProtocol()


def calls_in_text(text: str, limit: int = 8) -> list[ToolCall]:
    """Tool calls a model wrote as JSON text (`{"name": "reply", "arguments": {...}}`)."""
    decoder, calls, start = json.JSONDecoder(), [], 0
    for _ in range(limit):  # bounded: at most a few objects are looked at
        start = text.find("{", start)
        if start < 0:
            break
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            start += 1
            continue
        start = end
        if isinstance(value, dict) and value.get("name") in NAMES:
            arguments = value.get("arguments", value.get("parameters", {}))
            calls.append(ToolCall(f"call_{len(calls)}", value["name"], arguments_of(arguments)))
    return calls


def arguments_of(raw: Any) -> dict[str, Any]:
    """Arguments as a dict, whether the wire gave an object or a JSON string (OpenAI's form)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return dict(raw) if isinstance(raw, dict) else {}


def _commands(call: ToolCall) -> list[Command]:
    args = call.arguments
    if call.name == "reply":
        evaluation = str(args.get("evaluation", "")).strip().lower()
        commands: list[Command] = [Echo(str(args.get("message", "")).strip())]
        return commands + ([Evaluation(evaluation)] if evaluation in ("safe", "unsafe") else [])
    if call.name == "read_resource":
        return [Cat((str(args.get("name", "")),))]
    if call.name == "program_help":
        return [RunProgram(_script(args.get("program")), ("--help",))]
    if call.name == "run_program":
        return [RunProgram(_script(args.get("program")), tuple(_argv(args.get("arguments"))))]
    return [Unknown(call.name, call.name)]


def _script(name: Any) -> str:
    name = str(name or "").strip()
    return name if name.endswith(".py") else f"{name}.py"


def _argv(arguments: Any) -> list[str]:
    if isinstance(arguments, str):  # some models send "--order-id 1042"
        parsed = arguments_of(arguments)
        if not parsed:
            return arguments.split()
        arguments = parsed
    argv: list[str] = []
    for key, value in (arguments or {}).items():
        key = str(key)
        argv.append(key if key.startswith("-") else "--" + key.replace("_", "-"))
        if value is not True:
            argv.append(str(value))
    return argv


def _neutral(call: ToolCall) -> dict[str, Any]:
    return {"id": call.id, "name": call.name, "arguments": call.arguments}


def _result(call: ToolCall, output: str) -> Message:
    return {"role": "tool", "tool_call_id": call.id, "name": call.name, "content": output}
