"""Runs every scenario k times, each trial in a fresh hub with an in-memory store and its own
seed, and records what each turn showed the customer and what happened behind it."""
from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace

from core.engine import EngineSettings
from core.hub import Hub
from core.evaluation.matchers import Judge, Observed, ProgramRun, Reply
from core.evaluation.scenarios import Scenario
from core.messages import Address, Inbound
from core.models.base import Chat, Completion, ModelBackend
from core.shop.pack import KnowledgePack

EVAL_CHANNEL = "eval"
DESK = "desk"


@dataclass(slots=True)
class TurnOutcome:
    say: str
    seen: Observed
    model_calls: int = 0
    prompt_tokens: int = 0
    latency_ms: float = 0.0
    failures: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TrialOutcome:
    scenario: str
    duty: str
    trial: int
    seed: int
    turns: list[TurnOutcome] = field(default_factory=list)
    end_failures: list[str] = field(default_factory=list)  # the scenario's whole-conversation expectation
    error: str = ""  # the trial could not finish (an exception in the engine or the model)

    @property
    def passed(self) -> bool:
        return not self.error and not self.end_failures and not any(t.failures for t in self.turns)

    @property
    def escalated(self) -> bool:
        return any(t.seen.escalations for t in self.turns)

    @property
    def failures(self) -> list[str]:
        found = [f"turn {n}: {f}" for n, t in enumerate(self.turns, start=1) for f in t.failures]
        found += [f"conversation: {f}" for f in self.end_failures]
        return found + ([f"error: {self.error}"] if self.error else [])


ModelSource = Callable[[int], ModelBackend | None]  # trial number -> the backend for that trial
# (pack, model, settings) -> a fresh hub with an in-memory store; bots.wiring composes it
HubOpener = Callable[[KnowledgePack, ModelBackend | None, EngineSettings], AbstractAsyncContextManager[Hub]]


class EvalRunner:
    """`model_for(trial)` gives each trial its backend; the runner never closes it (the caller owns it)."""

    def __init__(
        self,
        pack: KnowledgePack,
        model_for: ModelSource,
        open_hub: HubOpener,
        *,
        trials: int = 3,
        seed: int = 0,
        settings: EngineSettings = EngineSettings(),
        judge: Judge | None = None,
    ) -> None:
        if trials < 1:
            raise ValueError("--trials must be at least 1")
        self.pack = pack
        self.model_for = model_for
        self.open_hub = open_hub
        self.trials = trials
        self.seed = seed
        self.settings = settings
        self.judge = judge or Judge(pack)

    async def run(
        self, scenarios: list[Scenario], on_trial: Callable[[TrialOutcome], None] | None = None
    ) -> list[TrialOutcome]:
        outcomes = []
        for scenario in scenarios:
            for trial in range(self.trials):
                outcome = await self.trial(scenario, trial)
                outcomes.append(outcome)
                if on_trial is not None:
                    on_trial(outcome)
        return outcomes

    def trial_seed(self, scenario: Scenario, trial: int) -> int:
        """Stable across runs and independent of which scenarios are selected."""
        return zlib.crc32(f"{self.seed}:{scenario.id}:{trial}".encode())

    async def trial(self, scenario: Scenario, trial: int) -> TrialOutcome:
        seed = self.trial_seed(scenario, trial)
        outcome = TrialOutcome(scenario.id, scenario.duty, trial, seed)
        model = self.model_for(trial)
        settings = replace(self.settings, seed=seed)
        try:
            async with self.open_hub(self.pack, _Borrowed(model) if model else None, settings) as hub:
                await self._converse(hub, scenario, trial, outcome)
        except Exception as error:  # one broken trial is a failed trial, not a failed eval
            outcome.error = f"{type(error).__name__}: {error}"
        return outcome

    async def _converse(self, hub: Hub, scenario: Scenario, trial: int, outcome: TrialOutcome) -> None:
        address = Address(EVAL_CHANNEL, f"{scenario.id}-{trial}")
        stats = hub.engine.stats
        last_run = 0
        whole = Observed()
        for number, turn in enumerate(scenario.turns, start=1):
            calls, tokens = stats.model_calls, stats.prompt_tokens
            started = time.perf_counter()
            outbounds = await hub.receive(
                Inbound(address, turn.say, event_id=f"t{number}", user_id="eval-customer", user_name="Eval Customer")
            )
            latency = (time.perf_counter() - started) * 1000
            seen = Observed(replies=[Reply(o.voice.value, o.text) for o in outbounds if o.address.channel != DESK])
            for escalation_id in dict.fromkeys(o.escalation_id for o in outbounds if o.address.channel == DESK):
                escalation = await hub.store.get_escalation(escalation_id) if escalation_id else None
                seen.escalations.append(escalation.reason.value if escalation else "unknown")
            runs, last_run = await _runs_since(hub, last_run)
            seen.runs.extend(runs)
            result = TurnOutcome(
                turn.say,
                seen,
                model_calls=stats.model_calls - calls,
                prompt_tokens=stats.prompt_tokens - tokens,
                latency_ms=latency,
                failures=self.judge.check(turn.expect, seen),
            )
            outcome.turns.append(result)
            whole.replies += seen.replies
            whole.escalations += seen.escalations
            whole.runs += seen.runs
        outcome.end_failures = self.judge.check(scenario.expect, whole)


async def _runs_since(hub: Hub, last_id: int) -> tuple[list[ProgramRun], int]:
    """Workflow runs recorded after `last_id`, from the store itself (what really ran)."""
    async with hub.store.db.execute(
        "SELECT id, program, args, status FROM program_runs WHERE id > ? ORDER BY id", (last_id,)
    ) as cursor:
        rows = await cursor.fetchall()
    runs = [ProgramRun(program, _json(args), status) for _, program, args, status in rows]
    return runs, (rows[-1][0] if rows else last_id)


def _json(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class _Borrowed:
    """The trial's hub closes its model when it closes; the backend is shared, so it must not."""

    def __init__(self, model: ModelBackend) -> None:
        self._model = model
        self.name = model.name

    def __getattr__(self, name: str):  # protocol, context_tokens, max_output_tokens: the backend's
        return getattr(self._model, name)

    async def complete(self, messages: Chat, tools=None) -> Completion:
        return await (self._model.complete(messages, tools) if tools else self._model.complete(messages))

    async def probe(self) -> str | None:
        return await self._model.probe()

    async def aclose(self) -> None:
        return None
