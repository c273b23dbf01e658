"""bots/heap.py: what a started bot holds is left out of later collections; new cycles are still collected."""
from __future__ import annotations

import gc
import weakref

import pytest

from bots.heap import YOUNG_THRESHOLD, settle_heap


@pytest.fixture
def restored_collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_loaded_objects_are_frozen_and_young_collections_are_rarer(restored_collector):
    before = gc.get_threshold()
    settle_heap()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG_THRESHOLD, before[1], before[2])


def test_a_cycle_made_after_settling_is_still_collected(restored_collector):
    settle_heap()
    dropped = _cycle()
    assert dropped() is not None  # a cycle: reference counting alone does not free it
    gc.collect()
    assert dropped() is None
