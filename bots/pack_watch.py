"""The pack's document reloaded while csbot runs, when it changes on disk: an answer another worker
wrote from the owner's page, or the owner's own edit of document.md. The new document is checked
like `csbot knowledge check` first; with a problem, csbot keeps answering from the one it has and
says which problem, once."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from pathlib import Path

from core.shop.pack import PackError, load_pack
from core.shop.pack_check import check_pack

log = logging.getLogger("csbot.pack")

CHECK_EVERY = 5.0  # seconds between two looks at the file's modification time (a stat, nothing read)


class PackWatch:
    def __init__(self, hub, every: float = CHECK_EVERY) -> None:
        self.hub = hub
        self.every = every
        self._seen = self._stamp()
        self._known: Counter | None = None  # the problems the pack had already: only new ones refuse it
        self._task: asyncio.Task | None = None

    @property
    def _document(self) -> Path:
        return Path(self.hub.pack.path) / "document.md"

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self._document.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    async def run_once(self) -> bool:
        """True when a changed document was loaded into the running bot."""
        folder = Path(self.hub.pack.path)
        if self._known is None:
            self._known = _problems(await asyncio.to_thread(check_pack, folder))
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        self._seen = stamp
        text = await asyncio.to_thread(self._document.read_text, encoding="utf-8")
        if text.strip() == self.hub.pack.document:
            return False  # this process wrote it (the owner's page) and uses it already
        problems = await asyncio.to_thread(check_pack, folder)
        fresh = [p for p in problems if not self._known[(p.file, p.message)]]
        if fresh:
            log.warning("%s changed but is not used: %s (csbot keeps the document it had)", self._document, fresh[0])
            return False
        try:
            pack = await asyncio.to_thread(load_pack, folder)
        except PackError as error:
            log.warning("%s changed but is not used: %s", self._document, error)
            return False
        self.hub.use_pack(pack)
        self._known = _problems(problems)
        log.info("%s changed: the bot answers from the new document", self._document)
        return True

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="csbot-pack-watch")

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()  # the first one also notes the problems the pack has already
            except Exception as error:  # a file half written by an editor: the next look sees it whole
                log.warning("could not reload %s: %s", self._document, error)
            await asyncio.sleep(self.every)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


def _problems(problems) -> Counter:
    return Counter((p.file, p.message) for p in problems)


@contextlib.asynccontextmanager
async def watching(hub):
    """`async with watching(hub):` the pack's document is reloaded when it changes, until the block ends."""
    watch = PackWatch(hub)
    watch.start()
    try:
        yield watch
    finally:
        await watch.stop()
