"""Questions about refunds that are no request for one's money (core/safety/refund_questions.py), read by the triage."""
import pytest

from core.safety.triage import Triage


@pytest.fixture(scope="module")
def triage() -> Triage:
    return Triage()


@pytest.mark.parametrize(
    "text",
    [
        "how long does a refund take?",
        "can I return an opened jar?",
        "il rimborso me lo fate su paypal se ho pagato con paypal?",
        "quanto ci mettete a rimborsarmi dopo che vi arriva il pacco del reso?",
        "se ho aperto la confezione mi trattenete qualcosa sul rimborso?",
        "Kann ich Nudeln zurückgeben, die ich vor 3 Wochen bekommen habe?",
        "Wer zahlt den Rückversand, wenn ich es mir anders überlege?",
    ],
)
def test_a_question_about_how_refunds_work_is_answered(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    "text",
    [
        "I want my money back for order 1042",
        "refund me",
        "Can I get a refund?",
        "How do I get a refund?",
        "my jar arrived broken, can I get my money back?",
        "how long will it take? I was charged twice, refund the extra charge",
        "Voglio il rimborso dell'ordine 1042, quanto ci mettete?",
        "Ich möchte mein Geld zurück, wie lange dauert das?",
        "can you refund me on paypal?",
    ],
)
def test_a_request_for_ones_own_money_still_goes_to_staff(triage, text) -> None:
    assert triage.classify(text).reason == "refund"


@pytest.mark.parametrize("text", ["ordine 24159 il rimborso l'avete fatto?", "has my order 1042 been refunded yet?", "Ist die Bestellung 5520 schon erstattet?"])
def test_whether_a_numbered_order_was_refunded_is_a_status_question(triage, text) -> None:
    assert triage.classify(text).reason == "none"


def test_asking_to_process_ones_refund_is_a_request(triage) -> None:
    assert triage.classify("my return is completed and the replacement was canceled, can you please process my refund").reason == "refund"


@pytest.mark.parametrize("text", ["order 3051 was refunded? how much came back", "order NW-22222 has been refunded already? how much"])
def test_whether_a_numbered_order_was_refunded_is_a_status_question(triage, text) -> None:
    assert triage.classify(text).reason == "none"


def test_a_refund_demand_beside_the_status_still_goes_to_staff(triage) -> None:
    assert triage.classify("order 3051 was refunded only in part, I want the rest back").reason == "refund"


def test_a_cancellation_told_beside_an_amount_stays_a_request(triage) -> None:
    text = "on 4 March I was charged 230.00 for an appointment that was cancelled by you. Kindly arrange reimbursement to my card ending 4471."
    assert triage.classify(text).reason == "refund"


@pytest.mark.parametrize(
    "text",
    ["i want to return the keyboard, how many days do i have?", "voglio fare un reso, come funziona?", "Ich möchte das Fahrrad zurückgeben, was kostet die Abholung?"],
)
def test_wanting_to_send_something_back_then_asking_how_is_a_policy_question(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    "text",
    ["i want to return the keyboard and get my money back, how long does it take?", "i want to return order 2087, how many days do i have?"],
)
def test_money_or_an_order_number_beside_the_return_stays_a_request(triage, text) -> None:
    assert triage.classify(text).reason == "refund"


@pytest.mark.parametrize(
    "text",
    ["i paid with paypal, where will the refund go?", "dove vanno i soldi del rimborso se ho pagato con satispay?", "wohin geht die Erstattung, wenn ich mit PayPal bezahlt habe?"],
)
def test_where_a_refund_goes_is_a_policy_question(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    "text",
    [
        "can you refund me yourself in this chat or does someone have to approve it first?",
        "il rimborso deve essere approvato da qualcuno o lo fate subito?",
        "Muss eine Erstattung erst von jemandem genehmigt werden?",
    ],
)
def test_whether_a_refund_needs_approval_asks_how_refunds_work(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    "text",
    ["I want a refund for order 1042, does someone have to approve it?", "refund me now, does a manager have to approve that?"],
)
def test_a_demand_or_an_order_beside_the_approval_question_stays_a_request(triage, text) -> None:
    assert triage.classify(text).reason == "refund"


@pytest.mark.parametrize(
    "text",
    [
        "Wenn ich was zurückschicke, weil's mir doch nicht gefällt – wer zahlt das Porto?",
        "I unboxed the webcam and tried it once, it's fine, I just don't need it anymore. Would I get the full amount back?",
    ],
)
def test_returns_said_in_other_words_are_policy_questions(triage, text) -> None:
    assert triage.classify(text).reason == "none"


def test_a_packs_refund_term_yields_to_a_question_about_the_rule() -> None:
    shop = Triage({"refund": ["soldi indietro"]})
    assert shop.classify("i cantucci sono arrivati rotti.. posso avere i soldi indietro? quanto tempo ho per segnalarlo").reason == "none"
    assert shop.classify("voglio i soldi indietro, quanto tempo ci vuole?").reason == "refund"
    assert shop.classify("posso avere i soldi indietro?").reason == "refund"


@pytest.mark.parametrize(
    "text",
    ["I was charged twice", "you double charged me for my pasta", "mi avete addebitato due volte la spedizione",
     "ho pagato due volte l'ordine", "Ihr habt mir den Betrag doppelt abgebucht", "Die Bestellung wurde zweimal abgebucht"],
)
def test_a_double_charge_is_a_refund_request(triage, text) -> None:
    assert triage.classify(text).reason == "refund"


@pytest.mark.parametrize(
    "text",
    ["posso avere un rimborso se il prodotto non mi piace?", "se il pacco si perde mi ridate i soldi?",
     "Was passiert, wenn das Paket verloren geht? Bekomme ich mein Geld zurück?",
     "mi rimborsate in contanti se compro in negozio?", "I bought the wrong size tube, can I swap it or get money back?"],
)
def test_money_back_asked_of_a_case_or_a_purchase_not_yet_made_is_a_policy_question(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize("text", ["will I be charged twice for shipping if I split my order?", "I paid double the price in the shop last year, why is it cheaper online?"])
def test_a_charge_asked_about_or_a_price_compared_is_no_double_charge(triage, text) -> None:
    assert triage.classify(text).reason == "none"


@pytest.mark.parametrize(
    "text",
    ["the bike arrived with a cracked frame. can I get my money back if I send it back?",
     "can you give me a partial refund because the box was damaged?"],
)
def test_money_back_for_ones_own_goods_with_no_case_supposed_stays_a_request(triage, text) -> None:
    assert triage.classify(text).reason == "refund"
