"""One Slack set-up: manifest, default mode, example settings and README agree; section keys are checked."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from bots.config import SLACK_MODE, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_example_and_readme_agree_on_the_default_mode() -> None:
    manifest = yaml.safe_load((ROOT / "adapters" / "slack_manifest.yaml").read_text())
    assert manifest["settings"]["socket_mode_enabled"] is (SLACK_MODE == "socket")
    example = tomllib.loads((ROOT / "csbot.example.toml").read_text())
    assert example["slack"]["mode"] == SLACK_MODE
    assert f'Socket Mode is the default** (`[slack] mode = "{SLACK_MODE}"`' in (ROOT / "README.md").read_text()
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {"users:read", "channels:read"} <= set(scopes)  # names of mentions in staff replies


def test_the_example_settings_load(tmp_path: Path) -> None:
    config = load_config(ROOT / "csbot.example.toml", env={})
    assert config.slack["mode"] == SLACK_MODE


@pytest.mark.parametrize("section,key", [("slack", "prot"), ("desk", "chanel"), ("engine", "max_step"), ("web", "enable")])
def test_unknown_keys_inside_sections_are_refused(tmp_path: Path, section: str, key: str) -> None:
    file = tmp_path / "csbot.toml"
    file.write_text(f'[{section}]\n{key} = 1\n')
    with pytest.raises(ConfigError, match=f"unknown setting '{key}' in \\[{section}\\]"):
        load_config(file, env={})


def test_model_settings_are_free_form(tmp_path: Path) -> None:
    file = tmp_path / "csbot.toml"
    file.write_text('[model_settings]\nnum_ctx = 4096\nanything = "goes"\n')
    assert load_config(file, env={}).model_settings["anything"] == "goes"
