"""`assess interview` in a real pseudo-terminal: answer, SIGKILL, resume, finish, score. In line
mode (TERM=dumb), the mode a terminal that cannot draw full screen gets; the full-screen
interview has the same checks in tests/test_interview_tui.py."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from assess import assessment as am
from tests import factories

INTAKE = [
    "PTY-07",
    "Báo Điện tử Thử nghiệm Sông Đà",
    "1",
    "Hà Nội",
    "Hội Nhà báo Việt Nam",
    "n",
    "Đỗ Thu Trang",
    "2026-11-26",
]


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "TERM": "dumb",  # a terminal, in line mode
        "COLUMNS": "100",
        "LINES": "40",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "assess", *args],
        cwd=str(cwd),
        env=env,
        # as a terminal's shell starts a command: with Ctrl-C's default action, even when these
        # tests run in the background (where a non-interactive shell leaves SIGINT ignored, and
        # Python keeps it ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    return child


def prompt(qid: str) -> str:
    return rf"{qid.replace('.', '[.]')} command › "


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_sigkill_loses_nothing_and_the_resumed_interview_finishes(tmp_path: Path) -> None:
    path = tmp_path / "pty.json"
    ids = [q.id for q in factories.press().applicable("central_newspaper")]

    child = spawn("interview", "-o", str(path), "--lang", "en", cwd=tmp_path)
    for value in INTAKE:
        child.expect("› ")
        child.sendline(value)
    levels = {ids[0]: 3, ids[1]: 2, ids[2]: 4, ids[3]: 1, ids[4]: 5}
    for qid, level in levels.items():
        child.expect(prompt(qid))
        # the screen shows the question, its rubric with level names, and the keys
        question = factories.press().question_by_id[qid]
        assert question.text.en[:30] in child.before
        assert "Leading" in child.before and "save and quit" in child.before
        child.sendline(str(level))
    child.expect(prompt(ids[5]))
    child.sendline("n Phỏng vấn Tổng biên tập, 26/11")
    child.expect(prompt(ids[5]))
    child.sendline("e Báo cáo CĐS 2026.pdf")
    child.expect(prompt(ids[5]))
    # mid-session, with the screen drawn and waiting: the harshest stop there is
    child.kill(signal.SIGKILL)
    child.wait()

    a = am.load(path)
    assert a.status == "in_progress"
    assert {qid: a.answers[qid].level for qid in levels} == levels
    assert a.answers[ids[5]].note == "Phỏng vấn Tổng biên tập, 26/11"
    assert a.answers[ids[5]].evidence == ("Báo cáo CĐS 2026.pdf",)
    stamps = {qid: a.answers[qid].answered_at for qid in levels}
    assert all(stamps.values())
    assert list(tmp_path.glob(".pty.json.*.tmp")) == []  # no half-written temporary file left

    child = spawn("interview", "--resume", str(path), "--lang", "en", cwd=tmp_path)
    child.expect(prompt(ids[5]))  # back exactly where it stopped
    screen = child.before
    assert "Phỏng vấn Tổng biên tập, 26/11" in screen and "Báo cáo CĐS 2026.pdf" in screen
    for qid in ids[5:]:
        child.sendline("3")
        child.expect(prompt(ids[ids.index(qid) + 1]) if qid != ids[-1] else "finish")
    child.sendline("f")
    child.expect("The assessment is complete")
    child.expect("assess report")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    done = am.load(path)
    assert done.status == "complete"
    assert {qid: done.answers[qid].answered_at for qid in levels} == stamps  # untouched by the resume
    assert all(done.answers[qid].level == 3 for qid in ids[5:])

    score = pexpect.run(
        f"{sys.executable} -m assess score {path} --format csv",
        cwd=str(tmp_path),
        encoding="utf-8",
        withexitstatus=True,
    )
    output, status = score
    assert status == 0, output
    assert "PTY-07" in output


def test_ctrl_c_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    child = spawn("interview", "-o", str(path), cwd=tmp_path)
    for value in INTAKE:
        child.expect("› ")
        child.sendline(value)
    child.expect(prompt("G1.1").replace("command", "lệnh"))
    child.sendline("4")
    child.expect(prompt("G1.2").replace("command", "lệnh"))
    child.sendintr()
    child.expect("Đã dừng. Mọi câu trả lời đã được lưu")
    child.expect("assess interview --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert am.load(path).answers["G1.1"].level == 4
