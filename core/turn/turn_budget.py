"""When a turn stops asking the model: a weak model that loops gives up early, not after every step.

A small model that does not follow the protocol writes prose (or the same command) again and
again; each extra call costs seconds on a CPU and grows the prompt. The turn gives up on the
second step that brings nothing new, or at the third call once a step has brought nothing, so
such a model costs at most three calls a turn (a model that follows the protocol never stalls
and keeps the whole step limit), and the customer gets the offline answer instead of waiting.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core.turn.backstage import REMINDER, StepResult

# Far above any capped completion (`max_tokens`): a server that ignores the cap must not make the
# parser and the screens read a megabyte while other conversations wait.
MAX_COMPLETION_CHARS = 16_000
STALLS_ALLOWED = 1  # a second step with nothing new ends the turn
CALLS_AFTER_A_STALL = 3  # ...and so does the third call of a turn that has stalled once


def bounded(text: str) -> str:
    return text if len(text) <= MAX_COMPLETION_CHARS else text[:MAX_COMPLETION_CHARS]


@dataclass(slots=True)
class TurnBudget:
    stalls: int = 0
    calls: int = 0
    seen: set[str] = field(default_factory=set)

    def gives_up(self, output: str, step: StepResult) -> str | None:
        """Why the turn should stop after this step (None: ask the model again)."""
        self.calls += 1
        key = " ".join(output.split()).casefold()
        repeated = key in self.seen
        self.seen.add(key)
        if repeated or _no_progress(step):
            self.stalls += 1
        if self.stalls > STALLS_ALLOWED or (self.stalls and self.calls >= CALLS_AFTER_A_STALL):
            return "the model repeats itself" if repeated else "the model writes no usable command"
        return None


def _no_progress(step: StepResult) -> bool:
    """No command at all, or only commands the backstage could not run (unknown words, files)."""
    if step.shell_output == REMINDER:
        return True
    if step.runs:
        return False
    if not any(failure in step.shell_output for failure in _FAILURES):
        return False  # a resource's text (cat): no line of it can start as a failure, none is split
    # the first line decides: read lazily, not every line first
    lines = (line for line in step.shell_output.splitlines() if line.strip())
    first = next(lines, None)
    return first is not None and first.startswith(_FAILURES) and all(line.startswith(_FAILURES) for line in lines)


_FAILURES = ("bash: ", "cat: ", "python: can't open file")
