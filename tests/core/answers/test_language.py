"""core.answers.language: the customer's language from a message, and a conversation's from its messages."""
import pytest

from core.answers.language import conversation_language, detect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Where is my order 1042?", "en"),
        ("How much is shipping to Germany?", "en"),
        ("Dov'è il mio ordine 7731?", "it"),
        ("Quanto costa la spedizione in Sicilia?", "it"),
        ("Che sughi avete?", "it"),
        ("Wo ist meine Bestellung 8890?", "de"),
        ("Wie viel kostet der Versand nach Deutschland?", "de"),
        ("Welche Produkte verkauft ihr?", "de"),
    ],
)
def test_detects_english_italian_and_german(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize("text", ["ok", "1042", "NW-20577", "", "👍"])
def test_too_little_to_tell_is_unknown(text: str) -> None:
    assert detect(text) is None


def test_a_short_reply_keeps_the_conversation_language() -> None:
    assert conversation_language(["Vorrei annullare il mio ordine.", "ok"]) == "it"
    assert conversation_language(["Wo ist mein Paket?", "yes"]) == "de"  # "yes" alone does not switch
    assert conversation_language(["Wo ist mein Paket?", "Where is my parcel, please?"]) == "en"
    assert conversation_language(["1042"], default="it") == "it"
    assert conversation_language(["1042"]) is None


def test_product_and_place_names_do_not_pass_for_their_language() -> None:
    assert detect("What does the Box Degustazione cost?") == "en"
    assert detect("Order 3312, new address: Hans Müller, Leopoldstraße 7, 80802 München, Germany.") != "de"
    assert conversation_language(["I need to change the address for my order.",
                                  "Anna Bianchi, Corso Vittorio Emanuele 22, 10121 Torino, Italy."]) == "en"
