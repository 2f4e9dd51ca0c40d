"""One writing process per archive: a second crawl on the same archive refuses, clearly.

SQLite itself never corrupts under two writers, but two crawls of one archive would race on
"is this article new?" and on the JSON Lines file. The lock is an OS file lock (released by the
kernel when the holder dies, even by SIGKILL), shared by all crawls inside one process.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

_held: dict[Path, tuple[int, int]] = {}  # lock path -> (fd, users in this process)


class ArchiveBusy(RuntimeError):
    """Another process is writing this archive."""


def _lock_path(db_path: str | Path) -> Path:
    return Path(f"{Path(db_path).resolve()}.lock")


def acquire(db_path: str | Path) -> None:
    """Take (or share, within this process) the archive's write lock, or raise ArchiveBusy."""
    path = _lock_path(db_path)
    if path in _held:
        fd, users = _held[path]
        _held[path] = (fd, users + 1)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise ArchiveBusy(
            f"{db_path} is being written by another crawl (pid {holder}); "
            "wait for it to finish, or crawl into another --db"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _held[path] = (fd, 1)


def release(db_path: str | Path) -> None:
    """Give the lock back; the last user in this process unlocks it."""
    path = _lock_path(db_path)
    if path not in _held:
        return
    fd, users = _held[path]
    if users > 1:
        _held[path] = (fd, users - 1)
        return
    del _held[path]
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def writer_alive(db_path: str | Path) -> bool:
    """True when a process holds the archive's write lock (this one included). Without one, a
    ``running`` row of the run log belongs to a process that is gone (killed, powered off).
    Probes with a shared lock, released at once: never blocks, never holds the lock."""
    path = _lock_path(db_path)
    if path in _held:
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor releases a shared lock it took
    return False
