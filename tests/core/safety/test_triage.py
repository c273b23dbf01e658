"""Triage: refund decisions, health questions and requests for a person go to staff."""
from __future__ import annotations

import pytest

from core.safety.triage import Triage, TriageVerdict


@pytest.fixture(scope="module")
def triage() -> Triage:
    return Triage()


CASES = {
    "refund": [
        "I want my money back for order 18.",
        "I would like a refund for the broken pasta machine.",
        "Can I get a refund? The parcel arrived damaged.",
        "How do I apply for a refund?",
        "Refund me now, the sauce was mouldy.",
        "I want to return this item.",
        "I'll file a chargeback with my bank if you don't answer.",
        "Please cancel my purchase and give me my money back.",
        "Voglio il rimborso dell'ordine 1234.",
        "Rimborsatemi subito, il pacco era rotto!",
        "Ridatemi i soldi per favore.",
        "Please refund 24.90 EUR for order 2087, it arrived warm.",
        "Vorrei fare il reso degli spaghetti.",
        "Ich möchte eine Rückerstattung für meine Bestellung.",
        "Ich will mein Geld zurück!",
    ],
    "health": [
        "I'm allergic to nuts, can I eat your pesto?",
        "Is the spaghetti safe for a celiac?",
        "Does the sauce contain gluten?",
        "I'm pregnant, is this cheese okay for me?",
        "Can my son with diabetes eat the biscotti?",
        "I take blood thinners, any interaction with the herbal tea?",
        "Sono celiaco, posso mangiare le vostre tagliatelle?",
        "Mia figlia è allergica alle arachidi.",
        "Il sugo contiene lattosio?",
        "Sono incinta, è adatto a me?",
        "Ich habe eine Laktoseintoleranz. Ist das geeignet für mich?",
        "Ich bin schwanger, kann ich das essen?",
        "Ich habe eine Nussallergie. Kann ich das Pesto essen?",
        "I have a pacemaker. Is it safe to use the wireless charger?",
    ],
    "human": [
        "I want to speak to a human.",
        "Can I talk to a real person please?",
        "Put me through to your manager.",
        "Get me a supervisor, now.",
        "Please call me back at 333 1234567.",
        "Voglio parlare con un operatore.",
        "Mi potete chiamare domani mattina?",
        "Ich möchte mit einem Mitarbeiter sprechen.",
        "Rufen Sie mich bitte zurück.",
        "请帮我转接人工服务",  # read per character: the model sees "人工" and "服务", not one long word
        "スタッフと直接話したい",
    ],
    "none": [
        "How many days do I have to return an item?",
        "What is your refund policy?",
        "How long do I have to return the pasta machine?",
        "Can I return items after 30 days?",
        "Quanti giorni ho per fare il reso?",
        "Qual è la vostra politica di reso?",
        "Wie lange habe ich Zeit für die Rückgabe?",
        "Wie ist Ihr Rückgaberecht?",
        "Where is my order 18?",
        "How much is shipping to Milan?",
        "Do you have fusilli in 1 kg boxes?",
        "Can you check why my card was declined?",
        "I need to cancel a transfer I made to the wrong account.",
        "Why didn't the ATM give me my money?",
        "Avete la pasta all'uovo?",
        "Quanto costa la spedizione?",
        "Wann kommt mein Paket an?",
        "Is this a good pasta for a dinner party?",
        "How long does a refund take once you receive a returned item?",
        "Is there a restocking fee on opened items?",
        "你们的营业时间是几点到几点？",
        "このパスタは何人分ですか？",
    ],
}


@pytest.mark.parametrize(("reason", "text"), [(reason, t) for reason, texts in CASES.items() for t in texts])
def test_triage_reasons(triage: Triage, reason: str, text: str) -> None:
    verdict = triage.classify(text)
    assert verdict.reason == reason, (text, verdict)
    if reason != "none":
        assert any(r.startswith(reason + ":") for r in verdict.reasons)


def test_a_demand_for_money_back_overrides_a_policy_question(triage: Triage) -> None:
    verdict = triage.classify("What is your refund policy? I want my money back for order 77.")
    assert verdict.reason == "refund"
    assert triage.classify("What is your refund policy? Can I get a refund after 20 days?").reason == "none"


def test_health_comes_before_refund_and_human(triage: Triage) -> None:
    verdict = triage.classify("I'm allergic to sesame and the sauce had it: I want a refund and to speak to a manager.")
    assert verdict.reason == "health"
    assert {"health:condition", "refund:demand", "human:request"} <= set(verdict.reasons)


def test_pack_terms_extend_triage() -> None:
    plain = Triage()
    extended = Triage({"refund": ["rivoglio i miei euro"], "health": ["nichel"], "human": ["titolare"]})
    # a pack's own term always counts, even where the text alone reads as ordinary
    assert plain.classify("Il titolare è in negozio oggi?").reason == "none"
    assert extended.classify("Il TITOLARE è in negozio oggi?").reason == "human"
    assert plain.classify("Il prodotto è senza nichel?").reason == "none"
    assert extended.classify("Il prodotto è senza nichel?").reasons == ("health:pack",)
    assert extended.classify("Rivoglio i miei euro").reason == "refund"


def test_empty_text_is_none(triage: Triage) -> None:
    assert triage.classify("").reason == "none" and not triage.classify("").reasons
    assert triage.classify("   ").reason == "none"


@pytest.mark.parametrize(
    "text",
    [
        "per che altezza è la bici da bambino? il mio bimbo è alto 120",
        "quanti anni deve avere il bimbo per il seggiolino?",
    ],
)
def test_a_message_naming_no_money_order_or_return_is_no_refund(triage: Triage, text: str) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("human", "passatemi il titolare, per favore"),
        ("human", "voglio parlare col titolare"),
        ("health", "mio figlio non può mangiare uova, la pasta fresca va bene per lui?"),
        ("health", "my husband can't eat nuts, are the biscotti ok?"),
        ("health", "Meine Tochter darf keine Milch trinken, ist der Käse okay?"),
        ("health", "I have an irregular heartbeat, is the watch's heart rate reading reliable?"),
        ("health", "my doc says I have atrial fibrillation, will the watch notice it?"),
    ],
)
def test_owners_and_dietary_limits_reach_staff(triage: Triage, reason: str, text: str) -> None:
    assert triage.classify(text).reason == reason


@pytest.mark.parametrize("text", ["I can't eat all that pasta at once, does it freeze?", "does the watch track heart rate?"])
def test_eating_and_heart_rate_words_alone_are_no_health_question(triage: Triage, text: str) -> None:
    assert triage.classify(text).reason == "none"


def test_a_german_request_to_fetch_the_boss_is_a_request_for_a_person(triage: Triage) -> None:
    assert triage.classify("holen Sie mir bitte Ihren Chef").reason == "human"


@pytest.mark.parametrize(
    "text",
    ["mi hanno operato al ginocchio, quale bici mi consigliate?", "dopo l'operazione all'anca posso usare la gravel?", "nach meiner Knie-OP, welches Rad?"],
)
def test_an_operation_on_the_body_is_a_health_question(triage: Triage, text: str) -> None:
    assert triage.classify(text).reason == "health"


def test_an_italian_prize_operation_is_no_surgery(triage: Triage) -> None:
    assert triage.classify("operazione a premi: come funziona?").reason == "none"


def test_a_named_specialist_makes_a_health_question(triage: Triage) -> None:
    assert triage.classify("can I rely on the watch's pulse readings? my cardiologist wants me to watch my pulse").reason == "health"


def test_what_a_free_from_product_is_made_of_is_a_product_question(triage: Triage) -> None:
    assert triage.classify("le tagliatelle senza glutine di che farina sono fatte").reason == "none"


def test_whether_an_opened_item_can_be_given_back_with_all_the_money_is_policy(triage: Triage) -> None:
    assert triage.classify("ho aperto le cuffie ma non mi piacciono, posso renderle? mi ridate tutti i soldi?").reason == "none"


@pytest.mark.parametrize(
    "text",
    ["mia moglie e al settimo mese, puo andare al lavoro con la felsina e o e pericoloso?", "sono in dolce attesa, posso usare la bici?",
     "Meine Frau ist im siebten Monat, darf sie noch E-Bike fahren?", "we are expecting a baby, is the seat safe?"],
)
def test_a_pregnancy_said_without_the_word_is_a_health_question(triage: Triage, text: str) -> None:
    assert triage.classify(text).reason == "health"


@pytest.mark.parametrize("text", ["mio padre ha 80 anni e problemi di cuore, puo usare la felsina?", "I have a bad back, which bike is best for me?"])
def test_the_bodys_troubles_named_on_their_own_are_health_questions(triage: Triage, text: str) -> None:
    assert triage.classify(text).reason == "health"


def test_a_month_of_a_warranty_is_no_pregnancy(triage: Triage) -> None:
    assert triage.classify("la bici è al primo mese di garanzia?").reason == "none"


def test_the_pressure_of_a_tyre_is_no_blood_pressure(triage: Triage) -> None:
    assert triage.classify("ho problemi di pressione delle gomme, la pompa va bene?").reason == "none"
    assert triage.classify("mio padre ha problemi di pressione, può usare la felsina?").reason == "health"
