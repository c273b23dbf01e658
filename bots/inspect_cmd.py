"""`csbot conversations` and `csbot escalations`: what the store holds."""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.store import open_store


@asynccontextmanager
async def _reading(db: str):
    """Read-only: works beside a running csbot, which holds the SQLite file's writer lock."""
    store = open_store(db, read_only=True)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


def _when(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M") if at else ""


async def show_conversations(db: str, conversation_id: str | None, console: Console) -> int:
    async with _reading(db) as store:
        if conversation_id:
            conversation = await store.conversation_by_id(conversation_id, 200)
            if conversation is None:
                console.print(f"no conversation {escape(conversation_id)}")
                return 1
            console.print(f"[bold]{conversation.id}[/] {escape(conversation.address.key)} state={conversation.state}")
            for m in conversation.history:
                who = f"{m.role}{' · ' + m.author if m.author else ''}"
                console.print(f"[dim]{_when(m.at)}[/] [bold]{escape(who)}[/] › {escape(m.text)}")
            return 0
        table = Table("id", "where", "customer", "state", "messages")
        for conversation, count in await store.list_conversations(100):
            table.add_row(conversation.id, conversation.address.key, conversation.user_name, conversation.state, str(count))
        console.print(table)
    return 0


async def show_escalations(db: str, escalation_id: str | None, open_only: bool, console: Console) -> int:
    async with _reading(db) as store:
        if escalation_id:
            e = await store.get_escalation(escalation_id)
            if e is None:
                console.print(f"no escalation {escape(escalation_id)}")
                return 1
            console.print(f"[bold]{e.id}[/] {e.reason.value} {e.state.value} {escape(e.customer.key)} {escape(e.customer_name)}")
            console.print(f"summary: {escape(e.summary)}\ndetails: {e.details}\nnote: {escape(e.note)}")
            for state, actor, note, at in await store.escalation_history(e.id):
                console.print(f"  {_when(at)} {state} {escape(actor)} {escape(note)}")
            return 0
        table = Table("id", "reason", "state", "customer", "conversation", "by", "opened")
        for e in await store.list_escalations(open_only):
            table.add_row(e.id, e.reason.value, e.state.value, f"{e.customer.channel} {e.customer_name}", e.conversation_id, e.assignee, _when(e.created_at))
        console.print(table)
    return 0
