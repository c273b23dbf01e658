"""The demo packs' offline answerers, built once per test module (building one reads the pack)."""
import pytest

from core.answers.answerer import OfflineAnswerer
from core.shop.pack import load_pack


@pytest.fixture(scope="module")
def pasta() -> OfflineAnswerer:
    return OfflineAnswerer(load_pack("pastashop"))


@pytest.fixture(scope="module")
def gadgets() -> OfflineAnswerer:
    return OfflineAnswerer(load_pack("gadgetstore"))


@pytest.fixture(scope="module")
def bikes() -> OfflineAnswerer:
    return OfflineAnswerer(load_pack("ciclofficina"))  # a pack written in Italian
