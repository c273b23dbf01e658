"""Which product is the most or the least of something: the products' own lines compared."""
from core.answers.question import read
from core.answers.superlative import asked


def test_the_pasta_that_cooks_fastest_is_the_one_with_the_shortest_cooking_time(pasta) -> None:
    # Tagliatelle 5 minutes against 9 to 14 for the others
    assert "Tagliatelle" in pasta.answer("which pasta cooks fastest?").text
    answer = pasta.answer("la sera ho pochissimo tempo, che pasta mi consigli che cuoce in fretta?")
    assert "Tagliatelle" in answer.text and "5 minuti" in answer.text


def test_cheapest_and_most_expensive_compare_prices_in_any_language(pasta, gadgets) -> None:
    assert "Orecchiette" in pasta.answer("welche Nudeln sind am günstigsten?").text  # 3.80 EUR
    assert "Nimbus" in gadgets.answer("what is your most expensive product?").text  # $329.00


def test_a_battery_is_compared_by_how_long_it_lasts_not_by_its_mah(gadgets) -> None:
    # the tablet's "8,000 mAh" is no 8,000 hours: the mouse's 70 days per charge lasts longest
    assert "Glide M3" in gadgets.answer("which has the longest battery?").text


def test_one_product_named_is_a_question_about_it_not_a_comparison(pasta) -> None:
    answer = pasta.answer("how fast does spaghetti cook?")
    assert "11 minutes" in answer.text and "Tagliatelle" not in answer.text


def test_a_fast_delivery_is_no_comparison_of_products() -> None:
    assert asked(read("what is the fastest shipping to germany?")) is None
    assert asked(read("can you cook it fast? i need it for tonight, ship express")) is None


def test_several_products_asked_together_each_get_their_own_line(gadgets, pasta) -> None:
    # not the bundle that holds them both: each product's price
    answer = gadgets.answer("how much is the keyboard and the mouse?").text
    assert "119.00" in answer and "39.00" in answer and "Work From Home" not in answer
    answer = gadgets.answer("weight of the speaker, the power bank and the webcam?").text
    assert "540 g" in answer and "360 g" in answer and "120 g" in answer
    answer = pasta.answer("price of the pesto and the sugo?").text
    assert "6.90" in answer and "4.90" in answer


def test_two_products_listed_with_and_are_one_question(gadgets) -> None:
    # "Tastatur und Maus" joins two products, not two questions: the first order's code still answers
    answer = gadgets.answer("ich bestell zum ersten mal bei euch, tastatur und maus. gibts nen gutscheincode? "
                            "und kann ich den mit dem studentenrabatt kombinieren?").text
    assert "WELCOME10" in answer


def test_a_question_about_offers_is_no_comparison_of_products() -> None:
    assert asked(read("what's the cheapest way to get a helmet with the bike?")) is None
    assert asked(read("which is the cheapest bundle?")) is None
    assert asked(read("which is your cheapest product?")) == ("price", True)
