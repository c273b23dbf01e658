"""One csbot process on a WooCommerce shop: a customer asks for a refund (unless a request is
already open) and staff approve it from the desk. Run by the double-refund fault test, which
kills it mid-refund and runs it again:

    python -m tests.support.desk_refund <db> <shop url> <CA file>

(CSBOT_WOOCOMMERCE_KEY / _SECRET in the environment.) Prints the conversation as it stands."""
from __future__ import annotations

import asyncio
import os
import sys

from bots.desk_actions import DeskActions
from bots.wiring import build_hub, close_hub
from core.messages import Address, Inbound
from tests.support.recorder import Recorder

ANN = Address("web", "ann")


async def main(db: str, url: str, ca: str) -> int:
    orders = {"source": "woocommerce", "url": url, "verify_tls": ca}
    hub = await build_hub("pastashop", None, db, orders=orders, env=dict(os.environ))
    for channel in ("web", "desk"):
        hub.register(channel, Recorder())
    try:
        if not await hub.store.list_escalations(open_only=True):
            said = "I want a refund of 6.90 EUR for order 1042, the jar of pesto arrived broken."
            await hub.receive(Inbound(ANN, said, "m1", user_name="Ann"))
        [escalation] = await hub.store.list_escalations(open_only=True)
        print(f"escalation {escalation.id} open", flush=True)
        result = await DeskActions(hub).decide(escalation.id, "approve", "Sam")
        print(f"desk: {result['message']}", flush=True)
        for message in await hub.store.recent_messages(escalation.conversation_id, 20):
            print(f"{message.role}{' ' + message.author if message.author else ''}: {message.text}", flush=True)
    finally:
        await close_hub(hub)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:4])))
