"""bench.compare: the side-by-side table of two builds, from made-up runs (no build, no timing)."""
from bench.compare import PINNED, THIS, EngineRun, table
from bench.telegram import FLOOR, LoadResult


def result(bot: str, per_second: float, p99_s: float, cpu_s: float = 1.0) -> LoadResult:
    latencies = [p99_s] * 100
    return LoadResult(bot, latencies, wall=1000 / per_second, answered=1000, expected=1000, cpu=cpu_s)


def test_the_table_gives_ratios_and_checks_the_targets_against_the_floor() -> None:
    engine = {"old": [EngineRun(1000, 400, 420), EngineRun(1100, 390, 410)], THIS: [EngineRun(1500, 300, 310)] * 2}
    runs = {
        ("old", "csbot"): [result("csbot", 500, 0.3)],
        (THIS, "csbot"): [result("csbot", 900, 0.15)],
        (THIS, FLOOR): [result(FLOOR, 1000, 0.12)],
    }
    rows = table("old", engine, runs, ("csbot",))
    text = "\n".join(rows)
    assert "| engine: turns/s, SQLite file, one after another | 1,050  | 1,500  | 1.43x | >= 1.3x | met |" in text
    assert "| Telegram csbot: msg/s / floor's | 0.50 x | 0.90 x |  | >= 0.8x | met |" in text
    assert "| Telegram csbot: p99 / floor's p99 | 2.50 x | 1.25 x |  | <= 1.5x | met |" in text
    assert "| Telegram csbot: every message answered | | | | all | met |" in text


def test_a_slower_build_misses() -> None:
    engine = {"old": [EngineRun(1000, 400, 420)], THIS: [EngineRun(1200, 300, 310)]}
    runs = {("old", "csbot"): [result("csbot", 500, 0.3)], (THIS, "csbot"): [result("csbot", 600, 0.3)],
            (THIS, FLOOR): [result(FLOOR, 1000, 0.12)]}
    rows = table("old", engine, runs, ("csbot",))
    assert sum("MISSED" in row for row in rows) == 3  # engine 1.2x, 0.6x the floor, p99 2.5x the floor's


def test_the_engine_on_one_core_is_shown_beside_without_a_target() -> None:
    engine = {"old": [EngineRun(1000, 400, 800)], THIS: [EngineRun(2500, 300, 330)],
              "old" + PINNED: [EngineRun(2400, 300, 320)], THIS + PINNED: [EngineRun(2500, 300, 330)]}
    rows = table("old", engine, {}, ("csbot",))
    text = "\n".join(rows)
    assert "| engine: turns/s, SQLite file, one after another | 1,000  | 2,500  | 2.50x | >= 1.3x | met |" in text
    assert "| engine, pinned to one core: turns/s, SQLite file, one after another | 2,400  | 2,500  | 1.04x |  |  |" in text
    assert "| engine, pinned to one core: CPU per turn (process) | 320 µs | 330 µs | 1.03x |  |  |" in text
