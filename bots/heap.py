"""The collector's settings for a long-running bot, applied once everything is loaded.

A started bot holds some hundred thousand objects that live as long as the process (the pack,
its indexes, the classifier, the libraries): with CPython's defaults every full collection walks
them all, and under load (200 chats at once) the collector ran every ~700 allocations and cost
about a seventh of a message's CPU (measured with gc.callbacks in the running bot). Almost
everything a turn allocates is freed by reference counting; the collector is only there for
cycles, which a turn makes few of.
"""
from __future__ import annotations

import gc

# Allocations (net of frees) between young collections: CPython's 700 made one every few
# messages; at this size one comes every few hundred messages, a few ms each, and the cyclic
# garbage it waits for stays in the low megabytes.
YOUNG_THRESHOLD = 50_000


def settle_heap() -> None:
    """Collect once, then leave what exists now out of later collections (gc.freeze) and collect
    the young generation less often. Call after start-up: objects made later are collected as
    usual (a reloaded pack too); the frozen ones are freed by reference counting when dropped,
    so only a dropped object in a reference cycle stays until the process ends."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
