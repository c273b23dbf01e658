"""Rating buttons: the values they carry and the rule that keeps them off most messages."""
from core.store.base import StoredMessage
from core.turn import rating
from core.turn.rating import ASK_AGAIN_AFTER, Press


def test_values_name_what_they_rate():
    assert rating.parse("rate:ab12cd34:good") == Press("answer", "ab12cd34", "good")
    assert rating.parse("rate:ab12cd34:bad").subject == "answer:ab12cd34"
    assert rating.parse("rate:ab12cd34:person") == Press("answer", "ab12cd34", "person")
    assert rating.parse("rate:handoff:e_0123456789ab:bad") == Press("handoff", "e_0123456789ab", "bad")
    assert rating.parse("rate:handoff:e_1:good").subject == "handoff:e_1"


def test_anything_else_is_no_rating():
    for value in ("good", "Where is order 1042?", "rate:", "rate:ab:meh", "rate:handoff:e_1:person",
                  "rate:a b:good", "rate:ab:good:more", "rate:handoff::good"):
        assert rating.parse(value) is None, value


def test_every_value_fits_telegram_callback_data():
    from core.shop.pack import Replies

    for button in (*rating.answer_buttons(rating.new_ref(), Replies()),
                   *rating.handoff_buttons("e_" + "f" * 12, Replies())):
        assert len(button.value.encode()) <= 64


def _answer(ref: str, at: float) -> StoredMessage:
    return StoredMessage("bot", "Shipping is 4.90.", at=at, voice="offline", ref=ref)


def test_first_answer_gets_buttons():
    assert rating.offers_buttons([StoredMessage("customer", "hi", at=1.0)], now=2.0)


def test_not_again_while_earlier_buttons_wait_unpressed():
    history = [_answer("aa", 1000.0), StoredMessage("customer", "and to Austria?", at=1001.0)]
    assert not rating.offers_buttons(history, now=1000.0 + ASK_AGAIN_AFTER - 1)
    assert rating.offers_buttons(history, now=1000.0 + ASK_AGAIN_AFTER)


def test_again_once_the_customer_pressed():
    history = [_answer("aa", 1000.0), StoredMessage("bot", "Thanks!", at=1002.0, voice=rating.RATED_VOICE)]
    assert rating.offers_buttons(history, now=1003.0)


def test_the_question_an_answer_replied_to():
    history = [StoredMessage("customer", "shipping to Italy?"), _answer("aa", 1.0), StoredMessage("customer", "ok")]
    assert rating.question_before(history, "aa") == "shipping to Italy?"
    assert rating.question_before(history, "zz") == ""
