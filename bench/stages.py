"""Per-stage timing of the engine's turn, from outside core: the engine's collaborators are
swapped for timing proxies that add the nanoseconds each call takes to a named stage."""
from __future__ import annotations

import contextlib
import inspect
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import core.engine

try:
    import core.turn.tool_protocol as _parse_home  # where the turn's protocol finds parse
except ImportError:  # the previous release (bench/compare.py): parse was a name in core.engine
    _parse_home = core.engine


class StageClock:
    def __init__(self) -> None:
        self.ns: defaultdict[str, int] = defaultdict(int)

    def timed(self, stage: str, function: Any) -> Any:
        clock = self.ns
        if inspect.iscoroutinefunction(function):
            async def timed_async(*args, **kwargs):
                start = time.perf_counter_ns()
                try:
                    return await function(*args, **kwargs)
                finally:
                    clock[stage] += time.perf_counter_ns() - start
            return timed_async

        def timed_sync(*args, **kwargs):
            start = time.perf_counter_ns()
            try:
                return function(*args, **kwargs)
            finally:
                clock[stage] += time.perf_counter_ns() - start
        return timed_sync


class Timed:
    """Stands in for a collaborator: the named methods (or every method, with `stage_all`) are timed."""

    def __init__(self, target: Any, clock: StageClock, methods: dict[str, str] | None = None,
                 stage_all: str | None = None) -> None:
        self._target, self._clock, self._methods, self._stage_all = target, clock, methods or {}, stage_all

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        stage = self._methods.get(name) or (self._stage_all if callable(value) and not name.startswith("__") else None)
        if stage is None:
            return value
        timed = self._clock.timed(stage, value)
        setattr(self, name, timed)  # wrap once; later lookups skip __getattr__
        return timed


@contextlib.contextmanager
def staged(hub: Any, clock: StageClock) -> Iterator[None]:
    """Time the hub's engine by stage until the block ends."""
    engine = hub.engine
    # `grounding` is newer than the previous release, which bench/compare.py runs this file against
    names = ("screen", "output_screen", "grounding", "triage", "prompt", "model", "store")
    saved = {name: getattr(engine, name) for name in names if hasattr(engine, name)}
    outbox_store = hub.outbox.store
    parse, backstage = _parse_home.parse, core.engine.Backstage

    class TimedBackstage(backstage):
        execute = clock.timed("protocol", backstage.execute)

    # The engine reads the message once and hands the reading to both (check_normalised,
    # classify_normalised); the previous release calls check and classify.
    engine.screen = Timed(saved["screen"], clock, {"check": "screens", "check_normalised": "screens"})
    engine.output_screen = Timed(saved["output_screen"], clock, {"check": "screens"})
    if "grounding" in saved:
        engine.grounding = Timed(saved["grounding"], clock, {"check": "screens"})
    engine.triage = Timed(saved["triage"], clock, {"classify": "triage", "classify_normalised": "triage"})
    engine.prompt = Timed(saved["prompt"], clock, {"messages": "prompt"})
    engine.model = Timed(saved["model"], clock, {"complete": "model"})
    engine.store = hub.outbox.store = Timed(saved["store"], clock, stage_all="store")
    # parse (used by the turn's protocol) and Backstage are module names, not attributes of the
    # engine: swapped for the run only, and put back even when the run fails.
    _parse_home.parse = clock.timed("protocol", parse)
    core.engine.Backstage = TimedBackstage
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(engine, name, value)
        hub.outbox.store = outbox_store
        _parse_home.parse, core.engine.Backstage = parse, backstage
