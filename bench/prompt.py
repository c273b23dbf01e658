"""Prompt size, prefix-cache reuse and retrieval recall, for the demo packs and generated catalogues.

    python -m bench.prompt [--questions 500] [--json out.json]

Reuse: a 10-turn conversation runs through the hub with a two-step scripted model; each model
call's chat is joined into one string with Llama 3's chat template (as Ollama or llama.cpp would)
and compared with the previous call's: the shared leading characters are what a server's prefix
cache can reuse. Recall: for questions about random products, is the product's section in the prompt?
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.catalogue import Question, questions, write_pack
from bench.common import Report, emit
from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Outbound
from core.models.scripted import ScriptedModel
from core.shop.pack import KnowledgePack, load_pack
from core.turn.prompt import PromptBuilder, PromptSettings
from core.answers.retrieval import estimate_tokens
from core.safety.triage import Triage

TURNS = 10
BUDGET = 6000
DEMO_PACKS = ("pastashop", "gadgetstore")
CATALOGUES = (1_000, 10_000)
TEMPLATES = (
    "How much does the {name} cost?",
    "What does the {name} weigh?",
    "What are the dimensions of the {name}?",
    "Tell me more about the {name}, please.",
    "Is the {name} a good gift?",
)


def as_served(chat: list[dict[str, str]]) -> str:
    """The chat as a model server's template turns it into one token stream (Llama 3)."""
    parts = ["<|begin_of_text|>"]
    parts += [f"<|start_header_id|>{m['role']}<|end_header_id|>\n\n{m['content']}<|eot_id|>" for m in chat]
    parts.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
    return "".join(parts)


def shared_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def product_names(pack: KnowledgePack) -> list[str]:
    products = next((s.body for s in pack.sections if s.title.casefold() == "products"), "")
    return [line[4:].strip() for line in products.splitlines() if line.startswith("### ")]


def conversation_texts(pack: KnowledgePack, seed: int) -> list[str]:
    """Ordinary product questions; ones triage would hand to staff (a gluten-free product's name
    reads as a health question) are skipped, so every turn reaches the model."""
    rng = random.Random(seed)
    names = product_names(pack) or [pack.name]
    triage, texts = Triage(pack.triage_terms), []
    while len(texts) < TURNS:
        text = rng.choice(TEMPLATES).format(name=rng.choice(names))
        if triage.classify(text).reason == "none":
            texts.append(text)
    return texts


@dataclass(slots=True)
class Conversation:
    served: list[str]  # every model call's prompt, as served

    def reuse(self) -> list[float]:
        return [shared_prefix(b, a) / len(b) for a, b in zip(self.served, self.served[1:])]


async def converse(pack: KnowledgePack, seed: int, chat_id: str, history: int | None = None) -> Conversation:
    resource = next((n for n, r in pack.resources.items() if not r.internal), None)

    def two_step(chat: list[dict[str, str]]) -> str:
        if resource and "customer: " in chat[-1]["content"]:  # large packs put excerpts before it
            return f"cat {resource}"
        return 'echo $ "Here is what I found about it: it is one of our most popular products."\necho $ "evaluation: safe"'

    async def ignore(outbound: Outbound) -> None:
        return None

    model = ScriptedModel(two_step)
    settings = EngineSettings(seed=seed)
    if history is not None:  # a window that never slides in this conversation, to show what sliding costs
        settings = EngineSettings(seed=seed, history_messages=history, prompt=PromptSettings(history_messages=history))
    hub = await build_hub(pack, model, ":memory:", settings=settings)
    hub.register("bench", ignore)
    hub.register("desk", ignore)
    try:
        for n, text in enumerate(conversation_texts(pack, seed)):
            await hub.receive(Inbound(Address("bench", chat_id), text, event_id=f"{chat_id}.{n}", user_name="Ann"))
    finally:
        await close_hub(hub)
    return Conversation([as_served(chat) for chat in model.calls])


def ranks(builder: PromptBuilder, asked: list[Question]) -> list[int]:
    """Where the right product's chunk ranks in the retrieval search (1 = first; 0 = not found)."""
    assert builder.index is not None
    where = {chunk.title: n for n, chunk in enumerate(builder.index.chunks)}
    found = []
    for question in asked:
        order = [index for _, index in builder.index.search(question.text)]
        target = where[question.product.name]
        found.append(order.index(target) + 1 if target in order else 0)
    return found


def recall(builder: PromptBuilder, asked: list[Question]) -> tuple[float, float, int]:
    """Shares of questions whose product section is in the prompt: as a first message, and after
    a question about another product (the previous question joins the retrieval query)."""
    first = later = 0
    doc_tokens = 0
    for n, question in enumerate(asked):
        section = question.product.markdown()
        chat = builder.messages([], question.text, [])
        first += section in "\n".join(m["content"] for m in chat)
        previous = asked[n - 1]
        history = [_said("customer", previous.text), _said("bot", "It costs what the list says.")]
        chat = builder.messages(history, question.text, [])
        later += section in "\n".join(m["content"] for m in chat)
        excerpts = [m["content"] for m in chat if m["content"].startswith("[document excerpts]")]
        doc_tokens = max(doc_tokens, sum(estimate_tokens(e) for e in excerpts))
    return first / len(asked), later / len(asked), doc_tokens


def _said(role: str, text: str):
    from core.store.base import StoredMessage

    return StoredMessage(role, text)


async def measure_pack(report: Report, label: str, pack: KnowledgePack, asked: list[Question] | None) -> None:
    started = time.perf_counter()
    builder = PromptBuilder(pack, PromptSettings(budget_tokens=BUDGET))
    build_ms = (time.perf_counter() - started) * 1000
    one = await converse(pack, seed=1, chat_id="one")
    two = await converse(pack, seed=2, chat_id="two")
    sizes = [len(s) for s in one.served]
    reuse = one.reuse()
    across = shared_prefix(two.served[0], one.served[0]) / len(two.served[0])
    mode = "retrieved by chunk" if builder.retrieves else "whole document"
    report.add(f"[{label}] document", f"{estimate_tokens(pack.document):,} tokens, {mode}")
    report.add(f"[{label}] prompt builder ready", build_ms, "ms")
    report.add(f"[{label}] model calls in the conversation", len(sizes), "", f"= {2 * TURNS}", len(sizes) == 2 * TURNS)
    report.add(f"[{label}] prompt per call (mean)", sum(sizes) / len(sizes), "chars")
    report.add(f"[{label}] prompt per call (mean / max)",
               f"{sum(sizes) / len(sizes) / 4:,.0f} / {max(sizes) / 4:,.0f}", "tokens (est.)")
    mean_reuse, low_reuse = sum(reuse) / len(reuse), min(reuse)
    report.add(f"[{label}] reused prefix, mean over calls 2..{len(sizes)}", f"{mean_reuse * 100:.1f}%", "",
               ">= 90%", mean_reuse >= 0.9)
    report.add(f"[{label}] reused prefix, lowest call", f"{low_reuse * 100:.1f}%", "", ">= 90%", low_reuse >= 0.9)
    report.add(f"[{label}] first call shared with another conversation", f"{across * 100:.1f}%")
    unslid = min((await converse(pack, seed=1, chat_id="wide", history=4 * TURNS)).reuse())
    report.add(f"[{label}] reused prefix, lowest call, if the history window never slid",
               f"{unslid * 100:.1f}%")
    if asked is not None:
        first, later, doc_tokens = recall(builder, asked)
        target = ">= 0.98" if len(product_names(pack)) >= 10_000 else ""
        report.add(f"[{label}] recall, first message ({len(asked)} questions)", round(first, 4), "",
                   target, (first >= 0.98) if target else None)
        report.add(f"[{label}] recall, after a question about another product", round(later, 4), "",
                   target, (later >= 0.98) if target else None)
        report.add(f"[{label}] document in prompt (fixed + excerpts, max)",
                   f"{estimate_tokens(builder.prefix) - estimate_tokens(_front(builder)) + doc_tokens:,}",
                   "tokens (est.)", f"budget {BUDGET:,}")
        found = ranks(builder, asked)
        at = {k: sum(1 for r in found if 0 < r <= k) / len(found) for k in (1, 3, 10)}
        report.add(f"[{label}] right chunk ranked 1st / top 3 / top 10",
                   " / ".join(f"{at[k]:.3f}" for k in (1, 3, 10)))


def _front(builder: PromptBuilder) -> str:
    """The prefix without the document: rules and the resource and program indexes."""
    head, _, rest = builder.prefix.partition("# Shop document\n\n")
    _, _, tail = rest.partition("\n\n# Resources (read with cat)")
    return head + tail


async def run(questions_per_catalogue: int = 500, catalogues: tuple[int, ...] = CATALOGUES) -> Report:
    started = time.perf_counter()
    report = Report("Prompt size, prefix reuse and retrieval recall")
    for name in DEMO_PACKS:
        await measure_pack(report, name, load_pack(name), None)
    with tempfile.TemporaryDirectory(prefix="csbot-catalogue-") as folder:
        for count in catalogues:
            path, items = write_pack(Path(folder) / f"catalogue{count}", count)
            asked = questions(items, questions_per_catalogue)
            await measure_pack(report, f"{count:,} products", load_pack(path), asked)
    report.notes.append(f"reuse: {TURNS}-turn conversation, two model calls a turn (cat, then echo), prompts joined "
                        "with the Llama 3 chat template; share = leading characters equal to the previous call's")
    report.notes.append("recall: the product's whole section is in the prompt; questions name the product "
                        "(price, weight, dimensions, colours, warranty) with the PromptBuilder's own budget")
    if any(f.met is False and "reused prefix" in f.label for f in report.figures):
        report.notes.append("where reuse drops: (1) once per block of history_messages, when the history "
                            "window moves on; (2) a cat's output is new text inside a turn; with retrieval each "
                            "customer message carries its own excerpts, rebuilt byte-identical on later turns")
    report.seconds = time.perf_counter() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.questions)), args.json)


if __name__ == "__main__":
    main()
