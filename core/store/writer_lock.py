"""One writing process per SQLite file: an exclusive `flock` on `<db>.lock`, which holds the pid.

The SQLite store serves conversations and event ids from memory and hands out outbox ids, so a
second writer on the same file would corrupt turns; it gets one clear line instead. The kernel
drops the lock when the process dies, so a crash never leaves a stale lock behind.

The lock file is opened without following a symbolic link and written only when it is a regular
file of this user: another local user's link or hard link planted at `<db>.lock` would otherwise
have csbot truncate the file it points to."""
from __future__ import annotations

import fcntl
import os
import stat

from core.store.base import StoreError


class WriterLock:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.path = f"{db_path}.lock"
        self._fd: int | None = None

    def take(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as error:
            reason = "it is a symbolic link" if os.path.islink(self.path) else error.strerror
            raise StoreError(f"cannot open the database {self.db_path}: {reason} ({self.path})") from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_nlink != 1:
            os.close(fd)
            raise StoreError(
                f"cannot open the database {self.db_path}: {self.path} is not a lock file of this user; remove it"
            )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StoreError(
                f"{self.db_path} is in use by process {holder}; several workers need PostgreSQL: see README"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
