"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

if sys.platform != "win32":
    import fcntl


def fsync_dir(directory: Path) -> None:
    """Makes renames in the folder durable; not every platform can open a folder."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(
    path: Path,
    mode: str = "wb",
    *,
    durable: bool = True,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """A handle on a temporary file beside `path` that replaces `path` when the block ends
    without error (and is removed when it fails). `durable` fsyncs the file and its folder; a
    bulk writer of many files turns it off and fsyncs the folder once at the end."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path()
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        _same_mode(Path(tmp), path)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    if durable:
        fsync_dir(directory)


def _same_mode(tmp: Path, path: Path) -> None:
    """The new file gets the mode (and, where this process may set it, the owner) of the file it
    replaces, or the usual mode of a new file: rewriting never widens or narrows who may read it."""
    try:
        old = path.stat()
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        return
    tmp.chmod(stat.S_IMODE(old.st_mode))
    new = tmp.stat()
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(tmp, old.st_uid, old.st_gid)


class Busy(Exception):
    """Another process holds the lock: `holder` is what it wrote (host, pid, since), as far as
    it could be read."""

    def __init__(self, lock: Path, holder: dict[str, str]) -> None:
        super().__init__(str(lock))
        self.lock = lock
        self.holder = holder


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


class Held(Exception):
    """acquire() found the lock file locked: `written` is what its holder wrote in it."""

    def __init__(self, lock: Path, written: str) -> None:
        super().__init__(str(lock))
        self.lock = lock
        self.written = written


def acquire(lock: Path) -> int:
    """An exclusive flock on the lock file `lock` (made if need be), taken without waiting: its
    descriptor, for the caller to write who holds it into and to close. Raises Held when another
    process holds it. A lock file its holder removed as it was opened is opened again."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                written = os.read(fd, 4096).decode("utf-8", "replace")
            except OSError:
                written = ""
            os.close(fd)
            raise Held(lock, written) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = lock.lstat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # its holder removed it as we opened it: lock the new one


def _holder(written: str) -> dict[str, str]:
    try:
        found = json.loads(written)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        found = {}
    return {key: str(found.get(key, "?"))[:100] for key in ("host", "pid", "since")}


@contextlib.contextmanager
def exclusive(path: Path, since: str) -> Iterator[Path]:
    """Holds, for the block, an exclusive lock on `path`: a lock file `.NAME.lock` beside it,
    flocked and holding this host, process id and `since`. Raises Busy when another process
    holds it. A lock file left by a process that died holds no flock (the system drops it with
    the process), so it is taken over; the lock file is removed on release."""
    lock = lock_path(Path(path))
    try:
        fd = acquire(lock)
    except Held as held:
        raise Busy(lock, _holder(held.written)) from None
    try:
        me = {"host": socket.gethostname(), "pid": os.getpid(), "since": since}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        yield lock
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename it over `path`."""
    with replacing(path, "wb", durable=durable) as handle:
        handle.write(data)


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    write_bytes(path, text.encode("utf-8"), durable=durable)
