"""The pack validator: demo packs pass; broken packs list every problem with file and line."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.shop.pack_check import Problem, check_pack, resolve_pack_dir

KNOWLEDGE = Path(__file__).resolve().parents[3] / "knowledge"


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing `needle` (fails loudly if absent)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def find(problems: list[Problem], file: str, line: int, fragment: str) -> Problem:
    matches = [p for p in problems if p.file == file and p.line == line and fragment in p.message]
    assert matches, f"no problem {file}:{line}: ...{fragment}... in:\n" + "\n".join(map(str, problems))
    return matches[0]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pastashop"
    shutil.copytree(KNOWLEDGE / "pastashop", copy)
    return copy


@pytest.mark.parametrize("name", ["pastashop", "gadgetstore"])
def test_demo_packs_have_no_problems(name: str) -> None:
    assert check_pack(KNOWLEDGE / name) == []


@pytest.mark.parametrize("name", ["pastashop", "gadgetstore"])
def test_demo_documents_fit_in_a_prompt_and_answer_germany(name: str) -> None:
    text = (KNOWLEDGE / name / "document.md").read_text(encoding="utf-8")
    assert len(text) < 18_000
    assert "Germany" in text.split("## Shipping", 1)[1].split("\n## ", 1)[0]


def test_problem_prints_like_a_compiler() -> None:
    assert str(Problem("pack.toml", 3, "missing `name`")) == "pack.toml:3: missing `name`"


def test_a_pack_broken_in_many_ways_lists_every_problem(pack: Path) -> None:
    toml = pack / "pack.toml"
    edit(toml, 'language = "it"\n', "")
    edit(toml, 'safety = "I am sorry, I do not understand your enquiry. Could you try rephrasing it."\n', "")
    edit(toml, 'holding = "Thank you, I have passed your message to a colleague, who will answer you here {when}."',
         'holding = "A colleague answers {when} at {where}."')
    edit(toml, '"refund_procedure.txt",', '"refund_procedure.txt", "no_such_file.txt",')
    edit(toml, 'internal_sections = ["Behaviour rules"]', 'internal_sections = ["Behaviour rules", "Secrets"]')
    edit(toml, 'timezone = "Europe/Rome"', 'timezone = "Europe/Gragnano"')

    document = pack / "document.md"
    edit(document, "- Price: 4.20 EUR\n", "")
    edit(document, "## Refund policy\n", "## Returns\n")

    order_status = pack / "programs" / "order_status.json"
    edit(order_status, '"ask": "Which order number is it about?"}', '"ask": "Which order number is it about?"},')

    cancel = pack / "programs" / "cancel_order.json"
    program = json.loads(cancel.read_text(encoding="utf-8"))
    program["name"] = "cancel"
    program["arguments"][0]["pattern"] = "^[0-9{3,8}$("
    program["arguments"][1]["type"] = "number"
    program["outcomes"][0]["weight"] = -1
    program["outcomes"][1]["message"] = "Order {orderid} has already left."
    program["shipping"] = True
    cancel.write_text(json.dumps(program, indent=2), encoding="utf-8")

    (pack / "resources" / "empty.txt").write_text("   \n", encoding="utf-8")
    (pack / "resources" / "logo.txt").write_bytes(b"PNG\x00\x01\x02")
    (pack / "resources" / "old_notes.txt").write_bytes("Notes\nCaff\xe8 e pasta\n".encode("latin-1"))
    (pack / "resources" / "README.md").write_text("notes\n", encoding="utf-8")
    (pack / "notes.docx").write_bytes(b"PK\x03\x04")

    problems = check_pack(pack)

    find(problems, "pack.toml", 1, "`language` must be a two-letter code")
    find(problems, "pack.toml", line_of(toml, "[replies]"), "missing `replies.safety`")
    find(problems, "pack.toml", line_of(toml, "holding ="), "unknown placeholder {where}")
    find(problems, "pack.toml", line_of(toml, "internal_resources"), "no resource resources/no_such_file.txt")
    find(problems, "pack.toml", line_of(toml, "internal_sections"), "no section `## Secrets`")
    find(problems, "pack.toml", line_of(toml, "timezone"), "unknown time zone 'Europe/Gragnano'")
    find(problems, "document.md", line_of(document, "### Paccheri"), "'Paccheri di Gragnano IGP' has no `- Price: ...` line")
    find(problems, "document.md", 1, "missing section `## Refund policy`")
    find(problems, "programs/order_status.json", line_of(order_status, "\"outcomes\"") - 1, "JSON syntax error")
    find(problems, "programs/cancel_order.json", line_of(cancel, '"name": "cancel"'), "does not match the file name")
    find(problems, "programs/cancel_order.json", line_of(cancel, '"pattern"'), "not a valid regular expression")
    find(problems, "programs/cancel_order.json", line_of(cancel, '"number"'), "type 'number' is not one of")
    find(problems, "programs/cancel_order.json", line_of(cancel, "-1"), "weight must be a positive number")
    find(problems, "programs/cancel_order.json", line_of(cancel, "{orderid}"), "unknown placeholder {orderid}")
    find(problems, "programs/cancel_order.json", line_of(cancel, '"shipping"'), "unknown key 'shipping'")
    find(problems, "resources/empty.txt", 1, "empty resource")
    find(problems, "resources/logo.txt", 1, "binary file")
    find(problems, "resources/old_notes.txt", 2, "not UTF-8")
    find(problems, "resources/README.md", 0, "unknown file")
    find(problems, "notes.docx", 0, "unknown file")
    assert len(problems) == 20, "\n".join(map(str, problems))


def test_toml_syntax_error_names_its_line(pack: Path) -> None:
    toml = pack / "pack.toml"
    edit(toml, "num_ctx = 8192", "num_ctx 8192")
    problems = check_pack(pack)
    assert len(problems) == 1
    find(problems, "pack.toml", line_of(toml, "num_ctx 8192"), "TOML syntax error")


def test_missing_settings_and_document_without_sections(pack: Path) -> None:
    (pack / "pack.toml").write_text('currency = "euro"\n[replies]\nwelcome = "Hi"\n', encoding="utf-8")
    (pack / "document.md").write_text("Just some text about pasta.\n", encoding="utf-8")
    problems = check_pack(pack)
    messages = [str(p) for p in problems]
    find(problems, "pack.toml", 1, "missing `name`")
    find(problems, "pack.toml", 1, "`currency` must be a three-letter code")
    for reply in ("help", "safety", "holding", "health", "text_only", "offline", "returned"):
        find(problems, "pack.toml", 2, f"missing `replies.{reply}`")
    find(problems, "document.md", 1, "no `## ` sections")
    find(problems, "document.md", 1, "no `# ` title")
    assert all(p.line >= 0 for p in problems), messages


def test_missing_files_and_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problems = check_pack(tmp_path / "empty")
    assert [(p.file, p.line) for p in problems] == [("document.md", 0), ("pack.toml", 0)]
    assert check_pack(tmp_path / "nowhere") == [Problem(str(tmp_path / "nowhere"), 0, "not a pack folder")]


def test_program_that_is_not_an_object_and_handoff_reasons(pack: Path) -> None:
    (pack / "programs" / "listing.json").write_text("[1, 2]\n", encoding="utf-8")
    handoff = pack / "programs" / "handoff.json"
    edit(handoff, '"choices": ["refund", "health", "human"]', '"choices": ["refund", "boredom"]')
    refund = pack / "programs" / "refund_request.json"
    edit(refund, '"escalation_reason": "refund"', '"escalation_reason": "money"')
    problems = check_pack(pack)
    find(problems, "programs/listing.json", 1, "a program is a JSON object")
    find(problems, "programs/handoff.json", line_of(handoff, '"choices"'), "handoff reason 'boredom'")
    find(problems, "programs/refund_request.json", line_of(refund, '"escalation_reason"'), "escalation_reason 'money'")
    assert len(problems) == 3, "\n".join(map(str, problems))


def test_eval_scenarios_are_checked(pack: Path) -> None:
    eval_file = pack / "eval.yaml"
    eval_file.write_text(
        "scenarios:\n"
        "  - id: a\n"
        "    duty: shipping\n"
        "    turns:\n"
        "      - say: \"How much is shipping to Germany?\"\n"
        "        expect: {mentions_any: [\"9.90 EUR\"], escalated: maybe}\n"
        "  - id: a\n"
        "    duty: gossip\n"
        "    turns:\n"
        "      - say: \"Where is order 1042?\"\n"
        "        expect:\n"
        "          program: {name: track_order, args: {order-id: \"1042\"}}\n"
        "  - id: c\n"
        "    duty: order_status\n"
        "    turns:\n"
        "      - say: \"Order 1042?\"\n"
        "        expect:\n"
        "          program: {name: order_status, args: {order: \"1042\"}}\n"
        "          tone: warm\n",
        encoding="utf-8",
    )
    problems = check_pack(pack)
    find(problems, "eval.yaml", 6, "`escalated` must be false, true or a reason")
    find(problems, "eval.yaml", 7, "scenario id 'a' is used twice (first at line 2)")
    find(problems, "eval.yaml", 8, "duty 'gossip' is not one of")
    find(problems, "eval.yaml", 12, "no program programs/track_order.json")
    find(problems, "eval.yaml", 18, "program 'order_status' has no argument 'order'")
    find(problems, "eval.yaml", 19, "unknown expectation 'tone'")
    assert len(problems) == 6, "\n".join(map(str, problems))


def test_eval_yaml_syntax_error_names_its_line(pack: Path) -> None:
    (pack / "eval.yaml").write_text("scenarios:\n  - id: a\n    duty: [shipping\n    turns: []\n", encoding="utf-8")
    problems = check_pack(pack)
    assert len(problems) == 1 and problems[0].file == "eval.yaml" and "YAML syntax error" in problems[0].message
    assert 3 <= problems[0].line <= 5


def test_resolve_pack_by_name_or_path(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    (root / "pastashop").mkdir(parents=True)
    elsewhere = tmp_path / "my packs" / "bakery"
    elsewhere.mkdir(parents=True)
    assert resolve_pack_dir("pastashop", root) == root / "pastashop"
    assert resolve_pack_dir(str(elsewhere), root) == elsewhere
    with pytest.raises(ValueError, match=r"no pack 'bakery' under .*available: pastashop"):
        resolve_pack_dir("bakery", root)
    with pytest.raises(ValueError, match="does not exist"):
        resolve_pack_dir(str(tmp_path / "missing"), root)
    with pytest.raises(ValueError, match="no pack given"):
        resolve_pack_dir("  ", root)


def junk_variants(value: object):
    """Every way to put a wrong-typed value at one place of a parsed JSON/TOML/YAML tree."""
    for junk in (None, [1], {"x": [1]}, "", -1, True, [["deep"]]):
        yield junk
    if isinstance(value, dict):
        for key in value:
            for variant in junk_variants(value[key]):
                yield {**value, key: variant}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for variant in junk_variants(item):
                yield [*value[:index], variant, *value[index + 1 :]]


def assert_clean_finish(pack: Path) -> list[Problem]:
    problems = check_pack(pack)
    assert all(isinstance(p, Problem) and p.file and p.line >= 0 for p in problems)
    assert not [p for p in problems if "checker stopped early" in p.message], "\n".join(map(str, problems))
    return problems


def test_wrong_types_anywhere_in_a_program_are_problems_not_crashes(pack: Path) -> None:
    target = pack / "programs" / "handoff.json"
    original = json.loads(target.read_text(encoding="utf-8"))
    variants = [v for v in junk_variants(original) if v != original]
    assert len(variants) > 50
    for variant in variants:
        target.write_text(json.dumps(variant, indent=2), encoding="utf-8")
        problems = assert_clean_finish(pack)
        assert problems, f"no problem reported for {variant!r}"


def test_wrong_types_anywhere_in_an_eval_file_are_problems_not_crashes(pack: Path) -> None:
    import yaml

    original = {"scenarios": [{"id": "s", "duty": "order_status", "turns": [
        {"say": "Where is 1042?", "expect": {"escalated": False, "mentions_any": ["1042"],
                                              "program": {"name": "order_status", "args": {"order-id": "1042"}}}}]}]}
    target = pack / "eval.yaml"
    target.write_text(yaml.safe_dump(original), encoding="utf-8")
    assert_clean_finish(pack) == []
    for variant in junk_variants(original):
        target.write_text(yaml.safe_dump(variant), encoding="utf-8")
        assert_clean_finish(pack)


def test_files_cut_short_anywhere_never_crash_the_checker(pack: Path) -> None:
    for name in ("pack.toml", "document.md", "programs/refund_request.json"):
        file = pack / name
        text = file.read_text(encoding="utf-8")
        for cut in range(0, len(text), max(1, len(text) // 40)):
            file.write_text(text[:cut], encoding="utf-8")
            assert_clean_finish(pack)
        file.write_text(text, encoding="utf-8")
    assert check_pack(pack) == []


@pytest.mark.parametrize("name", ["pastashop", "gadgetstore"])
def test_demo_eval_covers_every_duty_with_multi_turn_scenarios(name: str) -> None:
    import yaml

    from core.shop.pack_check import DUTIES

    scenarios = yaml.safe_load((KNOWLEDGE / name / "eval.yaml").read_text(encoding="utf-8"))["scenarios"]
    assert len(scenarios) >= 60
    for duty in DUTIES:
        assert len([s for s in scenarios if s["duty"] == duty]) >= 3, duty
    asks_then_runs = [
        s for s in scenarios
        if len(s["turns"]) > 1
        and s["turns"][0]["expect"].get("program") == "none"
        and isinstance(s["turns"][-1]["expect"].get("program"), dict)
    ]
    assert len(asks_then_runs) >= 4


def test_staff_answer_within_and_waiting_replies_are_checked(pack: Path) -> None:
    toml = pack / "pack.toml"
    edit(toml, 'answer_within = "2h"', 'answer_within = "soon"')
    edit(toml, "take_back = false", 'take_back = "yes"')
    edit(toml, "waiting_closed = \"A colleague has your messages and will answer here {when}.\"",
         "waiting_closed = \"A colleague will answer {whenever}.\"")
    problems = check_pack(pack)
    find(problems, "pack.toml", line_of(toml, "answer_within"), "duration")
    find(problems, "pack.toml", line_of(toml, "take_back"), "true or false")
    find(problems, "pack.toml", line_of(toml, "waiting_closed"), "whenever")


def test_a_message_may_not_use_an_optional_argument(pack: Path) -> None:
    # An optional argument may be absent, and Program.render refuses to leave a hole.
    program = pack / "programs" / "cancel_order.json"
    edit(program, "Order {order_id} has been cancelled.", "Order {order_id} has been cancelled ({reason}).")
    find(check_pack(pack), "programs/cancel_order.json", line_of(program, "({reason})"), "unknown placeholder {reason}")
def test_translated_replies_are_checked_like_the_replies(pack: Path) -> None:
    toml = pack / "pack.toml"
    edit(toml, 'too_long = "Il tuo messaggio', 'benvenuto = "Ciao"\ntoo_long = "Il tuo messaggio')
    edit(toml, 'holding = "Grazie, ho passato il tuo messaggio a un collega, che ti risponderà qui {when}."',
         'holding = "Grazie, un collega ti risponde {quando}."')
    edit(toml, "[replies.de]", "[replies.deutsch]")
    problems = check_pack(pack)
    find(problems, "pack.toml", line_of(toml, 'benvenuto = "Ciao"'), "unknown reply in [replies.it] 'benvenuto'")
    find(problems, "pack.toml", line_of(toml, "{quando}"), "unknown placeholder {quando}")
    find(problems, "pack.toml", line_of(toml, "[replies.deutsch]"), "two-letter language code")


def test_a_translation_falls_back_to_english_for_keys_it_lacks(pack: Path) -> None:
    from core.shop.pack import load_pack

    toml = pack / "pack.toml"
    edit(toml, 'too_long = "Il tuo messaggio è troppo lungo per me. Potresti accorciarlo?"\n', "")
    loaded = load_pack(pack)
    italian = loaded.replies_in("it")
    assert italian.safety.startswith("Mi dispiace") and italian.too_long == loaded.replies.too_long
    assert loaded.replies_in("fr") == loaded.replies_in(None) == loaded.replies
