"""The full-screen interview in a real pseudo-terminal, read back through a terminal emulator (pyte)
at 80x24: every question fits with its rubric and keys, single keys save, Ctrl-C saves and exits 130,
a resized terminal is redrawn to fit."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from assess import assessment as am
from assess.messages import t
from tests import factories

pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Term:
    """A child process on a pseudo-terminal and the screen a terminal would show for it."""

    def __init__(
        self, *args: str, cwd: Path, rows: int = 24, cols: int = 80, max_file: int | None = None
    ) -> None:
        def child_setup() -> None:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            if max_file is not None:  # a disk that fills up: writes past this size fail (EFBIG)
                import resource

                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (max_file, max_file))

        env = {**os.environ, "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"}
        for name in ("NO_COLOR", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "assess", *args],
            cwd=str(cwd),
            env=env,
            preexec_fn=child_setup,
            encoding="utf-8",
            timeout=20,
            dimensions=(rows, cols),
        )
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.ended = False

    def pump(self) -> None:
        try:
            while True:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.02))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.ended = True

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def wait(self, ready: Callable[[list[str]], bool], timeout: float = 15) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            if ready(self.lines):
                return self.lines
            if self.ended or time.monotonic() > deadline:
                raise AssertionError("screen never got ready:\n" + "\n".join(self.lines))

    def resize(self, rows: int, cols: int) -> None:
        self.screen.resize(rows, cols)
        self.child.setwinsize(rows, cols)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus


def on_question(qid: str, pos: int, total: int, lang: str) -> Callable[[list[str]], bool]:
    where = "Câu" if lang == "vi" else "Question"
    return lambda lines: (
        any(line.startswith(f"{qid}  ") for line in lines)
        and any(f"{where} {pos}/{total} " in line for line in lines)
    )


def check_fits(lines: list[str], qid: str, lang: str) -> None:
    """The question id, the six level lines (one each, in order) and the key footer at the bottom."""
    assert any(line.startswith(f"{qid}  ") for line in lines), "\n".join(lines)
    levels = [i for i, line in enumerate(lines) if re.match(r"^[ ›][ ▶][0-5] \S", line)]
    assert [lines[i][2] for i in levels] == list("012345"), "\n".join(lines)
    assert levels == list(range(levels[0], levels[0] + 6))  # one line each, together
    footer = t("tui.keys", lang).split("\n")
    assert [line.strip() for line in lines[-2:]] == footer, "\n".join(lines)
    assert lines[0].startswith("VD-TUI-")  # the header stays on top


def assessment_file(tmp_path: Path, block: str, position: str | None = None) -> Path:
    a = factories.answered(
        agency_id=f"VD-TUI-{block}", block=block, level=lambda qid: None, status="in_progress"
    )
    if position:
        a = a.model_copy(update={"position": position})
    return factories.write(a, tmp_path, f"{block}.json")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_question_screen_fits_80x24(tmp_path: Path, lang: str) -> None:
    q = factories.press()
    path = assessment_file(tmp_path, "radio_tv")  # the block with G3.8
    order = [x.id for x in q.applicable("radio_tv")]
    term = Term("interview", "--resume", str(path), "--lang", lang, cwd=tmp_path)
    answered = {}
    for i, qid in enumerate(order):
        lines = term.wait(on_question(qid, i + 1, len(order), lang))
        check_fits(lines, qid, lang)
        if i % 4 == 0:
            answered[qid] = i % 6
            term.child.send(str(i % 6))
        else:
            term.child.send("s")
    term.wait(lambda lines: any(line.startswith(t("review.title", lang)) for line in lines))
    term.child.send("q")
    assert term.finish() == 0
    a = am.load(path)
    assert {qid: x.level for qid, x in a.answers.items() if x.level is not None} == answered
    assert all(a.answers[qid].skipped for qid in order if qid not in answered)

    # G3.9, which only science journals are asked
    path = assessment_file(tmp_path, "science_journal", position="G3.9")
    order = [x.id for x in q.applicable("science_journal")]
    term = Term("interview", "--resume", str(path), "--lang", lang, cwd=tmp_path)
    check_fits(term.wait(on_question("G3.9", order.index("G3.9") + 1, len(order), lang)), "G3.9", lang)
    term.child.send("q")
    assert term.finish() == 0


def test_a_single_key_saves_and_sigkill_loses_nothing(tmp_path: Path) -> None:
    path = assessment_file(tmp_path, "local_newspaper")
    term = Term("interview", "--resume", str(path), "--lang", "en", cwd=tmp_path)
    term.wait(on_question("G1.1", 1, 44, "en"))
    term.child.send("3")  # no Enter
    lines = term.wait(on_question("G1.2", 2, 44, "en"))
    assert re.search(r"saved ✓ \d\d:\d\d:\d\d", lines[0])
    assert am.load(path).answers["G1.1"].level == 3
    # ↓ ↓ Enter answers with the selected level
    term.child.send("\x1b[B\x1b[B")
    term.wait(lambda lines: any(line.startswith("› 2 ") for line in lines))
    term.child.send("\r")
    term.wait(on_question("G1.3", 3, 44, "en"))
    # a note typed on the input line; Esc cancels another
    term.child.send("n")
    term.wait(lambda lines: any(line.startswith("Add to the note") for line in lines))
    term.child.send("Phỏng vấn Tổng biên tập\r")
    term.wait(lambda lines: "Added a line to the note." in lines)
    term.child.send("e")
    term.wait(lambda lines: any(line.startswith("Evidence: a document") for line in lines))
    term.child.send("never saved")
    term.child.send("\x1b")
    term.wait(lambda lines: "Nothing changed." in lines)
    a = am.load(path)
    assert a.answers["G1.2"].level == 2
    assert a.answers["G1.3"].note == "Phỏng vấn Tổng biên tập" and a.answers["G1.3"].evidence == ()
    term.child.kill(signal.SIGKILL)
    term.child.wait()
    a = am.load(path)
    assert a.status == "in_progress" and a.position == "G1.3"
    assert (a.answers["G1.1"].level, a.answers["G1.2"].level) == (3, 2)
    assert list(tmp_path.glob(".*.tmp")) == []


def test_ctrl_c_saves_and_exits_130(tmp_path: Path) -> None:
    path = assessment_file(tmp_path, "local_newspaper")
    term = Term("interview", "--resume", str(path), cwd=tmp_path)
    term.wait(on_question("G1.1", 1, 44, "vi"))
    term.child.send("4")
    term.wait(on_question("G1.2", 2, 44, "vi"))
    term.child.sendcontrol("c")
    term.child.expect("Đã dừng. Mọi câu trả lời đã được lưu")
    term.child.expect("assess interview --resume")
    assert term.finish() == 130
    assert am.load(path).answers["G1.1"].level == 4


def test_a_resized_terminal_is_redrawn_to_fit(tmp_path: Path) -> None:
    path = assessment_file(tmp_path, "local_newspaper")
    term = Term("interview", "--resume", str(path), "--lang", "en", cwd=tmp_path)
    check_fits(term.wait(on_question("G1.1", 1, 44, "en")), "G1.1", "en")
    term.resize(30, 100)
    lines = term.wait(lambda lines: len(lines[2]) == 100 and lines[-1].strip() != "")
    check_fits(lines, "G1.1", "en")
    term.resize(24, 80)
    lines = term.wait(lambda lines: len(lines[2]) == 80 and lines[-1].strip() != "")
    check_fits(lines, "G1.1", "en")
    term.child.send("q")
    assert term.finish() == 0


def test_the_last_answer_opens_the_review_and_f_finishes(tmp_path: Path) -> None:
    order = [x.id for x in factories.press().applicable("local_newspaper")]
    a = factories.answered(
        agency_id="VD-TUI-end",
        level=lambda qid: None if qid == order[-1] else 2,
        status="in_progress",
    )
    path = factories.write(a.model_copy(update={"position": order[-1]}), tmp_path, "end.json")
    term = Term("interview", "--resume", str(path), "--lang", "en", cwd=tmp_path)
    term.wait(on_question(order[-1], len(order), len(order), "en"))
    term.child.send("5")
    lines = term.wait(lambda lines: any(line.startswith("Review") for line in lines))
    assert any("Every question is answered." in line for line in lines)
    term.child.send("f")
    term.child.expect("The assessment is complete and saved to")
    term.child.expect("assess report")
    assert term.finish() == 0
    done = am.load(path)
    assert done.status == "complete" and done.answers[order[-1]].level == 5


def test_a_write_that_fails_ends_the_screen_with_exit_2(tmp_path: Path) -> None:
    path = assessment_file(tmp_path, "local_newspaper")
    before = path.read_bytes()
    term = Term("interview", "--resume", str(path), "--lang", "en", cwd=tmp_path, max_file=len(before))
    term.wait(on_question("G1.1", 1, 44, "en"))
    term.child.send("3")  # the file grows past what may be written
    term.child.expect("cannot write")
    term.child.expect("File too large")
    assert term.finish() == 2
    assert path.read_bytes() == before  # the old file is whole


def test_line_editing_in_the_intake_keeps_the_prompt(tmp_path: Path) -> None:
    """Issue 12, item 12: the intake's prompt was printed apart from input(), so Ctrl-A or the
    history arrows redrew the line without it. Now readline owns the prompt: after Ctrl-A and a
    letter typed at the start, the prompt is still on screen and the value is what was typed."""
    term = Term("interview", "-o", "a.json", "--lang", "en", cwd=tmp_path)
    term.wait(lambda lines: any(line.startswith("Agency id ›") for line in lines))
    term.child.send("D-TUI-09")
    term.child.send("\x01")  # Ctrl-A: to the start of the line
    term.child.send("V")
    lines = term.wait(lambda lines: any(line == "Agency id › VD-TUI-09" for line in lines))
    assert "Agency id › VD-TUI-09" in lines
    term.child.send("\r")
    term.wait(lambda lines: any(line.startswith("Agency name ›") for line in lines))
    term.child.sendcontrol("c")
    assert term.finish() == 130
    draft = next(tmp_path.glob(".a.json.intake.json"))
    assert "VD-TUI-09" in draft.read_text(encoding="utf-8")
