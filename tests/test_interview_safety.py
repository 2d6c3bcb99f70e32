"""`assess interview` keeps what is typed safe and right: one interview per file, notes that add
up, no write that fails after the first answer, a completed file left as it was when only viewed,
default names that never open another agency's file, batch's rules for dates, N/A words and text."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from assess import assessment as am
from assess import submissions
from tests import factories

Cli = Callable[..., Result]

INTAKE = ["VD-AN-01", "Báo Thử An Hòa", "2", "Đồng Nai", "Tỉnh ủy", "k", "Lê Thu", "2026-11-20"]


def script(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --- 1. one interview per file ---------------------------------------------------------------------


def _wait_for(path: Path, text: str) -> None:
    for _ in range(300):
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never held {text!r}")


def test_a_second_interview_on_the_same_file_is_refused_and_the_first_keeps_its_answers(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "an.json"
    first = subprocess.Popen(
        [sys.executable, "-m", "assess", "interview", "-o", str(path), "--lang", "en"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        assert first.stdin is not None
        first.stdin.write(script(*INTAKE, "3"))
        first.stdin.flush()  # stdin stays open: the first interview waits at G1.2
        _wait_for(path, '"level": 3')
        second = cli("interview", "--resume", path, "--lang", "en", input=script("0", "0", "q"))
        _, err = first.communicate(script("4", "q"), timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert second.exit_code == 2, second.output
    message = " ".join(second.stderr.split())
    assert f"is open in another interview (process {first.pid} on {socket.gethostname()}" in message
    assert f"kill {first.pid}" in message
    assert first.returncode == 0, err
    a = am.load(path)
    assert (a.answers["G1.1"].level, a.answers["G1.2"].level) == (3, 4)  # the second wrote nothing
    assert not (tmp_path / ".an.json.lock").exists()  # released when the first one quit


def test_a_lock_left_by_a_dead_process_is_taken_over(cli: Cli, tmp_path: Path) -> None:
    path = factories.write(factories.answered(status="in_progress", agency_id="VD-AN-02"), tmp_path, "a.json")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock = tmp_path / ".a.json.lock"
    lock.write_text(json.dumps({"host": socket.gethostname(), "pid": dead.pid, "since": "x"}))
    res = cli("interview", "--resume", path, input=script("g G1.1", "0", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).answers["G1.1"].level == 0
    assert not lock.exists()


# --- 2. notes add up ------------------------------------------------------------------------------


def test_a_note_adds_a_line_and_is_replaced_or_cleared_only_when_asked(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    lines = [*INTAKE, "n Họp ngày 20/11", "n Có biên bản"]
    res = cli("interview", "-o", path, "--lang", "en", input=script(*lines, "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).answers["G1.1"].note == "Họp ngày 20/11\nCó biên bản"
    assert res.stdout.count("Added a line to the note.") == 2
    res = cli("interview", "--resume", path, "--lang", "en", input=script("n= Chỉ còn dòng này", "q"))
    assert am.load(path).answers["G1.1"].note == "Chỉ còn dòng này"
    assert "The note was replaced." in res.stdout
    res = cli("interview", "--resume", path, "--lang", "en", input=script("n -", "?", "q"))
    assert am.load(path).answers["G1.1"].note == ""
    assert "The note was cleared." in res.stdout
    assert re.search(r"n= \[text\] +edit \(replace\) the note; n - clears it", res.stdout)  # in the help


# --- 3. a file that cannot be written is refused before the first question -------------------------


def test_an_output_under_a_regular_file_is_refused_before_the_intake(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    res = cli("interview", "-o", tmp_path / "plain" / "a.json", "--lang", "en", input=script(*INTAKE))
    assert res.exit_code == 2, res.output
    assert "is a file, not a folder" in res.stderr and "internal error" not in res.output
    assert "Agency id" not in res.stdout  # nothing was asked, so nothing typed is lost


def test_an_unwritable_folder_is_refused_before_the_intake(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.access
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != folder and real(p, mode, **kw))
    res = cli("interview", "-o", folder / "a.json", "--lang", "en", input=script(*INTAKE))
    assert res.exit_code == 2, res.output
    assert "no permission to write in the folder" in " ".join(res.stderr.split())
    assert "Agency id" not in res.stdout


def test_a_read_only_file_is_refused_and_a_writable_one_keeps_its_mode(cli: Cli, tmp_path: Path) -> None:
    path = factories.write(factories.answered(status="in_progress", agency_id="VD-AN-03"), tmp_path, "a.json")
    path.chmod(0o444)
    before = path.read_bytes()
    res = cli("interview", "--resume", path, "--lang", "en", input=script("0", "q"))
    assert res.exit_code == 2, res.output
    assert "is read-only" in res.stderr and path.read_bytes() == before
    path.chmod(0o600)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("g G1.1", "0", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).answers["G1.1"].level == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_write_that_fails_later_is_exit_2_with_the_reason(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    cli("interview", "-o", path, input=script(*INTAKE, "q"))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(am, "save", full)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("3", "q"))
    assert res.exit_code == 2, res.output
    assert "No space left on device" in res.stderr and "internal error" not in res.output


# --- 4. viewing a completed assessment changes nothing ---------------------------------------------


def test_viewing_a_completed_assessment_leaves_its_file_as_it_was(cli: Cli, tmp_path: Path) -> None:
    path = factories.write(factories.answered(agency_id="VD-AN-04"), tmp_path, "done.json")
    before = path.read_bytes()
    res = cli("interview", "-o", path, input=script("m", "g G3.2", "b", "s", "r", "", "q"))
    assert res.exit_code == 0, res.output
    assert path.read_bytes() == before  # still complete, byte for byte
    res = cli("interview", "-o", path, input=script("m", "g G3.2", "1", "q"))
    assert am.load(path).status == "in_progress"  # a change opens it again


# --- 5. the default file name -----------------------------------------------------------------------


def test_a_default_name_holding_another_agency_is_left_alone_as_soon_as_the_id_is_typed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    other = factories.write(
        factories.answered(agency_id="VD/AN/05", status="in_progress"), tmp_path, "VD-AN-05.json"
    )
    before = other.read_bytes()
    res = cli("interview", "--lang", "en", input=script("VD-AN-05", *INTAKE[1:], "2", "q"))
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())
    said = out.index("already holds another agency's assessment (Báo Đồng Phú, id VD/AN/05)")
    assert said < out.index("Agency name ›")  # said before anything else was typed
    assert "this one will be saved to VD-AN-05-2.json" in out
    assert other.read_bytes() == before
    new = am.load(tmp_path / "VD-AN-05-2.json")
    assert new.agency.id == "VD-AN-05" and new.agency.name == INTAKE[1] and new.answers["G1.1"].level == 2


def test_a_default_name_of_the_same_agency_resumes_or_goes_on_under_a_new_name(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = factories.answered(agency_id="VD-AN-06", status="in_progress", level=lambda q: None)
    path = factories.write(mine, tmp_path)
    before = path.read_bytes()
    # declined: the intake goes on, and nothing typed is thrown away
    res = cli("interview", "--lang", "en", input=script("VD-AN-06", "n", *INTAKE[1:], "4", "q"))
    assert res.exit_code == 0, res.output
    assert "The new assessment will be saved to VD-AN-06-2.json." in res.stdout
    assert path.read_bytes() == before
    assert am.load(tmp_path / "VD-AN-06-2.json").agency.name == INTAKE[1]
    # accepted: resumed at once, no other field asked
    res = cli("interview", "--lang", "en", input=script("VD-AN-06", "y", "5", "q"))
    assert res.exit_code == 0, res.output
    assert "Agency name" not in res.stdout
    assert am.load(path).answers["G1.1"].level == 5


# --- 6. batch's date rule ---------------------------------------------------------------------------


def test_a_future_assessment_date_is_refused_by_the_rule_batch_uses(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    res = cli(
        "interview", "-o", path, "--lang", "en", input=script(*INTAKE[:-1], "2099-01-01", "20/11/2026", "q")
    )
    assert res.exit_code == 0, res.output
    assert "The assessment date cannot be after today" in res.stdout
    assert am.load(path).assessed_on.isoformat() == "2026-11-20"
    # one rule: changed for batch, changed for the interview
    monkeypatch.setattr(submissions, "in_future", lambda day, today: False)
    other = tmp_path / "b.json"
    res = cli("interview", "-o", other, input=script(*INTAKE[:-1], "2099-01-01", "q"))
    assert am.load(other).assessed_on.isoformat() == "2099-01-01"


# --- 7. control characters ------------------------------------------------------------------------


def test_control_characters_are_refused_and_never_echoed_raw(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    bad = "X\x1b[2JY\x07"
    lines = [*INTAKE, f"n {bad}", f"e {bad}", "g G2.6", f"na {bad}", "n sạch", "q"]
    res = cli("interview", "-o", path, "--lang", "en", input=script(*lines))
    assert res.exit_code == 0, res.output
    assert res.stdout.count("Control characters are not allowed.") == 3
    assert "\x1b[2J" not in res.stdout and "\x07" not in res.stdout
    a = am.load(path)
    assert a.answers["G2.6"].note == "sạch" and not a.answers["G2.6"].na
    assert "G1.1" not in a.answers or (a.answers["G1.1"].note, a.answers["G1.1"].evidence) == ("", ())


# --- 8. NFC -------------------------------------------------------------------------------------------


def test_text_typed_decomposed_is_stored_composed_as_batch_stores_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    lines = [*INTAKE, "n Ghi chú đầy đủ", "e Biên bản họp", "g G2.6", "na Không có quảng cáo", "q"]
    nfd = unicodedata.normalize("NFD", script(*lines))
    assert nfd != script(*lines)
    res = cli("interview", "-o", path, input=nfd)
    assert res.exit_code == 0, res.output
    a = am.load(path)
    texts = [
        a.agency.name,
        a.agency.province,
        a.assessor,
        a.answers["G1.1"].note,
        a.answers["G1.1"].evidence[0],
        a.answers["G2.6"].na_reason,
    ]
    assert texts == [unicodedata.normalize("NFC", x) for x in texts]
    assert a.agency.name == INTAKE[1] and a.answers["G1.1"].note == "Ghi chú đầy đủ"
    assert texts[1:] == [submissions.cell_text(unicodedata.normalize("NFD", x)) for x in texts[1:]]


# --- 9. the review counts ----------------------------------------------------------------------------


def test_the_review_counts_a_skipped_question_once(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered(level=lambda q: None if q == "G7.5" else 3, status="in_progress")
    path = factories.write(a, tmp_path, "a.json")
    res = cli("interview", "--resume", path, "--lang", "en", input=script("g G7.5", "s", "f", "n", "q"))
    assert res.exit_code == 0, res.output
    row = next(line for line in res.stdout.splitlines() if re.match(r"\s*G7 .*(\s+\d+){4}\s*$", line))
    assert row.split()[-4:] == ["4", "0", "1", "0"]  # answered, N/A, skipped, unanswered: 5 in all
    assert "1 unanswered question will score 0. Finish anyway?" in res.stdout


# --- what is typed at a question ----------------------------------------------------------------------


def test_numbers_out_of_range_are_explained_and_batch_na_words_are_accepted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    lines = [*INTAKE, "6", "-1", "3.5", "g G2.6", "N/A", "Báo chưa nhận quảng cáo", "g G2.6", "q"]
    res = cli("interview", "-o", path, "--lang", "en", input=script(*lines))
    assert res.exit_code == 0, res.output
    for typed in ("6", "-1", "3.5"):
        assert f'"{typed}" is not a level: a level is a whole number from 0 to 5.' in res.stdout
    assert am.load(path).answers["G2.6"].na_reason == "Báo chưa nhận quảng cáo"
    res = cli("interview", "--resume", path, input=script("không áp dụng Không có quảng cáo số", "q"))
    assert am.load(path).answers["G2.6"].na_reason == "Không có quảng cáo số"


def test_stopping_during_the_intake_says_the_draft_was_kept(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    res = cli("interview", "-o", path, "--lang", "en", input=script(*INTAKE[:3]))
    assert res.exit_code == 0, res.output
    assert re.search(r"What was typed is kept in .*\.a\.json\.intake\.json", " ".join(res.stdout.split()))
    assert "--resume" not in res.stdout  # there is no file to resume yet


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_the_intake_says_the_draft_was_kept(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "assess", "interview", "-o", "a.json", "--lang", "en"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert child.stdin is not None
        child.stdin.write(script(*INTAKE[:2]))
        child.stdin.flush()
        _wait_for(tmp_path / ".a.json.intake.json", INTAKE[1])
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130
    assert "What was typed is kept in .a.json.intake.json" in " ".join(out.split())
    assert "--resume" not in out
