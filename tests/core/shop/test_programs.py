import random

from core.shop.programs import Program

SPEC = {
    "name": "refund_request",
    "description": "Ask for a refund.",
    "arguments": [
        {"name": "order-id", "type": "int", "required": True, "pattern": "^[0-9]{3,8}$", "help": "order number"},
        {"name": "email", "type": "email", "required": False},
        {"name": "reason", "type": "choice", "choices": ["damaged", "late"], "required": True},
    ],
    "outcomes": [
        {"weight": 3, "status": "success", "message": "Refund for order {order_id} queued."},
        {"weight": 1, "status": "error", "message": "Order {order_id} is not refundable."},
    ],
}


def program(**changes) -> Program:
    return Program.from_dict({**SPEC, **changes})


def test_help_is_generated_from_the_arguments():
    text = program().help_text()
    assert text.startswith("usage: refund_request.py [-h] --order-id ORDER_ID [--email EMAIL] --reason {damaged,late}")
    assert "order number (int, required)" in text
    assert program().run(["--help"], random.Random(0)).status == "help"


def test_errors_read_like_argparse():
    p = program()
    rng = random.Random(0)
    assert "the following arguments are required: --order-id, --reason" in p.run([], rng).output
    assert "argument --order-id: invalid int value: 'abc'" in p.run(["--order-id", "abc", "--reason", "late"], rng).output
    assert "invalid choice: 'bored'" in p.run(["--order-id", "123", "--reason", "bored"], rng).output
    assert "invalid email value" in p.run(["--order-id", "123", "--reason", "late", "--email", "x"], rng).output
    assert "invalid value: '12'" in p.run(["--order-id", "12", "--reason", "late"], rng).output
    assert "unrecognized arguments: --foo" in p.run(["--order-id", "123", "--reason", "late", "--foo"], rng).output
    assert p.run(["--order-id"], rng).status == "usage"


def test_outcomes_follow_the_weights_and_replay_with_a_seed():
    p = program()
    argv = ["--order-id=1042", "--reason", "late"]
    first = [p.run(argv, random.Random(7)).output for _ in range(1)] + [
        r.output for r in (p.run(argv, rng) for rng in [random.Random(7)] for _ in range(50))
    ]
    again = [p.run(argv, random.Random(7)).output] + [
        r.output for r in (p.run(argv, rng) for rng in [random.Random(7)] for _ in range(50))
    ]
    assert first == again
    successes = sum("queued" in o for o in first)
    assert 25 < successes < 50  # weight 3:1 -> about 38 of 51
    assert "Refund for order 1042 queued." in first


def test_staff_approval_and_handoff_do_not_run_outcomes():
    rng = random.Random(0)
    argv = ["--order-id", "1042", "--reason", "late"]
    assert program(approval="staff").run(argv, rng).status == "approval"
    assert program(action="handoff").run(argv, rng).status == "handoff"


def test_render_fails_loudly_on_a_missing_key() -> None:
    import pytest

    from core.shop.programs import MissingDetails, Program

    message = "Refund of {amount} EUR for order {order_id} issued."
    assert Program.render(message, {"amount": "24.90", "order_id": "1042"}) == "Refund of 24.90 EUR for order 1042 issued."
    with pytest.raises(MissingDetails) as missing:
        Program.render(message, {"order_id": "1042"})
    assert missing.value.names == ("amount",)
    with pytest.raises(MissingDetails) as both:
        Program.render(message, {})
    assert both.value.names == ("amount", "order_id")
