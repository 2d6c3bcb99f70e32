"""roadmap.xlsx: an agency's roadmap as a tracker it can keep working in.

Three sheets in the chosen language: the initiatives (most urgent first) and their steps, each row
with empty columns for the agency to keep (status from a drop-down, progress, the person
responsible, notes, the date updated), and an "About" sheet naming the assessment and the versions
that produced the plan. Every text cell is stored as text (a name or note starting with = + - @
never becomes a formula), and the same assessment gives the same bytes: the workbook is dated by
the assessment, not by the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any, Literal

from assess import __version__
from assess.bilingual import Lang
from assess.messages import t
from assess.questionnaire import Questionnaire
from assess.result import Result
from assess.roadmap import Action, Initiative
from assess.scoring import Profile

STATUSES = ("not_started", "in_progress", "done", "dropped")
TRACKED_ROWS = 1000  # the drop-down and the checks of the tracking columns cover rows up to this one

_HEAD = "1F2A44"  # the plan's columns: the reports' dark blue
_HEAD_TRACK = "2E7D5B"  # the agency's columns: green, as is the space left for it below
_TRACK = "EEF6F1"
_OVERDUE = "B3261E"

Kind = Literal["text", "wrap", "points", "whole", "flag"]


@dataclass(frozen=True)
class Column:
    key: str  # tracker.col.<key>
    width: float
    kind: Kind = "text"


ROADMAP_COLUMNS = (
    Column("initiative_id", 16),
    Column("initiative", 34, "wrap"),
    Column("owner", 20, "wrap"),
    Column("priority", 11),
    Column("targets", 30, "wrap"),
    Column("overdue", 9, "flag"),
    Column("start", 13),
    Column("end", 13),
    Column("points", 10, "points"),
    Column("cost", 18, "wrap"),
    Column("platforms", 26, "wrap"),
    Column("steps", 8, "whole"),
    Column("done_when", 70, "wrap"),
)
STEP_COLUMNS = (
    Column("initiative_id", 16),
    Column("question", 9),
    Column("topic", 26, "wrap"),
    Column("from_level", 8, "whole"),
    Column("to_level", 8, "whole"),
    Column("recommendation", 60, "wrap"),
    Column("priority", 11),
    Column("target", 26, "wrap"),
    Column("overdue", 9, "flag"),
    Column("effort", 10),
    Column("points", 10, "points"),
    Column("platform", 24, "wrap"),
    Column("phase", 20, "wrap"),
    Column("start", 13),
    Column("end", 13),
)
TRACKING = ("status", "progress", "responsible", "notes", "updated")
_TRACKING_WIDTHS = {"status": 16, "progress": 11, "responsible": 22, "notes": 40, "updated": 14}


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """A cell holding `value`; text stays text whatever it starts with (and is marked with the quote
    prefix where a spreadsheet would read it as a formula on editing, as results.xlsx does)."""
    from assess.results_xlsx import set_text

    cell = sheet.cell(row=row, column=column)
    if value == "":
        cell.value = None
    elif isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    return cell


class _Sheet:
    """One table of the tracker: the plan's columns, then the agency's."""

    def __init__(self, book: Any, title: str, columns: Sequence[Column], lang: Lang, freeze: str) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        self.columns = columns
        self.lang = lang
        self.rows = 0
        self.tracking_from = len(columns) + 1
        heads = [t(f"tracker.col.{c.key}", lang) for c in columns] + [
            t(f"tracker.col.{key}", lang) for key in TRACKING
        ]
        widths = [c.width for c in columns] + [_TRACKING_WIDTHS[key] for key in TRACKING]
        white = Font(bold=True, color="FFFFFF")
        head_align = Alignment(wrap_text=True, vertical="center")
        for index, (head, width) in enumerate(zip(heads, widths, strict=True), start=1):
            cell = _put(self.sheet, 1, index, head)
            cell.font = white
            cell.fill = PatternFill("solid", fgColor=_HEAD if index < self.tracking_from else _HEAD_TRACK)
            cell.alignment = head_align
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.row_dimensions[1].height = 32
        self.sheet.freeze_panes = freeze
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self._track_fill = PatternFill("solid", fgColor=_TRACK)
        self._overdue = Font(bold=True, color=_OVERDUE)

    def add(self, values: Sequence[Any]) -> None:
        self.rows += 1
        row = self.rows + 1
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True), start=1):
            cell = _put(self.sheet, row, index, value)
            cell.alignment = self._wrap if column.kind == "wrap" else self._top
            if column.kind == "points":
                cell.number_format = "0.0"
            elif column.kind == "whole":
                cell.number_format = "0"
            elif column.kind == "flag" and value == t("yes", self.lang):
                cell.font = self._overdue
        date_format = "dd/mm/yyyy" if self.lang == "vi" else "d mmm yyyy"
        formats = {"status": "@", "progress": "0%", "responsible": "@", "notes": "@", "updated": date_format}
        for offset, key in enumerate(TRACKING):
            cell = self.sheet.cell(row=row, column=self.tracking_from + offset)
            cell.fill = self._track_fill
            cell.number_format = formats[key]
            cell.alignment = self._wrap if key == "notes" else self._top

    def finish(self, agency: str) -> None:
        """Filters, the drop-down and checks of the agency's columns, and the print setup."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        sheet, lang = self.sheet, self.lang
        last_column = get_column_letter(self.tracking_from + len(TRACKING) - 1)
        sheet.auto_filter.ref = f"A1:{last_column}{self.rows + 1}"
        letter = {key: get_column_letter(self.tracking_from + i) for i, key in enumerate(TRACKING)}
        last = max(TRACKED_ROWS, self.rows + 1)
        names = ",".join(t(f"tracker.status.{s}", lang) for s in STATUSES)
        status = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
        status.error = t("tracker.status.error", lang)
        progress = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True
        )
        progress.error = t("tracker.progress.error", lang)
        updated = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
        updated.error = t("tracker.updated.error", lang)  # 36526: 1 January 2000
        for validation, key in ((status, "status"), (progress, "progress"), (updated, "updated")):
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter[key]}2:{letter[key]}{last}")

        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.print_options.gridLines = True
        # '&' starts a code in a page header; '&&' prints one
        sheet.oddHeader.center.text = agency[:120].replace("&", "&&")
        sheet.oddFooter.center.text = "&P / &N"


def _quarter(day: Any, lang: Lang) -> str:
    from assess.report_context import quarter_label

    return quarter_label(day, lang)


def _yes(flag: bool, lang: Lang) -> str:
    return t("yes" if flag else "no", lang)


def _initiative_row(
    init: Initiative, q: Questionnaire, profile: Profile, lang: Lang, classes: dict[str, str]
) -> list[Any]:
    policy = profile.roadmap
    cost = next(c for c in policy.cost_bands if c.id == init.cost_band)
    done_when = "\n".join(
        t(
            "tracker.done_when",
            lang,
            question=d.question,
            level=d.level,
            level_name=q.level_name(d.level, lang),
            rubric=d.rubric(lang),
        )
        for d in init.done_when
    )
    return [
        init.id,
        init.name(lang),
        policy.role_by_id[init.owner].name(lang),
        classes[init.priority_class],
        "\n".join(q.target_by_id[x].name(lang) for x in init.targets),
        _yes(init.overdue, lang),
        _quarter(init.start, lang),
        _quarter(init.end, lang),
        init.points,
        cost.name(lang),
        "\n".join(q.platform_by_id[p].name(lang) for p in init.platforms),
        init.steps,
        done_when,
    ]


def _step_row(
    a: Action, q: Questionnaire, profile: Profile, lang: Lang, classes: dict[str, str], phases: dict[str, str]
) -> list[Any]:
    policy = profile.roadmap
    return [
        a.initiative,
        a.question,
        q.question_by_id[a.question].title(lang),
        a.from_level,
        a.to_level,
        a.text(lang),
        classes[a.priority_class],
        q.target_by_id[a.target].name(lang) if a.target else "",
        _yes(a.overdue, lang),
        policy.effort[a.effort].name(lang),
        a.points,
        q.platform_by_id[a.platform].name(lang) if a.platform else "",
        phases[a.phase],
        _quarter(a.start, lang),
        _quarter(a.end, lang),
    ]


def _about(book: Any, result: Result, q: Questionnaire, profile: Profile, lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    from assess import formatting

    sheet = book.create_sheet(t("tracker.sheet.about", lang))
    agency = result.agency
    block = q.block_by_id[agency.block].name(lang) if agency.block in q.block_by_id else agency.block
    rows: list[tuple[str, str]] = [
        ("agency", agency.name),
        ("agency_id", agency.id),
        ("block", block),
        ("key_agency", _yes(agency.key_agency, lang)),
        ("province", agency.province),
        ("governing_body", agency.governing_body),
        ("assessor", result.assessor),
        ("assessed_on", formatting.short_date(result.assessed_on, lang)),
        ("status", t(f"tracker.about.{result.assessment_status}", lang)),
        ("questionnaire", result.questionnaire.id),
        ("questionnaire_version", result.questionnaire.version),
        ("questionnaire_hash", result.questionnaire.hash),
        ("profile", profile.id),
        ("profile_version", profile.version),
        ("profile_hash", profile.content_hash),
        ("version", __version__),
        ("how", t("tracker.about.how_rows", lang)),
        ("how", t("tracker.about.how_columns", lang)),
        ("how", t("tracker.about.how_done", lang)),
        ("how", t("tracker.about.how_plan", lang)),
        ("columns", t("tracker.about.columns_text", lang)),
    ]
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=_HEAD)
    for column, key in enumerate(("item", "value"), start=1):
        cell = _put(sheet, 1, column, t(f"tracker.about.{key}", lang))
        cell.font, cell.fill = head, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    previous = ""
    for number, (key, value) in enumerate(rows, start=2):
        label = _put(sheet, number, 1, t(f"tracker.about.{key}", lang) if key != previous else "")
        label.font, label.alignment = bold, wrap
        _put(sheet, number, 2, value).alignment = wrap
        previous = key
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def build(result: Result, q: Questionnaire, profile: Profile, lang: Lang) -> Any:
    """The tracker as an openpyxl workbook (not yet saved)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    road = result.roadmap
    classes = {c.id: c.name(lang) for c in profile.roadmap.priority.classes}
    phases = {p.id: p.name(lang) for p in road.phases}

    initiatives = _Sheet(book, t("tracker.sheet.roadmap", lang), ROADMAP_COLUMNS, lang, "C2")
    for init in road.initiatives:
        initiatives.add(_initiative_row(init, q, profile, lang, classes))
    initiatives.finish(result.agency.name)

    steps = _Sheet(book, t("tracker.sheet.steps", lang), STEP_COLUMNS, lang, "C2")
    for init in road.initiatives:  # grouped by initiative, most urgent first; each by start
        for action in road.of_initiative(init.id):
            steps.add(_step_row(action, q, profile, lang, classes, phases))
    steps.finish(result.agency.name)

    _about(book, result, q, profile, lang)
    book.active = 0
    return book


def write(result: Result, q: Questionnaire, profile: Profile, path: Path, lang: Lang) -> None:
    """Writes the tracker atomically; the same result gives the same bytes (the workbook is dated
    by the assessment's date)."""
    from assess.results_xlsx import save_book

    save_book(build(result, q, profile, lang), path, datetime.combine(result.assessed_on, time()))
