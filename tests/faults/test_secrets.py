"""No secret is printed: every adapter's start-up failure paths run as `csbot -v run` processes,
and everything they print is searched for every configured secret."""
from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import socket
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import TimedOut

from adapters.telegram.keepalive_transport import KeepAliveRequest
from adapters.telegram.transport import AiohttpRequest
from bots.redaction import MASK, RedactingFilter, Redactor, secrets_in
from tests.fakes.discord_gateway import DiscordFake
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "CSBOT_TELEGRAM_TOKEN": "123456:AAtelegramSECRETtoken_x9",
    "CSBOT_TELEGRAM_SECRET": "tgwebhookSECRET77",
    "CSBOT_SLACK_BOT_TOKEN": "xoxb-slackSECRETbot-4242",
    "CSBOT_SLACK_SIGNING_SECRET": "slacksigningSECRET99",
    "CSBOT_SLACK_APP_TOKEN": "xapp-slackSECRETapp-1",
    "CSBOT_DISCORD_TOKEN": "discordSECRETtoken.abc.def",
    "CSBOT_WEB_SECRET": "webSECRETsessionkey01",
    "CSBOT_OPENAI_API_KEY": "sk-openaiSECRETkey55",
}
PASSIVE = ("CSBOT_WEB_SECRET", "CSBOT_OPENAI_API_KEY")  # set in every run; start nothing by themselves


@contextlib.contextmanager
def stalled_port() -> Iterator[int]:
    """A port whose accept queue is full: a connect there hangs until the client's connect timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        yield port
    finally:
        for s in [*fillers, server]:
            s.close()


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port nothing listens on (bound, never listening), so connects are refused."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


async def run_csbot(tmp_path: Path, name: str, toml: str, secrets: tuple[str, ...]) -> tuple[int, str]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "csbot.toml").write_text(f'pack = "pastashop"\nmodel = "offline"\ndb = "{folder / "run.db"}"\n{toml}')
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSBOT_")}
    env.update({k: SECRETS[k] for k in (*secrets, *PASSIVE)})
    env.update(PYTHONPATH=str(ROOT), CSBOT_CONFIG=str(folder / "csbot.toml"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bots.cli", "-v", "run", env=env, cwd=folder,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        return -1, (out + err).decode(errors="replace")
    return process.returncode, (out + err).decode(errors="replace")


async def test_no_start_up_failure_prints_a_secret(tmp_path: Path) -> None:
    telegram, slack_fake = FakeTelegram(token="999:the-right-one"), FakeSlack()
    discord_fake = DiscordFake(token=SECRETS["CSBOT_DISCORD_TOKEN"])
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    async with telegram, slack_fake, discord_fake:
        discord_fake.fail("GET /users/@me", status=503)
        slack_fake.fail("auth.test", error="invalid_auth", times=2)
        with stalled_port() as stalled, closed_port() as closed:
            tg = ("CSBOT_TELEGRAM_TOKEN",)
            slack = ("CSBOT_SLACK_BOT_TOKEN", "CSBOT_SLACK_SIGNING_SECRET")
            cases = {
                "telegram-keepalive-timeout": (f'[telegram]\nbase_url = "http://127.0.0.1:{stalled}/bot"\n', tg),
                "telegram-aiohttp-timeout": (
                    f'[telegram]\ntransport = "aiohttp"\nbase_url = "http://127.0.0.1:{stalled}/bot"\n', tg),
                "telegram-httpx-timeout": (
                    f'[telegram]\ntransport = "httpx"\nbase_url = "http://127.0.0.1:{stalled}/bot"\n', tg),
                "telegram-keepalive-refused": (f'[telegram]\nbase_url = "{telegram.base_url}"\n', tg),
                "telegram-aiohttp-refused": (f'[telegram]\ntransport = "aiohttp"\nbase_url = "{telegram.base_url}"\n', tg),
                "telegram-httpx-refused": (f'[telegram]\ntransport = "httpx"\nbase_url = "{telegram.base_url}"\n', tg),
                "telegram-webhook-unreachable": (
                    f'[telegram]\nbase_url = "http://127.0.0.1:{closed}/bot"\n'
                    'webhook_url = "https://shop.example/hook"\nport = 0\n', (*tg, "CSBOT_TELEGRAM_SECRET")),
                "slack-unreachable": (f'[slack]\nbase_url = "http://127.0.0.1:{closed}/api/"\n', slack),
                "slack-refused": (f'[slack]\nbase_url = "{slack_fake.api_url}"\n', slack),
                "slack-socket-refused": (
                    f'[slack]\nmode = "socket"\nbase_url = "{slack_fake.api_url}"\n',
                    ("CSBOT_SLACK_BOT_TOKEN", "CSBOT_SLACK_APP_TOKEN")),
                "discord-unreachable": (f'[discord]\napi_base = "http://127.0.0.1:{closed}/api/v10"\n',
                                        ("CSBOT_DISCORD_TOKEN",)),
                "discord-503": (
                    f'[discord]\napi_base = "{discord_fake.api_base}"\ngateway_url = "{discord_fake.gateway_url}"\n',
                    ("CSBOT_DISCORD_TOKEN",)),
                "web-port-in-use": (f'[web]\nenabled = true\nport = {busy.getsockname()[1]}\n', ()),
            }
            results = await asyncio.gather(*(run_csbot(tmp_path, n, t, s) for n, (t, s) in cases.items()))
    busy.close()
    for name, (status, printed) in zip(cases, results):
        assert status == 2, f"{name} did not fail at start-up ({status}):\n{printed}"
        for variable, value in SECRETS.items():
            assert value not in printed, f"{name} printed {variable}:\n{printed}"
        assert "Traceback" not in printed, f"{name}:\n{printed}"


@pytest.mark.parametrize("kind", [AiohttpRequest, KeepAliveRequest])
async def test_a_connection_timeout_names_no_token(kind: type) -> None:
    token = SECRETS["CSBOT_TELEGRAM_TOKEN"]
    with stalled_port() as port:
        bot = Bot(token, base_url=f"http://127.0.0.1:{port}/bot",
                  request=kind(connect_timeout=0.2, pool_timeout=0.2))
        await bot.request.initialize()
        with pytest.raises(TimedOut) as caught:
            await bot.get_me()
        await bot.request.shutdown()
    shown = "".join(traceback.format_exception(caught.value))
    assert "Connection" in str(caught.value)  # it still says what happened
    assert token not in shown and token.split(":")[1] not in shown


def test_the_log_filter_masks_secrets_in_messages_arguments_and_tracebacks() -> None:
    env = {**SECRETS, "CSBOT_DATABASE_URL": "postgresql://csbot:dbSECRETpass@db/csbot", "CSBOT_PACK": "pastashop"}
    secrets = secrets_in(env)
    assert "dbSECRETpass" in secrets and "pastashop" not in secrets
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(Redactor(secrets)))
    logger = logging.getLogger("tests.faults.secrets")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("GET /bot%s/getMe", SECRETS["CSBOT_TELEGRAM_TOKEN"])
        logger.warning(f"slack said {SECRETS['CSBOT_SLACK_BOT_TOKEN']}")
        try:
            raise ConnectionError(f"to postgresql://csbot:dbSECRETpass@db and {SECRETS['CSBOT_DISCORD_TOKEN']}")
        except ConnectionError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    printed = stream.getvalue()
    assert printed.count(MASK) >= 4
    assert not any(s in printed for s in secrets)
