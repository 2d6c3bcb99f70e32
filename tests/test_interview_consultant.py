"""The consultant's tools in `assess interview`: marking a question for follow-up, the review's
filters, editing the agency details after the intake, the interview time kept across sessions, and
the messages of line mode at 80 columns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from assess import assessment as am
from assess.errors import InvalidContentError
from assess.messages import t
from tests import factories

Cli = Callable[..., Result]
KEEP_ALL = [""] * 8  # Enter at every field of the agency edit: keep it


def script(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def order(block: str) -> list[str]:
    return [q.id for q in factories.press().applicable(block)]


def in_progress(
    tmp_path: Path, block: str = "local_newspaper", agency_id: str = "VD-CST-01", **changes: object
) -> Path:
    """An interview left off at the first question, with G1.1-G1.3 answered 3 and the rest open."""
    a = factories.answered(
        agency_id=agency_id,
        block=block,
        level=lambda qid: 3 if qid in ("G1.1", "G1.2", "G1.3") else None,
        status="in_progress",
    )
    a = a.model_copy(update={"position": "G1.1", **changes})
    return factories.write(a, tmp_path, "cst.json")


# --- 1. marking a question for follow-up -----------------------------------------------------------


def test_m_marks_and_unmarks_a_question_and_the_file_keeps_it(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("m", "q"))
    assert res.exit_code == 0, res.output
    a = am.load(path)
    assert a.answers["G1.1"].flagged and a.answers["G1.1"].level == 3  # the answer is untouched
    assert '"flagged": true' in path.read_text(encoding="utf-8")
    assert t("q.flagged", "en", question="G1.1") in res.output
    assert "⚑ marked for follow-up" in res.output  # on the question screen after the mark
    # shown again when resumed, and `m` again unmarks it: the key is gone from the file
    res = cli("interview", "--resume", path, "--lang", "en", input=script("m", "q"))
    assert res.exit_code == 0, res.output
    assert res.output.index("⚑ marked for follow-up") < res.output.index("G1.1 command")
    assert not am.load(path).answers["G1.1"].flagged
    assert "flagged" not in path.read_text(encoding="utf-8")
    assert t("q.unflagged", "en", question="G1.1") in res.output


def test_files_without_marks_are_written_as_before(cli: Cli, tmp_path: Path) -> None:
    """Batch and older files: no `flagged` or `interview_seconds` key unless set; the schema
    documents both."""
    a = factories.answered()
    text = am.dumps(a)
    assert "flagged" not in text and "interview_seconds" not in text
    assert am.parse(text, "x") == a
    res = cli("schema", "assessment")
    assert res.exit_code == 0, res.output
    schema = json.loads(res.stdout)
    assert schema["properties"]["interview_seconds"]["default"] == 0
    assert schema["$defs"]["Answer"]["properties"]["flagged"]["default"] is False
    # a mark that is not a boolean is refused like every other strict field
    broken = json.loads(text)
    broken["answers"]["G1.1"]["flagged"] = "yes"
    with pytest.raises(InvalidContentError) as refused:
        am.parse(json.dumps(broken), "x")
    assert any(line.startswith("answers.G1.1.flagged:") for line in refused.value.problems)


# --- 1b. the review's filters ----------------------------------------------------------------------


def test_review_filters_list_marked_unanswered_na_and_no_evidence(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    a = am.load(path)
    answers = dict(a.answers)
    answers["G1.2"] = answers["G1.2"].model_copy(update={"flagged": True})
    answers["G1.3"] = answers["G1.3"].model_copy(update={"evidence": ("NQ-05.pdf",)})
    answers["G2.6"] = am.Answer(na=True, na_reason="Không nhận quảng cáo số")
    am.save(a.model_copy(update={"answers": answers}), path)
    ids = order("local_newspaper")

    def review(*keys: str) -> str:
        res = cli("interview", "--resume", path, "--lang", "en", input=script("r", *keys, "q"))
        assert res.exit_code == 0, res.output
        return res.output.rsplit("Review", 1)[1]  # the last review screen drawn

    marked = review("m")
    assert "Questions marked for follow-up:" in marked and "  G1.2  " in marked
    assert "  G1.1  " not in marked and "  G1.3  " not in marked
    unanswered = review("u")
    assert all(f"  {qid}  " in unanswered for qid in ids if qid not in ("G1.1", "G1.2", "G1.3", "G2.6"))
    assert "  G1.1  " not in unanswered and "  G2.6  " not in unanswered
    na = review("a")
    assert "Questions not applicable (N/A):" in na and "  G2.6  " in na and "  G1.1  " not in na
    no_evidence = review("e")
    assert "  G1.1  " in no_evidence and "  G1.2  " in no_evidence and "  G1.3  " not in no_evidence
    # the same key again shows everything; the marked questions are always named under the table
    everything = review("m", "m")
    assert "Questions marked for follow-up:" not in everything and "⚑ Marked: G1.2" in everything
    # a question id jumps to it from a filtered list
    res = cli("interview", "--resume", path, "--lang", "en", input=script("r", "m", "G1.2", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).position == "G1.2"


def test_a_refusal_in_the_review_is_shown_after_the_review_is_redrawn(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("r", "G9.9", "q"))
    assert res.exit_code == 0, res.output
    refusal = t("interview.unknown_ref", "en", ref="G9.9")
    # said below the last review screen, right before the prompt, not before the redraw
    assert res.output.rindex(refusal) > res.output.rindex("Review")
    assert res.output.rindex(refusal) > res.output.rindex("Filter: m marked")


# --- 2. editing the agency details -----------------------------------------------------------------


def test_i_edits_the_agency_keeping_what_is_not_retyped(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    before = am.load(path)
    edit = ["VD-CST-02", "Báo Đồng Phú Điện tử", "", "", "", "c", "", ""]
    res = cli("interview", "--resume", path, "--lang", "en", input=script("i", *edit, "q"))
    assert res.exit_code == 0, res.output
    a = am.load(path)
    assert a.agency.id == "VD-CST-02" and a.agency.name == "Báo Đồng Phú Điện tử" and a.agency.key_agency
    assert a.agency.block == before.agency.block and a.agency.province == before.agency.province
    assert a.assessor == before.assessor and a.assessed_on == before.assessed_on
    assert a.answers == before.answers
    # the current values are offered; the file keeps its name and says so
    assert 'Enter: keep "VD-CST-01"' in res.output
    message = t("agency.id_changed", "en", old="VD-CST-01", new="VD-CST-02", path=path)
    assert " ".join(message.split()) in " ".join(res.output.split())
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["cst.json"]


def test_the_agency_edit_checks_each_field_like_the_intake(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    edit = ["", "", "9", "", "", "", "", "", "2999-01-01", "2026-11-21"]
    res = cli("interview", "--resume", path, "--lang", "en", input=script("i", *edit, "q"))
    assert res.exit_code == 0, res.output
    assert t("intake.bad_block", "en", value="9", count=5) in res.output
    assert "after today" in res.output or "future" in res.output
    assert am.load(path).assessed_on.isoformat() == "2026-11-21"
    # nothing retyped: nothing written
    stamp = am.load(path).updated_at
    res = cli("interview", "--resume", path, "--lang", "en", input=script("i", *KEEP_ALL, "q"))
    assert t("agency.unchanged", "en") in res.output
    assert am.load(path).updated_at == stamp


def test_a_block_change_that_would_drop_answers_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path, block="radio_tv")
    a = am.load(path)
    am.save(a.model_copy(update={"answers": {**a.answers, "G3.8": am.Answer(level=2)}}), path)
    edit = ["", "", "2", "", "", "", "", ""]  # radio/TV -> local newspaper: G3.8 does not apply there
    res = cli("interview", "--resume", path, "--lang", "en", input=script("i", *edit, "q"))
    assert res.exit_code == 0, res.output
    assert "answered questions G3.8 do not apply" in " ".join(res.output.split())
    kept = am.load(path)
    assert kept.agency.block == "radio_tv" and kept.answers["G3.8"].level == 2


def test_a_block_change_that_drops_no_answer_changes_the_questions(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)  # a local newspaper: G3.8 is not asked
    edit = ["", "", "5", "", "", "", "", ""]
    res = cli("interview", "--resume", path, "--lang", "en", input=script("i", *edit, "g G3.8", "4", "q"))
    assert res.exit_code == 0, res.output
    a = am.load(path)
    assert a.agency.block == "radio_tv" and a.answers["G3.8"].level == 4
    assert t("agency.saved", "en") in res.output
    scored = cli("score", path)  # the file still fits its questionnaire
    assert scored.exit_code == 0, scored.output


# --- 3. the interview's time over every session ----------------------------------------------------


def test_interview_time_adds_up_over_sessions(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path, interview_seconds=3 * 3600 + 25 * 60)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("4", "q"))
    assert res.exit_code == 0, res.output
    assert re.search(r"· 03:25:0\d", res.output), res.output  # the time so far, on the screen
    seconds = am.load(path).interview_seconds
    assert 3 * 3600 + 25 * 60 <= seconds < 3 * 3600 + 26 * 60
    assert f'"interview_seconds": {seconds}' in path.read_text(encoding="utf-8")


def test_interview_time_counts_this_session(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assess.cli import interview_session

    clock = iter(range(0, 10_000, 50))  # every reading of the clock: 50 s later
    monkeypatch.setattr(interview_session.time, "monotonic", lambda: float(next(clock)))
    path = in_progress(tmp_path, interview_seconds=100)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("4", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).interview_seconds > 100


# --- 4. line mode at 80 columns, messages in Vietnamese --------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_key_legends_fit_80_columns(lang: str) -> None:
    from prompt_toolkit.utils import get_cwidth

    for key in ("q.keys", "review.keys", "tui.keys", "tui.review_keys"):
        for line in t(key, lang).split("\n"):
            assert get_cwidth(line) <= 80, (key, line)


def test_line_mode_legend_is_not_cut_mid_item(cli: Cli, tmp_path: Path) -> None:
    path = in_progress(tmp_path)
    res = cli("interview", "--resume", path, input=script("q"))
    lines = res.output.splitlines()
    for legend in t("q.keys", "vi").split("\n"):
        assert legend in lines


# --- the full screen (a real pseudo-terminal at 80x24) ---------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_full_screen_marks_filters_and_edits_the_agency(tmp_path: Path, lang: str) -> None:
    pytest.importorskip("pyte")
    from tests.test_interview_tui import Term, check_fits, on_question

    path = in_progress(tmp_path, agency_id="VD-TUI-CST", interview_seconds=3600)
    ids = order("local_newspaper")
    term = Term("interview", "--resume", str(path), "--lang", lang, cwd=tmp_path)
    check_fits(term.wait(on_question("G1.1", 1, len(ids), lang)), "G1.1", lang)
    term.child.send("m")
    flag = f"⚑ {t('q.flag', lang)}"
    lines = term.wait(lambda lines: any(flag in line for line in lines))
    check_fits(lines, "G1.1", lang)  # the footer, with m and i, still fits 80x24
    assert re.search(r"01:00:\d\d", lines[0]), lines[0]  # the interview time so far, on top
    assert am.load(path).answers["G1.1"].flagged
    # the review's filter of marked questions
    term.child.send("r")
    term.wait(lambda lines: any(line.startswith(t("review.title", lang)) for line in lines))
    term.child.send("m")
    lines = term.wait(lambda lines: any(t("review.filter.flagged", lang) in line for line in lines))
    assert any(line.startswith("  G1.1  ") for line in lines), "\n".join(lines)
    assert [line.strip() for line in lines[-2:]] == t("tui.review_keys", lang).split("\n")
    term.child.send("\r")
    term.wait(on_question("G1.1", 1, len(ids), lang))
    # `i`: the agency details as lines, then the full screen again
    term.child.send("i")
    term.wait(lambda lines: any(t("agency.title", lang) in line for line in lines))
    for value in ["", "Báo Thử nghiệm Đồi Thông", "", "", "", "", "", ""]:
        term.child.send(value + "\r")
    lines = term.wait(lambda lines: any(t("agency.saved", lang) in line for line in lines))
    check_fits(lines, "G1.1", lang)
    term.child.send("q")
    assert term.finish() == 0
    a = am.load(path)
    assert a.agency.name == "Báo Thử nghiệm Đồi Thông" and a.answers["G1.1"].flagged
