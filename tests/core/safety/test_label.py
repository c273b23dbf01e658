"""Label facts are quoted verbatim from the document, for the product the customer names."""
from __future__ import annotations

from core.safety.label import label_facts, products

DOCUMENT = """# Bottega della Pasta

## Products

### Spaghetti di Gragnano IGP
- Price: 3.50 EUR
- Weight: 500 g
- Ingredients: semola di grano duro, acqua
- Allergens: glutine. Può contenere tracce di uova e soia.

### Pesto alla Genovese
- Price: 5.90 EUR
- Ingredients: basilico 50%, olio extravergine d'oliva, Parmigiano Reggiano DOP (latte), pinoli, aglio, sale
- Allergens: latte, frutta a guscio (pinoli)

### Tagliere in legno
- Price: 25 EUR
- Dimensions: 40 x 25 cm

## Refund policy

### Spaghetti di Gragnano IGP
- Ingredients: not a product section, must be ignored
"""


def test_products_are_read_from_the_products_section_only() -> None:
    found = products(DOCUMENT)
    assert [name for name, _ in found] == ["Spaghetti di Gragnano IGP", "Pesto alla Genovese", "Tagliere in legno"]
    assert found[2][1] == []


def test_named_product_gets_its_label_verbatim() -> None:
    facts = label_facts(DOCUMENT, "Sono celiaco, posso mangiare gli spaghetti di Gragnano IGP?")
    assert facts == (
        "Spaghetti di Gragnano IGP\n"
        "Ingredients: semola di grano duro, acqua\n"
        "Allergens: glutine. Può contenere tracce di uova e soia."
    )


def test_product_named_loosely_and_in_other_case() -> None:
    facts = label_facts(DOCUMENT, "is the GENOVESE pesto ok with a nut allergy?")
    assert facts is not None
    assert "Allergens: latte, frutta a guscio (pinoli)" in facts
    assert "Ingredients: basilico 50%, olio extravergine d'oliva, Parmigiano Reggiano DOP (latte), pinoli, aglio, sale" in facts


def test_two_products_named_are_both_quoted() -> None:
    facts = label_facts(DOCUMENT, "I'm allergic to eggs: spaghetti gragnano and the pesto genovese?")
    assert facts is not None
    assert facts.count("Allergens:") == 2


def test_no_product_or_no_label_gives_none() -> None:
    assert label_facts(DOCUMENT, "I'm allergic to nuts, what can I eat?") is None
    assert label_facts(DOCUMENT, "Is the tagliere in legno safe for my allergy?") is None
    assert label_facts("# Shop\n\n## Shipping\n- 3 days\n", "spaghetti?") is None


def test_never_judges() -> None:
    facts = label_facts(DOCUMENT, "spaghetti di gragnano igp")
    assert facts is not None
    lowered = facts.casefold()
    assert not any(word in lowered for word in ("safe", "suitable", "adatto", "sicuro"))
