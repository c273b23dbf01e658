"""The grounding screen: figures, places, codes and addresses a reply states must be the pack's."""
import pytest

from core.safety.figures import figures
from core.safety.grounding import FactIndex
from core.safety.lexicon.text import fold
from core.shop.pack import load_pack


@pytest.fixture(scope="module")
def pasta() -> FactIndex:
    return FactIndex.of_pack(load_pack("pastashop"))


@pytest.fixture(scope="module")
def gadgets() -> FactIndex:
    return FactIndex.of_pack(load_pack("gadgetstore"))


def read(text: str) -> list[tuple[str, float, float]]:
    return [(f.unit, f.low, f.high) for f in figures(fold(text))]


@pytest.mark.parametrize("written", ["9,90 €", "€9.90", "9.90 EUR", "EUR 9,90", "9.90 euro"])
def test_one_amount_however_it_is_written(written) -> None:
    assert read(written) == [("EUR", 9.9, 9.9)]


@pytest.mark.parametrize("written", ["three days", "3 days", "tre giorni", "drei Tage", "3 working days", "3 Werktage"])
def test_one_duration_in_words_or_digits_in_three_languages(written) -> None:
    assert read(written) == [("day", 3.0, 3.0)]


def test_ranges_weights_clock_times_and_thousands() -> None:
    assert read("3-5 giorni lavorativi") == [("day", 3.0, 5.0)]
    assert read("da 3 a 5 giorni") == [("day", 3.0, 5.0)]
    assert read("1 kg") == read("1000 g") == [("g", 1000.0, 1000.0)]
    assert read("20,000 mAh") == [("mah", 20000.0, 20000.0)]
    assert read("5:00 pm") == read("17:00") == [("clock", 1020, 1020)]


def test_the_issue_s_lying_reply_is_caught_and_the_true_one_passes(pasta) -> None:
    lie = pasta.check("Shipping to Germany costs 2.50 EUR and takes 1 working day.")
    assert not lie.ok and set(lie.spans) == {"2.50 EUR", "1 day"}
    assert pasta.check("Shipping to Germany costs 9.90 EUR and takes 3-5 working days.").ok
    assert pasta.check("La spedizione in Germania costa 9,90 € e richiede da tre a cinque giorni lavorativi.").ok
    assert pasta.check("Der Versand nach Deutschland kostet 9,90 EUR und dauert 3-5 Werktage.").ok


def test_a_true_figure_said_of_the_wrong_country_or_product_is_caught(pasta) -> None:
    assert not pasta.check("Shipping to Germany costs 13.90 EUR.").ok  # the EU zone 2 price
    assert not pasta.check("The Spaghetti di Gragnano cost 4.20 EUR.").ok  # the paccheri's price
    assert pasta.check("The Paccheri di Gragnano cost 4.20 EUR and cook in 14 minutes.").ok
    assert not pasta.check("Our paccheri are great. They cook in 11 minutes.").ok  # the spaghetti's time


def test_codes_addresses_and_places_must_be_the_pack_s(pasta, gadgets) -> None:
    assert pasta.check("Use BENVENUTO10 for 10% off, or write to ciao@bottegadellapasta.example.").ok
    assert pasta.check("Use PASTA10 for 10% off.").spans[0] == "PASTA10"
    assert pasta.check("Write to help@pasta-shop.com").spans == ("help@pasta-shop.com",)
    assert not pasta.check("See www.cheap-pasta.example/deals for more.").ok
    assert gadgets.check("Shipping to France costs $24.99.").ok  # "EU countries" covers France
    assert gadgets.check("Shipping to Brazil costs $34.99.").ok  # "all other countries"


def test_this_turn_s_program_output_and_the_customer_s_numbers_count(pasta) -> None:
    output = "Order 1042 left our warehouse on 2026-12-02 with BRT, tracking number BRT0801042IT."
    reply = "Your order 1042 left on 2026-12-02, tracking number BRT0801042IT."
    assert pasta.check(reply, "where is order 1042?", [output]).ok
    assert not pasta.check(reply, "where is order 1042?").ok  # without the program it is invented
    assert not pasta.check("Your order arrives on 2026-12-24.", "where is order 1042?", [output]).ok


@pytest.mark.parametrize("reply", ["<message>", "{reply}", "...", "", "  ", "[insert answer here]"])
def test_an_empty_reply_or_a_template_placeholder_never_passes(pasta, reply) -> None:
    verdict = pasta.check(reply)
    assert not verdict.ok and verdict.kind == "empty"


def test_what_the_customer_asked_about_is_what_a_bare_reply_talks_about(pasta) -> None:
    assert pasta.check("They cost 4.20 EUR.", "How much are the paccheri?").ok
    assert not pasta.check("They cost 4.20 EUR.", "How much are the spaghetti?").ok


def test_a_name_the_shop_never_wrote_is_caught(pasta, gadgets) -> None:
    assert pasta.check("We also sell Linguine al Nero di Seppia.").spans == ("Linguine al Nero di Seppia",)
    assert not pasta.check("You can pay with Apple Pay.").ok  # the pasta shop does not take it
    assert gadgets.check("You can pay with Apple Pay.").ok
    assert pasta.check("Hello Alice Smith! Our Spaghetti di Gragnano IGP cost 3.90 EUR.", "Alice Smith\nprice?").ok
    assert pasta.check("Der Versand nach Deutschland kostet 9,90 €. Vielen Dank für Ihre Bestellung!").ok


def test_a_reply_without_figures_passes(pasta) -> None:
    assert pasta.check("Every order has a tracking number, sent by e-mail.").ok
