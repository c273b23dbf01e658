"""The hidden shell the model works in: runs its commands against the pack and answers like a shell."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.shop.pack import KnowledgePack
from core.shop.programs import Run
from core.turn.protocol import Cat, Command, Echo, Evaluation, RunProgram, Unknown

REMINDER = (
    'bash: no command found. Send your reply as:\necho $ "<message>"\necho $ "evaluation: safe"'
)


@dataclass(slots=True)
class StepResult:
    shell_output: str = ""  # fed back to the model when the turn goes on
    reply: str | None = None  # the message for the customer, when the model echoed one
    evaluation: str | None = None
    runs: list[Run] = field(default_factory=list)
    escalating: Run | None = None  # a handoff or a run that needs staff approval


class Backstage:
    def __init__(self, pack: KnowledgePack, rng: random.Random, orders=None, asker=None) -> None:
        self.pack = pack
        self.rng = rng
        self.orders = orders  # core/shop/orders/workflow.py's ShopOrders; None: simulated programs
        self.asker = asker

    async def execute(self, commands: list[Command]) -> StepResult:
        result = StepResult()
        actions = [c for c in commands if isinstance(c, Cat | RunProgram | Unknown)]
        if actions:
            # The model has not seen these outputs yet: anything it echoed alongside is premature.
            outputs = []
            for command in actions:
                outputs.append(await self._action(command, result))
                if result.escalating is not None:
                    break
            result.shell_output = "\n".join(outputs)
            return result
        messages = [c.text for c in commands if isinstance(c, Echo) and c.text]
        evaluations = [c.value for c in commands if isinstance(c, Evaluation)]
        if not messages:
            result.shell_output = REMINDER
            return result
        result.reply = "\n\n".join(messages)
        result.evaluation = evaluations[-1] if evaluations else None
        return result

    async def _action(self, command: Cat | RunProgram | Unknown, result: StepResult) -> str:
        if isinstance(command, Cat):
            return self._cat(command.targets)
        if isinstance(command, Unknown):
            return f"bash: {command.word}: command not found"
        program = self.pack.programs.get(command.script.removesuffix(".py")) if command.script.endswith(".py") else None
        if program is None or "/" in command.script:
            return f"python: can't open file '{command.script}': [Errno 2] No such file or directory"
        if self.orders is None:
            run = program.run(list(command.argv), self.rng, orders=self.pack.orders)
        else:  # the model reads the output and answers in the customer's words: no demo label here
            run = await self.orders.run(program, list(command.argv), self.rng, self.asker, to_customer=False)
        result.runs.append(run)
        if run.status in ("handoff", "approval"):
            result.escalating = run
        return run.output

    def _cat(self, targets: tuple[str, ...]) -> str:
        if not targets:
            return "cat: missing operand"
        outputs = []
        for target in targets:
            # Only listed resources, by bare name: no paths, so no way out of the pack.
            resource = self.pack.resources.get(target) if "/" not in target and "\\" not in target else None
            outputs.append(resource.text if resource else f"cat: {target}: No such file or directory")
        return "\n".join(outputs)
