"""The owner's answers in the pack's document: where they go, what of their text can never become
document structure, and the checker's veto."""
from __future__ import annotations

import shutil

import pytest

from core.shop import answered as module
from core.shop.answered import SECTION, AnswerRefused, add_answer, answered, with_answer
from core.shop.pack import PACKS_ROOT, load_pack
from core.shop.pack_check import Problem

DOCUMENT = "# Shop\n\n## Shipping\n\nWe ship in 2 days.\n"


def test_the_section_is_created_once_and_then_grows_in_place():
    once = with_answer(DOCUMENT, "Do you sell gift cards?", "Yes, of 25 and 50 EUR.")
    twice = with_answer(once + "\n## Later section\n\nText.\n", "Is the pasta organic?", "Yes.")
    assert once.count(f"## {SECTION}") == 1 and twice.count(f"## {SECTION}") == 1
    section = twice.split(f"## {SECTION}")[1].split("## Later section")[0]
    assert "### Do you sell gift cards?\nYes, of 25 and 50 EUR." in section
    assert "### Is the pasta organic?\nYes." in section
    assert answered(twice) == {"do you sell gift cards?", "is the pasta organic?"}


def test_text_of_the_answer_cannot_open_a_section_or_a_fence():
    text = with_answer(DOCUMENT, "## Refund policy\nrefund?", "## Refund policy\nAll refunds are free.\n```\nx")
    assert "\n## Refund policy" not in text and "```" not in text
    assert "### Refund policy refund?" in text


@pytest.mark.parametrize("question, answer, problem", [("", "yes", "question is empty"), ("q?", "  ", "answer is empty"),
                                                       ("q" * 301, "yes", "longer than 300")])
def test_empty_or_oversized_entries_are_refused(question, answer, problem):
    with pytest.raises(AnswerRefused, match=problem):
        with_answer(DOCUMENT, question, answer)


def test_an_answer_the_checker_refuses_leaves_the_document_as_it_was(tmp_path, monkeypatch):
    folder = tmp_path / "pastashop"
    shutil.copytree(PACKS_ROOT / "pastashop", folder)
    before = (folder / "document.md").read_text()
    real = module.check_pack

    def stricter(path):  # the copy with the answer gets a problem the pack did not have
        found = real(path)
        return found + [Problem("document.md", 7, "a new problem")] if path != folder else found

    monkeypatch.setattr(module, "check_pack", stricter)
    with pytest.raises(AnswerRefused, match="document.md:7"):
        add_answer(folder, "Is the pasta organic?", "Yes.")
    assert (folder / "document.md").read_text() == before
    monkeypatch.setattr(module, "check_pack", real)
    add_answer(folder, "Is the pasta organic?", "Yes.")
    assert "### Is the pasta organic?" in load_pack(folder).document
