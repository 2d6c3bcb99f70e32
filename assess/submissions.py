"""CSV and XLSX submissions: read whatever Excel and form tools produce, and turn each row into an
assessment through the same models an interview uses, or into findings saying what is wrong."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess import assessment as am
from assess.bilingual import Lang
from assess.errors import UnreadableFileError
from assess.findings import Finding, clip, message
from assess.questionnaire import Questionnaire

IDENTITY = ("agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on")
NOTE_SUFFIX = "_note"
DELIMITERS = ",;\t"
NA_WORDS = {"na", "n/a", "n.a", "n.a.", "không áp dụng", "khong ap dung", "not applicable", "kad"}
YES_WORDS = {"có", "co", "c", "yes", "y", "x", "1", "true", "đúng", "dung", "chủ lực", "chu luc", "key"}
NO_WORDS = {"không", "khong", "k", "no", "n", "0", "false", "sai", ""}
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|&#?\w+;")
_FORMULA = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    number: int  # the row a spreadsheet shows: the header is row 1
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class Sheet:
    """A submission file: its header, and its rows read on demand (a file of 100,000 rows is
    never held as rows in memory; it can be read more than once)."""

    path: Path
    kind: str  # csv or xlsx
    header: tuple[str, ...]
    encoding: str | None = None
    delimiter: str | None = None
    text: str | None = None  # the decoded CSV text

    def rows(self) -> Iterator[Row]:
        """Data rows with their spreadsheet numbers (header = 1), trailing empty rows left out."""
        source = self._csv_rows() if self.kind == "csv" else self._xlsx_rows()
        pending: list[Row] = []  # empty rows, held until a non-empty row shows they are not trailing
        for row in source:
            if all(_blank(c) for c in row.cells):
                pending.append(row)
                continue
            yield from pending
            pending.clear()
            yield row

    def _csv_rows(self) -> Iterator[Row]:
        assert self.text is not None and self.delimiter is not None
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        next(reader, None)
        # Each CSV record is one spreadsheet row, even when a cell spans several lines.
        for number, record in enumerate(reader, start=2):
            yield Row(number, tuple(record))

    def _xlsx_rows(self) -> Iterator[Row]:
        book = _open_workbook(self.path)
        try:
            iterator = book.worksheets[0].iter_rows(values_only=True)
            next(iterator, None)
            for number, cells in enumerate(iterator, start=2):
                yield Row(number, tuple(cells))
        finally:
            book.close()


# --- reading files -------------------------------------------------------------------------------


def decode(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Text and the encoding it was in: a given one, else BOM, UTF-16, UTF-8, Windows-1258."""
    try:
        return _decode(data, forced)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"not valid {exc.encoding} text ({exc.reason} at byte {exc.start})",
            hint="save the file again as UTF-8, or give --encoding",
        ) from None


def _decode(data: bytes, forced: str | None) -> tuple[str, str]:
    if forced:
        try:
            return data.decode(forced), forced
        except LookupError:
            raise UnreadableFileError(f"unknown encoding '{forced}'") from None
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(f"not {forced} text ({exc.reason} at byte {exc.start})") from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    head = data[:4000]
    if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without a byte-order mark
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(encoding, errors="strict"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Legacy Windows text. A Vietnamese office's is Windows-1258, which spells tones as combining
    # marks; when that reading gives Vietnamese letters, it is the one. Otherwise ask
    # charset-normalizer among the legacy code pages such files come in.
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        if _VIETNAMESE.search(text):
            return text, "cp1258"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["cp1258", "cp1252", "cp1250"]).best()
    if best is None or best.encoding is None:
        raise UnreadableFileError(
            "the text encoding could not be recognised", hint="save the file as UTF-8, or give --encoding"
        )
    return unicodedata.normalize("NFC", str(best)), best.encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab, whichever splits it most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(first, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_csv(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Sheet:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text, used = decode(data, encoding)
    except UnreadableFileError as exc:
        raise UnreadableFileError(f"{path}: {exc.message}", hint=exc.hint) from None
    text = unicodedata.normalize("NFC", text)
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise UnreadableFileError(f"the delimiter must be one character, not '{delimiter}'")
    sep = delimiter or sniff_delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), None)
        sheet = Sheet(path, "csv", tuple(header or ()), used, sep, text)
        for _ in sheet.rows():  # one pass to find malformed CSV now rather than halfway through
            pass
    except csv.Error as exc:
        raise UnreadableFileError(f"{path}: not readable as CSV: {exc}") from None
    if header is None:
        raise UnreadableFileError(f"{path}: the file is empty")
    return sheet


def _open_workbook(path: Path) -> Any:
    from zipfile import BadZipFile

    import openpyxl

    try:
        # Formulas are read as their text (not run, not their cached results): a formula where
        # a level belongs is an error, one in a name stays visible as what it is.
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: no such file") from None
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFileError(f"{path}: not a readable .xlsx workbook ({exc})") from None


def read_xlsx(path: Path) -> Sheet:
    book = _open_workbook(path)
    try:
        if not book.worksheets:
            raise UnreadableFileError(f"{path}: the workbook has no sheet")
        header_row = next(book.worksheets[0].iter_rows(values_only=True), None)
    finally:
        book.close()
    if header_row is None:
        raise UnreadableFileError(f"{path}: the first sheet is empty")
    return Sheet(path, "xlsx", tuple("" if c is None else str(c) for c in header_row))


def read(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Sheet:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".xls":
        raise UnreadableFileError(
            f"{path}: old Excel (.xls) files are not read", hint="save it as .xlsx or CSV UTF-8 in Excel"
        )
    return read_csv(path, encoding, delimiter)


# --- columns ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Where each known column is in the header."""

    identity: dict[str, int]
    answers: dict[str, int]  # question id -> index
    notes: dict[str, int]  # question id -> index of its _note column


def header_key(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip().lstrip("\ufeff").strip().casefold()


def map_columns(
    header: Sequence[str], file: str, q: Questionnaire, lang: Lang = "vi"
) -> tuple[Columns, list[Finding]]:
    """Where each known column is in a header, and what is wrong with the header."""
    questions = {qid.casefold(): qid for qid in q.question_by_id}
    identity: dict[str, int] = {}
    answers: dict[str, int] = {}
    notes: dict[str, int] = {}
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        column = _column_name(index)
        if key in seen:
            findings.append(
                Finding(
                    "duplicate_column",
                    file,
                    1,
                    column,
                    clip(cell),
                    message("duplicate_column", lang, cell=cell.strip(), other=_column_name(seen[key])),
                )
            )
            continue
        seen[key] = index
        if key in IDENTITY:
            identity[key] = index
        elif key in questions:
            answers[questions[key]] = index
        elif key.endswith(NOTE_SUFFIX) and key.removesuffix(NOTE_SUFFIX) in questions:
            notes[questions[key.removesuffix(NOTE_SUFFIX)]] = index
        else:
            findings.append(
                Finding(
                    "unknown_column",
                    file,
                    1,
                    column,
                    clip(cell),
                    message("unknown_column", lang, cell=cell.strip()),
                )
            )
    for name in IDENTITY:
        if name not in identity:
            findings.append(
                Finding("missing_column", file, 1, name, "", message("missing_column", lang, name=name))
            )
    for qid in q.question_by_id:
        if qid not in answers:
            findings.append(
                Finding(
                    "missing_question_column",
                    file,
                    1,
                    qid,
                    "",
                    message("missing_question_column", lang, qid=qid),
                )
            )
    return Columns(identity, answers, notes), findings


def _column_name(index: int) -> str:
    """'A', 'B', ... 'AA': the column letters a spreadsheet shows."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# --- rows -------------------------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None or cell == "":
        return ""
    if type(cell) is str and cell.isascii():  # NFC leaves ASCII as it is
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return unicodedata.normalize("NFC", str(cell)).strip()


def parse_level(cell: Any) -> tuple[str, int | None]:
    """('empty'|'na'|'level'|'bad'|'range', level)."""
    if isinstance(cell, bool):
        return "bad", None
    if isinstance(cell, int | float):
        return _level_of(float(cell))
    if isinstance(cell, str) and len(cell) <= 32:
        return _parse_level_text(cell)  # a submission repeats a handful of spellings thousands of times
    return _parse_level_text.__wrapped__(str(cell) if cell is not None else "")


@lru_cache(maxsize=1024)
def _parse_level_text(cell: str) -> tuple[str, int | None]:
    text = _text(cell)
    if not text:
        return "empty", None
    if text.casefold() in NA_WORDS:
        return "na", None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return "bad", None
    return _level_of(number)


def _level_of(number: float) -> tuple[str, int | None]:
    if number != number or not number.is_integer():  # NaN, 2.5
        return "bad", None
    level = int(number)
    return ("level", level) if 0 <= level <= 5 else ("range", level)


def parse_date(cell: Any) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        match = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T].*)?", text)
        if match:
            year, month, day = map(int, match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


@dataclass
class Parsed:
    """One row's outcome: an assessment, or None with the findings that rejected it."""

    row: int
    agency_id: str
    assessment: am.Assessment | None
    findings: list[Finding] = field(default_factory=list)


LIMITS = {"agency_id": 64, "agency_name": 300, "province": 300, "governing_body": 300}


def parse_row(
    row: Row,
    columns: Columns,
    q: Questionnaire,
    file: str,
    today: date,
    incomplete_above: float,
    lang: Lang = "vi",
) -> Parsed:
    """One spreadsheet row to an assessment; every problem in the row is reported, not just one."""
    findings: list[Finding] = []

    def cell(index: int) -> Any:
        return row.cells[index] if index < len(row.cells) else None

    def column_of(index: int) -> str:
        header = (
            columns.identity | columns.answers | {f"{k}{NOTE_SUFFIX}": v for k, v in columns.notes.items()}
        )
        name = next((k for k, v in header.items() if v == index), "")
        return f"{name} ({_column_name(index)})" if name else _column_name(index)

    def problem(code: str, index: int | None, value: Any, detail: str = "", **values: object) -> None:
        where = column_of(index) if index is not None else ""
        findings.append(
            Finding(code, file, row.number, where, clip(value), message(code, lang, detail, **values))
        )

    values: dict[str, str] = {}
    for name in ("agency_id", "agency_name", "province", "governing_body"):
        index = columns.identity.get(name)
        text = _text(cell(index)) if index is not None else ""
        values[name] = text
        if name in ("agency_id", "agency_name") and not text:
            problem("missing_value", index, "", name=name)
            continue
        if _CONTROL.search(text) or "\n" in text or "\t" in text:
            problem("bad_text", index, text, "control", name=name)
        elif len(text) > LIMITS[name]:
            problem("bad_text", index, text, "long", name=name, limit=LIMITS[name])
        if _MARKUP.search(text):
            problem("markup_in_text", index, text, name=name)
        if text.startswith(_FORMULA):
            problem("formula_in_text", index, text, name=name)

    block_index = columns.identity.get("block")
    block_text = _text(cell(block_index)) if block_index is not None else ""
    block = q.match_block(block_text) if block_text else None
    if not block_text:
        problem("missing_value", block_index, "", name="block")
    elif block is None:
        problem("unknown_block", block_index, block_text, known=", ".join(b.id for b in q.blocks))

    key_index = columns.identity.get("key_agency")
    key_raw = cell(key_index) if key_index is not None else None
    key_agency = False
    if isinstance(key_raw, bool):
        key_agency = key_raw
    else:
        key_text = _text(key_raw).casefold()
        if key_text in YES_WORDS:
            key_agency = True
        elif key_text not in NO_WORDS:
            problem("bad_key_agency", key_index, key_raw)

    date_index = columns.identity.get("assessed_on")
    date_raw = cell(date_index) if date_index is not None else None
    assessed_on = parse_date(date_raw)
    if _blank(date_raw):
        problem("missing_value", date_index, "", name="assessed_on")
    elif assessed_on is None:
        problem("bad_date", date_index, date_raw)
    elif assessed_on > today:
        problem("bad_date", date_index, date_raw, "future", today=today.isoformat())

    answers: dict[str, am.Answer] = {}
    for qid, index in columns.answers.items():
        question = q.question_by_id[qid]
        raw = cell(index)
        kind, level = parse_level(raw)
        note_index = columns.notes.get(qid)
        note = _text(cell(note_index)) if note_index is not None else ""
        if kind == "empty":
            if note:
                answers[qid] = am.Answer(note=note)
            continue
        if block is not None and not question.applies(block.id):
            problem("answer_not_for_block", index, raw, qid=qid, block=block.name(lang))
            continue
        if kind == "bad":
            problem("bad_level", index, raw, qid=qid)
        elif kind == "range":
            problem("level_out_of_range", index, raw, qid=qid, level=level)
        elif kind == "na":
            if not question.na_allowed:
                problem("na_not_allowed", index, raw, qid=qid)
            elif not note:
                problem("na_without_reason", index, raw, qid=qid, column=f"{qid}{NOTE_SUFFIX}")
            else:
                answers[qid] = am.Answer(na=True, na_reason=note)
        else:
            answers[qid] = am.Answer(level=level, note=note) if note else _bare_answer(level)
        if _CONTROL.search(note):
            problem("bad_text", note_index, note, "control", name=f"{qid}{NOTE_SUFFIX}")
        elif _MARKUP.search(note):
            problem("markup_in_text", note_index, note, name=f"{qid}{NOTE_SUFFIX}")

    agency_id = values["agency_id"]
    if any(f.is_error for f in findings) or block is None or assessed_on is None:
        return Parsed(row.number, agency_id, None, findings)

    try:
        agency = am.Agency(
            id=agency_id,
            name=values["agency_name"],
            block=block.id,
            province=values["province"],
            governing_body=values["governing_body"],
            key_agency=key_agency,
        )
        a = am.new(
            q,
            agency,
            assessed_on=assessed_on,
            origin=am.Origin(kind="batch", file=Path(file).name, row=row.number),
        )
        a = a.model_copy(update={"answers": answers, "status": "complete"})
        am.check(a, q, f"{file} row {row.number}")
    except (ValidationError, ValueError) as exc:  # defensive: the checks above should catch it
        problem("bad_text", None, "", "invalid", reason=str(exc).splitlines()[0])
        return Parsed(row.number, agency_id, None, findings)

    applicable = [x.id for x in q.applicable(block.id)]
    missing = [qid for qid in applicable if not a.answer(qid).answered]
    if applicable and len(missing) / len(applicable) > incomplete_above:
        problem(
            "too_many_unanswered",
            None,
            len(missing),
            missing=len(missing),
            total=len(applicable),
            share=int(incomplete_above * 100),
            ids=", ".join(missing[:8]) + ("…" if len(missing) > 8 else ""),
        )
        return Parsed(row.number, agency_id, None, findings)
    return Parsed(row.number, agency_id, a, findings)


@lru_cache(maxsize=8)
def _bare_answer(level: int | None) -> am.Answer:
    """A level with no note: answers are frozen, so one object serves every row that gives it."""
    return am.Answer(level=level)


def is_empty(row: Row) -> bool:
    return all(_blank(c) for c in row.cells)


def duplicate_ids(parsed: Sequence[Parsed], file: str, lang: Lang = "vi") -> Iterator[tuple[Parsed, Finding]]:
    """Rows sharing an agency id (ignoring case and spaces): every one of them is rejected."""
    rows_by_id: dict[str, list[Parsed]] = {}
    for p in parsed:
        if p.agency_id:
            rows_by_id.setdefault(p.agency_id.strip().casefold(), []).append(p)
    for group in rows_by_id.values():
        if len(group) < 2:
            continue
        for p in group:
            others = ", ".join(str(o.row) for o in group if o is not p)
            yield (
                p,
                Finding(
                    "duplicate_agency_id",
                    file,
                    p.row,
                    "agency_id",
                    clip(p.agency_id),
                    message("duplicate_agency_id", lang, rows=others),
                ),
            )
