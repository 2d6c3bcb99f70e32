"""`assess batch`'s output folder: one transaction per run (a complete run or the one before, never
a mix), never written through a planted symlink, one run at a time, environment errors as exit 2,
workers that die with the batch, and the same bytes for the same input."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from assess import assessment as am
from assess import atomicfile, batch, outdir, scoring
from assess.errors import UnreadableFileError
from tests import factories
from tests.submission_files import agency, header, write_csv

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]


def rows(n: int = 3, **change: object) -> list[dict[str, object]]:
    return [agency(f"VD-{i}", **change) for i in range(1, n + 1)]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (not following links) and its bytes; a link as its target."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            out[name] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            out[name] = path.read_bytes()
    return out


def leftovers(parent: Path, name: str = "out") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def no_traceback(res: Result) -> None:
    assert "Traceback" not in res.output and "internal error" not in res.output, res.output


@pytest.fixture
def previous(cli: Cli, tmp_path: Path) -> Iterator[tuple[Path, dict[str, bytes]]]:
    """A complete earlier run in tmp_path/out, and its files' bytes."""
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "before.csv", rows(4)), "--out", out, "--jobs", "1")
    assert res.exit_code == 0, res.output
    yield out, snapshot(out)


# --- 1. symlinks planted inside --out ------------------------------------------------------------


def test_symlinked_subfolders_are_not_written_through(cli: Cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "a").mkdir(parents=True)
    (elsewhere / "r").mkdir()
    (elsewhere / "a" / "keep.json").write_text("mine", encoding="utf-8")
    (elsewhere / "secret.pdf").write_bytes(b"mine")
    out = tmp_path / "out"
    out.mkdir()
    (out / "assessments").symlink_to(elsewhere / "a")
    (out / "reports").symlink_to(elsewhere / "r")
    (out / "sector-report.pdf").symlink_to(elsewhere / "secret.pdf")
    (out / "results.json").symlink_to(elsewhere / "results.json")  # dangling: would be created there

    res = cli("batch", write_csv(tmp_path / "s.csv", rows(1)), "--out", out, "--jobs", "1", "--pdf")

    assert res.exit_code == 0, res.output
    assert snapshot(elsewhere) == {"a/keep.json": b"mine", "secret.pdf": b"mine"}
    for name in ("assessments", "reports", "results.json", "sector-report.pdf"):
        assert not (out / name).is_symlink() and (out / name).exists(), name
    assert [p.name for p in (out / "assessments").iterdir()] == ["VD-1.json"]
    assert [p.name for p in (out / "reports").iterdir()] == ["VD-1.pdf"]
    assert (out / "sector-report.pdf").read_bytes().startswith(b"%PDF")


def test_a_planted_subfolder_is_refused_by_the_writer_itself(tmp_path: Path) -> None:
    """write_results, used without the transaction (a library caller), does not follow one either."""
    q = factories.press()
    r = batch.run(write_csv(tmp_path / "s.csv", rows()), q, scoring.resolve(None, q), jobs=1)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "assessments").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnreadableFileError, match="is a symlink or a file, not a folder"):
        batch.write_results(r, tmp_path / "out", "en", jobs=1)
    assert list((tmp_path / "elsewhere").iterdir()) == []


# --- 7. two runs into one --out --------------------------------------------------------------------


def test_a_second_run_is_refused_while_the_first_holds_the_lock(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    fd = os.open(tmp_path / ".out.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        res = cli("batch", write_csv(tmp_path / "s.csv", rows(2)), "--out", out, "--lang", "en")
        assert res.exit_code == 2, res.output
        assert "another assess batch (process 4242) is writing to" in res.stderr
        no_traceback(res)
        assert snapshot(out) == before
        assert leftovers(tmp_path) == [".out.lock"]
    finally:
        os.close(fd)
    res = cli("batch", tmp_path / "s.csv", "--out", out, "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (out / "assessments").iterdir()) == ["VD-1.json", "VD-2.json"]
    assert leftovers(tmp_path) == []  # the lock file goes with the run


def test_a_folder_holding_other_files_is_not_replaced(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"the user's")
    res = cli("batch", write_csv(tmp_path / "s.csv", rows()), "--out", out, "--lang", "en")
    assert res.exit_code == 2
    assert "holds files assess batch did not write (notes.docx)" in res.stderr
    assert snapshot(out) == {"notes.docx": b"the user's"}
    assert leftovers(tmp_path) == []


def test_a_symlinked_out_is_followed_and_the_link_kept(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    res = cli("batch", write_csv(tmp_path / "s.csv", rows()), "--out", tmp_path / "out", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out").is_symlink() and (real / "results.csv").is_file()


# --- 13. environment errors are exit 2, and leave the previous run ------------------------------


def test_out_that_is_a_file_is_exit_2_with_a_message(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("not a folder", encoding="utf-8")
    for lang, words in (("vi", "là một tệp, không phải thư mục"), ("en", "is a file, not a folder")):
        res = cli("batch", write_csv(tmp_path / "s.csv", rows()), "--out", out, "--lang", lang)
        assert res.exit_code == 2
        assert words in res.stderr and "hint:" in res.stderr
        no_traceback(res)
    assert out.read_text(encoding="utf-8") == "not a folder"
    res = cli("batch", tmp_path / "s.csv", "--out", out / "sub", "--lang", "en")  # under a file
    assert res.exit_code == 2
    no_traceback(res)


def test_a_mount_point_is_refused_before_anything_is_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    volume = tmp_path / "volume"  # as a Docker volume is: a folder cannot be renamed over it
    volume.mkdir()
    ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == volume or ismount(p))
    res = cli("batch", tmp_path / "missing.csv", "--out", volume, "--lang", "en")
    assert res.exit_code == 2
    assert "is a mount point" in res.stderr and f"--out {volume / 'assess-out'}" in res.stderr
    assert list(volume.iterdir()) == [] and leftovers(tmp_path, "volume") == []


def test_read_only_filesystem_is_exit_2_and_the_previous_run_stays(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Running as root, chmod cannot make a folder read-only: the filesystem's answer is simulated.
    out, before = previous
    mkdir = Path.mkdir

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        if self.parent == tmp_path and ".tmp-" in self.name:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", read_only)
    res = cli("batch", write_csv(tmp_path / "s.csv", rows(2)), "--out", out, "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "is on a read-only filesystem" in res.stderr and "is unchanged" in res.stderr
    no_traceback(res)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["assessment", "pdf"])
def test_a_full_disk_is_exit_2_and_nothing_half_written_replaces_the_previous_run(
    cli: Cli,
    tmp_path: Path,
    previous: tuple[Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    out, before = previous
    write_bytes = atomicfile.write_bytes
    written: list[Path] = []

    def full(path: Path, data: bytes, **kwargs: bool) -> None:
        if path.suffix == (".json" if where == "assessment" else ".pdf"):
            written.append(path)
            if len(written) > 1:  # as write() raises it: no file name
                raise OSError(errno.ENOSPC, "No space left on device")
        write_bytes(path, data, **kwargs)

    monkeypatch.setattr(atomicfile, "write_bytes", full)
    extra = ("--pdf",) if where == "pdf" else ()
    res = cli("batch", write_csv(tmp_path / "s.csv", rows(3)), "--out", out, "--jobs", "1", *extra)
    assert res.exit_code == 2, res.output
    assert "hết chỗ trống trên đĩa" in res.stderr and "không thay đổi" in res.stderr
    no_traceback(res)
    assert snapshot(out) == before  # results.* and the files they list: the previous run, whole
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(document["results"]) == len(list((out / "assessments").iterdir())) == 4
    assert leftovers(tmp_path) == []


# --- zero rows scored is never exit 0 ----------------------------------------------------------------


def test_no_row_scored_is_exit_1(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "wrong.csv").write_text("foo,bar\r\n", encoding="utf-8")
    res = cli("batch", tmp_path / "wrong.csv", "--out", tmp_path / "o1", "--lang", "en")
    assert res.exit_code == 1, res.output
    assert "No row was scored; see" in res.stderr
    assert "missing_column" in (tmp_path / "o1" / "findings.csv").read_text(encoding="utf-8-sig")

    (tmp_path / "empty.csv").write_text(",".join(header()) + "\r\n", encoding="utf-8")
    res = cli("batch", tmp_path / "empty.csv", "--out", tmp_path / "o2", "--lang", "en")
    assert res.exit_code == 1, res.output
    assert "The file has no data rows to score" in res.stderr


# --- 16. workers die with the batch; SIGTERM is Ctrl-C ------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _state(int(entry)) not in (None, "Z") and _ppid(int(entry)) == pid:
            found.append(int(entry))
    return found


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _state(pid: int) -> str | None:
    fields = _stat(pid)
    return fields[0] if fields else None


def _ppid(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def _alive(pid: int) -> bool:
    """A zombie (dead, not yet reaped by whoever adopted it) is not alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return _state(pid) not in (None, "Z")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_the_batch_kills_its_workers_and_keeps_the_previous_run(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]], sig: signal.Signals
) -> None:
    out, before = previous
    source = write_csv(tmp_path / "s.csv", rows(4))
    command = [sys.executable, "-m", "assess", "batch", source, "--out", out, "--jobs", "2", "--pdf"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    survivors: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.02)
        assert len(workers) == 2, "the PDF workers never started"
        time.sleep(0.3)
        proc.send_signal(sig)
        proc.wait(timeout=20)
        deadline = time.monotonic() + 5
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [w for w in workers if _alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for worker in workers:  # a failing run leaves no process behind
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)
        _, err = proc.communicate(timeout=20)
    assert not survivors, "workers outlived the batch"
    assert snapshot(out) == before
    if sig == signal.SIGTERM:
        assert proc.returncode == 143
        assert "vẫn giữ kết quả của lượt chạy trước" in " ".join(err.decode("utf-8").split())
        assert leftovers(tmp_path) == []
    else:
        assert proc.returncode == -signal.SIGKILL
        assert any(".tmp-" in name for name in leftovers(tmp_path))  # a killed run cleans nothing...
        res = cli("batch", source, "--out", out, "--jobs", "1")  # ...the next run does
        assert res.exit_code == 0, res.output
        assert leftovers(tmp_path) == []
        assert sorted(p.name for p in (out / "assessments").iterdir()) == [
            f"VD-{i}.json" for i in range(1, 5)
        ]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_a_worker_killed_from_outside_is_exit_2_and_keeps_the_previous_run(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    """What the kernel's out-of-memory killer does to a worker: the batch says what happened and
    what to try (exit 2, the machine's problem), not "a bug in assess" (exit 3)."""
    out, before = previous
    source = write_csv(tmp_path / "s.csv", rows(4))
    command = [sys.executable, "-m", "assess", "batch", source, "--out", out, "--jobs", "2", "--pdf"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.02)
        assert len(workers) == 2, "the PDF workers never started"
        time.sleep(0.3)
        os.kill(workers[0], signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)
        _, err = proc.communicate(timeout=20)
    text = " ".join(err.decode("utf-8").split())
    assert proc.returncode == 2, text
    assert "tiến trình xử lý đã bị dừng từ bên ngoài" in text and "--jobs 1" in text
    assert "internal error" not in text
    assert snapshot(out) == before


# --- 17. interrupted runs, reruns and --strict ---------------------------------------------------


def test_ctrl_c_keeps_the_previous_run_and_the_next_run_cleans_up(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    # what a killed run of this version and one of an older version leave behind
    stale = tmp_path / ".out.tmp-0123abcd"
    (stale / "assessments").mkdir(parents=True)
    (stale / "results.json").write_bytes(b"x" * 100_000)
    (tmp_path / ".out.lock").write_text("999999\n", encoding="utf-8")  # its holder is gone: not locked
    (out / ".results.json.k2j3h4.tmp").write_bytes(b"x" * 1000)
    before = snapshot(out)

    real = batch.write_results

    def interrupted(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "write_results", interrupted)
    source = write_csv(tmp_path / "s.csv", rows(2))
    res = cli("batch", source, "--out", out, "--jobs", "1", "--lang", "en")
    assert res.exit_code == 130, res.output
    assert "Interrupted: nothing was written" in res.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []  # the stale ones went at the start, this run's at its end

    monkeypatch.setattr(batch, "write_results", real)
    res = cli("batch", source, "--out", out, "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".assess-run.json",
        "assessments",
        "findings.csv",
        "results.csv",
        "results.json",
        "results.xlsx",
    ]


def test_without_an_atomic_exchange_a_run_killed_mid_swap_is_repaired(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the folders cannot be exchanged in one rename, the old one is renamed aside first: a
    run killed just then leaves no --out, and the next run puts the previous output back."""
    out, _ = previous
    monkeypatch.setattr(outdir, "_exchange", lambda new, old: False)
    source = write_csv(tmp_path / "s.csv", rows(2))
    assert cli("batch", source, "--out", out, "--jobs", "1").exit_code == 0
    assert sorted(p.name for p in (out / "assessments").iterdir()) == ["VD-1.json", "VD-2.json"]
    assert leftovers(tmp_path) == []

    out.rename(tmp_path / ".out.old-5e1f")  # as the kill left it
    (tmp_path / ".out.tmp-77aa").mkdir()
    monkeypatch.setattr(batch, "write_results", _interrupt)
    res = cli("batch", write_csv(tmp_path / "t.csv", rows(3)), "--out", out, "--jobs", "1")
    assert res.exit_code == 130
    assert sorted(p.name for p in (out / "assessments").iterdir()) == ["VD-1.json", "VD-2.json"]
    assert leftovers(tmp_path) == []


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_a_rerun_keeps_no_file_of_a_row_now_rejected(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("batch", write_csv(tmp_path / "a.csv", rows(3)), "--out", out).exit_code == 0
    again = [agency("VD-1"), agency("VD-2", G1__1="ba"), agency("VD-3")]
    res = cli("batch", write_csv(tmp_path / "b.csv", again), "--out", out)
    assert res.exit_code == 1
    assert sorted(p.name for p in (out / "assessments").iterdir()) == ["VD-1.json", "VD-3.json"]


def test_a_strict_rerun_does_not_keep_the_previous_results(
    cli: Cli, tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, _ = previous
    res = cli("batch", write_csv(tmp_path / "w.csv", rows(2, name="<b>Báo</b>")), "--out", out, "--strict")
    assert res.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [".assess-run.json", "findings.csv"]
    assert "markup_in_text" in (out / "findings.csv").read_text(encoding="utf-8-sig")
    assert json.loads((out / ".assess-run.json").read_text(encoding="utf-8"))["outcome"] == "strict"


# --- 22. the same input gives the same bytes --------------------------------------------------------


@pytest.mark.parametrize("kept", ["files", "jsonl"])
def test_reruns_are_byte_identical_whatever_the_clock(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: str
) -> None:
    source = write_csv(tmp_path / "s.csv", [*rows(3), agency("VD-9", assessed_on="15/10/2026")])
    res = cli("batch", source, "--out", tmp_path / "one", "--jobs", "1", "--assessments", kept)
    assert res.exit_code == 0, res.output
    first = snapshot(tmp_path / "one")

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Later:  # type: ignore[override]
            return cls(2031, 5, 17, 9, 41, 3, tzinfo=UTC)

    monkeypatch.setattr(am, "datetime", Later)  # the clock assessments would take their times from
    for out in (tmp_path / "one", tmp_path / "two"):
        res = cli("batch", source, "--out", out, "--jobs", "2", "--assessments", kept)
        assert res.exit_code == 0, res.output
        assert snapshot(out) == first

    if kept == "files":
        saved = [json.loads(text) for name, text in first.items() if name.startswith("assessments/")]
    else:
        saved = [json.loads(line) for line in first["assessments.jsonl"].decode("utf-8").splitlines()]
    stamps = {a["origin"]["row"]: (a["created_at"], a["updated_at"]) for a in saved}
    assert stamps[2] == ("2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z")
    assert stamps[5] == ("2026-10-15T00:00:00Z", "2026-10-15T00:00:00Z")


@pytest.mark.parametrize(
    "command", [["compare", "--help"], ["questionnaire", "show", "press-dx"], ["--help"]]
)
def test_a_reader_that_goes_away_ends_the_command_quietly(command: list[str]) -> None:
    """`assess … | head`: the reader closes the pipe while assess is still writing; that is no bug."""
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assess", *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    for _ in range(30):  # as `head -30` does: thirty lines read, then the pipe closed
        proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=30)
    text = err.decode("utf-8")
    assert "internal error" not in text and "Traceback" not in text, text
    assert proc.returncode in (0, 1)  # 0 when it had written everything before the reader left
