"""A policy line is said in the customer's language only when its clauses cover it, figures kept."""
from core.answers.gist import say


def test_an_english_policy_line_is_said_in_italian_and_german_with_its_figures():
    line = "Damaged or wrong items: tell us within 48 hours of delivery with a photo of the product and the box; we pay the return shipping."
    italian, german = say(line, "en", "it"), say(line, "en", "de")
    assert "entro 48 ore dalla consegna" in italian and "paghiamo noi" in italian
    assert "innerhalb von 48 Stunden nach Lieferung" in german


def test_an_italian_line_is_said_in_english():
    line = "Gli ordini si possono annullare finché non sono partiti dal nostro magazzino; dopo, i prodotti si possono restituire secondo la politica dei resi."
    assert say(line, "it", "en").startswith("Orders can be cancelled")


def test_a_line_the_clauses_do_not_cover_is_quoted_as_written():
    assert say("Opened goods cannot be returned, except the limited edition tins sold at the Gragnano fair.", "en", "it") is None
    assert say("Opened goods cannot be returned, unless they are faulty.", "en", "en") is None


def test_shipping_days_and_a_shop_s_closing_days_are_said_with_their_names_in_the_customer_s_language():
    assert say("Il lunedì e la domenica il negozio e l'officina sono chiusi.", "it", "de") == \
        "Am Montag und Sonntag sind Laden und Werkstatt geschlossen."
    italian = say("Orders placed before 2:00 pm Pacific Time on a business day leave the same day.", "en", "it")
    assert "2:00 pm" in italian and "stesso giorno" in italian


def test_a_bundle_keeps_its_names_and_figures_and_a_line_with_an_unsaid_word_is_quoted():
    trio = "Trio di Gragnano: one pack each of Spaghetti, Paccheri and Orecchiette (3 x 500 g). 10.90 EUR instead of 11.90 EUR."
    assert say(trio, "en", "de") == \
        "Trio di Gragnano: Je eine Packung Spaghetti, Paccheri und Orecchiette (3 x 500 g). 10.90 EUR statt 11.90 EUR."
    assert say("Box Dolce Pausa: 2 bags of Cantucci toscani alle mandorle. 11.90 EUR instead of 13.00 EUR.", "en", "it") is None


def test_where_an_italian_shop_ships_said_in_english_and_german() -> None:
    line = "Non spediamo fuori dall'Europa (per esempio Stati Uniti, Canada, Australia) né in Norvegia."
    assert say(line, "it", "en") == "We do not ship outside Europe (for example USA, Canada, Australia) nor to Norway."
    assert "nicht außerhalb Europas" in say(line, "it", "de") and "Norwegen" in say(line, "it", "de")
    line = "La spedizione gratuita vale solo in Italia (isole comprese), per ordini da 69 EUR. All'estero la spedizione non è mai gratuita."
    assert say(line, "it", "de") == ("Kostenloser Versand gilt nur in Italien (Inseln inbegriffen), für Bestellungen ab 69 EUR. "
                                     "Ins Ausland ist der Versand nie kostenlos.")


def test_what_an_italian_product_line_says_it_does_not_fit_is_said_in_german_and_english():
    line = "trasmissioni a 11 velocità Shimano e SRAM; non compatibile con 10 o 12 velocità"
    assert say(line, "it", "de") == "11-fach-Schaltungen Shimano und SRAM; nicht kompatibel mit 10- oder 12-fach."
    assert "not suitable for 26- or 27,5-inch rims" in say("cerchi da 28 pollici (622 mm); non adatto ai cerchi da 26 o 27,5 pollici", "it", "en")
    assert say("non adatto a telai in carbonio.", "it", "de") == "Nicht geeignet für Carbonrahmen."
    assert say("non adatto a telai in alluminio e carbonio.", "it", "de") is None  # a word no clause says: quoted as written
