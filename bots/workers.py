"""What makes one `csbot run` process a worker among several: its id and its share of the work."""
from __future__ import annotations

import os
import socket

from bots.config import Config, ConfigError

WORKER_ENV = "CSBOT_WORKER"


def worker_id(config: Config) -> str:
    """A name for leases and logs, unique per process: CSBOT_WORKER, else host and pid."""
    return config.env.get(WORKER_ENV, "").strip() or f"{socket.gethostname()}-{os.getpid()}"


def worker_settings(config: Config) -> dict:
    """The hub's worker id and outbox lease ([workers] outbox_lease, seconds)."""
    from core.delivery.shared_outbox import LEASE_SECONDS

    lease = config.workers.get("outbox_lease", LEASE_SECONDS)
    if isinstance(lease, bool) or not isinstance(lease, (int, float)) or lease <= 0:
        raise ConfigError(f"workers.outbox_lease = {lease!r} must be a number of seconds above 0")
    return {"worker": worker_id(config), "lease_seconds": float(lease)}


def discord_shards(config: Config):
    """[discord] shard_count / shard_ids (or CSBOT_DISCORD_SHARD_COUNT / _IDS, which win, so one
    compose file can give each worker its share); None runs one unsharded connection."""
    from adapters.discord.runner import Shards

    settings, env = config.discord, config.env
    count = env.get("CSBOT_DISCORD_SHARD_COUNT") or settings.get("shard_count")
    ids = env.get("CSBOT_DISCORD_SHARD_IDS") or settings.get("shard_ids")
    if count in (None, ""):
        if ids not in (None, "", []):
            raise ConfigError("discord.shard_ids is set: set discord.shard_count too (the total over all workers)")
        return None
    try:
        count = int(count)
        if ids in (None, "", []):
            ids = range(count)  # one worker runs every shard
        elif isinstance(ids, str):
            ids = [int(part) for part in ids.replace(",", " ").split()]
        return Shards(count, tuple(int(i) for i in ids))
    except (TypeError, ValueError) as error:
        raise ConfigError(f"discord shards: {error} (shard_count = N, shard_ids = [0, 1, ...] below N)") from None
