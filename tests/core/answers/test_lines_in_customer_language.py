"""An English pack's lines said to Italian and German customers, a product's first aid before its
returns rule, and follow-ups that ask more of the same shipping or of codes."""


def test_how_long_food_keeps_is_said_in_the_customers_language(pasta) -> None:
    answer = pasta.answer("il pesto una volta aperto quanti giorni dura in frigo")
    assert "12 mesi se chiuso" in answer.text and "consumare entro 5 giorni" in answer.text
    answer = pasta.answer("wie lange hält der Parmesan?")
    assert "6 Monate vakuumverpackt im Kühlschrank" in answer.text


def test_prices_with_vat_and_the_ways_of_paying_are_said_in_italian(pasta) -> None:
    assert "IVA compresa" in pasta.answer("i prezzi sono iva compresa?").text
    answer = pasta.answer("posso pagare con bonifico? oppure va bene anche paypal").text
    assert "bonifico bancario (solo Italia)" in answer


def test_two_codes_asked_together_in_german_get_the_rule_on_combining_them(pasta) -> None:
    answer = pasta.answer("kann ich BENVENUTO10 und PASTA5 kombinieren?").text
    assert "nicht kombiniert werden" in answer and "nach der Bestellung nicht mehr" in answer


def test_a_products_first_aid_comes_before_the_returns_rule(gadgets) -> None:
    answer = gadgets.answer("left earbud on my aurora stopped playing anything, right one is fine. any fix before i send it back?")
    assert "hold the case button for 15 seconds" in answer.text
    answer = gadgets.answer("il pc non vede la webcam lumen, l'ho attaccata all'hub usb della scrivania. che faccio?")
    assert "not through a hub" in answer.text


def test_a_second_question_about_the_same_shipping_keeps_the_country(pasta) -> None:
    answer = pasta.answer("mia figlia vive a bruxelles, ci spedite? con chi e quanto costa").text
    assert "9.90" in answer and "DHL" in answer


def test_sweat_is_read_as_the_water_rating(gadgets) -> None:
    answer = gadgets.answer("aurora x2 price? and r they sweatproof, i want them for the gym").text
    assert "79.00" in answer and "IPX4" in answer


def test_a_cooking_guide_answers_what_the_products_card_does_not_in_the_customers_language(pasta) -> None:
    answer = pasta.answer("spaghetti quanti minuti di cottura? e il pesto lo devo scaldare in padella?").text
    assert "11 minuti" in answer and "Non scaldarlo" in answer
    assert "Nicht erhitzen" in pasta.answer("muss ich das Pesto erhitzen?").text


def test_how_much_with_nothing_after_it_asks_the_price(gadgets) -> None:
    answer = gadgets.answer("3 in 1 charging dock, how much and does it come with a wall plug or do i need my own brick").text
    assert "69.00" in answer and "power adapter" in answer
    assert "540 g" in gadgets.answer("how much does the speaker weigh?").text


def test_a_recommendation_for_a_product_gives_its_offer_and_the_fact_that_fits_the_use(gadgets, pasta) -> None:
    answer = gadgets.answer("Was könnt ihr mir zum Joggen empfehlen, Kopfhörer die Schweiß abkönnen?").text
    assert "On-the-Go" in answer and "IPX4" in answer
    assert "Cantucci" in pasta.answer("i love a biscotti with my coffee, what have u got?").text


def test_a_version_the_products_lines_do_not_give_is_said_to_be_unknown(gadgets) -> None:
    # the tablet's line says Android 14: of Android 15 the pack says nothing
    assert "says nothing more" in gadgets.answer("when will the nimbus 11 get android 15?").text
    answer = gadgets.answer("does the orbit s work with android 10?").text
    assert "Android 10 or later" in answer and "says nothing more" not in answer


def test_what_a_figure_is_measured_on_is_said_in_the_customers_language(pasta, gadgets) -> None:
    assert "1 kg (spicchio sottovuoto)" in pasta.answer("quanto pesa il parmigiano?").text
    assert "Deperibile: Sì" in pasta.answer("il parmigiano è deperibile?").text
    assert "5 ATM (Schwimmen im Pool)" in gadgets.answer("Kann ich mit der Uhr schwimmen?").text


def test_free_shipping_rows_and_rules_asked_without_a_country_are_said_in_german(pasta, gadgets) -> None:
    answer = pasta.answer("ab wieviel euro ist der versand kostenlos?").text
    assert "Italien: 5.90 EUR, kostenlos ab 49 EUR, 1-2 Werktage" in answer
    answer = pasta.answer("ist der Versand nach Österreich kostenlos?").text
    assert "9.90 EUR" in answer and "Ins Ausland gibt es keinen kostenlosen Versand" in answer
    answer = gadgets.answer("ab wann ist der Versand gratis?").text
    assert "ab einem Bestellwert von $75.00" in answer


def test_the_shops_address_and_mail_keep_their_value_under_the_customers_label(pasta) -> None:
    assert pasta.answer("dove siete?").text == "Indirizzo: Via Roma 48, 80054 Gragnano (NA), Italy"
    answer = pasta.answer("wie kann ich euch kontaktieren?").text
    assert "E-Mail: ciao@bottegadellapasta.example" in answer and "Montag bis Freitag" in answer
