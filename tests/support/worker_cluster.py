"""Several `csbot run` processes on one database, taking Telegram updates over the webhook:
the harness of tests/scenarios/test_workers.py and bench/workers.py.

The model is the loopback fake Ollama answering "answer <tag>" for the tag in the customer's
message, so each reply says which message it answers. Webhook posts are spread over the workers
and retried on another worker on a connection error or a 5xx, as Telegram (or the proxy) does."""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.fakes.ollama_api import FakeOllama
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import reply

TOKEN = "123456:WORKERS"
SECRET = "workers-webhook-secret"
TAG = re.compile(r"\bc\d+m\d+\b")
ROOT = Path(__file__).resolve().parents[2]


def answer_for(messages: list[dict]) -> str:
    """The fake model's script: the tag of the last customer message, echoed."""
    for message in reversed(messages):
        if message.get("role") == "user":
            found = TAG.findall(message.get("content", ""))
            if found:
                return reply(f"answer {found[-1]}")
    return reply("answer none")


def model_for(latency: float = 0.0):
    if not latency:
        return answer_for

    async def slow(messages: list[dict]) -> str:
        await asyncio.sleep(latency)  # imitates the model's compute time
        return answer_for(messages)

    return slow


@dataclass
class Worker:
    name: str
    port: int
    process: asyncio.subprocess.Process
    log: Path
    alive: bool = True


@dataclass
class Cluster:
    folder: Path
    db: str
    telegram: FakeTelegram
    ollama: FakeOllama
    lease: float = 3.0
    workers: list[Worker] = field(default_factory=list)
    _updates: itertools.count = field(default_factory=lambda: itertools.count(1))
    _next: itertools.count = field(default_factory=itertools.count)
    session: aiohttp.ClientSession | None = None
    retries: int = 0
    delivered: dict[tuple[str, str], int] = field(default_factory=dict)  # (chat, text) -> sendMessage 200s
    order: dict[str, list[str]] = field(default_factory=dict)  # chat -> texts, in the order they arrived
    _waiting: dict[tuple[str, str], asyncio.Future] = field(default_factory=dict)
    _watcher: asyncio.Task | None = None

    async def start(self, count: int, timeout: float = 60.0, *, webhook: bool = True) -> None:
        """`count` workers taking updates over the webhook, or by long polling (one polls at a time)."""
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._watcher = asyncio.create_task(self._watch())
        await asyncio.gather(*(self._start_worker(f"w{i + 1}", timeout, webhook) for i in range(count)))

    async def _start_worker(self, name: str, timeout: float, webhook: bool = True) -> None:
        port = _free_port()
        receive = (
            f'webhook_url = "http://127.0.0.1:{port}/telegram"\nlisten = "127.0.0.1"\nport = {port}\n' if webhook else ""
        )
        config = self.folder / f"{name}.toml"
        config.write_text(
            f'pack = "pastashop"\nmodel = "ollama:llama3.1"\ndb = "{self.db}"\n'
            f'[model_settings]\nhost = "{self.ollama.url}"\n'
            f'[telegram]\nbase_url = "{self.telegram.base_url}"\n{receive}'
            f"[workers]\noutbox_lease = {self.lease}\n",
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "CSBOT_CONFIG": str(config),
            "CSBOT_TELEGRAM_TOKEN": TOKEN,
            "CSBOT_TELEGRAM_SECRET": SECRET,
            "CSBOT_WORKER": name,
            "PYTHONPATH": str(ROOT),
        }
        env.pop("CSBOT_DATABASE_URL", None)
        log = self.folder / f"{name}.log"
        process = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "csbot"), "-v", "run", cwd=self.folder, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=open(log, "wb"),
        )  # fmt: skip
        worker = Worker(name, port, process, log)
        self.workers.append(worker)
        await asyncio.wait_for(_until_line(process, b"telegram running"), timeout)

    async def poller(self, store) -> Worker | None:
        """The worker holding the Telegram poller lease (the holder id starts with its name)."""
        holder = await store.pool.fetchval(
            "SELECT holder FROM leases WHERE name = 'telegram-poller' AND expires_at > extract(epoch from clock_timestamp())"
        )
        return next((w for w in self.workers if holder and holder.startswith(f"{w.name}:")), None)

    def kill(self, worker: Worker) -> None:
        worker.process.send_signal(signal.SIGKILL)
        worker.alive = False

    async def stop(self) -> None:
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                await asyncio.wait_for(worker.process.wait(), 15)
            except TimeoutError:
                worker.process.kill()
                await worker.process.wait()
        if self.session is not None:
            await self.session.close()
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)

    async def _watch(self) -> None:
        """One reader of the fake's calls, so 200 waiting customers do not each rescan them."""
        count = 0
        while True:
            calls = await self.telegram.wait_for("sendMessage", count + 1, timeout=3600)
            for call in calls[count:]:
                if call.status != 200:
                    continue  # stalled or refused: the customer did not get it
                key = (call.params.get("chat_id", ""), call.params.get("text", ""))
                self.delivered[key] = self.delivered.get(key, 0) + 1
                self.order.setdefault(key[0], []).append(key[1])
                waiter = self._waiting.pop(key, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)
            count = len(calls)

    def logs(self) -> str:
        return "\n".join(f"--- {w.name}\n{w.log.read_text(errors='replace')[-3000:]}" for w in self.workers)

    async def say(self, chat_id: int, text: str) -> None:
        """Post one customer message over the webhook; on a connection error or a 5xx the same
        update goes to the next worker, as Telegram's retry through the proxy would."""
        message = self.telegram.message(chat_id, first_name=f"C{chat_id}")
        message["text"] = text
        body = json.dumps({"update_id": next(self._updates), "message": message})
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        assert self.session is not None
        for attempt in range(30):
            worker = self.workers[next(self._next) % len(self.workers)]
            try:
                async with self.session.post(f"http://127.0.0.1:{worker.port}/telegram", data=body, headers=headers) as r:
                    if r.status == 200:
                        return
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError):
                pass
            self.retries += 1
        raise AssertionError(f"no worker took {text!r} after 30 tries")

    async def answered(self, chat_id: int, tag: str, timeout: float = 30.0) -> None:
        key = (str(chat_id), f"answer {tag}")
        if self.delivered.get(key):
            return
        waiter = self._waiting.setdefault(key, asyncio.get_running_loop().create_future())
        await asyncio.wait_for(asyncio.shield(waiter), timeout)


async def _until_line(process: asyncio.subprocess.Process, marker: bytes) -> None:
    assert process.stdout is not None
    seen = b""
    while True:
        line = await process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited before it was ready:\n{seen.decode(errors='replace')}")
        seen += line
        if marker in line:
            asyncio.create_task(_drain(process.stdout))  # keep the pipe from filling up
            return


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a live process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds(parent: int) -> float:
    """CPU time of a process's live children (PostgreSQL's backends under its postmaster)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return total
