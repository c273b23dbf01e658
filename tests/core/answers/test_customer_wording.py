"""core.answers: the ways customers word a question that the answerer must read as they mean it
(a follow-up naming another product, a circumstance before the question, an "and" inside a
product's name, a thing the shop says it does not sell, number words, cities, Italian verbs with
their pronouns attached)."""
from core.answers.places import places_in
from core.answers.question import clauses, read
from core.answers.words import raw_words, stem


def test_and_another_product_asks_the_question_before_again(pasta) -> None:
    answer = pasta.answer("quanto costano i paccheri? e le orecchiette?")
    assert not answer.abstained and "4.20" in answer.text and "3.80" in answer.text


def test_a_thing_the_pack_names_only_to_say_it_is_not_sold(pasta) -> None:
    answer = pasta.answer("do you have any wine to go with the orecchiette?")
    assert not answer.abstained and "do not sell wine" in answer.text
    # a word the pack also uses elsewhere ("pasta") is no thing it does not sell
    assert not pasta.answer("which pasta do you have?").text.startswith("We do not sell")


def test_a_contact_way_the_pack_lacks_is_not_answered_by_a_line_sharing_a_word(gadgets) -> None:
    assert gadgets.answer("what's your phone number?").abstained  # not "Order numbers look like NW-10482"
    assert gadgets.answer("c'è un numero di telefono?").abstained


def test_a_phone_charged_by_a_product_is_no_request_for_a_call(gadgets) -> None:
    answer = gadgets.answer("which of your products can charge my phone?")
    assert not answer.abstained and "ChargeDock" in answer.text


def test_a_statement_before_a_question_is_read_with_it() -> None:
    assert clauses("opened the box just to look and changed my mind. can i still send it back?") == [
        "opened the box just to look and changed my mind can i still send it back"]
    assert clauses("hi! how much is the pesto? and do you ship to austria?") == [
        "how much is the pesto", "and do you ship to austria"]


def test_a_circumstance_joined_by_and_stays_with_its_returns_question(gadgets) -> None:
    answer = gadgets.answer("got my speaker 35 days ago and dont really like it, too late to return?")
    assert not answer.abstained and "30 days" in answer.text


def test_a_gift_card_is_no_discount_code(pasta) -> None:
    answer = pasta.answer("do you sell gift cards?")
    assert "BENVENUTO10" not in answer.text and "PASTA5" not in answer.text


def test_the_product_named_as_circumstance_of_a_workshop_question(bikes) -> None:
    answer = bikes.answer("se buco la gomma posso passare senza appuntamento?")
    assert not answer.abstained and "Riparazione foratura" in answer.text


def test_an_and_inside_a_product_name_joins_no_two_questions(bikes) -> None:
    # "E" is part of the name: one question, the motor's line and that the pack says no more of Bosch
    answer = bikes.answer("Ist der Motor der Felsina E von Bosch?")
    assert "250 W" in answer.text and "Mehr steht dazu nicht" in answer.text and "Bosch" not in answer.text


def test_the_customer_service_words_of_each_language_for_a_refund_after_a_return(bikes) -> None:
    answer = bikes.answer("how long until i get my money back once you receive my return?")
    assert not answer.abstained and "14" in answer.text


def test_number_words_are_figures_and_italian_pronouns_leave_the_verb() -> None:
    assert raw_words("dieci giorni fa, vor zwei Wochen") == ["10", "giorni", "fa", "vor", "2", "wochen"]
    units = read("quanto tempo ho per segnalarlo?").units
    assert any(stem("segnalare") in u.stands_for for u in units)


def test_a_city_names_its_country_or_state() -> None:
    assert places_in("do u ship to honolulu") == ["Hawaii"]
    assert places_in("need it asap in chicago") == ["USA"]
    assert places_in("se ordino alle 3 ora di portland") == []  # the shop's own town, a time zone


def test_a_typo_in_a_country_or_a_word_the_document_uses(pasta) -> None:
    assert "9.90" in pasta.answer("how much is shiping to germny?").text
    assert "Österreich" in pasta.answer("wie lange ist die lieferzeit nach östereich", "de").text
    answer = pasta.answer("wat is the prise of the pesto")  # "price", not the place "paris"
    assert not answer.abstained and "6.90" in answer.text


def test_opening_hours_are_said_with_the_customers_day_names() -> None:
    from core.answers.gist import say

    english = say("Servizio clienti online (chat ed e-mail): dal lunedì al venerdì, 9:00-18:00 (ora italiana)", "it", "en")
    assert english is not None and "Monday to Friday, 9:00-18:00 (Italian time)" in english
    german = say("Orari del negozio e dell'officina: dal martedì al sabato, 9:00-13:00 e 15:30-19:30", "it", "de")
    assert german is not None and "Dienstag bis Samstag, 9:00-13:00 und 15:30-19:30" in german
    italian = say("Customer service hours: Monday to Friday, 09:00-18:00 (Italian time)", "en", "it")
    assert italian is not None and "lunedì al venerdì, 09:00-18:00 (ora italiana)" in italian


def test_a_city_or_the_states_finds_its_zone_and_an_island_not_the_mainland_row(gadgets, pasta) -> None:
    answer = gadgets.answer("Hi! I live in Zurich. What would it cost to send a webcam here and how long does it usually take?")
    assert "$24.99" in answer.text and "7-12" in answer.text
    answer = gadgets.answer("shipping to honolulu hawaii, how much? is it also free over 75 like on the mainland")
    assert "$12.99" in answer.text and "$5.99" not in answer.text  # "mainland" is no typo of "Mailand"
    assert "29.90 EUR" in pasta.answer("do u ship to the states? how much n how long").text


def test_a_change_of_mind_is_answered_by_the_rule_for_other_returns(pasta) -> None:
    answer = pasta.answer("se volessi rendere qualcosa solo perché ho cambiato idea, le spese del reso chi le paga?")
    assert "a carico del cliente" in answer.text and "la paghiamo noi" not in answer.text
    # without the circumstance, the wrong item's rule answers
    answer = pasta.answer("hypothetically if you guys send me the wrong pasta, who pays to ship it back?")
    assert "48 hours" in answer.text and "we pay the return shipping" in answer.text


def test_a_customer_who_ordered_before_gets_the_codes_that_apply(pasta, gadgets) -> None:
    # the circumstance may come in another sentence than the question
    answer = pasta.answer("my basket is about 60 euros, is there any code i can use? it's not my first order")
    assert "PASTA5" in answer.text and "BENVENUTO10" not in answer.text
    answer = gadgets.answer("not my first order with you. is there any coupon I can use?")
    assert "SAVE20" in answer.text and "WELCOME10" not in answer.text
    assert "WELCOME10" in gadgets.answer("first order with you, is there any coupon I can use?").text


def test_each_contact_asked_once(bikes) -> None:
    answer = bikes.answer("orari negozio? il lunedi siete aperti? mi date anche un numero di telefono")
    assert answer.text.count("051 555 0142") == 1 and "15:30" in answer.text and "lunedì" in answer.text


def test_a_gift_within_a_budget(pasta, gadgets) -> None:
    answer = pasta.answer("devo fare un regalo a mia suocera che adora cucinare, cosa mi consigliate? spenderei sui 30 euro")
    assert "Box Degustazione" in answer.text and "29.90" in answer.text
    answer = gadgets.answer("looking for a gift for my dad, he goes running every morning. budget about 200. ideas?")
    assert "Orbit S" in answer.text and "$329.00" not in answer.text  # nothing above the budget


def test_two_words_the_pack_writes_as_one_name_the_product(gadgets) -> None:
    answer = gadgets.answer("does the 3 in 1 charging dock come with a wall plug or do i have to buy one")
    assert "30 W USB-C power adapter" in answer.text


def test_the_second_product_asked_the_same_though_its_name_has_a_common_word(pasta) -> None:
    answer = pasta.answer("quanti minuti x i paccheri? e le tagliatelle all uovo?")
    assert "14" in answer.text and "5 minut" in answer.text


def test_a_student_and_customs_fees_in_customers_words(gadgets, pasta) -> None:
    assert "15%" in gadgets.answer("college student here, broke as usual lol. any student discount?").text
    answer = pasta.answer("want to send a present to my mum in manchester - whats the shipping cost? will she get hit with customs fees")
    assert "19.90 EUR" in answer.text and "customs duties" in answer.text


def test_the_shops_guides_answer_a_products_problem(gadgets, pasta) -> None:
    answer = gadgets.answer("my halo bulb wont connect to the wifi at all, tried 3 times. any tips?")
    assert "5 times" in answer.text
    answer = gadgets.answer("mein pulse 40 lautsprecher geht nicht mehr an, was kann ich da machen?")
    assert "30 minutes" in answer.text
    # without a problem, a guide's line does not join the product's own
    answer = gadgets.answer("got the typeflow keyboard 14 months ago and the battery now only holds about half. covered by warranty?")
    assert "Fn + 1" not in answer.text


def test_a_german_unboxed_device_and_the_power_banks_output(gadgets) -> None:
    answer = gadgets.answer("Kann man ein schon ausgepacktes Gerät zurückgeben, wenn alles noch wie neu ist und die OVP dabei ist?")
    assert "15%" in answer.text
    answer = gadgets.answer("il powerbank da 20000 riesce a caricare un portatile? quanti watt tira fuori dalla usb-c")
    assert "65 W" in answer.text and "non vendiamo" not in answer.text.lower() and "do not sell" not in answer.text


def test_states_and_more_cities_and_no_italian_word_read_as_a_place() -> None:
    assert places_in("can you ship to ohio") == ["USA"] and places_in("spedite a casalecchio?") == ["Italy"]
    assert places_in("send it to auckland") == ["New Zealand"] and places_in("versand nach luzern") == ["Switzerland"]
    assert places_in("la spedizione costa?") == [] and places_in("kann ich den parmesan essen") == []


def test_an_offer_for_the_kind_of_product_bought(bikes) -> None:
    # "with every bike": the accessories bought in the same order, the free service
    answer = bikes.answer("se prendo la portici ho qualche sconto sul casco e sulle luci se li metto nello stesso ordine?")
    assert "15%" in answer.text
    assert "tagliando base gratuito" in bikes.answer("if i buy the portici, any deal on a helmet and lights?").text
    assert "Kit Foratura" in bikes.answer("i keep getting flats on my commute, what would you recommend?").text


def test_who_pays_a_return_both_rules_unless_the_customer_says_which(pasta) -> None:
    answer = pasta.answer("wie lange hab ich zeit für ne rücksendung und wer zahlt das porto dafür")
    assert "bezahlen wir" in answer.text and "bezahlt der Kunde" in answer.text and "14 Tagen" in answer.text
    # a refund's timing is not a question of who pays, and the payment methods are not its answer
    answer = pasta.answer("dopo che vi rimando la merce in quanto tempo arrivano i soldi? me li ridate sulla carta?")
    assert "14 giorni" in answer.text


def test_a_claim_a_cancelled_shipment_and_half_a_kilo_in_customers_words(gadgets, pasta) -> None:
    assert "numero di serie" in gadgets.answer("per aprire una pratica di garanzia sulla tastiera cosa vi devo mandare?").text
    # "after that, under the refund policy": the policy's rule goes with it
    assert "14 days" in pasta.answer("Can I still cancel once the order has shipped? If not, what are my options?").text
    assert "500 g" in pasta.answer("ciao quanto costano gli spaghetti di gragnano? il pacco è da mezzo kg?").text
    assert "checkout" in pasta.answer("forgot to type BENVENUTO10 when i ordered yesterday, can you still take the 10% off?").text


def test_a_first_order_said_in_another_sentence_than_the_question(gadgets) -> None:
    answer = gadgets.answer("its my first order with you. any coupon code i can use?")
    assert "WELCOME10" in answer.text
    assert "WELCOME10" not in gadgets.answer("not my first order with you. any coupon code i can use?").text


def test_a_product_that_does_not_ship_there_with_the_way_to_have_it(bikes) -> None:
    answer = bikes.answer("can i get the felsina ebike delivered to vienna")
    assert "does not ship to Austria" in answer.text and "Only to Italy" in answer.text and "Pickup in our shop" in answer.text


def test_a_wrong_item_or_a_change_of_mind_and_who_pays(pasta) -> None:
    answer = pasta.answer("mi sono arrivati paccheri al posto degli spaghetti, chi paga la spedizione per rimandarveli?")
    assert "48 ore" in answer.text
    answer = pasta.answer("se cambio idea e vi rimando l'olio ancora chiuso, la spedizione del reso e gratis?")
    assert "a carico del cliente" in answer.text
    assert "14" in pasta.answer("whats ur return policy, short version pls").text


def test_italian_salt_is_no_sale() -> None:
    assert "promotion" not in read("e quanto sale ci metto nell'acqua").kinds
    assert "promotion" in read("is the pasta on sale this week?").kinds


def test_a_closing_statement_about_the_customer_is_read_with_the_question_before() -> None:
    assert clauses("are your faro lights legal in germany? im riding in munich a lot") == [
        "are your faro lights legal in germany im riding in munich a lot"]
    # a closing question of its own stays one
    assert clauses("price of the pesto? my order is 1234?") == ["price of the pesto", "my order is 1234"]


def test_a_country_outside_the_eu_is_no_row_that_says_european_union(bikes) -> None:
    # "europe" is no part of "Unione Europea": Iceland gets no EU zone's price
    answer = bikes.answer("liefert ihr auch nach island? was würde das kosten")
    assert "16,90" not in answer.text and answer.abstained


def test_a_clock_time_asks_a_cut_off(pasta) -> None:
    assert "time" in read("se ordino verso le 11 il pacco parte oggi?").flat
    assert "time" not in read("vorrei 2 pacchi").flat
    answer = pasta.answer("ciao, se ordino stamattina verso le 11 il pacco parte oggi stesso?")
    assert not answer.abstained and "12:00" in answer.text


def test_what_a_product_is_made_of_is_its_ingredients(pasta) -> None:
    answer = pasta.answer("l'olio colline sorrentine con che olive è fatto? e di che annata è")
    assert "Ogliarola" in answer.text and "2024" in answer.text


def test_whether_a_part_fits_the_customers_own_thing(bikes) -> None:
    answer = bikes.answer("il copertone urban antiforatura lo posso montare sulla mia mtb da 27.5?")
    assert not answer.abstained and "27,5" in answer.text
    answer = bikes.answer("darf ich die faro lampen hier in deutschland im straßenverkehr benutzen?")
    assert "StVZO" in answer.text


def test_a_follow_up_about_a_products_use_is_not_the_line_of_things_not_sold(bikes) -> None:
    # "bici da corsa" is what the pump is used with, not a racing bike asked for
    answer = bikes.answer("la pompa gonfia 160 fino a quanti bar arriva? va bene per le valvole presta della bici da corsa")
    assert "11 bar" in answer.text and "Presta" in answer.text


def test_a_thing_the_pack_lacks_is_said_beside_what_it_has(pasta) -> None:
    answer = pasta.answer("avete buoni regalo? vorrei regalarne uno a mia madre")
    assert "Box" in answer.text and "non lo dicono" in answer.text


def test_goods_that_arrived_broken_get_the_damaged_goods_rule(pasta) -> None:
    answer = pasta.answer("mi e arrivato un barattolo di sugo rotto nel pacco, che devo fare?")
    assert "48" in answer.text
    answer = pasta.answer("if i return stuff do i get the money on paypal or like store credit")
    assert "original" in answer.text


def test_everyday_words_for_a_devices_parts(gadgets) -> None:
    assert "microphones" in gadgets.answer("hat die lumen webcam ein eingebautes mikro?").text
    answer = gadgets.answer("wie hell ist die halo birne und welche fassung braucht die")
    assert "806" in answer.text and "E26" in answer.text
    assert "numeric keypad" in gadgets.answer("typeflow keyboard - how heavy is it and does it have a numpad").text


def test_a_question_of_one_word_after_another_is_asked_too(bikes) -> None:
    assert clauses("la borsa è venduta in coppia? prezzo?") == ["la borsa è venduta in coppia", "prezzo"]
    assert clauses("hi! how much is the pesto? thanks!") == ["how much is the pesto"]
    answer = bikes.answer("la borsa impermeabile per portapacchi è venduta in coppia? prezzo?")
    assert "49,90" in answer.text and "coppia" in answer.text


def test_a_warranty_question_gets_the_products_line_about_what_happened(gadgets) -> None:
    answer = gadgets.answer("hab die aurora ohrhörer beim duschen getragen, jetzt gehen sie nicht mehr. ist das garantie?")
    assert "IPX4" in answer.text and "1 Jahr" in answer.text


def test_the_workshops_own_guarantee_answers_for_its_work(bikes) -> None:
    answer = bikes.answer("you guys adjusted my gears 5 weeks ago and now the chain is skipping again. is your work guaranteed?")
    assert "3 months on labour" in answer.text  # the Italian line said in the customer's language


def test_a_follow_up_is_not_answered_by_another_products_line_it_does_not_name(bikes) -> None:
    # "bosch" is mended to the helmet's "verde bosco": no answer for the e-bike's motor brand
    answer = bikes.answer("what motor is in the felsina e? is it bosch?")
    assert "250 W" in answer.text and "Navile" not in answer.text and "does not say" in answer.text


def test_one_or_a_pair_and_what_the_shop_charges(bikes) -> None:
    assert "non una coppia" in bikes.answer("la borsa portapacchi è singola o sono 2?").text
    # "charge" is a price here, not a battery's charge
    answer = bikes.answer("how much do you charge to pick up my bike at home for a service? im in bologna")
    assert "15,00" in answer.text


def test_a_service_is_found_by_its_name_not_the_gloss_after_it_and_said_in_the_customers_language(bikes) -> None:
    # "Bike fitting (regolazione della posizione in sella): 60,00 EUR, circa 1 ora, su appuntamento"
    answer = bikes.answer("Was kostet ein Bike-Fitting bei euch und wie lange dauert es?")
    assert "60,00" in answer.text and "etwa 1 Stunde" in answer.text and "Felsina" not in answer.text


def test_a_service_named_in_full_by_the_customers_words_answers(bikes) -> None:
    # "bici" is no "e-bike": the basic service, not the e-bike service that mentions it
    answer = bikes.answer("devo prenotare il tagliando base per la bici, quanto costa?")
    assert "39,00" in answer.text and "69,00" not in answer.text


def test_an_italian_warranty_and_what_cannot_be_returned_are_said_in_english(bikes) -> None:
    answer = bikes.answer("what warranty do i get on the felsina e battery and motor?")
    assert "5 years on the frame" in answer.text and "500 charge cycles on the battery" in answer.text
    answer = bikes.answer("i already fitted the tyre on my wheel, can i still return it?")
    assert "Cannot be returned: used or fitted products" in answer.text


def test_a_products_return_window_is_its_familys(bikes) -> None:
    # the Portici is a complete bike: 14 days, not the 30 days of other products
    answer = bikes.answer("ho preso la portici la settimana scorsa, non mi piace, posso restituirla?")
    assert "14 giorni" in answer.text


def test_how_paying_works_and_when_the_shop_is_shut(bikes) -> None:
    # paying the courier in cash is cash on delivery, which the shop does not take
    assert "contrassegno" in bikes.answer("si può pagare in contanti al corriere?").text
    # a bank transfer: the order leaves once the money arrives, not the rule on cancelling
    answer = bikes.answer("pago con bonifico, dopo quanti giorni spedite?")
    assert "1-2 giorni" in answer.text and "annullare" not in answer.text
    assert "24 agosto" in bikes.answer("chiudete per le ferie d'estate?").text


def test_a_vouchers_values_and_when_it_expires(bikes) -> None:
    answer = bikes.answer("what values do your gift vouchers come in, and when do they expire?")
    assert "100,00" in answer.text and "12" in answer.text


def test_customers_words_for_age_a_heads_size_brake_pads_and_where_the_shop_is(bikes) -> None:
    assert "6-9" in bikes.answer("ab welchem Alter ist die Passerotto?").text
    assert "58-62" in bikes.answer("my head is 60 cm round, which navile size?").text
    # the compatibility line said in German: "nicht kompatibel mit SRAM und Magura"
    assert "nicht kompatibel mit SRAM" in bikes.answer("passen die Bremsbeläge auf SRAM Bremsen?").text
    assert "Pratello" in bikes.answer("wo genau ist euer Laden?").text


def test_the_condition_the_customer_states_leads_the_returns_answer(gadgets, pasta) -> None:
    # unboxed: the rule for opened goods (restocking fee), not only the full refund of unopened ones
    answer = gadgets.answer("I took the mouse out of the box and tried it, would I get the whole amount back?")
    assert "15%" in answer.text
    # still vacuum-packed is unopened, and the product's own rule (perishable) still leads
    answer = pasta.answer("kann ich den Parmigiano zurückschicken? er ist noch vakuumverpackt")
    assert answer.text.startswith(("Aus unseren Shop-Informationen (auf Englisch): Perishable", "Verderbliche"))


def test_the_workshops_guarantee_and_an_opened_inner_tube(bikes) -> None:
    # the bike is the circumstance: the workshop's guarantee on its work answers, first
    answer = bikes.answer("you serviced my bike last month and the brakes squeak again, is the repair guaranteed?")
    assert answer.text.startswith("Warranty on repairs: 3 months on labour")
    # "camera d'aria" is the document's word for an inner tube; "mandarla indietro" is sending it back
    answer = bikes.answer("ho aperto la camera d'aria, posso mandarla indietro?")
    assert answer.text.startswith("Non si possono restituire: camere d'aria tolte dalla confezione")


def test_a_part_bought_elsewhere_and_how_a_seat_attaches_said_in_german(bikes) -> None:
    # bought on another site: the workshop's price for parts bought elsewhere (20 EUR), not the 10 EUR of its own
    assert "20,00" in bikes.answer("ho comprato una catena su amazon, quanto costa montarla da voi?").text
    answer = bikes.answer("Wie wird der Kindersitz Coccinella befestigt?")
    assert "Am Rahmen (Sitzrohr von 28 bis 40 mm)" in answer.text


def test_a_bikes_offer_comes_whole_and_another_sizes_figure_is_no_answer(bikes) -> None:
    # "Con ogni bici:" both lines: the free basic service and 15% on accessories in the same order
    answer = bikes.answer("compro la passerotto, se aggiungo il seggiolino c'è uno sconto?")
    assert "tagliando base gratuito" in answer.text and "15%" in answer.text
    # the weight is given for size 53 only: a 56 frame's weight is not said
    assert bikes.answer("how heavy is the appennino in the 56 size?").abstained


def test_a_bikes_card_is_said_in_the_customers_language(bikes) -> None:
    answer = bikes.answer("Wie lange dauert das Laden beim Felsina E-Bike?")
    assert "Ladezeit: 4-5 Stunden mit dem mitgelieferten Ladegerät" in answer.text
    assert "Recommended age: 6-9 years" in bikes.answer("what age is the passerotto for?").text


def test_how_much_to_ship_a_bike_is_the_bikes_shipping_price_not_a_parcels_row(bikes) -> None:
    answer = bikes.answer("how much to ship the portici bike to milan?")
    assert "39,00" in answer.text and "6,90" not in answer.text
