"""core.answers.kinds, question and places: what kind of question, which places, which words,
read from plain strings."""
import pytest

from core.answers.kinds import kinds_of
from core.answers.places import places_in, region
from core.answers.question import clauses, read
from core.answers.words import fold


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can I pay with Apple Pay?", "payment"),
        ("kann ich per überweisung bezahlen", "payment"),
        ("Can I return an opened jar of pesto?", "policy"),
        ("posso restituire il casco?", "policy"),
        ("Paket kam kaputt an, bis wann muss ich mich melden?", "policy"),
        ("mandate il parmigiano anche in svizzera?", "shipping"),
        ("Wie lange dauert der Versand?", "shipping"),
        ("what are ur customer service hours?", "contact"),
        ("any bundle deals?", "promotion"),
        ("was empfehlen Sie als Geschenk?", "promotion"),
    ],
)
def test_kind_of_a_question(text: str, kind: str) -> None:
    assert kinds_of(" ".join(read(text).folded.split()))[0] == kind


def test_a_delivery_address_is_about_an_order_not_the_shop() -> None:
    assert "contact" not in kinds_of(fold("Kann man die Lieferadresse noch ändern?"))
    assert "contact" in kinds_of(fold("what is your address?"))


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("do you ship to Munich?", ["Germany"]),
        ("spedite in svizzera e in austria?", ["Switzerland", "Austria"]),
        ("Versand nach Österreich", ["Austria"]),
        ("ship to the us?", ["USA"]),
        ("can you tell us the price", []),  # "us" the pronoun
        ("se ordino alle 3 ora di portland", []),  # a time zone, not a destination
    ],
)
def test_places_a_customer_names(text: str, places: list[str]) -> None:
    assert places_in(" ".join(read(text).folded.split())) == places


def test_regions() -> None:
    assert region("Germany") == "eu" and region("Switzerland") == "europe" and region("Japan") == "world"


def test_words_as_document_words_and_chat_spellings() -> None:
    question = read("wheres ur parmesan from??")
    assert "where" in question.folded and "your" in question.folded
    assert any("parmigiano" in u.stands_for for u in question.units)


def test_figures_are_not_topics() -> None:
    units = read("se ordino alle 3 del pomeriggio, parte lo stesso giorno?").units
    assert [u.word for u in units if u.number] == ["3"]


def test_unknown_words_stay_as_asked() -> None:
    organic = [u for u in read("is your pasta organic?").units if u.word == "organic"]
    assert organic and organic[0].stands_for == {"organic"}


def test_a_message_is_cut_into_its_questions() -> None:
    assert clauses("hi! how much is the pesto? and do you ship to austria?") == [
        "how much is the pesto", "and do you ship to austria"
    ]


def test_a_typo_is_mended_against_the_pack_words() -> None:
    question = read("parmigano price", mend=lambda w: "parmigiano" if w == "parmigano" else None)
    assert any("parmigiano" in u.stands_for for u in question.units)
