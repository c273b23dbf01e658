"""core.shop.workflow_requests: order workflows asked for in words, read from the customer's messages."""
import pytest

from core.shop.details import product_names
from core.shop.pack import load_pack
from core.shop.workflow_requests import WorkflowRequests

PASTA = WorkflowRequests(load_pack("pastashop").programs)
GADGETS = WorkflowRequests(load_pack("gadgetstore").programs)


def test_an_order_number_in_words_runs_order_status() -> None:
    request = PASTA.read(["Where is my order 1042?"])
    assert request.program.name == "order_status" and request.missing is None
    assert request.argv == ["--order-id", "1042"]


def test_without_a_number_the_number_is_asked_then_taken_from_the_next_message() -> None:
    first = PASTA.read(["Where is my order?"])
    assert first.missing.name == "order-id"
    assert PASTA.read(["Where is my order?", "It's 5520."]).argv == ["--order-id", "5520"]


def test_digits_alone_complete_a_prefixed_number() -> None:
    assert GADGETS.read(["Where's my package?", "It's 44556."]).argv == ["--order-id", "NW-44556"]


def test_address_change_collects_number_then_address() -> None:
    said = ["I need to change the address for my order.", "The order number is 4120."]
    assert PASTA.read(said).missing.name == "email"  # it changes an order: the e-mail proves it is theirs
    said.append("anna.bianchi@example.com")
    assert PASTA.read(said).missing.name == "new-address"
    said.append("Anna Bianchi, Corso Vittorio Emanuele 22, 10121 Torino, Italy.")
    request = PASTA.read(said)
    assert request.program.name == "change_address"
    assert request.argv == [
        "--order-id", "4120", "--email", "anna.bianchi@example.com",
        "--new-address", "Anna Bianchi, Corso Vittorio Emanuele 22, 10121 Torino, Italy",
    ]


def test_the_email_is_asked_in_the_customers_language() -> None:
    from core.shop.pack import load_pack

    pack = load_pack("pastashop")
    request = PASTA.read(["Annullate il mio ordine 3051, per favore."])
    assert request.missing.name == "email"
    assert request.question(pack.replies_in("it")).startswith("Con quale indirizzo e-mail")


def test_address_after_the_number_in_german_and_italian() -> None:
    german = PASTA.read(["Bitte ändern Sie die Lieferadresse von Bestellung 6021 auf Julia Schmidt, Hauptstraße 3, 10115 Berlin, Deutschland.", "j.schmidt@example.de"])
    assert german.argv[-1] == "Julia Schmidt, Hauptstraße 3, 10115 Berlin, Deutschland"
    italian = PASTA.read(["Devo cambiare l'indirizzo di consegna dell'ordine 7003, e-mail luca@example.it: Luca Verdi, Via Garibaldi 9, 90133 Palermo."])
    assert italian.argv == ["--order-id", "7003", "--email", "luca@example.it", "--new-address", "Luca Verdi, Via Garibaldi 9, 90133 Palermo"]


def test_cancellation_in_three_languages() -> None:
    for text in ("Please cancel my order 3051.", "Annullate l'ordine 3051, per favore.", "Bitte stornieren Sie meine Bestellung 3051."):
        request = PASTA.read([text, "giulia.verdi@example.com"])
        assert request.program.name == "cancel_order", text
        assert request.argv == ["--order-id", "3051", "--email", "giulia.verdi@example.com"], text


def test_a_question_about_the_policy_is_no_request() -> None:
    assert PASTA.read(["Can I still cancel an order after it has left your warehouse?"]) is None
    assert PASTA.read(["How much is shipping to Germany?"]) is None


def test_moving_on_drops_a_half_asked_request() -> None:
    assert PASTA.read(["Where is my order?", "How much is shipping to Germany?"]) is None
    # and a request that already ran is not run again by a later number
    assert PASTA.read(["Where is my order 1042?", "Thanks", "5520"]) is None


def test_refunds_are_never_run_from_words() -> None:
    assert "refund_request" not in PASTA.programs and "handoff" not in PASTA.programs


def test_an_address_without_a_change_is_no_request() -> None:
    assert PASTA.read(["Do you ship to my address in Switzerland?"]) is None
    assert PASTA.read(["Ich bin umgezogen. Können Sie die Lieferadresse meiner Bestellung ändern?"]).program.name == "change_address"
    assert GADGETS.read(["Can you send my order NW-61234 to my office instead? Acme Corp, 500 Market Street, "
                         "San Francisco, CA 94105, USA."]).values["order-id"] == "NW-61234"


def test_address_change_is_read_with_the_words_in_either_order_and_far_apart() -> None:
    padding = " and the parcel" * 200  # a long message: the words are still found, in one pass
    for text in ("Change the address of my order 4120" + padding, "The address of my order 4120" + padding + " is wrong"):
        assert PASTA.read([text]).program.name == "change_address", text[:40]
    assert PASTA.read(["How much is the pasta?" + padding]) is None


def test_a_remembered_message_reads_the_same_and_the_memory_stays_bounded() -> None:
    requests = WorkflowRequests(load_pack("pastashop").programs)
    said = ["Where is my order?", "It's 5520."]
    assert requests.read(said).argv == requests.read(said).argv == ["--order-id", "5520"]
    for n in range(5000):
        requests.read([f"Hello {n}"])
    assert len(requests._asked_before) <= 4096
    assert requests.read(said).argv == ["--order-id", "5520"]


def test_a_short_address_answering_the_question_completes_the_request() -> None:
    said = ["Vorrei cambiare l'indirizzo di consegna del mio ordine 4120", "anna.bianchi@example.com"]
    assert PASTA.read(said).missing.name == "new-address"
    request = PASTA.read([*said, "Via Po 10, 10124 Torino"])
    assert request.program.name == "change_address" and request.values["new-address"] == "Via Po 10, 10124 Torino"
    # unasked, one comma is still no address: "Ok, 2 more questions" is not a move
    assert PASTA.read(["Ok, 2 more questions"]) is None


def test_an_email_on_its_own_after_a_run_runs_the_request_again_with_it() -> None:
    said = ["Cancel order 4501", "klaus@example.com"]
    assert PASTA.read(said).argv == ["--order-id", "4501", "--email", "klaus@example.com"]
    assert PASTA.read([*said, "customer4501@example.com"]).argv == ["--order-id", "4501", "--email", "customer4501@example.com"]
    assert PASTA.read([*said, "sorry, it's customer4501@example.com"]).values["email"] == "customer4501@example.com"
    assert PASTA.read([*said, "klaus@example.com"]) is None  # the same e-mail again is not a correction
    assert PASTA.read(["Where is my order 1042?", "anna@example.com"]) is None  # order_status asks no e-mail
    assert PASTA.read([*said, "Can you write to me at customer4501@example.com about the new pasta box?"]) is None


def test_asking_whether_one_may_is_no_request() -> None:
    assert PASTA.read(["posso annullare l'ordine anche se è già partito?"]) is None
    assert PASTA.read(["kann ich meine Bestellung noch stornieren?"]) is None
    assert PASTA.read(["Wer zahlt den Rückversand, wenn ich meine Meinung ändere?"]) is None  # "wer" is who
    assert PASTA.read(["how long until i get my money back once you receive my return?"]) is None
    assert PASTA.read(["kann ich meine Bestellung 3051 noch stornieren?"]).program.name == "cancel_order"


def test_a_state_asked_of_a_numbered_order_looks_it_up() -> None:
    for text in ("hi, order 4120 was it delivered?", "l'ordine 4120 risulta annullato?", "ordine 4120, quando parte?",
                 "ordine 4120 il rimborso l'avete fatto?"):
        assert PASTA.read([text]).program.name == "order_status", text


def test_more_ways_to_ask_a_numbered_orders_state() -> None:
    for text in ("whats happening with order 4120?", "ist meine bestellung 4120 schon raus?", "did the refund on 4120 go through?"):
        assert PASTA.read([text]).program.name == "order_status", text


def test_several_orders_named_are_each_looked_up() -> None:
    request = PASTA.read(["where are my orders 1042 and 2087?"])
    assert request.program.name == "order_status"
    assert [r.argv for r in request.further()] == [["--order-id", "2087"]]
    assert PASTA.read(["where is my order 1042? I ordered it in 2026"]).further() == []  # a year is no order


def test_a_return_or_a_warranty_is_no_order_status_without_a_number() -> None:
    assert PASTA.read(["dopo che vi rimando il pacco entro quanto arrivano i soldi?"]) is None
    assert PASTA.read(["la garanzia parte da quando ho pagato o da quando mi arriva il pacco?"]) is None
    assert PASTA.read(["ho sbagliato l'indirizzo nell'ordine, si fa ancora in tempo a cambiarlo?"]) is None


def test_a_change_asked_only_if_the_order_has_not_left_looks_it_up_first() -> None:
    request = PASTA.read(["Ist 4120 schon unterwegs? Falls nicht, kann ich die Lieferadresse noch ändern?"])
    assert request.program.name == "order_status" and request.argv == ["--order-id", "4120"]
    assert PASTA.read(["Bitte ändern Sie die Lieferadresse der Bestellung 4120"]).program.name == "change_address"


def test_the_new_address_in_the_asking_message_is_taken() -> None:
    italian = PASTA.read(["devo cambiare indirizzo dell'ordine 7003, speditelo a Via Manzoni 4, 20121 Milano invece che a casa. mail luca@example.it"])
    assert italian.missing is None
    assert italian.argv[-1] == "Via Manzoni 4, 20121 Milano"
    german = PASTA.read(["Ich bin umgezogen. Bitte Bestellung 6021 an Jonas Weber, Lindenweg 5, 80331 München, Deutschland senden. E-Mail: j.weber@example.de"])
    assert german.argv == ["--order-id", "6021", "--email", "j.weber@example.de", "--new-address", "Jonas Weber, Lindenweg 5, 80331 München, Deutschland"]


@pytest.mark.parametrize(
    "text",
    ["order 2210 - any update?", "what's going on with NW-22222? it never came", "ordine 24170, ho pagato o no?", "Bestellung 6021: Neuigkeiten?"],
)
def test_a_numbered_order_asked_about_in_other_words_is_looked_up(text: str) -> None:
    request = (GADGETS if "NW" in text else PASTA).read([text])
    assert request is not None and request.program.name == "order_status" and request.missing is None


@pytest.mark.parametrize(
    "text",
    ["my desk is glass, will the mouse track on it?", "a gift for my dad, he wants to track his runs, ideas?"],
)
def test_tracking_that_is_no_parcel_asks_no_order_number(text: str) -> None:
    assert GADGETS.read([text]) is None


def test_tracking_my_parcel_still_asks_for_the_number() -> None:
    request = GADGETS.read(["can you track my package?"])
    assert request.program.name == "order_status" and request.missing.name == "order-id"


@pytest.mark.parametrize(
    "text",
    ["e mi arriva il numero per tracciare il pacco?", "bekomme ich eine Sendungsnummer für meine Bestellung?", "will I get a tracking number for my order?"],
)
def test_whether_a_tracking_number_is_sent_at_all_is_a_question_for_the_pack(text: str) -> None:
    assert PASTA.read([text]) is None


def test_a_tracking_number_asked_with_the_order_number_is_looked_up() -> None:
    assert PASTA.read(["ordine 2087: mi arriva il numero di tracking?"]).argv == ["--order-id", "2087"]


def test_partita_iva_is_no_parcel_that_left() -> None:
    assert PASTA.read(["mi serve la fattura con la mia partita iva, si può fare?"]) is None
    assert PASTA.read(["il mio ordine è già partito?"]).program.name == "order_status"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("I moved! can you send NW-10482 to 1200 SE Morrison St, Portland, OR 97214 instead? sam@example.com", "1200 SE Morrison St, Portland, OR 97214"),
        ("wrong address on NW-10482!! it should be 77 Pine Street, Boston MA 02108, my email is sam@example.com", "77 Pine Street, Boston MA 02108"),
    ],
)
def test_the_address_is_told_from_the_words_around_it(text: str, address: str) -> None:
    assert GADGETS.read([text]).values["new-address"] == address


def test_the_sentence_after_the_address_and_a_lower_case_address_stay_apart() -> None:
    german = PASTA.read(["Lieferadresse für Bestellung 6021 ändern: Hauptstr. 5, 10115 Berlin. Meine Mail ist j@example.de"])
    assert german.values["new-address"] == "Hauptstr. 5, 10115 Berlin"
    lower = PASTA.read(["ordine 4120, nuovo indirizzo via roma 5, 00100 roma. mail anna@example.com"])
    assert lower.values["new-address"] == "via roma 5, 00100 roma"


@pytest.mark.parametrize(
    "text",
    ["where is the power button on my glide mouse?", "where is your shop? i want to bring my bike", "does the watch track my runs with gps?"],
)
def test_a_product_question_with_my_asks_no_order_number(text: str) -> None:
    assert GADGETS.read([text]) is None


@pytest.mark.parametrize("text", ["has my bike shipped yet?", "wheres my stuff??", "Wo bleibt mein Paket?", "la mia bici è già partita?"])
def test_the_customers_own_parcel_asks_for_the_number(text: str) -> None:
    assert PASTA.read([text]).missing.name == "order-id"


@pytest.mark.parametrize(
    "text",
    ["NW-10482 still not here, whats up", "Bestellung 2087 ist immer noch nicht da", "my order 2087 hasnt come yet", "did order 2087 go out already?"],
)
def test_a_late_numbered_order_is_looked_up(text: str) -> None:
    request = (GADGETS if "NW" in text else PASTA).read([text])
    assert request.program.name == "order_status" and request.missing is None


def test_the_german_plural_imperative_cancels() -> None:
    assert PASTA.read(["storniert bitte meine Bestellung 3051"]).program.name == "cancel_order"
    assert PASTA.read(["ist Bestellung 3051 storniert?"]).program.name == "order_status"


def test_a_prefixed_number_written_without_its_hyphen() -> None:
    assert GADGETS.read(["nw10482 status pls"]).argv == ["--order-id", "NW-10482"]


@pytest.mark.parametrize(
    "text",
    ["if i order now will my pasta arrive before christmas?", "se ordino oggi il mio pacco arriva entro venerdì?", "wenn ich heute bestelle, kommt mein Paket bis Freitag an?"],
)
def test_an_order_not_yet_made_asks_no_order_number(text: str) -> None:
    assert PASTA.read([text]) is None


def test_do_you_ship_is_the_shops_practice_not_a_parcel() -> None:
    assert PASTA.read(["spedite in svizzera? mio fratello abita a zurigo"]) is None
    assert PASTA.read(["le mie tagliatelle sono state spedite?"]).program.name == "order_status"


def test_placing_an_order_later_is_no_look_up_and_left_is_a_parcels_word() -> None:
    assert GADGETS.read(["if i place my order at 1pm does it go out today?"]) is None
    assert GADGETS.read(["has my order NW-61230 left yet?"]).argv == ["--order-id", "NW-61230"]
    assert GADGETS.read(["is the mouse ok for my left hand?"]) is None


BIKES = load_pack("ciclofficina")
BIKE_REQUESTS = WorkflowRequests(BIKES.programs, product_names(BIKES))


@pytest.mark.parametrize(
    "text",
    ["la pompa gonfia 160 fino a quanti bar arriva?", "il lucchetto Sicuro 180 quando arriva?",
     "la camera d'aria arriva fino a 120 psi?", "è arrivato il pacco da 250 g?", "arriva entro 120 giorni?"],
)
def test_a_number_in_a_product_name_or_before_a_unit_is_no_order_number(text) -> None:
    request = BIKE_REQUESTS.read([text])
    assert request is None or request.order_id == ""


def test_a_product_number_after_an_order_word_is_still_an_order() -> None:
    assert BIKE_REQUESTS.read(["dov'è il mio ordine 24017? c'era la pompa gonfia 160"]).order_id == "24017"
    assert BIKE_REQUESTS.read(["il 24017 l'ho ricevuto?"]).order_id == "24017"


@pytest.mark.parametrize("text", ["did 1042 ship yet", "is 1042 delayed?", "l'ordine 1042 è in ritardo?", "Ist 1042 verspätet?"])
def test_a_numbered_order_asked_in_other_words_is_looked_up(text) -> None:
    assert PASTA.read([text]).argv == ["--order-id", "1042"]


@pytest.mark.parametrize(
    "text",
    ["I ordered 3 packs of spaghetti, when will they arrive?", "ho ordinato 2 vasetti di pesto ieri, quando arrivano?",
     "Ich habe 500 g Parmesan bestellt, wann kommt er?"],
)
def test_the_customers_own_order_told_without_a_number_asks_for_it(text) -> None:
    assert PASTA.read([text]).missing.name == "order-id"


@pytest.mark.parametrize(
    "text",
    ["se il pacco arriva danneggiato entro quanti giorni devo avvisarvi?", "mi e arrivato il parmigiano tiepido, chissa dove e rimasto fermo il pacco. che devo fare??",
     "my power bank arrived dead, won't charge", "i prezzi sono iva compresa? devo pagare altro quando arriva il pacco?",
     "mi è arrivato il pacco aperto, cosa faccio?"],
)
def test_goods_arriving_damaged_or_paying_on_delivery_are_the_packs_rules_not_a_look_up(text) -> None:
    assert PASTA.read([text]) is None


def test_the_customers_own_orders_in_the_plural_are_asked_for_then_each_looked_up() -> None:
    assert PASTA.read(["where are my orders?"]).missing.name == "order-id"
    assert PASTA.read(["I placed 2 orders this week, where are they?"]).missing.name == "order-id"
    request = PASTA.read(["where are my orders?", "1042 and 2087"])
    assert request.order_id == "1042" and request.also == ["2087"]
    assert PASTA.read(["can I cancel orders after they shipped?"]) is None  # orders in general: the pack's rule


def test_several_orders_set_apart_in_a_sentence_are_each_looked_up() -> None:
    assert PASTA.read(["my order 1042 arrived, but 2087 didn't"]).also == ["2087"]
    assert GADGETS.read(["Bestellungen NW-20577 und NW-55120 – wo sind die?"]).also == ["NW-55120"]


def test_a_date_is_no_order_number() -> None:
    request = PASTA.read(["my order 1042 costs 31.40 and arrived on 2026-12-03, where is it?"])
    assert request.order_id == "1042" and request.also == []
    assert PASTA.read(["ho fatto l'ordine il 03/12/2026, dov'è?"]).missing.name == "order-id"


def test_sending_an_order_to_another_address_instead_is_an_address_change() -> None:
    request = GADGETS.read(["hey can u send NW-73301 to my work address instead? emma.jones@example.com — 22 Fleet Street, London EC4Y 1AA, UK"])
    assert request.program.name == "change_address" and request.missing is None
    assert request.values["new-address"] == "22 Fleet Street, London EC4Y 1AA, UK"


def test_a_left_earbud_is_no_parcel_that_left() -> None:
    assert GADGETS.read(["my aurora x2 left earbud died after 3 months, order NW-10482"]) is None
    assert GADGETS.read(["has NW-10482 left yet?"]).order_id == "NW-10482"
