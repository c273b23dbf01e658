"""A pack names its own web sites; only links to them keep a label over their address."""
from __future__ import annotations

import shutil
from pathlib import Path

from adapters.slack.translate import message_args
from adapters.telegram.translate import to_send_calls
from core.messages import Address, Outbound
from core.shop.pack import load_pack
from core.shop.pack_check import check_pack

KNOWLEDGE = Path(__file__).resolve().parents[3] / "knowledge"
REPLY = "See [our menu](https://www.bottega.example/menu) or [your refund](https://evil.example/login)"


def pack_with(tmp_path: Path, line: str) -> Path:
    copy = tmp_path / "pastashop"
    shutil.copytree(KNOWLEDGE / "pastashop", copy)
    toml = copy / "pack.toml"
    toml.write_text(line + "\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_the_packs_sites_are_read_and_checked(tmp_path: Path) -> None:
    good = pack_with(tmp_path / "good", 'sites = ["https://bottega.example"]')
    assert load_pack(good).sites == ("https://bottega.example",)
    assert check_pack(good) == []
    bad = pack_with(tmp_path / "bad", 'sites = ["https://x><!channel>"]')
    [problem] = check_pack(bad)
    assert problem.file == "pack.toml" and problem.line == 1 and "sites" in problem.message


def test_slack_and_telegram_label_only_the_shops_own_links() -> None:
    sites = ("https://bottega.example",)
    slack = message_args(Outbound(Address("slack", "D1"), REPLY), sites=sites)["text"]
    assert "<https://www.bottega.example/menu|our menu>" in slack
    assert "your refund (https://evil.example/login)" in slack
    [call] = to_send_calls(Outbound(Address("telegram", "42"), REPLY), sites)
    links = [e.url for e in call.get("entities", []) if e.type == "text_link"]
    assert links == ["https://www.bottega.example/menu"]
    assert "your refund (https://evil.example/login)" in call["text"]
