from core.turn.protocol import Cat, Echo, Evaluation, RunProgram, Unknown, parse


def test_well_formed_reply_and_evaluation():
    out = parse('echo $ "Shipping to Germany costs 9.90 EUR."\necho $ "evaluation: safe"')
    assert out == [Echo("Shipping to Germany costs 9.90 EUR."), Evaluation("safe")]


def test_code_fences_prompts_and_prose_are_tolerated():
    out = parse('Sure, here you go:\n```bash\n$ echo $ "Hello!"\n$ echo $ "evaluation: unsafe"\n```\nThanks.')
    assert out == [Echo("Hello!"), Evaluation("unsafe")]


def test_message_over_several_lines_with_escaped_quotes():
    out = parse('echo $ "Line one\nsays \\"hi\\"\nline three"\necho $ "evaluation: safe"')
    assert out[0] == Echo('Line one\nsays "hi"\nline three')
    assert out[1] == Evaluation("safe")


def test_single_quotes_and_missing_dollar():
    assert parse("echo 'Ciao!'") == [Echo("Ciao!")]


def test_missing_evaluation_line_is_just_absent():
    assert parse('echo $ "Hi"') == [Echo("Hi")]


def test_cat_python_and_unknown_commands():
    out = parse("cat shipping.txt ../etc/passwd\npython3 order_status.py --order-id 18\nls -la\nsudo rm -rf /")
    assert out == [
        Cat(("shipping.txt", "../etc/passwd")),
        RunProgram("order_status.py", ("--order-id", "18")),
        Unknown("ls", "ls -la"),
        Unknown("sudo", "sudo rm -rf /"),
    ]


def test_quoted_program_arguments_and_unbalanced_quotes():
    assert parse('python refund_request.py --reason "arrived broken"')[0] == RunProgram(
        "refund_request.py", ("--reason", "arrived broken")
    )
    assert parse('python x.py --reason "oops')[0] == RunProgram("x.py", ("--reason", '"oops'))


def test_many_commands_in_one_output_keep_their_order():
    out = parse("cat a.txt\ncat b.txt\npython p.py --help\necho $ \"x\"")
    assert [type(c).__name__ for c in out] == ["Cat", "Cat", "RunProgram", "Echo"]


def test_prose_only_gives_no_command():
    assert parse("I think the customer wants to know about shipping.") == []


def test_bare_evaluation_line_is_accepted():
    assert parse('echo $ "Hi"\nevaluation: safe') == [Echo("Hi"), Evaluation("safe")]
