"""core.answers.markup: a model's markdown read by each platform as formatting, never as syntax."""
from core.answers.markup import parse, to_plain, to_slack, to_spans, to_telegram

REPLY = "## Shipping\n- **Germany**: 9.90 EUR, *3-5 days*\n- see [our table](https://shop.example/ship)\nRun `order_status`."


def test_plain_text_has_no_markdown_syntax() -> None:
    assert to_plain(REPLY) == (
        "Shipping\n• Germany: 9.90 EUR, 3-5 days\n• see our table (https://shop.example/ship)\nRun order_status."
    )


def test_what_is_not_markup_stays_as_written() -> None:
    for text in ("5 * 3 * 2 = 30", "run order_status or change_address", "a_b_c and x*y*z", "price: 10 EUR - 20%"):
        assert to_plain(text) == text


def test_tables_rules_and_fences_read_as_lines() -> None:
    text = "| Zone | Price |\n| --- | --- |\n| EU | 9.90 EUR |\n---\n```\nline one\n```"
    assert to_plain(text) == "Zone · Price\nEU · 9.90 EUR\nline one\n"


def test_slack_gets_mrkdwn_with_its_escapes() -> None:
    assert to_slack(REPLY) == (
        "*Shipping*\n• *Germany*: 9.90 EUR, _3-5 days_\n• see <https://shop.example/ship|our table>\nRun `order_status`."
    )
    assert to_slack("Tom & Jerry <b>") == "Tom &amp; Jerry &lt;b&gt;"


def test_telegram_entities_count_utf16_units() -> None:
    text, entities = to_telegram("🍝 **Paccheri** and *pesto* 😀 [here](https://x.example)")
    assert text == "🍝 Paccheri and pesto 😀 here"
    units = text.encode("utf-16-le")

    def covered(entity: dict) -> str:
        return units[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode("utf-16-le")

    assert [(e["type"], covered(e)) for e in entities] == [("bold", "Paccheri"), ("italic", "pesto"), ("text_link", "here")]
    assert entities[-1]["url"] == "https://x.example"


def test_only_web_links_become_links() -> None:
    assert [s.url for s in parse("[x](javascript:void)")] == [""]
    assert to_plain("[x](javascript:void)") == "x"


def test_widget_spans_carry_style_and_plain_text() -> None:
    assert to_spans("**a** b `c`") == [
        {"text": "a", "style": "bold"}, {"text": " b ", "style": ""}, {"text": "c", "style": "code"},
    ]
