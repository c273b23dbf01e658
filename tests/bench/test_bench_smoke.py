"""Each benchmark's core function on tiny numbers: the figures come out (never timing asserts)."""
from __future__ import annotations

from pathlib import Path

from bench import concurrency, prompt, telegram, turns
from bench.catalogue import products, questions, write_pack
from bench.common import Report, percentile
from bench.run_all import summary
from core.shop.pack import load_pack


def figure(report: Report, label_part: str):
    matches = [f for f in report.figures if label_part in f.label]
    assert matches, f"no figure like {label_part!r} in {[f.label for f in report.figures]}"
    return matches[0]


async def test_turns_time_every_turn_and_every_stage(tmp_path: Path) -> None:
    run = await turns.measure(turns=40, conversations=4, db=str(tmp_path / "t.db"))
    assert len(run.per_turn_us) == 40 and run.bot_replies == 40
    assert run.model_calls == 80  # two backstage steps a turn: cat, then echo
    shares = run.shares()
    assert {"screens", "triage", "prompt", "protocol", "store"} <= {s for s, v in shares.items() if v > 0}
    assert abs(sum(shares.values()) - 1) < 1e-6
    report = turns.report([run])
    assert figure(report, "p99 per turn").met is not None
    assert figure(report, "replies delivered").met is True


async def test_stage_timing_leaves_the_engine_as_it_was() -> None:
    import core.engine
    import core.turn.tool_protocol

    parse, backstage = core.turn.tool_protocol.parse, core.engine.Backstage
    await turns.measure(turns=3, conversations=1, db=":memory:")
    assert (core.turn.tool_protocol.parse, core.engine.Backstage) == (parse, backstage)


async def test_concurrency_answers_everyone_in_order() -> None:
    report = await concurrency.run(conversations=6, messages=2, latency=0.01, parallel=2)
    assert figure(report, "every reply, in order").met is True
    assert figure(report, "model calls").value == 12
    assert figure(report, "stored bytes per conversation").value > 0


def test_catalogue_is_a_loadable_pack_whose_questions_have_answers(tmp_path: Path) -> None:
    folder, items = write_pack(tmp_path / "cat", 50)
    pack = load_pack(folder)
    assert len(items) == len({p.name for p in items}) == 50
    assert prompt.product_names(pack) == [p.name for p in items]
    for question in questions(items, 10):
        assert question.product.name.lower() in question.text.lower()
        assert question.answer in pack.document


async def test_prompt_figures_for_packs_and_a_small_catalogue() -> None:
    report = await prompt.run(questions_per_catalogue=20, catalogues=(300,))
    assert figure(report, "[pastashop] model calls").met is True
    assert figure(report, "[300 products] document").value.endswith("retrieved by chunk")
    recall = figure(report, "[300 products] recall, first message")
    assert 0 <= recall.value <= 1
    assert "%" in figure(report, "[gadgetstore] reused prefix, lowest").value


def test_prefix_share_is_measured_on_the_served_string() -> None:
    a = prompt.as_served([{"role": "system", "content": "rules"}, {"role": "user", "content": "hi"}])
    b = prompt.as_served([{"role": "system", "content": "rules"}, {"role": "user", "content": "hello"}])
    assert 0 < prompt.shared_prefix(b, a) < len(b)
    assert a.startswith("<|begin_of_text|><|start_header_id|>system")


async def test_telegram_bots_answer_through_the_fake_process() -> None:
    bots = ("csbot", "csbot-offline", "csbot-openai", "echo-aiohttp", "echo-keepalive")
    results = await telegram.measure(chats=3, messages=2, deadline=30, rounds=1, bots=bots)
    assert [r.answered for r in results] == [6, 6, 6, 6, 6]
    assert all(set(r.helpers_cpu) == {"fake", "model"} for r in results)  # CPU read from /proc, by process
    report = telegram.report(results, 3, 2)
    assert figure(report, "csbot (scripted model) / floor, throughput").value > 0
    assert figure(report, "csbot (OpenAI-compatible server) p99 / floor p99").target == "<= 2.0x"
    assert figure(report, "csbot (scripted model) / echo bot on csbot's keep-alive transport, throughput").value > 0


def test_report_round_trip_and_summary() -> None:
    report = Report("Demo: one")
    report.add("p99", 1234.5, "µs", "<= 2,000 µs", True)
    report.add("note only", "x")
    again = Report.from_json(report.to_json())
    assert again.figures[0].shown() == "1,234 µs" and again.figures[0].verdict == "met"
    assert len(summary([again])) == 3  # header, rule, and only the figure with a target
    assert "| p99 | 1,234 µs | <= 2,000 µs | met |" in again.markdown()
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3 and percentile(list(range(1, 101)), 0.99) == 99


def test_products_are_reproducible() -> None:
    assert products(20, seed=3) == products(20, seed=3)
