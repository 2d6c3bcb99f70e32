"""Every message in the chosen language: the problems of an assessment file or a batch's
results.json (file-level and each JSON path's), pydantic's own validation texts, the interview's
refusals and its help table, in Vietnamese under --lang vi and in English under --lang en."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from typer.testing import Result

from assess import assessment as am
from assess.cli import interview_screen
from assess.interview import Interview, InterviewError
from assess.messages import t
from tests import factories

Cli = Callable[..., Result]


def data_file(tmp_path: Path, change: Callable[[dict[str, Any]], None], name: str = "bad.json") -> Path:
    """A valid assessment file's data, changed by `change` and written as JSON."""
    a = factories.answered(agency_id="VD-LANG-1", name="Báo Ví Dụ")
    data = json.loads(am.dumps(a))
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def first_answer(data: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = next(iter(data["answers"].values()))
    return answer


# (file text, Vietnamese fragment, English fragment, exit code)
FILE_PROBLEMS = {
    "not JSON": ('{"a":', "tệp đánh giá bị hỏng: không phải JSON hợp lệ", "damaged assessment file: not valid JSON", 2),
    "not UTF-8": (b'{"a": "\xff"}', "tệp đánh giá bị hỏng: không phải văn bản UTF-8", "damaged assessment file: not UTF-8", 2),
    "not an object": ("[1, 2]", "không phải tệp đánh giá (cần một đối tượng JSON)", "not an assessment file", 2),
    "repeated key": ('{"a": 1, "a": 2}', "a: khóa này xuất hiện nhiều lần", "a: the key appears more than once", 1),
    "NaN": ('{"a": NaN}', "a: NaN không phải là số mà JSON cho phép", "a: NaN is not a number JSON allows", 1),
    "too many digits": ('{"a": ' + "9" * 30 + "}", "a: một số có 30 chữ số (tối đa 18)", "a: a number of 30 digits (at most 18)", 1),
    "too deep": ("[" * 40 + "]" * 40, "tệp đánh giá bị hỏng: lồng sâu quá 16 cấp", "damaged assessment file: nested more than 16", 2),
    "version": ('{"schema_version": 9}', "không hỗ trợ phiên bản lược đồ đánh giá 9", "schema version 9 is not supported", 2),
}  # fmt: skip


@pytest.mark.parametrize("case", FILE_PROBLEMS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_damaged_assessment_file_is_reported_in_the_chosen_language(
    cli: Cli, tmp_path: Path, case: str, lang: str
) -> None:
    text, vi, en, code = FILE_PROBLEMS[case]
    path = tmp_path / "damaged.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    res = cli("score", path, "--lang", lang)
    assert res.exit_code == code, res.output
    assert (vi if lang == "vi" else en) in res.output
    assert (en if lang == "vi" else vi) not in res.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_missing_file_and_a_folder_are_reported_in_the_chosen_language(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    res = cli("score", tmp_path / "none.json", tmp_path, "--lang", lang)
    assert res.exit_code == 2
    if lang == "vi":
        assert "none.json: không có tệp này" in res.output
        assert "là thư mục, không phải tệp đánh giá" in res.output
    else:
        assert "none.json: no such file" in res.output
        assert "is a folder, not an assessment file" in res.output


# (change to a valid file, Vietnamese line, English line)
FIELD_PROBLEMS = {
    "level 7": (
        lambda d: first_answer(d).update(level=7),
        "answers.G1.1.level: phải nhỏ hơn hoặc bằng 5",
        "answers.G1.1.level: must be at most 5",
    ),
    "negative level": (
        lambda d: first_answer(d).update(level=-1),
        "answers.G1.1.level: phải lớn hơn hoặc bằng 0",
        "answers.G1.1.level: must be at least 0",
    ),
    "name too long": (
        lambda d: d["agency"].update(name="B" * 301),
        "agency.name: dài quá 300 ký tự",
        "agency.name: longer than 300 characters",
    ),
    "empty name": (
        lambda d: d["agency"].update(name="   "),
        "agency.name: không được để trống",
        "agency.name: must not be empty",
    ),
    "level as text": (
        lambda d: first_answer(d).update(level="3"),
        'answers.G1.1.level: phải là một số nguyên, nhận được "3"',
        'answers.G1.1.level: must be a whole number, found "3"',
    ),
    "yes for a boolean": (
        lambda d: d["agency"].update(key_agency="yes"),
        'agency.key_agency: phải là true hoặc false, nhận được "yes"',
        'agency.key_agency: must be true or false, found "yes"',
    ),
    "bad date": (
        lambda d: d.update(assessed_on="2026-13-01"),
        "assessed_on: phải là một ngày dạng YYYY-MM-DD",
        "assessed_on: must be a date as YYYY-MM-DD",
    ),
    "date too late": (
        lambda d: d.update(assessed_on="2101-01-01"),
        "assessed_on: ngày không được sau 2100-12-31",
        "assessed_on: the date must not be after 2100-12-31",
    ),
    "missing": (
        lambda d: d["agency"].pop("id"),
        "agency.id: thiếu",
        "agency.id: missing",
    ),
    "unknown key": (
        lambda d: d.update(extra=1),
        "extra: khóa không xác định",
        "extra: unknown key",
    ),
    "control character": (
        lambda d: d["agency"].update(name="Báo\x07"),
        "agency.name: ký tự điều khiển U+0007 tại ký tự thứ 4",
        "agency.name: control character U+0007 at character 4",
    ),
    "N/A without a reason": (
        lambda d: first_answer(d).update(level=None, na=True),
        "answers.G1.1: N/A cần có lý do (na_reason)",
        "answers.G1.1: N/A needs a justification (na_reason)",
    ),
    "status": (
        lambda d: d.update(status="done"),
        "status: phải là 'in_progress' or 'complete'",
        "status: must be 'in_progress' or 'complete'",
    ),
}


@pytest.mark.parametrize("case", FIELD_PROBLEMS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_json_path_problem_is_worded_in_the_chosen_language(
    cli: Cli, tmp_path: Path, case: str, lang: str
) -> None:
    change, vi, en = FIELD_PROBLEMS[case]
    path = data_file(tmp_path, change)
    res = cli("score", path, "--lang", lang)
    assert res.exit_code == 1, res.output
    assert ("tệp đánh giá không hợp lệ" if lang == "vi" else "invalid assessment file") in res.output
    assert (vi if lang == "vi" else en) in res.output
    if lang == "vi":  # none of pydantic's English texts
        assert not re.search(r"Input should|String should|Value error|Field required", res.output)


def test_report_and_the_interview_word_file_problems_in_vietnamese(cli: Cli, tmp_path: Path) -> None:
    path = data_file(tmp_path, lambda d: first_answer(d).update(level=7))
    res = cli("report", path, "--lang", "vi")
    assert res.exit_code == 1
    assert "answers.G1.1.level: phải nhỏ hơn hoặc bằng 5" in res.output
    res = cli("interview", "--resume", path, "--lang", "vi", input="q\n")
    assert res.exit_code == 1
    assert "bad.json: tệp đánh giá không hợp lệ" in res.output
    assert "answers.G1.1.level: phải nhỏ hơn hoặc bằng 5" in res.output
    (tmp_path / "damaged.json").write_text("{", encoding="utf-8")
    res = cli("interview", "--resume", tmp_path / "damaged.json", "--lang", "vi", input="q\n")
    assert res.exit_code == 2
    assert "tệp đánh giá bị hỏng: không phải JSON hợp lệ" in res.output
    assert "hãy khôi phục tệp từ bản sao lưu" in res.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_damaged_results_file_is_reported_in_the_chosen_language(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    path = factories.write(factories.answered(agency_id="VD-LANG-2"), tmp_path)
    results = tmp_path / "results.json"
    results.write_text('{"results": 3}', encoding="utf-8")
    res = cli("report", path, "--results", results, "--lang", lang)
    assert res.exit_code == 2
    if lang == "vi":
        assert "không phải tệp results.json của lô" in res.output
        assert "hãy chỉ ra tệp results.json mà assess batch đã ghi" in res.output
    else:
        assert "not a batch results.json (expected an object with a list of results)" in res.output
    results.write_text('{"results": [{"agency": {"id": "VD-LANG-2"}, "assessed_on": "2026-11-20", '
                       '"peers": {"block": 5}}]}', encoding="utf-8")  # fmt: skip
    res = cli("report", path, "--results", results, "--lang", lang)
    assert res.exit_code == 1
    if lang == "vi":
        assert "số liệu so sánh bị hỏng" in res.output
        assert "results.0.peers.block: phải là một chuỗi văn bản, nhận được 5" in res.output
        assert "results.0.peers.in_block: thiếu" in res.output
    else:
        assert "damaged peer statistics" in res.output
        assert "results.0.peers.block: must be a text (string), found 5" in res.output


def test_a_refused_change_in_the_interview_is_worded_in_the_chosen_language() -> None:
    """A rule of the file that the interview's own checks do not catch first (here: a system clock
    in 1999, outside the years a file may be written in) is shown in the interview's language."""
    q = factories.press()
    a = factories.answered(agency_id="VD-LANG-3", level=lambda qid: None, status="in_progress")
    iv = Interview(q, a, save=lambda _: None, clock=lambda: datetime(1999, 12, 31, tzinfo=UTC))
    with pytest.raises(InterviewError) as caught:
        iv.set_level(3)
    vi = t(caught.value.key, "vi", **caught.value.values)
    en = t(caught.value.key, "en", **caught.value.values)
    assert vi == "Không lưu được: thời điểm phải nằm trong khoảng 2000-01-01 đến 2100-12-31"
    assert en == "Not saved: the time must lie between 2000-01-01 and 2100-12-31"


def test_a_pydantic_error_without_a_wording_of_ours_keeps_pydantics_text() -> None:
    class Sample(BaseModel):
        ratio: Decimal

    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({"ratio": "many"})
    assert am.validation_problems(caught.value, ("x",), "vi") == ["x.ratio: Input should be a valid decimal"]


def _help_rows(lines: list[str], key: str, lang: str, width: int) -> dict[str, str]:
    """The help table as shown (from its first row to the first line that is not a row or a
    wrapped part of one): checks that every line fits in `width` and every description (each of
    its wrapped lines too) starts in one column; returns keys -> the description's words."""
    rows = [line.rstrip() for line in lines]
    start = next(i for i, line in enumerate(rows) if re.match(r"^0–5\s{2,}\S", line))
    shown: dict[str, str] = {}
    columns = set()
    keys = ""
    for line in rows[start:]:
        row = re.match(r"^(\S+(?: \S+)*?)\s{2,}(\S.*)$", line)
        if line.startswith(" ") and keys:
            columns.add(len(line) - len(line.lstrip()))
            shown[keys] += " " + line.strip()
        elif row and any(line.startswith(f"{k}  ") for k, _ in interview_screen.help_rows(key, lang)[0]):
            keys = row.group(1)
            columns.add(row.start(2))
            shown[keys] = row.group(2)
        else:
            break
        assert len(line) <= width, line
    assert len(columns) == 1, "\n".join(rows)
    return shown


def _check_help(lines: list[str], key: str, lang: str, width: int, complete: bool) -> None:
    shown = _help_rows(lines, key, lang, width)
    expected = dict(interview_screen.help_rows(key, lang)[0])
    if complete:
        assert list(shown) == list(expected)
    else:  # a screen too short for the table: the rows it shows, the last perhaps cut short
        assert len(shown) >= 5
        shown.pop(list(shown)[-1])
    for keys, text in shown.items():
        assert text == expected[keys], "\n".join(lines)  # nothing cut, nothing overwritten


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_help_table_lines_up_at_80_columns(cli: Cli, tmp_path: Path, lang: str) -> None:
    a = factories.answered(agency_id="VD-LANG-4", level=lambda qid: None, status="in_progress")
    path = factories.write(a, tmp_path)
    res = cli("interview", "--resume", path, "--lang", lang, input="?\nq\n", env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.output.split("\n")
    _check_help(lines, "help.lines", lang, 80, complete=True)
    assert t("help.lines", lang).split("\n")[-1] in res.output


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("cols", [80, 50])
def test_the_full_screen_help_lines_up(tmp_path: Path, lang: str, cols: int) -> None:
    from tests.test_interview_tui import Term

    a = factories.answered(agency_id="VD-TUI-LANG", level=lambda qid: None, status="in_progress")
    path = factories.write(a, tmp_path)
    term = Term("interview", "--resume", str(path), "--lang", lang, cwd=tmp_path, cols=cols)
    term.wait(lambda lines: any(line.startswith("G1.1") for line in lines))
    term.child.send("?")
    lines = term.wait(lambda lines: any(re.match(r"^0–5\s{2,}\S", line) for line in lines))
    # the body's last column is its scroll bar
    _check_help([line[: cols - 1] for line in lines], "tui.help", lang, cols - 1, complete=cols == 80)
    term.child.send("x")  # any key goes back
    term.wait(lambda lines: any(line.startswith("G1.1") for line in lines))
    term.child.send("q")
    assert term.finish() == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_assessment_that_does_not_fit_its_questionnaire_is_reported_in_the_chosen_language(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    other = data_file(tmp_path, lambda d: d["questionnaire"].update(version="0.9"), "other.json")
    res = cli("score", other, "--lang", lang)
    assert res.exit_code == 1
    if lang == "vi":
        assert "đánh giá này được lập cho bộ câu hỏi press-dx phiên bản 0.9, nhưng phiên bản" in res.output
        assert "hãy chấm điểm bằng bộ câu hỏi mà đánh giá được lập cho" in res.output
    else:
        assert "it was made for questionnaire press-dx version 0.9, but version" in res.output
    unknown = data_file(tmp_path, lambda d: d["answers"].update({"G9.9": {"level": 1}}), "unknown.json")
    res = cli("score", unknown, "--lang", lang)
    assert res.exit_code == 1
    if lang == "vi":
        assert "đánh giá không khớp với bộ câu hỏi của nó" in res.output
        assert "answers.G9.9: không có câu hỏi này trong press-dx" in res.output
    else:
        assert "answers.G9.9: no such question in press-dx" in res.output
