"""A questionnaire as an XLSForm (`assess export xlsform`): the form KoboToolbox, ODK Central and
ODK Collect load, to collect answers offline on phones or on the web, whose exports `assess batch`
reads back. Every field name, choice value and choice label comes from assess.formfields, the one
definition the reader of the exports uses too.

The form: the identity fields first, then three calculated fields recording which questionnaire
(id, version, content hash) every submission answered, then one group per task group holding, per
question, its level (a select_one of 0-5 whose labels carry the level's name and the question's
rubric, plus "na" where the question allows it), the N/A justification (asked and required only
when "na" is chosen) and an optional note. Questions for some blocks only are shown only to
agencies of those blocks. Labels and hints in Vietnamese and English; the form opens in the
default language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from assess import assessment as am
from assess import formatting
from assess import formfields as ff
from assess.bilingual import LANGS, Lang, Text
from assess.questionnaire import Question, Questionnaire
from assess.results_xlsx import save_book, set_text

# The workbook's date: fixed, so that the same questionnaire gives the same bytes.
STAMP = datetime(2000, 1, 1)

LANG_COLUMNS = ("label", "hint", "required_message", "constraint_message")
# The survey sheet's columns; a translated column holds one column per language, Vietnamese first.
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "appearance",
)
WIDTHS = {
    "type": 28,
    "name": 24,
    "label": 50,
    "hint": 40,
    "relevant": 40,
    "constraint": 28,
    "calculation": 30,
}


def _text(vi: str, en: str) -> Text:
    return Text(vi=vi, en=en)


REQUIRED = _text("Câu này bắt buộc trả lời.", "This answer is required.")
CHOOSE_LEVEL = _text(
    "Hãy chọn mức mô tả đúng nhất thực trạng của cơ quan.",
    "Choose the level that best describes the agency today.",
)
NA_REASON_REQUIRED = _text(
    "Hãy nêu lý do câu hỏi không áp dụng cho cơ quan.",
    "Say why the question does not apply to the agency.",
)
NA_LABEL = _text("Lý do không áp dụng", "Why it does not apply")
NA_HINT = _text(
    "Bắt buộc khi chọn “Không áp dụng”: nêu vì sao câu hỏi không áp dụng cho cơ quan.",
    "Required when “Not applicable” is chosen: why the question does not apply to the agency.",
)
NOTE_LABEL = _text("Ghi chú / bằng chứng", "Note / evidence")
DATE_NOT_FUTURE = _text(
    "Ngày đánh giá không được ở tương lai.", "The assessment date cannot be in the future."
)


def _too_long(limit: int) -> Text:
    vi, en = (formatting.number(limit, lang, 0) for lang in LANGS)
    return _text(f"Tối đa {vi} ký tự.", f"At most {en} characters.")


# The identity fields: (xlsform type, label, hint, required, constraint on the length).
_IDENTITY: dict[str, tuple[str, Text, Text | None, bool, int | None]] = {
    "agency_id": (
        "text",
        _text("Mã cơ quan", "Agency id"),
        _text(
            "Mã do đơn vị tổng hợp cấp, ví dụ VD-001; giữ nguyên qua các kỳ đánh giá.",
            "The id given by whoever collects the answers, e.g. VD-001; the same in every round.",
        ),
        True,
        am.ID_MAX,
    ),
    "agency_name": (
        "text",
        _text("Tên cơ quan báo chí", "Name of the press agency"),
        None,
        True,
        am.SHORT_MAX,
    ),
    "block": (
        f"select_one {ff.BLOCKS_LIST}",
        _text("Khối", "Block"),
        _text("Khối cơ quan được so sánh cùng.", "The block the agency is compared within."),
        True,
        None,
    ),
    "province": ("text", _text("Tỉnh/thành phố", "Province or city"), None, False, am.SHORT_MAX),
    "governing_body": ("text", _text("Cơ quan chủ quản", "Governing body"), None, False, am.SHORT_MAX),
    "key_agency": (
        f"select_one {ff.YES_NO_LIST}",
        _text("Cơ quan báo chí chủ lực?", "Key press agency?"),
        _text(
            "Cơ quan báo chí chủ lực theo quy hoạch báo chí quốc gia.",
            "A key press agency under the national press plan.",
        ),
        True,
        None,
    ),
    "assessed_on": ("date", _text("Ngày đánh giá", "Assessment date"), None, True, None),
}


def _blocks_condition(question: Question) -> str:
    """The `relevant` expression of a question for some blocks only; "" for every block."""
    if question.applies_to is None:
        return ""
    return " or ".join(f"${{block}} = '{block}'" for block in question.applies_to)


def _rows(q: Questionnaire) -> list[dict[str, str | Text]]:
    """The survey sheet's rows, column -> value (a Text for a translated column)."""
    rows: list[dict[str, str | Text]] = []
    for name in ff.IDENTITY:
        kind, label, hint, required, limit = _IDENTITY[name]
        row: dict[str, str | Text] = {"type": kind, "name": name, "label": label}
        if hint is not None:
            row["hint"] = hint
        if required:
            row.update(required="yes", required_message=REQUIRED)
        if limit is not None:
            row.update(constraint=f"string-length(.) <= {limit}", constraint_message=_too_long(limit))
        if name == "assessed_on":
            row.update(constraint=". <= today()", constraint_message=DATE_NOT_FUTURE)
        rows.append(row)
    for name, value in (
        (ff.QUESTIONNAIRE_ID, q.id),
        (ff.QUESTIONNAIRE_VERSION, q.version),
        (ff.QUESTIONNAIRE_HASH, q.content_hash),
    ):
        rows.append({"type": "calculate", "name": name, "calculation": f"'{value}'"})
    for group in q.groups:
        rows.append(
            {"type": "begin_group", "name": group.id, "label": group.title, "hint": group.description}
        )
        for question in q.questions_in(group.id):
            rows += _question_rows(question)
        rows.append({"type": "end_group", "name": group.id})
    return rows


def _question_rows(question: Question) -> list[dict[str, str | Text]]:
    """A question's level, then its N/A justification (where N/A is allowed) and its note; all
    three shown only to the blocks the question is for."""
    blocks = _blocks_condition(question)
    level = ff.field(question.id)
    rows: list[dict[str, str | Text]] = [
        {
            "type": f"select_one {ff.choice_list(question.id)}",
            "name": level,
            "label": question.text,
            "hint": question.help,
            "required": "yes",
            "required_message": CHOOSE_LEVEL,
            "relevant": blocks,
        }
    ]
    if question.na_allowed:
        chose_na = f"${{{level}}} = '{ff.NA}'"
        rows.append(
            {
                "type": "text",
                "name": ff.na_field(question.id),
                "label": NA_LABEL,
                "hint": NA_HINT,
                "required": "yes",
                "required_message": NA_REASON_REQUIRED,
                # a hidden question keeps its answer while the form is filled in: its N/A must not
                # ask for a reason once the block is changed
                "relevant": f"({blocks}) and {chose_na}" if blocks else chose_na,
                "constraint": f"string-length(.) <= {am.REASON_MAX}",
                "constraint_message": _too_long(am.REASON_MAX),
                "appearance": "multiline",
            }
        )
    rows.append(
        {
            "type": "text",
            "name": ff.note_field(question.id),
            "label": NOTE_LABEL,
            "hint": question.evidence,
            "relevant": blocks,
            "constraint": f"string-length(.) <= {am.NOTE_MAX}",
            "constraint_message": _too_long(am.NOTE_MAX),
            "appearance": "multiline",
        }
    )
    return rows


def _choices(q: Questionnaire) -> list[tuple[str, str, dict[Lang, str]]]:
    """The choices sheet's rows: (list name, value, label per language)."""
    rows: list[tuple[str, str, dict[Lang, str]]] = [
        (ff.BLOCKS_LIST, block.id, {lang: block.name(lang) for lang in LANGS}) for block in q.blocks
    ]
    rows += [(ff.YES_NO_LIST, v, {lang: ff.yes_no_label(v, lang) for lang in LANGS}) for v in (ff.YES, ff.NO)]
    for question in q.questions:
        rows += [
            (ff.choice_list(question.id), value, labels) for value, labels in ff.level_choices(q, question)
        ]
    return rows


def _header(columns: Sequence[str]) -> list[str]:
    out: list[str] = []
    for column in columns:
        if column in LANG_COLUMNS:
            out += [f"{column}::{ff.LANGUAGE_NAMES[lang]}" for lang in LANGS]
        else:
            out.append(column)
    return out


def _cells(columns: Sequence[str], row: dict[str, str | Text]) -> list[str | None]:
    out: list[str | None] = []
    for column in columns:
        value = row.get(column)
        if column in LANG_COLUMNS:
            out += [value(lang) if isinstance(value, Text) else None for lang in LANGS]
        else:
            out.append(value if isinstance(value, str) and value else None)
    return out


def _sheet(book: Any, title: str, header: list[str], rows: list[list[str | None]], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            set_text(cell, cell.value)  # never a formula, whatever the questionnaire's text starts with
            if cell.row == 1:
                cell.font = bold
            else:
                cell.alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def build(q: Questionnaire, lang_default: Lang = "vi") -> Any:
    """The XLSForm of a questionnaire as an openpyxl workbook: survey, choices and settings."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)

    survey_header = _header(SURVEY_COLUMNS)
    survey_rows = [_cells(SURVEY_COLUMNS, row) for row in _rows(q)]
    widths = [WIDTHS.get(h.split("::")[0], 16) for h in survey_header]
    _sheet(book, "survey", survey_header, survey_rows, widths)

    choice_header = ["list_name", "name", *(f"label::{ff.LANGUAGE_NAMES[lang]}" for lang in LANGS)]
    choice_rows: list[list[str | None]] = [
        [list_name, value, *(labels[lang] for lang in LANGS)] for list_name, value, labels in _choices(q)
    ]
    _sheet(book, "choices", choice_header, choice_rows, [22, 10, 70, 70])

    settings = {
        "form_title": q.title(lang_default),
        "form_id": q.id,
        "version": q.version,
        "default_language": ff.LANGUAGE_NAMES[lang_default],
        # each group a page on the web (Enketo); how a submission is listed in Kobo and ODK Central
        "style": "pages",
        "instance_name": "concat(${agency_id}, ' – ', ${agency_name})",
    }
    _sheet(book, "settings", list(settings), [list(settings.values())], [40, 16, 10, 20, 10, 50])
    return book


def write(q: Questionnaire, path: Path, lang_default: Lang = "vi") -> None:
    """Writes the XLSForm atomically; the same questionnaire gives the same bytes."""
    save_book(build(q, lang_default), path, STAMP)
