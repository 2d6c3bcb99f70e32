"""Validation findings: what is wrong with a submission, where, and how bad; the catalogue of codes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from assess.bilingual import Lang

Severity = Literal["error", "warning"]

# code -> (severity, what it means in Vietnamese, in English). The README's table lists them all.
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    "missing_column": (
        "error",
        "thiếu một cột bắt buộc trong dòng tiêu đề; không đọc được dòng nào",
        "a required column is not in the header; no row can be read",
    ),
    "duplicate_column": ("error", "hai ô tiêu đề trùng tên cột", "two header cells name the same column"),
    "unknown_column": (
        "warning",
        "ô tiêu đề không phải là cột đã biết; cột bị bỏ qua",
        "a header cell names no known column; the column is ignored",
    ),
    "missing_question_column": (
        "warning",
        "một câu hỏi không có cột; mọi dòng đều để trống câu đó",
        "a question has no column; every row leaves it unanswered",
    ),
    "empty_row": ("error", "một dòng trống nằm giữa các dòng dữ liệu", "a row between submissions is empty"),
    "missing_value": (
        "error",
        "ô bắt buộc (mã, tên, khối, ngày đánh giá) bị trống",
        "a required cell (agency id, name, block, date) is empty",
    ),
    "bad_text": (
        "error",
        "ô văn bản quá dài hoặc chứa ký tự điều khiển (mã cơ quan: cả ký tự đảo hướng chữ)",
        "a text cell is too long or holds control characters (an agency id: bidirectional ones too)",
    ),
    "suspicious_multiline_cell": (
        "error",
        'một ô trong dấu ngoặc kép kéo qua nhiều dòng trông như hồ sơ của cơ quan khác (dấu " bị sót?)',
        "a quoted cell runs over lines that look like other agencies' submissions (a stray \"?)",
    ),
    "unknown_block": (
        "error",
        "khối không thuộc các khối của bộ câu hỏi",
        "the block is none of the questionnaire's blocks",
    ),
    "bad_key_agency": (
        "error",
        "key_agency không phải có/không (yes/no, 1/0)",
        "key_agency is not yes/no (có/không, 1/0, true/false)",
    ),
    "bad_date": (
        "error",
        "assessed_on không phải là ngày, hoặc là ngày trong tương lai",
        "assessed_on is not a date, or lies in the future",
    ),
    "bad_level": (
        "error",
        "câu trả lời không phải số nguyên 0-5, NA hay ô trống",
        "an answer is not a whole number 0-5, NA or empty",
    ),
    "level_out_of_range": (
        "error",
        "câu trả lời là số ngoài khoảng 0-5",
        "an answer is a number outside 0-5",
    ),
    "na_not_allowed": (
        "error",
        "N/A cho câu hỏi không cho phép N/A",
        "N/A is given for a question that does not allow it",
    ),
    "na_without_reason": (
        "error",
        "N/A không có lý do trong cột _note của câu hỏi",
        "N/A is given without a justification in the question's _note column",
    ),
    "answer_not_for_block": (
        "warning",
        "có câu trả lời cho câu hỏi không áp dụng với khối; câu trả lời bị bỏ qua",
        "an answer is given to a question that does not apply to the block; it is ignored",
    ),
    "duplicate_agency_id": (
        "error",
        "nhiều dòng cùng mã cơ quan; không dòng nào được chấm",
        "several rows have the same agency id; none of them is scored",
    ),
    "too_many_unanswered": (
        "error",
        "số câu chưa trả lời vượt mức hồ sơ chấm điểm cho phép",
        "more questions are unanswered than the scoring profile allows",
    ),
    "markup_in_text": (
        "warning",
        "văn bản giống mã HTML; được giữ nguyên là văn bản, không bao giờ hiển thị như mã",
        "a text looks like HTML; it is kept as plain text and never rendered as markup",
    ),
    "formula_in_text": (
        "warning",
        "văn bản bắt đầu như công thức bảng tính; được giữ là văn bản và vô hiệu hóa trong CSV",
        "a text starts like a spreadsheet formula; it is kept as text and neutralised in CSV output",
    ),
    "stopped_early": (
        "error",
        "đạt --max-errors; các dòng sau không được đọc",
        "--max-errors was reached; the rows after this one were not read",
    ),
    "damaged_cell": (
        "error",
        "một ô của sổ tính bị hỏng, không đọc được; dòng không được chấm",
        "a cell of the workbook is damaged and cannot be read; the row is not scored",
    ),
    "form_other_version": (
        "error",
        "bản nộp được làm bằng biểu mẫu của một phiên bản bộ câu hỏi khác; không được chấm",
        "the submission was made with the form of another questionnaire version; it is not scored",
    ),
    "form_version_unknown": (
        "warning",
        "tệp xuất từ công cụ biểu mẫu không cho biết phiên bản bộ câu hỏi đã dùng",
        "the form tool's export does not say which questionnaire version its form was made for",
    ),
    "superseded_submission": (
        "warning",
        "cơ quan đã nộp lại; theo --keep, bản nộp khác được chấm, bản này để sang một bên",
        "the agency submitted again; by --keep another submission is scored and this one is set aside",
    ),
}


def meaning(code: str, lang: Lang) -> str:
    _, vi, en = CATALOGUE[code]
    return vi if lang == "vi" else en


def message(code: str, lang: Lang, detail: str = "", **values: object) -> str:
    """The finding's message in the run's language, from the catalogue of messages."""
    from assess.messages import t

    key = f"finding.{code}" + (f".{detail}" if detail else "")
    return t(key, lang, **values)


@dataclass(frozen=True)
class Finding:
    """One problem: a stable code, the file, the physical row a spreadsheet shows (header = 1;
    None for the whole file), the column, the offending value and a message."""

    code: str
    file: str
    row: int | None
    column: str
    value: str
    message: str

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


HEADER = ("code", "severity", "file", "row", "column", "value", "message")


def rows(findings: Iterable[Finding]) -> Iterator[list[str | int | None]]:
    return ([f.code, f.severity, f.file, f.row, f.column, f.value, f.message] for f in findings)


# Characters a finding's value shows escaped, as Python writes them (\x00, \u202e): control
# characters, and bidirectional controls, which would reorder the line they are printed on.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clip(value: object, limit: int = 120) -> str:
    """A value as findings show it: one line of printable text, at most `limit` characters."""
    text = "" if value is None else str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    text = _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
