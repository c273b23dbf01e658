"""`csbot conversations` and `csbot escalations`: what the store holds (read-only, so they work
beside a running csbot). Stored text is shown inert: a customer's name is never Rich markup or a
terminal escape sequence; ids are never cut, so they can be pasted."""
from __future__ import annotations

import sys
from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bots.store_view import StoreUnavailable, StoreView
from bots.terminal import inert


def _when(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _ids_table(ids: list[str], *columns: str) -> Table:
    table = Table()
    table.add_column(columns[0], no_wrap=True, min_width=max((len(i) for i in ids), default=2))
    for column in columns[1:]:
        table.add_column(column, overflow="fold")
    return table


async def show_conversations(db: str, conversation_id: str | None, console: Console) -> int:
    try:
        async with StoreView(db) as store:
            return await _conversations(store, conversation_id, console)
    except StoreUnavailable as error:
        print(f"csbot: {error}", file=sys.stderr)  # one line, whatever the terminal's width
        return 2  # as every store error of the CLI


async def _conversations(store: StoreView, conversation_id: str | None, console: Console) -> int:
    if conversation_id:
        conversation = await store.conversation_by_id(conversation_id, 200)
        if conversation is None:
            console.print(inert(f"no conversation {conversation_id}"))
            return 1
        console.print(Text(conversation.id, style="bold") + inert(f" {conversation.address.key} state={conversation.state}"))
        for m in conversation.history:
            who = f"{m.role}{' · ' + m.author if m.author else ''}"
            console.print(Text(_when(m.at), style="dim") + Text(" ") + inert(who, "bold") + Text(" › ") + inert(m.text))
        return 0
    rows = await store.list_conversations(100)
    table = _ids_table([c.id for c, _ in rows], "id", "where", "customer", "state", "messages")
    for conversation, count in rows:
        table.add_row(conversation.id, inert(conversation.address.key), inert(conversation.user_name), conversation.state, str(count))
    console.print(table)
    return 0


async def show_escalations(db: str, escalation_id: str | None, open_only: bool, console: Console) -> int:
    try:
        async with StoreView(db) as store:
            return await _escalations(store, escalation_id, open_only, console)
    except StoreUnavailable as error:
        print(f"csbot: {error}", file=sys.stderr)  # one line, whatever the terminal's width
        return 2  # as every store error of the CLI


async def _escalations(store: StoreView, escalation_id: str | None, open_only: bool, console: Console) -> int:
    if escalation_id:
        e = await store.get_escalation(escalation_id)
        if e is None:
            console.print(inert(f"no escalation {escalation_id}"))
            return 1
        console.print(Text(e.id, style="bold") + inert(f" {e.reason.value} {e.state.value} {e.customer.key} {e.customer_name}"))
        console.print(inert(f"summary: {e.summary}\ndetails: {e.details}\nnote: {e.note}"))
        for state, actor, note, at in await store.escalation_history(e.id):
            console.print(inert(f"  {_when(at)} {state} {actor} {note}"))
        return 0
    found = await store.list_escalations(open_only)
    table = _ids_table([e.id for e in found], "id", "reason", "state", "customer", "conversation", "by", "opened")
    table.columns[4].no_wrap, table.columns[4].min_width = True, max((len(e.conversation_id) for e in found), default=2)
    for e in found:
        table.add_row(e.id, e.reason.value, e.state.value, inert(f"{e.customer.channel} {e.customer_name}"),
                      e.conversation_id, inert(e.assignee), _when(e.created_at))
    console.print(table)
    return 0
