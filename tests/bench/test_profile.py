"""bench.profile: py-spy's collapsed stacks charged to csbot's stages."""
from bench.profile import stages, table

RAW = """\
main (bench/telegram_bot.py:90);Hub.receive (core/hub.py:104);Engine._offline (core/engine.py:250);WorkflowRequests._asked (core/shop/workflow_requests.py:95);search (re/__init__.py:1) 3
main (bench/telegram_bot.py:90);TelegramSender.__call__ (adapters/telegram/sender.py:33);ClientSession._request (aiohttp/client.py:900) 2
thread (0x7f);_connection_worker_thread (aiosqlite/core.py:59) 50
Application.process_update (telegram/ext/_application.py:1315);Update.de_json (telegram/_update.py:10) 1
_run_once (asyncio/base_events.py:1922) 4
"""


def test_samples_go_to_the_deepest_csbot_frame_and_waits_are_left_out() -> None:
    counts = stages(RAW)
    assert counts["workflow requests in words"] == 3  # the regex search is charged to the caller
    assert counts["sending (PTB + aiohttp)"] == 2
    assert counts["PTB without csbot frame (decode updates, dispatch, polling)"] == 1
    assert counts["event loop"] == 4
    assert sum(counts.values()) == 10  # aiosqlite's thread waiting on its queue is no work


def test_table_spreads_cpu_per_message_by_share() -> None:
    rows = table(stages(RAW), cpu_ms=1.0)
    assert rows[0][0] == "event loop" and abs(rows[0][2] - 400) < 1e-6
    assert abs(sum(r[2] for r in rows) - 1000) < 1e-6
