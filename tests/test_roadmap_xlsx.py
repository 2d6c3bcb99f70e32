"""roadmap.xlsx: the agency's roadmap tracker (assess/roadmap_xlsx.py, `assess report --roadmap-xlsx`)."""

from __future__ import annotations

import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import Result as CliResult

from assess import result, roadmap_xlsx, scoring
from assess.messages import t
from tests import factories

Cli = Callable[..., CliResult]

SHEETS = {"vi": ["Lộ trình", "Các bước", "Thông tin"], "en": ["Roadmap", "Steps", "About"]}
TRACKING_HEADS = {
    "vi": ["Trạng thái", "Tiến độ (%)", "Người phụ trách", "Ghi chú", "Cập nhật lần cuối"],
    "en": ["Status", "Progress (%)", "Responsible person", "Notes", "Last updated"],
}
QUARTER = {"vi": re.compile(r"^Quý (I|II|III|IV)/20\d\d$"), "en": re.compile(r"^Q[1-4] 20\d\d$")}


def evaluated(name: str = "Báo Đồng Phú", key: bool = False) -> tuple[result.Result, Any, Any]:
    q = factories.press()
    profile = scoring.resolve(None, q)
    a = factories.answered(name=name, key=key)
    return result.evaluate(a, q, profile), q, profile


def written(tmp_path: Path, lang: str, name: str = "Báo Đồng Phú") -> tuple[Path, result.Result, Any, Any]:
    r, q, profile = evaluated(name)
    path = tmp_path / f"roadmap-{lang}.xlsx"
    roadmap_xlsx.write(r, q, profile, path, lang)  # type: ignore[arg-type]
    return path, r, q, profile


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sheets_and_headers_are_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    path, *_ = written(tmp_path, lang)
    book = load_workbook(path)
    assert book.sheetnames == SHEETS[lang]
    roadmap, steps, about = (book[name] for name in SHEETS[lang])
    head = rows(roadmap)[0]
    assert head[:3] == (
        ("Mã sáng kiến", "Sáng kiến", "Người chủ trì")
        if lang == "vi"
        else ("Initiative id", "Initiative", "Owner")
    )
    assert list(head[-5:]) == TRACKING_HEADS[lang]
    assert ("Hoàn thành khi" if lang == "vi" else "Done when") in head
    step_head = rows(steps)[0]
    assert list(step_head[-5:]) == TRACKING_HEADS[lang]
    assert ("Việc cần làm" if lang == "vi" else "What to do") in step_head
    items = [row[0] for row in rows(about)]
    assert ("Cơ quan" if lang == "vi" else "Agency") in items
    assert ("Cách dùng" if lang == "vi" else "How to use") in items


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_row_per_initiative_and_step_matching_the_roadmap(tmp_path: Path, lang: str) -> None:
    path, r, q, profile = written(tmp_path, lang)
    book = load_workbook(path)
    roadmap, steps, _ = (book[name] for name in SHEETS[lang])
    head, *body = rows(roadmap)
    col = {name: i for i, name in enumerate(head)}
    road = r.roadmap
    assert len(road.initiatives) >= 3
    assert len(body) == len(road.initiatives)
    roles = profile.roadmap.role_by_id
    for row, init in zip(body, road.initiatives, strict=True):
        assert row[0] == init.id
        assert row[1] == init.name(lang)
        assert row[2] == roles[init.owner].name(lang)
        assert row[col[t("tracker.col.points", lang)]] == init.points
        assert row[col[t("tracker.col.steps", lang)]] == init.steps
        assert row[col[t("tracker.col.overdue", lang)]] == t("yes" if init.overdue else "no", lang)
        start, end = row[col[t("tracker.col.start", lang)]], row[col[t("tracker.col.end", lang)]]
        assert QUARTER[lang].match(start) and QUARTER[lang].match(end)
        assert start.endswith(str(init.start.year)) and end.endswith(str(init.end.year))
        done = row[col[t("tracker.col.done_when", lang)]].split("\n")
        assert len(done) == len(init.done_when)
        for line, d in zip(done, init.done_when, strict=True):
            assert line.startswith(f"{d.question} ") and d.rubric(lang) in line and str(d.level) in line
        targets = row[col[t("tracker.col.targets", lang)]] or ""
        assert targets.split("\n") == [q.target_by_id[x].name(lang) for x in init.targets] or not init.targets
        assert row[-5:] == (None,) * 5  # the agency's columns are left empty

    step_head, *step_rows = rows(steps)
    assert len(step_rows) == len(road.actions)
    seen = Counter((row[0], row[1], row[3], row[4]) for row in step_rows)
    assert seen == Counter((a.initiative, a.question, a.from_level, a.to_level) for a in road.actions)
    # grouped by initiative, most urgent initiative first
    order = [init.id for init in road.initiatives]
    firsts = list(dict.fromkeys(row[0] for row in step_rows))
    assert firsts == order
    by_key = {(a.question, a.from_level): a for a in road.actions}
    for row in step_rows:
        action = by_key[(row[1], row[3])]
        assert row[step_head.index(t("tracker.col.recommendation", lang))] == action.text(lang)
        assert row[-5:] == (None,) * 5


@pytest.mark.parametrize(
    "name", ["=1+1", "@SUM(A1)", "+1", "-2+3", '=HYPERLINK("http://example.invalid","x")']
)
def test_no_cell_is_a_formula_whatever_the_agency_is_called(tmp_path: Path, name: str) -> None:
    path, *_ = written(tmp_path, "vi", name=name)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    about = book["Thông tin"]
    cell = next(row[1] for row in about.iter_rows(min_row=2) if row[0].value == "Cơ quan")
    assert cell.value == name and cell.data_type == "s"
    assert cell.quotePrefix  # kept as text when the cell is edited too
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for member in sheets:
            assert not re.search(rb"<f[ >]", archive.read(member)), member


def test_frozen_panes_filters_drop_down_and_print_setup(tmp_path: Path) -> None:
    path, r, *_ = written(tmp_path, "en")
    book = load_workbook(path)
    roadmap, steps, about = (book[name] for name in SHEETS["en"])
    for sheet, count in ((roadmap, len(r.roadmap.initiatives)), (steps, len(r.roadmap.actions))):
        assert sheet.freeze_panes == "C2"
        width = sheet.max_column
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, width).column_letter}{count + 1}"
        status_letter = sheet.cell(1, width - 4).column_letter
        lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        assert len(lists) == 1
        assert lists[0].formula1 == '"Not started,In progress,Done,Dropped"'
        assert f"{status_letter}2:{status_letter}" in str(lists[0].sqref)
        progress = sheet.cell(2, width - 3)
        assert progress.number_format == "0%"
        assert any(v.type == "decimal" and v.formula2 == "1" for v in sheet.data_validations.dataValidation)
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        long_text = [c.column for c in sheet[1] if c.value in ("Done when", "What to do")]
        assert len(long_text) == 1 and sheet.cell(2, long_text[0]).alignment.wrap_text
    assert about.freeze_panes == "A2"


def test_same_result_same_bytes_dated_by_the_assessment(tmp_path: Path) -> None:
    r, q, profile = evaluated()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    roadmap_xlsx.write(r, q, profile, first, "vi")
    time.sleep(1.1)  # a clock-dated workbook would differ by now
    roadmap_xlsx.write(r, q, profile, second, "vi")
    assert first.read_bytes() == second.read_bytes()
    book = load_workbook(first)
    assert book.properties.created is not None
    assert book.properties.created.date() == r.assessed_on == book.properties.modified.date()


def test_about_names_the_versions_and_the_agency(tmp_path: Path) -> None:
    path, r, q, profile = written(tmp_path, "en")
    values = {row[0]: row[1] for row in rows(load_workbook(path)["About"])[1:] if row[0]}
    assert values["Agency"] == r.agency.name
    assert values["Questionnaire hash"] == q.content_hash
    assert values["Scoring profile"] == profile.id and values["Profile version"] == profile.version
    assert values["Profile hash"] == profile.content_hash
    assert values["Tracking columns"].startswith("The “Status”")


def test_report_writes_the_tracker_beside_the_pdf(cli: Cli, tmp_path: Path) -> None:
    source = factories.write(factories.answered(name="=1+1"), tmp_path)
    tracker = tmp_path / "out" / "roadmap.xlsx"
    res = cli("report", source, "--roadmap-xlsx", tracker, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert str(tracker) in res.stdout
    assert source.with_suffix(".pdf").exists()
    book = load_workbook(tracker)
    assert book.sheetnames == SHEETS["en"]


def test_report_refuses_a_tracker_path_it_cannot_use(cli: Cli, tmp_path: Path) -> None:
    source = factories.write(factories.answered(), tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    res = cli("report", source, "--roadmap-xlsx", folder)
    assert res.exit_code == 2, res.output
    assert "thư mục" in res.output
    res = cli("report", source, "--roadmap-xlsx", source)  # the input itself
    assert res.exit_code == 2, res.output
    res = cli("report", source, "--roadmap-xlsx", source.with_suffix(".pdf"), "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "is the report's PDF" in res.output
    assert not source.with_suffix(".pdf").exists()  # refused before anything was written
