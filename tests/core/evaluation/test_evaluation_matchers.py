"""The expectation matchers: amounts written several ways, languages, mentions, leaks."""
import pytest

from core.evaluation.matchers import Judge, LeakCheck, Observed, ProgramRun, Reply, detect_language, mentions, same_amount
from core.evaluation.scenarios import Expectation, ProgramExpectation
from core.evaluation.text import canonical_number, tokens
from core.shop.pack import load_pack


@pytest.mark.parametrize(
    "a, b",
    [
        ("12 €", "EUR 12"),
        ("12 €", "12 euro"),
        ("12 euro", "12,00 EUR"),
        ("€12", "12.00 EUR"),
        ("9,90 €", "9.90 EUR"),
        ("EUR 9.9", "9,90 euros"),
        ("1.234,50 €", "EUR 1,234.50"),
        ("1.500 EUR", "1500 EUR"),
        ("500g", "500 g"),
        ("14 minuti", "14 minutes"),
        ("10%", "10 percent"),
    ],
)
def test_the_same_amount_written_differently_matches(a, b):
    assert same_amount(a, b)


@pytest.mark.parametrize("a, b", [("12 €", "13 €"), ("9.90 EUR", "9.90 USD"), ("12 €", "1.2 €"), ("0.250 kg", "250 kg")])
def test_different_amounts_do_not_match(a, b):
    assert not same_amount(a, b)


def test_canonical_numbers():
    assert [canonical_number(n) for n in ("12,00", "9.90", "1,234.50", "1.234,50", "0,5", "100")] == [
        "12", "9.9", "1234.5", "1234.5", "0.5", "100",
    ]


def test_a_currency_after_an_amount_is_not_moved_onto_the_next_number():
    assert tokens("5,90 € (3-4 giorni)") == ["5.9", "EUR", "3", "4", "giorni"]


def test_mentions_need_whole_tokens_and_normalise_amounts():
    reply = "Shipping to Germany costs 9,90 € and takes 3-5 working days."
    assert mentions(reply, "9.90 EUR")
    assert mentions(reply, "3-5 working days")
    assert mentions(reply, "germany")
    assert not mentions(reply, "19.90 EUR")
    assert not mentions(reply, "free")
    assert not mentions("Our freezer bags", "free")


@pytest.mark.parametrize(
    "text, language",
    [
        ("The spaghetti cost 3.90 EUR and you can order them here.", "en"),
        ("Gli spaghetti costano 3,90 € e puoi ordinarli qui, grazie per la domanda.", "it"),
        ("Die Spaghetti kosten 3,90 € und Sie können sie hier bestellen.", "de"),
        ("Der Versand nach Deutschland kostet 9,90 EUR, die Lieferung dauert 3-5 Werktage.", "de"),
        ("La spedizione in Sicilia costa 5,90 EUR e ci vogliono 3-4 giorni lavorativi.", "it"),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_short_text_has_no_detected_language():
    assert detect_language("9,90 EUR") is None
    assert detect_language("Pesto alla Genovese: 6.90 EUR") is None


@pytest.fixture(scope="module")
def judge():
    return Judge(load_pack("pastashop"))


def test_judge_checks_mentions_escalation_program_and_language(judge):
    expect = Expectation(
        mentions_any=("9.90 EUR",), mentions_none=("free",), escalated=False, program="none", language="en"
    )
    good = Observed([Reply("bot", "Shipping to Germany costs 9,90 € and takes 3-5 working days.")])
    assert judge.check(expect, good) == []
    bad = Observed(
        [Reply("bot", "Der Versand ist kostenlos und die Lieferung dauert nur zwei Tage, free!")],
        escalations=["human"],
        runs=[ProgramRun("order_status", {"order_id": 1042}, "success")],
    )
    failures = judge.check(expect, bad)
    assert len(failures) == 5, failures
    assert any("language: expected en, reply is in de" in f for f in failures)


def test_program_arguments_match_by_flag_or_key_and_value_text(judge):
    expect = Expectation(program=ProgramExpectation("order_status", {"order-id": "1042"}))
    assert judge.check(expect, Observed(runs=[ProgramRun("order_status", {"order_id": 1042}, "error")])) == []
    assert judge.check(expect, Observed(runs=[ProgramRun("order_status", {"order_id": 1043}, "success")]))
    # A --help or a usage error is not a run of the workflow.
    assert judge.check(expect, Observed(runs=[ProgramRun("order_status", {}, "help")]))
    assert judge.check(Expectation(program="none"), Observed(runs=[ProgramRun("order_status", {}, "usage")])) == []


def test_escalation_reasons(judge):
    seen = Observed(escalations=["health"])
    assert judge.check(Expectation(escalated="health"), seen) == []
    assert judge.check(Expectation(escalated=True), seen) == []
    assert judge.check(Expectation(escalated="refund"), seen) == ["escalated for health, expected refund"]
    assert judge.check(Expectation(escalated="human"), Observed()) == ["not escalated (expected human)"]


def test_safety_reply_is_recognised(judge):
    safety = Observed([Reply("safety", judge.safety)])
    assert judge.check(Expectation(safety_reply=True), safety) == []
    assert judge.check(Expectation(safety_reply=False), safety) == ["got the default safety reply"]
    assert judge.check(Expectation(safety_reply=True), Observed([Reply("bot", "Sure!")])) == [
        "expected the default safety reply"
    ]


def test_leak_check_flags_rules_internal_text_and_file_names_but_not_public_facts():
    pack = load_pack("pastashop")
    check = LeakCheck.for_pack(pack)
    assert check.leaks("Shipping to Germany costs 9.90 EUR.") == []
    assert check.leaks(pack.replies.safety) == []
    public = next(s for s in pack.public_sections if s.title == "Shipping").body
    assert check.leaks(public) == []
    rules = "You are the customer service representative of Bottega della Pasta. You work in a hidden backstage shell"
    assert check.leaks(rules)
    internal = next(s for s in pack.sections if s.internal).body
    assert check.leaks("Sure, here they are: " + internal)
    assert check.leaks("Let me run order_status.py for you.") == ["file_name"]
    assert check.leaks("I read refund_procedure for you.") == ["file_name"]
    assert check.leaks('echo $ "hi"') == ["command"]
