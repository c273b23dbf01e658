"""What the owner's lists hide of a customer's contact details, and what they leave readable."""
import pytest

from adapters.web.owner.masking import mask


@pytest.mark.parametrize("text, shown", [
    ("write to mario.rossi@gmail.com", "write to m\u2022\u2022\u2022@g\u2022\u2022\u2022.com"),
    ("a@b.co.uk", "a\u2022\u2022\u2022@b\u2022\u2022\u2022.uk"),
    ("call +39 333 123 4567 now", "call " + "\u2022" * 10 + "67 now"),
    ("or (06) 1234-5678", "or " + "\u2022" * 8 + "78"),
    ("telegram id 123456789", "telegram id " + "\u2022" * 7 + "89"),
])
def test_addresses_and_phone_numbers_are_hidden(text, shown):
    assert mask(text) == shown


@pytest.mark.parametrize("text", ["order 1042", "on 2026-11-01", "3 x 500 g for 10.90 EUR", "PASTA5", "+39 12", ""])
def test_order_numbers_dates_and_prices_stay(text):
    assert mask(text) == text
