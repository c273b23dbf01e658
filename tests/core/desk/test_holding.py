"""Holding messages: one sentence in the customer's language, with the opening hours in it."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.desk.hours import holding_message, when_staff_answer
from core.shop.pack import load_pack

SATURDAY = datetime(2026, 12, 5, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))
TUESDAY = datetime(2026, 12, 8, 11, 0, tzinfo=ZoneInfo("Europe/Rome"))
ENGLISH_HOURS = ("Monday", "from 09:00", " on ")


@pytest.fixture(scope="module")
def pack():
    return load_pack("pastashop")


def test_the_opening_hours_phrase_is_translated() -> None:
    hours = load_pack("pastashop").hours
    assert when_staff_answer(hours, SATURDAY) == "on Monday from 09:00 (Europe/Rome time)"
    assert when_staff_answer(hours, SATURDAY, "it") == "lunedì dalle 09:00 (ora Europe/Rome)"
    assert when_staff_answer(hours, SATURDAY, "de") == "am Montag ab 09:00 Uhr (Europe/Rome)"
    assert when_staff_answer(hours, TUESDAY, "it") is None  # staff are there


@pytest.mark.parametrize("language", ["it", "de"])
def test_the_italian_and_german_holding_messages_never_switch_to_english(pack, language) -> None:
    for template in (pack.replies_in(language).holding, pack.replies_in(language).health):
        text = holding_message(template.replace("{label}", ""), pack.hours, SATURDAY, language)
        assert not any(word in text for word in ENGLISH_HOURS), text
        assert "shortly" not in text and "{when}" not in text


@pytest.mark.parametrize("language", ["en", "it", "de"])
def test_a_health_message_never_says_shortly_and_then_monday(pack, language) -> None:
    health = pack.replies_in(language).health.replace("{label}", "")
    away = holding_message(health, pack.hours, SATURDAY, language)
    assert not any(soon in away for soon in ("shortly", "a breve", "in Kürze"))
    assert away.count(".") == 1 and away.endswith(".")  # one sentence
    present = holding_message(health, pack.hours, TUESDAY, language)
    assert present == health.strip()


def test_the_holding_message_is_one_sentence_when_staff_are_there(pack) -> None:
    assert holding_message(pack.replies_in("it").holding, pack.hours, TUESDAY, "it").endswith("ti risponderà qui a breve.")
