"""Settings from csbot.toml (what to run) and the environment (secrets). A bad setting is a
one-line ConfigError naming the setting; secrets are never printed."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A missing or wrong setting; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Config:
    pack: str = "pastashop"
    model: str = "ollama:llama3.1"
    db: str = "csbot.db"
    model_settings: dict[str, Any] = field(default_factory=dict)
    engine: dict[str, Any] = field(default_factory=dict)
    guard: dict[str, Any] = field(default_factory=dict)
    telegram: dict[str, Any] = field(default_factory=dict)
    slack: dict[str, Any] = field(default_factory=dict)
    discord: dict[str, Any] = field(default_factory=dict)
    web: dict[str, Any] = field(default_factory=dict)
    desk: dict[str, Any] = field(default_factory=dict)
    workers: dict[str, Any] = field(default_factory=dict)
    orders: dict[str, Any] = field(default_factory=dict)  # bots/orders_source.py
    privacy: dict[str, Any] = field(default_factory=dict)  # keep_days: conversations deleted after N days
    env: dict[str, str] = field(default_factory=dict, repr=False)

    def secret(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None


def config_values(config: Config) -> list[Any]:
    """Every setting's value (not the environment): what the console must not show in clear."""
    return [value for name, value in config.__dict__.items() if name != "env"]


SECTIONS = ("engine", "guard", "telegram", "slack", "discord", "web", "desk", "workers", "orders", "privacy")
# What each section may hold: a misspelt key ("prot = 3000") is refused, not silently ignored.
# [model_settings] is passed to the model backend as it is, so it is not listed.
SECTION_KEYS = {
    "engine": ("max_steps", "seed", "max_message_chars", "history_messages", "customer_messages_per_minute"),
    "guard": ("enabled", "model", "host"),
    "telegram": ("base_url", "transport", "webhook_url", "listen", "port"),
    "slack": ("mode", "host", "port", "base_url"),
    "discord": ("support_channels", "api_base", "gateway_url", "shard_count", "shard_ids"),
    "web": ("enabled", "host", "port", "allowed_origins", "trusted_proxies", "secure_cookies"),
    "desk": ("channel", "users"),
    "workers": ("outbox_lease",),
    "orders": ("source", "url", "timeout", "query_string_auth", "verify_tls", "auth_header"),
    "privacy": ("keep_days",),
}
# The type of every setting csbot reads: a wrong one ("port = \"eighty\"") is one line naming the
# setting and the file, at start, not a ValueError from deep inside or a silent misreading.
# A list type is written [element type]. Sections' keys not named here are passed on as they are.
SETTING_TYPES: dict[str, Any] = {
    "pack": str, "model": str, "db": str,
    "engine.max_steps": int, "engine.seed": int, "engine.max_message_chars": int, "engine.history_messages": int,
    "engine.customer_messages_per_minute": int,
    "guard.enabled": bool, "guard.model": str, "guard.host": str,
    "telegram.base_url": str, "telegram.transport": str, "telegram.webhook_url": str, "telegram.listen": str,
    "telegram.port": int,
    "slack.mode": str, "slack.host": str, "slack.port": int, "slack.base_url": str,
    "discord.support_channels": [int], "discord.api_base": str, "discord.gateway_url": str,
    "discord.shard_count": int, "discord.shard_ids": [int],
    "web.enabled": bool, "web.host": str, "web.port": int, "web.allowed_origins": [str], "web.trusted_proxies": [str],
    "desk.channel": str, "desk.users": [str],
    "workers.outbox_lease": float,
    "web.secure_cookies": bool, "privacy.keep_days": int,
}
_TYPE_NAMES = {str: "a string in quotes", int: "a whole number", float: "a number", bool: "true or false"}
_LIST_NAMES = {str: 'a list of strings, like ["a", "b"]', int: "a list of whole numbers, like [1, 2]"}
# At least this much, where less makes no sense (a port is checked for its range too).
_AT_LEAST = {"engine.max_steps": 1, "engine.max_message_chars": 1, "engine.history_messages": 0, "privacy.keep_days": 1}


def check_types(file: Path, data: dict[str, Any]) -> None:
    """Raise ConfigError for the first setting whose value is not of its type."""
    for name, expected in SETTING_TYPES.items():
        section, _, key = name.rpartition(".")
        holder = data.get(section, {}) if section else data
        if key not in holder:
            continue
        value = holder[key]
        where = f"[{section}] {key}" if section else key
        if isinstance(expected, list):
            # Ids may be written in quotes too: they are read with int() where used.
            ok = isinstance(value, list) and all(_is(item, expected[0]) or expected[0] is int and str(item).isdigit()
                                                 for item in value)
            wanted = _LIST_NAMES[expected[0]]
        else:
            ok, wanted = _is(value, expected), _TYPE_NAMES[expected]
        if not ok:
            raise ConfigError(f"{file}: {where} = {_shown(value)} must be {wanted}")
        if name.endswith(".port") and not 0 <= value <= 65535:
            raise ConfigError(f"{file}: {where} = {value} must be a port number from 0 to 65535")
        if name in _AT_LEAST and value < _AT_LEAST[name]:
            raise ConfigError(f"{file}: {where} = {value} must be at least {_AT_LEAST[name]}")


def check_choices(file: Path, data: dict[str, Any]) -> None:
    """Settings that take one of a few forms: a wrong one names the file, like a wrong type."""
    from bots.orders_source import SOURCES  # here: orders_source imports ConfigError from this module

    source = data.get("orders", {}).get("source")
    if source is not None and str(source).strip().lower() not in SOURCES:
        raise ConfigError(f"{file}: [orders] source = {_shown(source)} must be one of {', '.join(SOURCES)}")
    spec = data.get("model")
    if spec is None:
        return
    kind, _, rest = str(spec).strip().partition(":")
    kind = kind.lower()
    if (kind == "offline" and not rest) or kind == "ollama" or (kind == "openai" and rest.startswith(("http://", "https://"))):
        return
    from core.models.select import ACCEPTED  # only when the setting is wrong: it imports the model clients

    raise ConfigError(f"{file}: model = {_shown(spec)} must be one of {ACCEPTED}")


def _is(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else '"' + value + '"'
    return text if len(text) <= 40 else text[:37] + "..."


# Socket Mode is the default: it needs no public address (the usual first hour: a laptop or a
# server behind a firewall), and the manifest in adapters/slack_manifest.yaml enables it.
SLACK_MODE = "socket"


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    explicit = path is not None or "CSBOT_CONFIG" in env
    file = Path(path or env.get("CSBOT_CONFIG", "csbot.toml"))
    data: dict[str, Any] = {}
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{file}: {error}") from None
    elif explicit:
        raise ConfigError(f"config file {file} not found (set CSBOT_CONFIG or pass --config)")
    for section in SECTIONS + ("model_settings",):
        if section in data and not isinstance(data[section], dict):
            raise ConfigError(f"{file}: [{section}] must be a table")
    known = {"pack", "model", "db", *SECTIONS, "model_settings"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{file}: unknown setting '{unknown[0]}' (known: {', '.join(sorted(known))})")
    for section, keys in SECTION_KEYS.items():
        wrong = sorted(set(data.get(section, {})) - set(keys))
        if wrong:
            raise ConfigError(f"{file}: unknown setting '{wrong[0]}' in [{section}] (known: {', '.join(keys)})")
    check_types(file, data)
    check_choices(file, data)
    return Config(
        pack=str(data.get("pack", env.get("CSBOT_PACK", "pastashop"))),
        model=str(data.get("model", env.get("CSBOT_MODEL", "ollama:llama3.1"))),
        # CSBOT_DATABASE_URL wins over the file: a deployment sets it beside the other secrets
        db=str(env.get("CSBOT_DATABASE_URL") or data.get("db", env.get("CSBOT_DB", "csbot.db"))),
        **{s: dict(data.get(s, {})) for s in SECTIONS + ("model_settings",)},
        env=env,
    )
