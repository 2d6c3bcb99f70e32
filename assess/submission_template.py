"""The blank submission file agencies fill in: CSV, or XLSX with a data dictionary and drop-downs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from assess import atomicfile, tabular
from assess.bilingual import Lang
from assess.questionnaire import Questionnaire
from assess.submissions import IDENTITY, NOTE_SUFFIX

ROWS = 1000  # rows the drop-downs cover

IDENTITY_HELP: dict[str, tuple[str, str]] = {
    "agency_id": ("Mã cơ quan (duy nhất trong tệp)", "Agency id (unique in the file)"),
    "agency_name": ("Tên cơ quan báo chí", "Name of the press agency"),
    "block": ("Khối: chọn trong danh sách", "Block: choose from the list"),
    "province": ("Tỉnh/thành phố", "Province or city"),
    "governing_body": ("Cơ quan chủ quản", "Governing body"),
    "key_agency": ("Cơ quan báo chí chủ lực: có/không", "Key press agency: yes/no"),
    "assessed_on": (
        "Ngày đánh giá (YYYY-MM-DD hoặc DD/MM/YYYY)",
        "Assessment date (YYYY-MM-DD or DD/MM/YYYY)",
    ),
}


def columns(q: Questionnaire) -> list[str]:
    out = list(IDENTITY)
    for question in q.questions:
        out += [question.id, f"{question.id}{NOTE_SUFFIX}"]
    return out


def blank_csv(q: Questionnaire) -> bytes:
    return tabular.csv_text(columns(q), []).encode("utf-8-sig")


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _as_text(sheet: Any) -> None:
    """Every text cell stored as text: openpyxl makes a cell whose text starts with '=' a formula,
    and a questionnaire's text may start so (a rubric, a block name). Text that a spreadsheet would
    read as a formula when the cell is edited (tabular's rule for CSV cells) is also marked with the
    quote prefix, so Excel and LibreOffice keep it text then too."""
    from assess.results_xlsx import set_text

    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                set_text(cell, cell.value)


def blank_xlsx(q: Questionnaire, lang: Lang) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet: Any = book.active
    sheet.title = "Submissions" if lang == "en" else "Dữ liệu"
    header = columns(q)
    sheet.append(header)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F2A44")
    note_fill = PatternFill("solid", fgColor="5C6877")
    for index, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = note_fill if name.endswith(NOTE_SUFFIX) else fill
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if name in IDENTITY or name.endswith(NOTE_SUFFIX) else 7
        if name in IDENTITY:
            cell.comment = Comment(_pick(IDENTITY_HELP[name], lang), "assess")
        elif not name.endswith(NOTE_SUFFIX):
            question = q.question_by_id[name]
            cell.comment = Comment(f"{question.id}: {question.text(lang)}"[:900], "assess")
    sheet.freeze_panes = "C2"

    last = ROWS + 1
    # The block names are listed on a hidden sheet, so a name may hold a comma or a quote and the
    # list may be longer than the 255 characters Excel allows in a list written into the rule.
    lists: Any = book.create_sheet("Danh sách" if lang == "vi" else "Lists")
    for block in q.blocks:
        lists.append([block.name(lang)])
    lists.sheet_state = "hidden"
    blocks = DataValidation(
        type="list", formula1=f"{quote_sheetname(lists.title)}!$A$1:$A${len(q.blocks)}", allow_blank=True
    )
    blocks.error = "Chọn một khối trong danh sách" if lang == "vi" else "Choose a block from the list"
    yes_no = DataValidation(
        type="list", formula1='"có,không"' if lang == "vi" else '"yes,no"', allow_blank=True
    )
    levels = DataValidation(type="list", formula1='"0,1,2,3,4,5"', allow_blank=True)
    levels_na = DataValidation(type="list", formula1='"0,1,2,3,4,5,NA"', allow_blank=True)
    for validation in (blocks, yes_no, levels, levels_na):
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        span = f"{letter}2:{letter}{last}"
        if name == "block":
            blocks.add(span)
        elif name == "key_agency":
            yes_no.add(span)
        elif name in q.question_by_id:
            (levels_na if q.question_by_id[name].na_allowed else levels).add(span)

    guide: Any = book.create_sheet("Từ điển dữ liệu" if lang == "vi" else "Data dictionary")
    titles = (
        ["Cột", "Ý nghĩa", "Giá trị cho phép", "Nhóm", "Trọng số"]
        if lang == "vi"
        else ["Column", "Meaning", "Allowed values", "Group", "Weight"]
    )
    titles += [f"{'Mức' if lang == 'vi' else 'Level'} {n}: {q.level_name(n, lang)}" for n in range(6)]
    guide.append(titles)
    for index in range(1, len(titles) + 1):
        guide.cell(row=1, column=index).font = Font(bold=True)
    blocks_text = "; ".join(b.name(lang) for b in q.blocks)
    allowed_identity = {
        "block": blocks_text,
        "key_agency": "có / không" if lang == "vi" else "yes / no",
        "assessed_on": "2026-11-26, 26/11/2026",
    }
    for name in IDENTITY:
        guide.append([name, _pick(IDENTITY_HELP[name], lang), allowed_identity.get(name, "")])
    for question in q.questions:
        allowed = (
            "0–5"
            + (", NA" if question.na_allowed else "")
            + (", trống = chưa trả lời" if lang == "vi" else ", empty = unanswered")
        )
        applies = ""
        if question.applies_to:
            names = ", ".join(q.block_by_id[b].name(lang) for b in question.applies_to)
            applies = f" ({'chỉ áp dụng cho' if lang == 'vi' else 'only for'} {names})"
        guide.append(
            [
                question.id,
                question.text(lang) + applies,
                allowed,
                f"{question.group} {q.group_by_id[question.group].title(lang)}",
                question.weight,
                *(question.rubric[n](lang) for n in range(6)),
            ]
        )
        note_meaning = (
            "Ghi chú; với NA: lý do không áp dụng (bắt buộc)"
            if lang == "vi"
            else "Note; with NA: why it does not apply (required)"
        )
        guide.append([f"{question.id}{NOTE_SUFFIX}", note_meaning, ""])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGHIJK", (14, 60, 22, 30, 8, 40, 40, 40, 40, 40, 40), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "B2"
    book.move_sheet(lists, offset=1)  # after the dictionary: the data sheet stays first, as batch reads it
    for each in book.worksheets:
        _as_text(each)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(q: Questionnaire, path: Path, kind: str, lang: Lang) -> None:
    data = blank_xlsx(q, lang) if kind == "xlsx" else blank_csv(q)
    atomicfile.write_bytes(path, data)
