"""Every setting's type is checked when csbot.toml is read: one line naming the file and the setting."""
from __future__ import annotations

from pathlib import Path

import pytest

from bots.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("toml, named", [
    ('[web]\nport = "eighty"\n', '[web] port = "eighty" must be a whole number'),
    ('[engine]\nmax_steps = "six"\n', '[engine] max_steps = "six" must be a whole number'),
    ("[engine]\nmax_steps = 0\n", "[engine] max_steps = 0 must be at least 1"),
    ('[web]\nenabled = "yes"\n', '[web] enabled = "yes" must be true or false'),
    ('[web]\nallowed_origins = "https://shop.example"\n', "[web] allowed_origins"),
    ("[slack]\nport = 70000\n", "[slack] port = 70000 must be a port number"),
    ("db = 5\n", "db = 5 must be a string in quotes"),
    ('[workers]\noutbox_lease = "30s"\n', '[workers] outbox_lease = "30s" must be a number'),
    ("[discord]\nshard_ids = [0, true]\n", "[discord] shard_ids"),
    ('[orders]\nsource = "shopify"\n', '[orders] source = "shopify" must be one of pack, woocommerce, http, simulated'),
    ('model = "gpt4"\n', 'model = "gpt4" must be one of ollama, ollama:MODEL, openai:URL#MODEL'),
    ('model = "openai:localhost:8000#m"\n', 'model = "openai:localhost:8000#m" must be one of'),
])
def test_a_setting_of_the_wrong_type_is_one_line_naming_it(tmp_path: Path, toml: str, named: str) -> None:
    file = tmp_path / "csbot.toml"
    file.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(file, env={})
    message = str(refused.value)
    assert message.startswith(f"{file}: {named}") and "\n" not in message


@pytest.mark.parametrize("shipped", ["csbot.example.toml", "deploy/csbot.toml"])
def test_the_shipped_settings_files_pass(shipped: str) -> None:
    load_config(ROOT / shipped, env={})


def test_right_types_pass(tmp_path: Path) -> None:
    file = tmp_path / "csbot.toml"
    file.write_text('[web]\nport = 8080\nenabled = true\n[workers]\noutbox_lease = 12\n[discord]\nsupport_channels = ["123", 456]\n')
    config = load_config(file, env={})
    assert config.web["port"] == 8080 and config.workers["outbox_lease"] == 12
