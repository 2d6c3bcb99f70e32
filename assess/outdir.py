"""One output transaction per batch run: `--out` holds one complete run, or the one before it.

Everything a run writes goes into a fresh folder beside `--out` (`.<name>.tmp-<random>` in the
same parent, so renaming it is atomic). Only when the run has written everything, PDFs included,
is it swapped in: exchanged with the old folder in one rename where the system can (Linux's
renameat2), otherwise the old folder is renamed aside and the new one renamed in (a crash between
the two is repaired by the next run). The old folder is then removed.

A lock (`.<name>.lock` beside `--out`, held with flock for the whole run) refuses a second run into
the same folder; temporaries left by a killed run are removed by the next one. The new folder is
made by this run, so nothing planted in the old one (a symlink named `assessments`, say) is ever
written through; removing the old folder unlinks such symlinks and never follows them."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from assess import atomicfile
from assess.bilingual import Lang
from assess.errors import AssessError, UnreadableFileError, UsageError
from assess.messages import t

MARKER = ".assess-run.json"
# What a batch writes at the top of its folder: a folder holding anything else is not replaced.
OUTPUTS = frozenset(
    {
        "results.csv",
        "results.xlsx",
        "results.json",
        "findings.csv",
        "assessments",
        "assessments.jsonl",
        "reports",
        "sector-report.pdf",
        MARKER,
    }
)
# atomicfile's temporaries of those (left in --out by a killed run of an older version)
_LEFTOVER = re.compile(
    r"\.(results\.csv|results\.json|findings\.csv|assessments\.jsonl|sector-report\.pdf)\.\w+\.tmp"
)
# OSError numbers that mean the machine, not assess, is at fault: exit 2 with a hint, not 3
ENVIRONMENT = frozenset(
    getattr(errno, name)
    for name in (
        "ENOSPC",
        "EDQUOT",
        "EROFS",
        "EACCES",
        "EPERM",
        "EFBIG",
        "EIO",
        "EMFILE",
        "ENFILE",
        "ENOTDIR",
        "EISDIR",
        "ENAMETOOLONG",
        "ELOOP",
        "EMLINK",
    )
    if hasattr(errno, name)
)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load (not a POSIX system)
        return None


class Transaction:
    """The folder a run writes into (`path`), swapped in for `out` by `commit`. Use as a context
    manager: entering locks `out` and makes the folder; leaving without `commit` (an error, Ctrl-C)
    removes it and leaves `out` as it was."""

    def __init__(self, out: Path, lang: Lang) -> None:
        self.shown = out
        self.lang = lang
        self.target = _target(out, lang)
        self.parent = self.target.parent
        self.name = self.target.name
        self.path = self.parent / f".{self.name}.tmp-{secrets.token_hex(6)}"
        self.committed = False
        self._lock: int | None = None

    # -- entering ---------------------------------------------------------------------------------

    def __enter__(self) -> Transaction:
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.parent / f".{self.name}.lock", self.shown, self.lang)
            try:
                self._recover()
                self._check_replaceable()
                self.path.mkdir()
                with contextlib.suppress(OSError):  # keep the permissions the user gave the folder
                    self.path.chmod(stat.S_IMODE(self.target.stat().st_mode))
            except BaseException:
                self._release()
                raise
        except OSError as exc:
            raise self.error(exc) from None
        return self

    def _temporaries(self) -> list[Path]:
        pattern = re.compile(rf"\.{re.escape(self.name)}\.(tmp|old)-[0-9a-f]+")
        return sorted(entry for entry in self.parent.iterdir() if pattern.fullmatch(entry.name))

    def _recover(self) -> None:
        """Under the lock, every temporary of this `out` is a killed run's: the previous output, if
        a run was killed between renaming it aside and renaming its own in, goes back; the rest
        (unfinished folders, old outputs not yet removed) is removed."""
        leftovers = self._temporaries()
        if not os.path.lexists(self.target):
            aside = [p for p in leftovers if p.name.startswith(f".{self.name}.old-") and _real_dir(p)]
            if aside:
                newest = max(aside, key=lambda p: p.lstat().st_mtime)
                newest.rename(self.target)
                leftovers.remove(newest)
        for leftover in leftovers:
            _remove(leftover)

    def _check_replaceable(self) -> None:
        if not os.path.lexists(self.target):
            return
        if not self.target.is_dir():
            raise UsageError(
                t("out.not_folder", self.lang, out=self.shown), hint=t("out.not_folder.hint", self.lang)
            )
        names = (entry.name for entry in self.target.iterdir())
        foreign = sorted(e for e in names if e not in OUTPUTS and not _LEFTOVER.fullmatch(e))
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" (+{len(foreign) - 5})" if len(foreign) > 5 else "")
            raise UsageError(
                t("out.not_ours", self.lang, out=self.shown, names=shown),
                hint=t("out.not_ours.hint", self.lang),
            )

    # -- committing -------------------------------------------------------------------------------

    def commit(self, marker: Mapping[str, Any]) -> None:
        """Write the marker, make everything durable, and swap the folder in. Ctrl-C and SIGTERM
        wait until the swap is done, so `out` is either the old folder or the new one."""
        try:
            atomicfile.write_text(
                self.path / MARKER,
                json.dumps(dict(marker), ensure_ascii=False, indent=2) + "\n",
                durable=False,
            )
            _sync(self.path)
            with _signals_held():
                old = self._swap()
                self.committed = True
                atomicfile.fsync_dir(self.parent)
            if old is not None:
                _remove(old)
        except OSError as exc:
            if self.committed:  # the old folder could not be removed: the next run will
                return
            raise self.error(exc) from None

    def _swap(self) -> Path | None:
        """The new folder in place of the old; returns where the old one now is (to remove)."""
        if not os.path.lexists(self.target):
            self.path.rename(self.target)
            return None
        if _exchange(self.path, self.target):
            return self.path  # the old folder, now under the temporary name
        old = self.parent / f".{self.name}.old-{secrets.token_hex(6)}"
        self.target.rename(old)
        self.path.rename(self.target)
        return old

    # -- leaving ----------------------------------------------------------------------------------

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self.committed:
                _remove(self.path)
        finally:
            self._release()
        if isinstance(exc, OSError) and self.concerns(exc):
            raise self.error(exc) from None

    def concerns(self, exc: OSError) -> bool:
        """Whether an OSError is the machine's doing (disk full, read-only, no permission), or
        about a file in --out's folder (deleted under the run, say): not a bug in assess."""
        return exc.errno in ENVIRONMENT or (exc.filename is not None and _under(exc.filename, self.parent))

    def _release(self) -> None:
        if self._lock is None:
            return
        fd, self._lock = self._lock, None
        # Removed while still held: a run waiting on this file sees it gone and makes a new one.
        with contextlib.suppress(OSError):
            (self.parent / f".{self.name}.lock").unlink()
        os.close(fd)

    def error(self, exc: OSError) -> AssessError:
        """An OSError of the machine's (disk full, read-only, no permission) as a message: exit 2."""
        where = Path(os.fsdecode(exc.filename)) if exc.filename is not None else self.shown
        path = self.shown / where.relative_to(self.path) if _under(where, self.path) else where
        key = {
            errno.ENOSPC: "out.no_space",
            getattr(errno, "EDQUOT", -1): "out.no_space",
            errno.EROFS: "out.read_only",
            errno.EACCES: "out.denied",
            errno.EPERM: "out.denied",
        }.get(exc.errno or 0, "out.cannot_write")
        message = t(key, self.lang, path=path, reason=exc.strerror or exc)
        hint = t(f"{key}.hint", self.lang) + " " + t("out.kept", self.lang, out=self.shown)
        return UnreadableFileError(message, hint=hint)


def _target(out: Path, lang: Lang) -> Path:
    """The folder `out` names, symlinks resolved: a link to a folder is followed (that folder is
    replaced, the link kept); a link to nothing, the root or a mount point is refused."""
    target = Path(os.path.realpath(out))
    if out.is_symlink() and not target.is_dir():
        raise UsageError(t("out.dangling", lang, out=out, target=target), hint=t("out.not_folder.hint", lang))
    if target.parent == target:
        raise UsageError(t("out.root", lang, out=out), hint=t("out.not_folder.hint", lang))
    if os.path.lexists(target) and not target.is_dir():
        raise UsageError(t("out.not_folder", lang, out=out), hint=t("out.not_folder.hint", lang))
    if os.path.ismount(target):  # a folder cannot be renamed over a mount point (a Docker volume)
        inside = out / "assess-out"
        raise UsageError(t("out.mount", lang, out=out), hint=t("out.mount.hint", lang, out=inside))
    return target


def _lock(path: Path, out: Path, lang: Lang) -> int:
    """An exclusive flock on `path` (made if need be); refuses, naming the holder, if it is held."""
    try:
        fd = atomicfile.acquire(path)
    except atomicfile.Held as held:
        holder = held.written[:32].strip() or "?"
        raise UsageError(t("out.busy", lang, out=out, pid=holder), hint=t("out.busy.hint", lang)) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _under(path: str | bytes | os.PathLike[str], folder: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).is_relative_to(folder)
    except (TypeError, ValueError):
        return False


def _remove(path: Path) -> None:
    """A folder removed without following any symlink in it (a link is unlinked, not entered)."""
    if not _real_dir(path):
        path.unlink(missing_ok=True)
        return
    shutil.rmtree(path, ignore_errors=True)


def _exchange(new: Path, old: Path) -> bool:
    """Swap two folders in one rename (Linux renameat2 RENAME_EXCHANGE); False where it cannot."""
    libc = _libc() if sys.platform.startswith("linux") else None
    rename = getattr(libc, "renameat2", None)
    if rename is None:
        return False
    done = rename(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the filesystem cannot: rename twice
    raise OSError(code, os.strerror(code), str(old))


def _sync(folder: Path) -> None:
    """Every file written in the run on disk before the swap: one syncfs of the filesystem
    (Linux) rather than an fsync per file (a million assessment files)."""
    libc = _libc() if sys.platform.startswith("linux") else None
    syncfs = getattr(libc, "syncfs", None)
    if syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(fd)


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while `out` is swapped, then delivered to the handlers they
    had. Python runs signal handlers in the main thread whichever thread the signal reached, so
    handlers that only note the signal hold it back wherever it lands."""
    held: list[int] = []

    def note(signum: int, frame: object) -> None:
        held.append(signum)

    try:
        before: dict[signal.Signals, Any] = {s: signal.signal(s, note) for s in _HELD}
    except ValueError:  # not the main thread: its signals are not this thread's to handle
        yield
        return
    try:
        yield
    finally:
        for which, handler in before.items():
            signal.signal(which, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)
