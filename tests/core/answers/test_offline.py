"""core.answers.offline: without a model, the few lines of the document that answer lead the reply."""
import re

import pytest

from core.answers.offline import OfflineAnswers
from core.shop.pack import load_pack


@pytest.fixture(scope="module")
def pasta():
    pack = load_pack("pastashop")
    return pack, OfflineAnswers(pack)


@pytest.fixture(scope="module")
def gadgets():
    pack = load_pack("gadgetstore")
    return pack, OfflineAnswers(pack)


def body(answer: str, pack_or_replies) -> list[str]:
    """The answer's lines after the offline label."""
    label = getattr(pack_or_replies, "replies", pack_or_replies).offline
    assert answer.startswith(label)
    return answer[len(label) :].strip().splitlines()


def test_germany_row_leads_the_shipping_answer(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("How much is shipping to Germany?"), pack)
    assert "Germany" in lines[0] and "9.90 EUR" in lines[0] and "3-5" in lines[0]
    assert len(lines) <= 4  # about three sentences and where the rest is
    assert lines[-1] == "For more, ask me about “shipping”."


def test_usa_row_is_reached(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("Do you ship to the USA?"), pack)
    assert "USA" in lines[0] and "29.90 EUR" in lines[0]


def test_no_markdown_syntax_in_a_quote(pasta) -> None:
    pack, offline = pasta
    for question in ("How much is shipping to Germany?", "shipping table", "What are the tagliatelle made of?"):
        text = offline.answer(question)
        assert not re.search(r"^\s*(#|- |\|)|\*\*", text, re.M), text


def test_asking_for_the_whole_table_gets_it(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("shipping table"), pack)
    assert sum("Zone:" in line for line in lines) == 6


def test_a_product_line_is_named_after_its_product(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("Quanti minuti di cottura servono per i paccheri?", pack.replies_in("it")), pack.replies_in("it"))
    assert lines[0] == "Paccheri di Gragnano IGP: Cooking time: 14 minutes"


def test_ingredients_come_with_the_allergens(pasta) -> None:
    pack, offline = pasta
    text = offline.answer("What are the tagliatelle made of?")
    assert "durum wheat semolina, eggs 28%" in text and "contains gluten (wheat) and egg" in text


def test_a_question_without_a_row_asks_which(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("How much does shipping cost?"), pack)
    assert lines[0] == pack.replies.ask_which


def test_product_list_and_not_sold(pasta) -> None:
    pack, offline = pasta
    assert "Our products: Spaghetti di Gragnano IGP, Paccheri" in offline.answer("Which kinds of pasta do you have?")
    assert body(offline.answer("Do you also sell wine?"), pack)[0].startswith("We do not sell wine")


def test_label_is_in_the_customer_language(pasta) -> None:
    pack, offline = pasta
    german = pack.replies_in("de")
    answer = offline.answer("Wie viel kostet der Versand nach Deutschland?", german)
    assert answer.startswith(german.offline) and "auf Englisch" in german.offline
    assert "9.90 EUR" in body(answer, german)[0]


def test_nothing_matching_gives_the_help_text(pasta) -> None:
    pack, offline = pasta
    assert offline.answer("???") == f"{pack.replies.offline}\n\n{pack.replies.help}"


def test_a_country_inside_a_region(gadgets) -> None:
    pack, offline = gadgets
    assert "$24.99" in body(offline.answer("Quanto costa la spedizione in Italia?"), pack)[0]


def test_the_for_more_line_names_what_to_ask_and_that_gets_it_all(pasta) -> None:
    pack, offline = pasta
    lines = body(offline.answer("Is there a discount code for a first order?"), pack)
    assert lines[0].startswith("Code BENVENUTO10") and lines[-1] == "For more, ask me about “discounts”."
    everything = body(offline.answer("discounts"), pack)
    assert len(everything) == 4 and any("PASTA5" in line for line in everything)
    assert not any("For more" in line for line in body(offline.answer("shipping"), pack))


def test_german_compounds_are_read_by_their_parts(pasta) -> None:
    pack, offline = pasta
    assert body(offline.answer("Gibt es einen Rabattcode?"), pack)[0].startswith("Code BENVENUTO10")
    assert "920 g" in body(offline.answer("Wie viel wiegt die Flasche Olivenöl?"), pack)[0]
