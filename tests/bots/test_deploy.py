"""The deployment files agree with each other and with csbot's settings (docker is not run here)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bots.config import Config, ConfigError, load_config
from bots.workers import worker_id, worker_settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_postgres_ollama_two_workers_and_a_proxy_on_one_database():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"postgres", "ollama", "worker1", "worker2", "proxy"} <= set(services)
    workers = [services["worker1"], services["worker2"]]
    urls = {w["environment"]["CSBOT_DATABASE_URL"] for w in workers}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql://")
    assert {w["environment"]["CSBOT_WORKER"] for w in workers} == {"worker1", "worker2"}
    assert {w["environment"]["CSBOT_DISCORD_SHARD_IDS"] for w in workers} == {"0", "1"}
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]


def test_the_proxy_sends_each_path_to_the_port_the_workers_listen_on():
    config = load_config(ROOT / "deploy" / "csbot.toml", env={})
    caddy = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    upstreams = dict(re.findall(r"handle (\S+) \{\s*reverse_proxy worker1:(\d+)", caddy))
    assert upstreams["/telegram*"] == str(config.telegram["port"])
    assert upstreams["/slack/events"] == str(config.slack["port"])
    assert f"reverse_proxy worker1:{config.web['port']} worker2:{config.web['port']}" in caddy
    assert config.telegram["listen"] == config.slack["host"] == config.web["host"] == "0.0.0.0"


def test_the_dockerfile_runs_csbot_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# csbot worker image") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"^USER csbot$", dockerfile, re.M)
    assert 'ENTRYPOINT ["csbot"]' in dockerfile and 'CMD ["run"]' in dockerfile


def test_worker_settings_name_the_worker_and_check_the_lease():
    assert worker_settings(Config(env={"CSBOT_WORKER": "w7"}, workers={"outbox_lease": 12}))["worker"] == "w7"
    assert worker_settings(Config(workers={"outbox_lease": 12}))["lease_seconds"] == 12.0
    assert worker_id(Config()) != ""
    with pytest.raises(ConfigError, match="outbox_lease"):
        worker_settings(Config(workers={"outbox_lease": 0}))


def test_the_workers_believe_the_forwarded_address_from_the_proxy_only():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    proxy_address = compose["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    config = load_config(ROOT / "deploy" / "csbot.toml", env={})
    assert config.web["trusted_proxies"] == [proxy_address]
    caddy = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "header_up X-Real-IP {remote_host}" in caddy
