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
    assert to_slack(REPLY, sites=["shop.example"]) == (
        "*Shipping*\n• *Germany*: 9.90 EUR, _3-5 days_\n• see <https://shop.example/ship|our table>\nRun `order_status`."
    )
    assert to_slack("Tom & Jerry <b>") == "Tom &amp; Jerry &lt;b&gt;"


def test_telegram_entities_count_utf16_units() -> None:
    text, entities = to_telegram("🍝 **Paccheri** and *pesto* 😀 [here](https://x.example)", sites=["x.example"])
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


def test_a_link_address_cannot_carry_slack_syntax() -> None:
    # `<https://x><!channel>|click>` would ping the whole channel.
    for url in ("https://x><!channel>", "https://x|<!here>", "https://x.example/a<b"):
        text = to_slack(f"[click]({url})", sites=["x", "x.example"])
        assert "<!" not in text and "|" not in text
        assert text == "click"


def test_only_the_shops_own_sites_hide_their_address_behind_a_label() -> None:
    own = ["https://bottega.example"]
    assert to_slack("[menu](https://www.bottega.example/menu)", sites=own) == "<https://www.bottega.example/menu|menu>"
    assert to_slack("[your refund](https://evil.example/login)", sites=own) == "your refund (https://evil.example/login)"
    assert to_slack("[bottega](https://bottega.example.evil.example/)", sites=own) == (
        "bottega (https://bottega.example.evil.example/)"
    )
    assert to_slack("[menu](https://bottega.example/)") == "menu (https://bottega.example/)"
    text, entities = to_telegram("[your refund](https://evil.example/login)", sites=own)
    assert entities == [] and text == "your refund (https://evil.example/login)"
