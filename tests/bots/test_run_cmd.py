"""`csbot run` as a process: it starts the Telegram adapter from the environment and answers
through the fake Bot API; a refused token is one line naming the variable."""
import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


async def start_csbot(tmp_path: Path, fake: FakeTelegram, token: str) -> asyncio.subprocess.Process:
    (tmp_path / "csbot.toml").write_text(
        f'pack = "pastashop"\nmodel = "offline"\ndb = "{tmp_path / "run.db"}"\n'
        f'[telegram]\nbase_url = "{fake.base_url}"\n'
    )
    env = {**os.environ, "CSBOT_TELEGRAM_TOKEN": token, "PYTHONPATH": str(ROOT), "CSBOT_CONFIG": str(tmp_path / "csbot.toml")}
    env.pop("CSBOT_SLACK_BOT_TOKEN", None)
    env.pop("CSBOT_DISCORD_TOKEN", None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bots.cli", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_run_answers_a_telegram_customer_and_stops_on_sigterm(tmp_path):
    async with FakeTelegram() as fake:
        process = await start_csbot(tmp_path, fake, "123:good")
        try:
            await fake.wait_for("getUpdates", 1, timeout=30)
            fake.push_text(42, "How much is shipping to Germany?")
            sent = await fake.wait_for("sendMessage", 1, timeout=30)
            assert "Germany" in sent[0].params["text"]
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, err.decode()
        assert b"telegram running" in out
        assert b"123:good" not in out + err  # the token never reaches the output


async def test_a_refused_token_is_one_line_naming_the_variable(tmp_path):
    async with FakeTelegram(token="123:right") as fake:
        process = await start_csbot(tmp_path, fake, "123:wrong")
        out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"CSBOT_TELEGRAM_TOKEN" in out + err
    assert b"Traceback" not in out + err
    assert b"123:wrong" not in out + err
