"""CSV and XLSX submissions: read whatever Excel and form tools produce, and turn each row into an
assessment through the same models an interview uses, or into findings saying what is wrong."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from assess import assessment as am
from assess import safe_xlsx
from assess.bilingual import Lang
from assess.columns import NA, NOT_ASKED, UNANSWERED
from assess.errors import UnreadableFileError
from assess.findings import Finding, clip, message
from assess.messages import t
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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters (C0, DEL, C1) but tab and LF
# Bidirectional embeddings, overrides and isolates: they make an id display as another (U+202A-U+202E,
# U+2066-U+2069); refused in agency ids.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


class Row(NamedTuple):
    number: int  # the row a spreadsheet shows: the header is row 1
    cells: Sequence[Any]


@dataclass(frozen=True)
class Sheet:
    """A submission file: its header, and its rows read on demand, streamed from the file (a file
    of a million rows is never held in memory; it can be read more than once)."""

    path: Path
    kind: str  # csv or xlsx
    header: tuple[str, ...]
    encoding: str | None = None
    delimiter: str | None = None
    lang: Lang = "vi"  # of the messages that stop a reading

    def rows(self) -> Iterator[Row]:
        """Data rows with their spreadsheet numbers (header = 1), trailing empty rows left out; a
        sheet with more than ROWS_MAX rows stops the reading (UnreadableFileError)."""
        source = iter(self._csv_rows() if self.kind == "csv" else self._xlsx_rows())
        pending: list[Row] = []  # empty rows, held until a non-empty row shows they are not trailing
        for row in islice(source, ROWS_MAX):
            if is_blank(row):
                pending.append(row)
                continue
            yield from pending
            pending.clear()
            yield row
        for row in source:  # past the limit only empty rows may follow
            if not is_blank(row):
                raise UnreadableFileError(
                    t("read.too_many_rows", self.lang, path=self.path, limit=f"{ROWS_MAX:,}"),
                    hint=t("read.split.hint", self.lang),
                )

    def _csv_rows(self) -> Iterator[Row]:
        assert self.encoding is not None and self.delimiter is not None
        lang, sep, width = self.lang, self.delimiter, len(self.header)
        dated = next((i for i, h in enumerate(self.header) if header_key(h) == "assessed_on"), None)
        number, reader = 1, None
        csv.field_size_limit(CELL_MAX)  # a longer cell is read, and its row rejected for it, not the file
        try:
            with _open_text(self.path, self.encoding, lang) as handle:
                reader = csv.reader(_lines(handle), delimiter=sep)
                next(reader, None)
                # Each CSV record is one spreadsheet row, even when a cell spans several lines.
                row = partial(tuple.__new__, Row)  # Row(number, record), without a Python-level call
                line = reader.line_num  # the file line the record before ended on
                for number, record in enumerate(reader, start=2):
                    if reader.line_num - line > 1:  # a quoted cell ran over lines: a stray quote?
                        record = _spanning(record, line + 1, reader.line_num, sep, width, dated)
                    line = reader.line_num
                    yield row((number, record))
        except _LineTooLong as exc:
            raise self._too_long(number + 1, exc.line) from None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise self._too_long(number + 1, reader.line_num if reader else 0) from None
            raise UnreadableFileError(
                t("read.not_csv", lang, path=self.path, row=number, reason=exc)
            ) from None
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                t(
                    "read.not_text_after",
                    lang,
                    path=self.path,
                    encoding=self.encoding,
                    row=number,
                    reason=exc.reason,
                ),
                hint=t("read.encoding.hint", lang),
            ) from None
        except OSError as exc:
            raise UnreadableFileError(t("read.cannot", lang, path=self.path, reason=exc.strerror)) from None

    def _too_long(self, row: int, line: int) -> UnreadableFileError:
        return UnreadableFileError(
            t("read.cell_too_long", self.lang, path=self.path, row=row, line=line, limit=f"{CELL_MAX:,}"),
            hint=t("read.cell_too_long.hint", self.lang, note=f"{am.NOTE_MAX:,}"),
        )

    def _xlsx_rows(self) -> Iterator[Row]:
        book = _open_workbook(self.path, self.lang)
        try:
            rows = book.rows(len(self.header))
            next(rows, None)  # the header
            row = partial(tuple.__new__, Row)
            for found in rows:
                yield row(found)
        finally:
            book.close()


# --- reading files -------------------------------------------------------------------------------

# Stated limits (the README's "Limits and guarantees" gives these numbers). A file past one of them
# is refused whole (exit 2) with a message naming the limit; within them a row is rejected for what
# is wrong with it, never the file.
FILE_MAX = 1 << 30  # bytes in a submission file (10^6 generated rows of CSV are about 274 MB)
ROWS_MAX = 2_000_000  # data rows in a sheet (a sector has about 800 agencies)
CELL_MAX = 1 << 24  # characters in one CSV cell, and in one line of a CSV file
SAMPLE = 1 << 20  # bytes an encoding is recognised from
csv.field_size_limit(CELL_MAX)  # a cell longer than a text may be is read, and its row rejected for it


class _LineTooLong(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _check_file(path: Path, info: os.stat_result, lang: Lang) -> None:
    """Only a regular file of at most FILE_MAX bytes is read: a folder, a FIFO or a device such as
    /dev/zero is refused before a byte is read (one could wait for a writer, or never end)."""
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(t("read.folder", lang, path=path), hint=t("read.regular.hint", lang))
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(t("read.not_regular", lang, path=path), hint=t("read.regular.hint", lang))
    if info.st_size > FILE_MAX:
        raise UnreadableFileError(
            t("read.too_large", lang, path=path, size=-(-info.st_size // (1 << 20)), limit=FILE_MAX >> 20),
            hint=t("read.split.hint", lang),
        )


def _open_binary(path: Path, lang: Lang) -> io.BufferedReader:
    """The file, opened for reading once it is known to be a regular file within FILE_MAX. It is
    opened without blocking and checked again (a FIFO put in its place would wait for a writer)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFileError(t("read.missing", lang, path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(t("read.cannot", lang, path=path, reason=exc.strerror)) from None
    try:
        _check_file(path, os.fstat(fd), lang)
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_text(path: Path, encoding: str, lang: Lang) -> io.TextIOWrapper:
    """The file as text, its line breaks kept (the csv module reads them)."""
    return io.TextIOWrapper(_open_binary(path, lang), encoding=encoding, newline="")


def _lines(handle: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, each read whole only up to CELL_MAX characters: a longer one stops the
    reading (a line of a billion delimiters would otherwise become a billion cells in memory)."""
    for number, line in enumerate(iter(partial(handle.readline, CELL_MAX + 1), ""), start=1):
        if len(line) > CELL_MAX:
            raise _LineTooLong(number)
        yield line


def detect_encoding(path: Path, forced: str | None = None, lang: Lang = "vi") -> str:
    """A CSV file's encoding: the given one, else a byte-order mark, UTF-32 or UTF-16 recognised
    from where their NUL bytes fall, UTF-8 (checked over the whole file, in pieces), else a legacy
    Windows code page recognised from the file's start. Text typed in a legacy Vietnamese font
    encoding (TCVN3, VNI), which no code page reads right, is refused."""
    try:
        with _open_binary(path, lang) as handle:
            head = handle.read(SAMPLE)
            if forced:
                try:
                    codecs.lookup(forced)
                except LookupError:
                    raise UnreadableFileError(t("read.unknown_encoding", lang, encoding=forced)) from None
                return forced
            found = _unicode_by_bytes(head)
            if found is None:
                decoder = codecs.getincrementaldecoder("utf-8")()
                piece = head
                try:
                    while piece:
                        decoder.decode(piece)
                        piece = handle.read(SAMPLE)
                    decoder.decode(b"", final=True)
                    found = "utf-8"
                except UnicodeDecodeError:
                    pass
    except OSError as exc:
        raise UnreadableFileError(t("read.cannot", lang, path=path, reason=exc.strerror)) from None
    # Read as Latin-1 a legacy file shows each byte as itself, which is what the signs below are.
    legacy = _legacy_vietnamese(head.decode(found or "latin-1", errors="replace"))
    if legacy is not None:
        name, examples = legacy
        raise UnreadableFileError(
            t(
                "read.legacy_vietnamese",
                lang,
                path=path,
                name=name,
                fonts=_LEGACY_FONTS[name],
                example=examples,
            ),
            hint=t("read.legacy_vietnamese.hint", lang, name=name),
        )
    return found or _legacy_encoding(head, path, lang)


def _unicode_by_bytes(head: bytes) -> str | None:
    """UTF-8 with a BOM, UTF-32 or UTF-16 (with a byte-order mark, or recognised from the pattern
    of their NUL bytes), or None."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _by_nul_pattern(head[:4096])


def _by_nul_pattern(start: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the NUL bytes fall: text (whose
    letters and digits are mostly below U+0100) has three NULs in every four bytes in UTF-32, one
    in every other byte in UTF-16, and hardly any in the other places. NUL bytes anywhere else (a
    run of them in a UTF-8 file) are no reason to read the file as either: such a file is UTF-8,
    and the cells holding them are findings."""
    quads = len(start) // 4
    if not quads:
        return None
    at = [start[i : quads * 4 : 4].count(0) for i in range(4)]  # NULs at each place of a 4-byte unit
    if at[3] == quads and at[2] * 10 >= quads * 9 and at[0] * 10 <= quads:
        return "utf-32-le"
    if at[0] == quads and at[1] * 10 >= quads * 9 and at[3] * 10 <= quads:
        return "utf-32-be"
    pairs = quads * 2
    even, odd = at[0] + at[2], at[1] + at[3]
    if odd * 4 >= pairs and even * 20 <= pairs:
        return "utf-16-le"
    if even * 4 >= pairs and odd * 20 <= pairs:
        return "utf-16-be"
    return None


# Vietnamese typed in a legacy 8-bit font encoding: TCVN3 (TCVN 5712:1993 "VN3", the ABC fonts
# .VnTime, .VnArial) or VNI (the VNI-Windows fonts). No codec reads them (neither Python's codecs
# nor charset-normalizer has them), and read as Windows-1258 their letters come out as other
# characters ("Báo Sức khỏe" is "B¸o Søc kháe" in TCVN3, "Baùo Söùc khoûe" in VNI). A converted
# reading would have to guess what these encodings cannot say (TCVN3 has no capital letter with a
# tone mark), and a wrong agency name goes into official results: such a file is refused, with how
# to convert it. Each encoding is recognised by characters that real Vietnamese text, in any
# encoding, never holds inside a word. The byte values are those of the TCVN3 and VNI tables of
# viparse (MIT; github.com/TrizenX/viparse, viparse/normalize/tcvn3.py and vni.py), checked against
# TCVN 5712:1993 for TCVN3.
_TCVN3_SIGNS = (
    "\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7"  # Ă Â Ê Ô Ơ Ư Đ (0xA1-0xA7)
    "\u00a8\u00a9\u00aa\u00ab\u00ac\u00ae"  # ă â ê ô ơ đ (0xA8-0xAE; ư, 0xAD, is a soft hyphen)
    "\u00b5\u00b6\u00b7\u00b8\u00b9"  # à ả ã á ạ (0xB5-0xB9)
    "\u00bb\u00bc\u00bd\u00be"  # ằ ẳ ẵ ắ (0xBB-0xBE)
    "\u00d7\u00f7"  # ì ữ (0xD7, 0xF7)
)
_VNI_SIGNS = (
    "\u00e4\u00e5\u00e6\u00eb\u00ef\u00f1\u00f6\u00f8\u00fb\u00fc"  # ä å æ ë ï ñ ö ø û ü: marks and đ ư ỉ
    "\u00c4\u00c5\u00c6\u00cb\u00cf\u00d1\u00d6\u00d8\u00db\u00dc"  # and their capitals
)
_LEGACY_FONTS = {"TCVN3": ".VnTime, .VnArial", "VNI": "VNI-Times"}
_LATIN_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")  # a word in Latin-1's letters and signs
_LEGACY_SIGNS = {"TCVN3": re.compile(f"[{_TCVN3_SIGNS}]"), "VNI": re.compile(f"[{_VNI_SIGNS}]")}
_ASCII_LETTER = re.compile("[A-Za-z]")


def _legacy_vietnamese(text: str) -> tuple[str, str] | None:
    """('TCVN3' or 'VNI', example words) when the text reads as Vietnamese typed in that legacy
    font encoding: at least two words, and a fifth of the words with characters past ASCII, mix
    ASCII letters with that encoding's signs. (Linear in the text: each word is looked at once.)"""
    words = [w for w in _LATIN_WORD.findall(text) if not w.isascii()]
    for name, signs in _LEGACY_SIGNS.items():
        marked = [w for w in words if signs.search(w) and _ASCII_LETTER.search(w)]
        if len(marked) >= 2 and len(marked) * 5 >= len(words):
            return name, ", ".join(list(dict.fromkeys(marked))[:3])
    return None


def _legacy_encoding(sample: bytes, path: Path, lang: Lang) -> str:
    # A Vietnamese office's legacy text is Windows-1258, which spells tones as combining marks;
    # when that reading gives Vietnamese letters, it is the one. Otherwise ask charset-normalizer
    # among the legacy code pages such files come in.
    try:
        if _VIETNAMESE.search(unicodedata.normalize("NFC", sample.decode("cp1258"))):
            return "cp1258"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample, cp_isolation=["cp1258", "cp1252", "cp1250"]).best()
    if best is None or best.encoding is None:
        raise UnreadableFileError(t("read.unknown_text", lang, path=path), hint=t("read.encoding.hint", lang))
    return str(best.encoding)


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


def is_blank(row: Row) -> bool:
    """Whether every cell of the row is empty or spaces."""
    first = row.cells[0] if row.cells else None
    if type(first) is str and first and not first.isspace():  # the common case, decided at once
        return False
    try:
        return not "".join(row.cells).strip()  # a CSV row: text only, joined in one step
    except TypeError:
        return all(_blank(c) for c in row.cells)


# --- a stray quote: a cell that swallowed other rows ---------------------------------------------

_AFTER_BREAK = re.compile(r"(?:\r\n|\r|\n)([^\r\n]*)")  # each line after a line break, one at a time


class SpanningCells(list):  # type: ignore[type-arg]
    """A CSV record in which a quoted cell runs over file lines that look like whole submissions:
    a stray double quote opened the cell, and the rows after it were read into it. The row is
    rejected with suspicious_multiline_cell (the rows it swallowed were never read as rows)."""

    __slots__ = ("column", "first_line", "last_line", "swallowed")
    column: int  # the cell's index
    first_line: int  # the file lines the record spans
    last_line: int
    swallowed: int  # lines in the cell that look like submissions


def _spanning(record: list[str], first: int, last: int, sep: str, width: int, dated: int | None) -> list[str]:
    """The record, as SpanningCells when a cell of it holds lines shaped like submissions: a line
    with as many delimiters as the header (and at least as many as a row's identity columns need),
    or one that starts with something shaped like an agency id followed by the delimiter and has
    a date where the header has assessed_on (the line that a closing quote cut short). A note's
    own lines, even a list of words and commas, are no such line."""
    least = len(IDENTITY) - 1
    id_then_delimiter = re.compile(rf'\s*"?[^\s",;\t]{{1,{am.ID_MAX}}}"?{re.escape(sep)}')
    for column, cell in enumerate(record):
        if "\n" not in cell and "\r" not in cell:
            continue
        swallowed = 0
        for found in _AFTER_BREAK.finditer(cell):  # (the text before the first break is on the record's line)
            line = found.group(1)
            count = line.count(sep)
            if count < least:
                continue
            if count >= width - 1 or (
                dated is not None
                and count >= dated
                and id_then_delimiter.match(line)
                and parse_date(line.split(sep, dated + 1)[dated].strip().strip('"')) is not None
            ):
                swallowed += 1
        if swallowed:
            out = SpanningCells(record)
            out.column, out.first_line, out.last_line, out.swallowed = column, first, last, swallowed
            return out
    return record


def read_csv(
    path: Path, encoding: str | None = None, delimiter: str | None = None, lang: Lang = "vi"
) -> Sheet:
    used = detect_encoding(path, encoding, lang)
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise UnreadableFileError(t("read.bad_delimiter", lang, delimiter=delimiter))
    try:
        with _open_text(path, used, lang) as handle:
            head = handle.read(64 * 1024)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            t("read.not_text", lang, path=path, encoding=used, reason=exc.reason, at=exc.start),
            hint=t("read.encoding.hint", lang),
        ) from None
    except OSError as exc:
        raise UnreadableFileError(t("read.cannot", lang, path=path, reason=exc.strerror)) from None
    head = head.removeprefix("\ufeff")
    sep = delimiter or sniff_delimiter(head)
    try:
        header = next(csv.reader(io.StringIO(head, newline=""), delimiter=sep), None)
    except csv.Error as exc:
        raise UnreadableFileError(t("read.not_csv", lang, path=path, row=0, reason=exc)) from None
    if header is None:
        raise UnreadableFileError(t("read.empty", lang, path=path))
    return Sheet(path, "csv", tuple(unicodedata.normalize("NFC", h) for h in header), used, sep, lang)


def _open_workbook(path: Path, lang: Lang = "vi") -> safe_xlsx.Workbook:
    """The workbook, its zip measured before anything is unpacked (assess/safe_xlsx.py). Formulas
    are read as their text (not run, not their cached results): a formula where a level belongs is
    an error, one in a name stays visible as what it is."""
    return safe_xlsx.open_workbook(path, _open_binary(path, lang), lang)


def read_xlsx(path: Path, lang: Lang = "vi") -> Sheet:
    book = _open_workbook(path, lang)
    rows = book.rows()
    try:
        _, header_row = next(rows, (0, None))
    finally:
        rows.close()
        book.close()
    if header_row is None:
        raise UnreadableFileError(t("xlsx.empty", lang, path=path))
    if isinstance(header_row, safe_xlsx.DamagedCells):
        damage = header_row.damage[0]
        reason = message("damaged_cell", lang, damage.detail, **{"cell": damage.ref, **damage.values})
        raise UnreadableFileError(
            t("xlsx.damaged_header", lang, path=path, sheet=book.sheet, reason=reason),
            hint=t("xlsx.hint", lang),
        )
    return Sheet(path, "xlsx", tuple("" if c is None else str(c) for c in header_row), lang=lang)


def read(path: Path, encoding: str | None = None, delimiter: str | None = None, lang: Lang = "vi") -> Sheet:
    """A submission file's header, its rows to be read on demand. Only a regular file of at most
    FILE_MAX bytes is read: anything else is refused before it is opened (UnreadableFileError)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(t("read.missing", lang, path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(t("read.cannot", lang, path=path, reason=exc.strerror)) from None
    _check_file(path, info, lang)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, lang)
    if suffix == ".xls":
        raise UnreadableFileError(t("read.xls", lang, path=path), hint=t("read.xls.hint", lang))
    return read_csv(path, encoding, delimiter, lang)


# --- columns ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forced:
    """A finding a row has before its cells are read: what the file around it says of it (a form
    tool's export: a submission made with another questionnaire version; assess/forms.py)."""

    code: str
    column: str
    value: str
    values: dict[str, object]


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


def cell_text(cell: Any) -> str:
    """A cell's (or a typed line's) text as it is stored: NFC, surrounding spaces stripped. The
    one rule for batch and the interview alike."""
    if cell is None or cell == "":
        return ""
    if type(cell) is str and cell.isascii():  # NFC leaves ASCII as it is
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return unicodedata.normalize("NFC", str(cell)).strip()


_text = cell_text


def is_na_word(text: str) -> bool:
    """A level cell (or the interview's command) that says "not applicable" (N/A, không áp dụng)."""
    return cell_text(text).casefold() in NA_WORDS


def in_future(day: date, today: date) -> bool:
    """The one rule for an assessment date, batch's and the interview's: not after today."""
    return day > today


def parse_level(cell: Any) -> tuple[str, int | None]:
    """('empty'|'na'|'level'|'bad'|'range', level)."""
    if isinstance(cell, bool):
        return "bad", None
    if isinstance(cell, int | float):
        return _level_of(float(cell))
    text = _text(cell)  # (Reader.level_codes remembers each spelling: it parses each once a batch)
    if not text:
        return "empty", None
    if is_na_word(text):
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


# --- rows: a chunk read column by column ---------------------------------------------------------

LIMITS = {
    "agency_id": am.ID_MAX,
    "agency_name": am.SHORT_MAX,
    "province": am.SHORT_MAX,
    "governing_body": am.SHORT_MAX,
}
TEXT_FIELDS = ("agency_id", "agency_name", "province", "governing_body")
REPEATED = ("province", "governing_body")  # texts many rows share (an id or a name is its own)
BAD = -4  # a level cell that is not a level (text, 2.5, a formula)
OUT_OF_RANGE = -5  # a whole number outside 0-5
CODE_BIAS = 16  # a code + CODE_BIAS is one unsigned byte
# every character a text rule below can object to: controls, bidirectional controls, markup's < and &
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f<&\u202a-\u202e\u2066-\u2069]")


def _text_problems(name: str, text: str) -> list[tuple[str, str, dict[str, object]]]:
    """An identity text's problems: (finding code, detail, message values)."""
    out: list[tuple[str, str, dict[str, object]]] = []
    if _CONTROL.search(text) or "\n" in text or "\t" in text:
        out.append(("bad_text", "control", {"name": name}))
    elif name == "agency_id" and _BIDI.search(text):
        out.append(("bad_text", "bidi", {"name": name}))
    elif len(text) > LIMITS[name]:
        out.append(("bad_text", "long", {"name": name, "limit": LIMITS[name]}))
    if _MARKUP.search(text):
        out.append(("markup_in_text", "", {"name": name}))
    if text.startswith(_FORMULA):
        out.append(("formula_in_text", "", {"name": name}))
    return out


def _note_problems(name: str, text: str, limit: int) -> list[tuple[str, str, dict[str, object]]]:
    """A note's (or N/A justification's) problems; line breaks are allowed in notes."""
    if _CONTROL.search(text):
        return [("bad_text", "control", {"name": name})]
    if len(text) > limit:
        return [("bad_text", "long", {"name": name, "limit": limit})]
    if _MARKUP.search(text):
        return [("markup_in_text", "", {"name": name})]
    return []


_SEPARATOR = "\uffff"  # a noncharacter: never in a text, so joining texts with it hides nothing
_FORMULA_AFTER_SEPARATOR = re.compile("\uffff[=+\\-@]")


def _column_may_object(texts: list[str], limit: int) -> bool:
    """_may_object for a whole column at once: False when no text in it can break a rule."""
    if not texts:
        return False
    joined = _SEPARATOR + _SEPARATOR.join(texts)
    return (
        max(map(len, texts)) > limit
        or _SUSPECT.search(joined) is not None
        or _FORMULA_AFTER_SEPARATOR.search(joined) is not None
    )


def _may_object(text: str, limit: int) -> bool:
    """Whether _text_problems or _note_problems could object to a text: a cheap test that never
    misses one, so that the rules themselves run only on the few texts it lets through."""
    return len(text) > limit or text.startswith(_FORMULA) or _SUSPECT.search(text) is not None


_UNIT = "\x1f"  # between a record's texts; a control character, which no valid text holds
_END = "\x1e"  # after a record's texts
_IDS = re.compile(b"([^\x1e\x1f]*)\x1f[^\x1e]*\x1e")  # each record's first text


class Record(NamedTuple):
    """A valid row's values, normalised: everything an assessment is made of, packed small (a
    batch holds a block's worth of them at a time)."""

    row: int
    texts: bytes  # agency id, name, province, governing body: UTF-8, separated by _UNIT
    block: str
    key_agency: bool
    assessed_on: date
    codes: bytes  # per question in questionnaire order, one signed byte: 0-5, or NA/UNANSWERED/NOT_ASKED
    notes: dict[str, str] | None  # per question: its note (for an N/A answer, the justification)

    @staticmethod
    def pack(agency_id: str, name: str, province: str, governing_body: str) -> bytes:
        texts = _UNIT.join((agency_id, name, province, governing_body)) + _END
        return texts.encode("utf-8", "surrogatepass")

    def unpacked(self) -> list[str]:
        return self.texts[:-1].decode("utf-8", "surrogatepass").split(_UNIT)

    def levels(self) -> list[int]:
        levels: list[int] = np.frombuffer(self.codes, dtype=np.int8).tolist()
        return levels


@dataclass
class Records:
    """Valid rows column by column: what a Record holds, for many rows, in a few arrays (a batch
    holds a block's worth at a time; a Record is made for one row when it is written)."""

    blocks: tuple[str, ...]  # the questionnaire's block ids
    rows: np.ndarray[Any, Any]  # int64
    texts: bytes  # each row's packed texts (Record.pack), one after the other
    ends: np.ndarray[Any, Any]  # int64: where each row's texts end
    block: np.ndarray[Any, Any]  # int8: index into `blocks`
    key_agency: np.ndarray[Any, Any]  # bool
    days: np.ndarray[Any, Any]  # int32: each assessment date's ordinal (date.toordinal)
    codes: np.ndarray[Any, Any]  # int8, rows × questions
    notes: dict[int, dict[str, str]]  # position -> that row's notes, for the rows that have any

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def assessed_on(self) -> list[date]:
        return list(map(date.fromordinal, self.days.tolist()))

    def __iter__(self) -> Iterator[Record]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> Record:
        start = int(self.ends[i - 1]) if i else 0
        return Record(
            int(self.rows[i]),
            self.texts[start : int(self.ends[i])],
            self.blocks[self.block[i]],
            bool(self.key_agency[i]),
            date.fromordinal(int(self.days[i])),
            self.codes[i].tobytes(),
            self.notes.get(i),
        )

    def agency_ids(self) -> list[bytes]:
        """Each row's agency id, UTF-8 (whose byte order is the text's code-point order)."""
        ids: list[bytes] = _IDS.findall(self.texts)
        return ids

    def take(self, positions: np.ndarray[Any, Any]) -> Records:
        """These rows only, in this order."""
        picked = positions.tolist()
        starts = np.concatenate([[0], self.ends[:-1]]) if len(self.ends) else self.ends
        texts, ends = self.texts, self.ends.tolist()
        firsts = starts.tolist()
        pieces = [texts[firsts[i] : ends[i]] for i in picked]
        return Records(
            self.blocks,
            self.rows[positions],
            b"".join(pieces),
            np.cumsum([len(p) for p in pieces], dtype=np.int64),
            self.block[positions],
            self.key_agency[positions],
            self.days[positions],
            self.codes[positions],
            {new: self.notes[old] for new, old in enumerate(picked) if old in self.notes},
        )

    @staticmethod
    def concat(parts: list[Records]) -> Records:
        """Parts one after the other; each part is emptied as it is joined."""
        offsets = np.cumsum([0] + [len(p.texts) for p in parts[:-1]], dtype=np.int64).tolist()
        positions = np.cumsum([0] + [len(p) for p in parts[:-1]], dtype=np.int64).tolist()
        out: dict[str, Any] = {"blocks": parts[0].blocks}
        out["ends"] = np.concatenate([p.ends + off for p, off in zip(parts, offsets, strict=True)])
        out["notes"] = {
            at + i: notes for p, at in zip(parts, positions, strict=True) for i, notes in p.notes.items()
        }
        out["texts"] = b"".join(p.texts for p in parts)
        for name in ("ends", "notes", "texts"):
            for p in parts:
                setattr(p, name, None)
        for name in ("rows", "block", "key_agency", "days", "codes"):
            out[name] = np.concatenate([getattr(p, name) for p in parts])
            for p in parts:
                setattr(p, name, None)
        return Records(**out)


@dataclass
class Chunk:
    """Rows read: for each its number, agency id and number of errors; the findings, sorted by
    row and code; a Record for each row that gives an assessment, and their answer codes as a
    matrix (records × questions, questionnaire order)."""

    rows: list[int]
    agency_ids: list[str]
    errors: list[int]
    findings: list[Finding]
    records: Records
    levels: np.ndarray[Any, Any]


@dataclass
class Reader:
    """What reading rows needs, made once per batch (and once per worker process)."""

    columns: Columns
    q: Questionnaire
    file: str
    today: date
    incomplete_above: float
    lang: Lang = "vi"
    typed: bool = True  # cells may be numbers, dates, booleans (a workbook), not only text (CSV)
    forced: Mapping[int, tuple[Forced, ...]] = field(default_factory=dict)  # row number -> findings

    def __post_init__(self) -> None:
        c = self.columns
        used = [*c.identity.values(), *c.answers.values(), *c.notes.values()]
        self.width = max(used, default=-1) + 1
        self.ids = tuple(x.id for x in self.q.questions)
        names = {index: name for name, index in c.identity.items()}
        names |= {index: qid for qid, index in c.answers.items()}
        names |= {index: f"{qid}{NOTE_SUFFIX}" for qid, index in c.notes.items()}
        self.column_names = {index: f"{name} ({_column_name(index)})" for index, name in names.items()}
        self.blocks = tuple(b.id for b in self.q.blocks)
        self.answered = tuple(c.answers)  # question ids with a column, in the header's order
        position = {qid: i for i, qid in enumerate(self.ids)}
        self.answer_position = np.array([position[qid] for qid in self.answered], dtype=np.int64)
        # per block (and a last row for an unknown block): whether each question is asked
        self.asked = np.array(
            [[x.applies(b) for x in self.q.questions] for b in self.blocks] + [[False] * len(self.ids)]
        )
        self.na_allowed = np.array(
            [self.q.question_by_id[qid].na_allowed for qid in self.answered], dtype=bool
        )
        self._levels: dict[Any, int] = {}
        self._texts: dict[str, str] = {}
        self._keys: dict[Any, bool | None] = {}
        self._blocks: dict[str, int] = {}
        self._dates: dict[Any, date | None] = {}

    def level_codes(self, cells: Sequence[Any]) -> bytes:
        """Level cells as answer codes, one byte each (code + CODE_BIAS): a submission repeats a
        handful of spellings, so each is parsed once and then looked up."""
        memo = self._levels
        # True == 1 to a dict, but a yes is not level 1 (a CSV cell is always text)
        if not (self.typed and bool in set(map(type, cells))):
            try:
                return bytes(map(memo.__getitem__, cells))
            except KeyError:
                pass
        codes = []
        for cell in cells:
            code = None if isinstance(cell, bool) else memo.get(cell)
            if code is None:
                kind, level = parse_level(cell)
                found = {"empty": UNANSWERED, "na": NA, "bad": BAD, "range": OUT_OF_RANGE}.get(kind, level)
                assert found is not None
                code = found + CODE_BIAS
                if len(memo) < 4096 and not isinstance(cell, bool):
                    memo[cell] = code
            codes.append(code)
        return bytes(codes)

    def texts(self, cells: Sequence[Any]) -> list[str]:
        """_text of each cell (names of provinces, governing bodies and blocks repeat)."""
        memo = self._texts
        out: list[str | None] = list(map(memo.get, cells))
        if None in out:
            for i, text in enumerate(out):
                if text is None:
                    cell = cells[i]
                    out[i] = text = _text(cell)
                    if isinstance(cell, str):
                        memo[cell] = text
            if len(memo) > 50_000:
                memo.clear()
        return out  # type: ignore[return-value]

    def plain_texts(self, cells: Sequence[Any]) -> list[str]:
        """_text of each cell (a column of ids or names: each differs)."""
        if self.typed:
            return list(map(_text, cells))
        # a CSV cell is text or missing: _text without a call per cell
        nfc = unicodedata.normalize
        return [(c.strip() if c.isascii() else nfc("NFC", c).strip()) if c else "" for c in cells]

    def block(self, text: str) -> int:
        """The block's position in the questionnaire, or len(blocks) when there is none."""
        if text not in self._blocks:
            found = self.q.match_block(text) if text else None
            self._blocks[text] = self.blocks.index(found.id) if found else len(self.blocks)
        return self._blocks[text]

    def key_agencies(self, cells: Sequence[Any]) -> list[bool | None]:
        """Each cell as True or False, or None when it is neither a yes nor a no word."""
        if not self.typed:
            memo = self._keys
            out = list(map(memo.get, cells, cells))  # a cell not seen yet stands for itself
            for i, value in enumerate(out):
                if value is cells[i] and not isinstance(value, bool):
                    out[i] = memo[cells[i]] = key_agency(cells[i])
            return out
        return [key_agency(c) for c in cells]

    def date(self, cell: Any) -> date | None:
        try:
            return self._dates[cell]
        except KeyError:
            pass
        found = parse_date(cell)
        if len(self._dates) < 4096:
            self._dates[cell] = found
        return found


def key_agency(cell: Any) -> bool | None:
    """True or False, or None when the cell is neither a yes nor a no word."""
    if isinstance(cell, bool):
        return cell
    text = _text(cell).casefold()
    return True if text in YES_WORDS else False if text in NO_WORDS else None


def _filled(cells: tuple[Any, ...], typed: bool) -> list[tuple[int, str]]:
    """The cells of a (note) column that hold text: (position, text), line breaks as LF."""
    # Most note columns are empty. A CSV cell is text or missing (None), so "any" is exact there;
    # a spreadsheet's 0 is a note "0".
    empty = cells.count(None) + cells.count("") == len(cells) if typed else not any(cells)
    if empty:
        return []
    out = []
    for i, cell in enumerate(cells):
        if cell is not None and cell != "":
            text = _text(cell)
            if "\r" in text:  # a note typed on Windows (CRLF) or an old Mac (CR): its line breaks
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if text:
                out.append((i, text))
    return out


def parse_chunk(rows: Sequence[Row], reader: Reader, *, every_row: bool = False) -> Chunk:
    """Rows into records or findings, column by column; every problem of a row is reported.

    Each column is read in one pass, and the checks run on whole columns. The rules themselves
    run on the few rows whose values might break one (a cheap test lets the rest through) and
    give exactly the findings a row-by-row reading would."""
    cols_of, lang = reader.columns, reader.lang
    n, width = len(rows), reader.width
    table = [
        r.cells if len(r.cells) >= width else (*r.cells, *([None] * (width - len(r.cells)))) for r in rows
    ]
    columns: list[tuple[Any, ...]] = list(zip(*table, strict=False)) if n and width else []
    blank: tuple[Any, ...] = (None,) * n

    def column(index: int | None) -> tuple[Any, ...]:
        return columns[index] if index is not None else blank

    ident = cols_of.identity
    texts = {
        name: reader.texts(column(ident.get(name)))
        if name in REPEATED
        else reader.plain_texts(column(ident.get(name)))
        for name in TEXT_FIELDS
    }
    block_texts = reader.texts(column(ident.get("block")))
    blocks = np.array([reader.block(t) for t in block_texts], dtype=np.int64)
    key_cells = column(ident.get("key_agency"))
    keys = reader.key_agencies(key_cells)
    date_cells = column(ident.get("assessed_on"))
    dates = [reader.date(c) for c in date_cells]
    coded = b"".join(reader.level_codes(column(cols_of.answers[qid])) for qid in reader.answered)
    codes = (
        np.frombuffer(coded, dtype=np.uint8).reshape(len(reader.answered), n).T.astype(np.int64) - CODE_BIAS
    )
    notes = {qid: _filled(column(index), reader.typed) for qid, index in cols_of.notes.items()}

    # The rows that might break a rule: all others are valid as they are.
    unknown_block = len(reader.blocks)
    suspect = (blocks == unknown_block) | np.array(
        [
            not (i and nm) or k is None or d is None or in_future(d, reader.today)
            for i, nm, k, d in zip(texts["agency_id"], texts["agency_name"], keys, dates, strict=True)
        ],
        dtype=bool,
    )
    for name in TEXT_FIELDS:
        limit = LIMITS[name]
        if _column_may_object(texts[name], limit):
            for r, text in enumerate(texts[name]):
                if text and _may_object(text, limit):
                    suspect[r] = True
    has_note = np.zeros((n, len(reader.answered)), dtype=bool)
    where = {qid: j for j, qid in enumerate(reader.answered)}
    for qid, filled in notes.items():
        for r, text in filled:
            if qid in where:
                has_note[r, where[qid]] = True
            if _may_object(text, am.REASON_MAX):
                suspect[r] = True
    kept = (codes >= 0) | ((codes == NA) & reader.na_allowed & has_note)
    asked = reader.asked[blocks][:, reader.answer_position]
    suspect |= ((codes != UNANSWERED) & ~(kept & asked)).any(axis=1)
    suspect |= np.array([type(r.cells) is SpanningCells for r in rows], dtype=bool)  # a stray quote
    if reader.typed:  # a workbook's cells that could not be read (see safe_xlsx.DamagedCells)
        suspect |= np.array([type(r.cells) is safe_xlsx.DamagedCells for r in rows], dtype=bool)

    if reader.forced:
        suspect |= np.array([r.number in reader.forced for r in rows], dtype=bool)
    if every_row:  # the reference reading: the rules run on every row (tests compare the two)
        suspect[:] = True

    # Each row's findings: the rules run on the suspect rows.
    by_row: dict[int, list[Finding]] = {}
    note_at = {qid: dict(filled) for qid, filled in notes.items()}
    for r in np.flatnonzero(suspect).tolist():
        row = rows[r]
        if texts["agency_id"][r] == "" and is_blank(row):
            by_row[r] = [Finding("empty_row", reader.file, row.number, "", "", message("empty_row", lang))]
        elif type(row.cells) is safe_xlsx.DamagedCells and (damaged := _damaged_cells(reader, row)):
            by_row[r] = damaged  # a cell it needs cannot be read: the row is not read further
        else:
            by_row[r] = _row_findings(
                reader, row, r, texts, block_texts, blocks, key_cells, keys, date_cells, dates, codes, note_at
            )
    errors = np.array([sum(f.is_error for f in by_row.get(r, ())) for r in range(n)], dtype=np.int64)

    # The valid rows' codes in questionnaire order; too many unanswered rejects a row too.
    valid = np.flatnonzero(errors == 0)
    levels = np.full((len(valid), len(reader.ids)), UNANSWERED, dtype=np.int64)
    levels[:, reader.answer_position] = codes[valid]
    levels = np.where(reader.asked[blocks[valid]], levels, NOT_ASKED)
    n_asked = (levels != NOT_ASKED).sum(axis=1)
    n_unanswered = (levels == UNANSWERED).sum(axis=1)
    too_many = (n_asked > 0) & (n_unanswered > reader.incomplete_above * n_asked)
    for v in np.flatnonzero(too_many).tolist():
        r = valid[v]
        by_row.setdefault(r, []).append(_too_many(reader, rows[r].number, levels[v]))
        errors[r] = 1
    valid, levels = valid[~too_many], levels[~too_many]

    row_notes: dict[int, dict[str, str]] = {}
    for qid, filled in notes.items():
        for r, text in filled:
            row_notes.setdefault(r, {})[qid] = text
    ids, names, provinces, bodies = (texts[name] for name in TEXT_FIELDS)
    chosen = valid.tolist()
    packs = [Record.pack(ids[r], names[r], provinces[r], bodies[r]) for r in chosen]
    records = Records(
        reader.blocks,
        np.array([rows[r].number for r in chosen], dtype=np.int64),
        b"".join(packs),
        np.cumsum([len(p) for p in packs], dtype=np.int64),
        blocks[valid].astype(np.int8),
        np.array([bool(keys[r]) for r in chosen], dtype=bool),
        np.array([dates[r].toordinal() for r in chosen], dtype=np.int32),
        levels.astype(np.int8),
        {v: row_notes[r] for v, r in enumerate(chosen) if r in row_notes},
    )
    found = [f for r in sorted(by_row) for f in sorted(by_row[r], key=lambda f: f.code)]
    return Chunk([r.number for r in rows], texts["agency_id"], errors.tolist(), found, records, levels)


def _damaged_cells(reader: Reader, row: Row) -> list[Finding]:
    """damaged_cell findings for a workbook row's cells that could not be read, in the columns the
    batch reads (damage under an ignored column does not matter)."""
    assert isinstance(row.cells, safe_xlsx.DamagedCells)
    out = []
    for damage in row.cells.damage:
        if damage.column is not None and damage.column not in reader.column_names:
            continue
        where = reader.column_names[damage.column] if damage.column is not None else ""
        text = message("damaged_cell", reader.lang, damage.detail, **{"cell": damage.ref, **damage.values})
        out.append(Finding("damaged_cell", reader.file, row.number, where, clip(damage.raw), text))
    return out


def _too_many(reader: Reader, row: int, levels: np.ndarray[Any, Any]) -> Finding:
    missing = [qid for qid, c in zip(reader.ids, levels.tolist(), strict=True) if c == UNANSWERED]
    asked = int((levels != NOT_ASKED).sum())
    text = message(
        "too_many_unanswered",
        reader.lang,
        missing=len(missing),
        total=asked,
        share=int(reader.incomplete_above * 100),
        ids=", ".join(missing[:8]) + ("…" if len(missing) > 8 else ""),
    )
    return Finding("too_many_unanswered", reader.file, row, "", clip(len(missing)), text)


def _row_findings(
    reader: Reader,
    row: Row,
    r: int,
    texts: dict[str, list[str]],
    block_texts: list[str],
    blocks: np.ndarray[Any, Any],
    key_cells: Sequence[Any],
    keys: list[bool | None],
    date_cells: Sequence[Any],
    dates: list[date | None],
    codes: np.ndarray[Any, Any],
    notes: dict[str, dict[int, str]],
) -> list[Finding]:
    """Every problem of one row, in the order a reader of the row meets them."""
    q, cols_of, lang = reader.q, reader.columns, reader.lang
    findings: list[Finding] = []

    def problem(code: str, index: int | None, value: Any, detail: str = "", **values: object) -> None:
        where = reader.column_names.get(index, _column_name(index)) if index is not None else ""
        findings.append(
            Finding(code, reader.file, row.number, where, clip(value), message(code, lang, detail, **values))
        )

    for name in TEXT_FIELDS:
        index = cols_of.identity.get(name)
        text = texts[name][r]
        if name in ("agency_id", "agency_name") and not text:
            problem("missing_value", index, "", name=name)
            continue
        for code, detail, values in _text_problems(name, text):
            problem(code, index, text, detail, **values)

    block_index = cols_of.identity.get("block")
    block = reader.blocks[blocks[r]] if blocks[r] < len(reader.blocks) else None
    if not block_texts[r]:
        problem("missing_value", block_index, "", name="block")
    elif block is None:
        problem("unknown_block", block_index, block_texts[r], known=", ".join(b.id for b in q.blocks))

    if keys[r] is None:
        problem("bad_key_agency", cols_of.identity.get("key_agency"), key_cells[r])

    date_index = cols_of.identity.get("assessed_on")
    assessed_on = dates[r]
    if _blank(date_cells[r]):
        problem("missing_value", date_index, "", name="assessed_on")
    elif assessed_on is None:
        problem("bad_date", date_index, date_cells[r])
    elif in_future(assessed_on, reader.today):
        problem("bad_date", date_index, date_cells[r], "future", today=reader.today.isoformat())

    for j, (qid, index) in enumerate(cols_of.answers.items()):
        question = q.question_by_id[qid]
        answer = int(codes[r, j])
        raw = row.cells[index] if index < len(row.cells) else None
        note_index = cols_of.notes.get(qid)
        note = notes[qid].get(r, "") if note_index is not None else ""
        name = f"{qid}{NOTE_SUFFIX}"
        if answer == UNANSWERED:
            pass
        elif block is not None and not question.applies(block):
            problem("answer_not_for_block", index, raw, qid=qid, block=q.block_by_id[block].name(lang))
        elif answer == BAD:
            problem("bad_level", index, raw, qid=qid)
        elif answer == OUT_OF_RANGE:
            problem("level_out_of_range", index, raw, qid=qid, level=parse_level(raw)[1])
        elif answer == NA:
            if not question.na_allowed:
                problem("na_not_allowed", index, raw, qid=qid)
            elif not note:
                problem("na_without_reason", index, raw, qid=qid, column=name)
        if note:
            limit = am.REASON_MAX if answer == NA else am.NOTE_MAX
            for fcode, detail, values in _note_problems(name, note, limit):
                problem(fcode, note_index, note, detail, **values)

    for forced in reader.forced.get(row.number, ()):
        findings.append(
            Finding(
                forced.code,
                reader.file,
                row.number,
                forced.column,
                forced.value,
                message(forced.code, lang, "", **forced.values),
            )
        )
    cells = row.cells
    if type(cells) is SpanningCells:  # a cell that swallowed rows, in whatever column (see _spanning)
        at = cells.column
        problem(
            "suspicious_multiline_cell",
            at,
            cells[at],
            first=cells.first_line,
            last=cells.last_line,
            count=cells.swallowed,
        )
    return findings


def assessment_of(
    record: Record, q: Questionnaire, file: str, tool: str | None = None, submission: str | None = None
) -> am.Assessment:
    """The assessment a valid row gives: the same model, and file, an interview writes; from a
    form tool's export, its origin names the tool and the submission."""
    answers: dict[str, am.Answer] = {}
    notes = record.notes or {}
    for qid, code in zip((x.id for x in q.questions), record.levels(), strict=True):
        note = notes.get(qid, "")
        if code == NA:
            answers[qid] = am.Answer(na=True, na_reason=note)
        elif code >= 0:
            answers[qid] = am.Answer(level=code, note=note) if note else _bare_answer(code)
        elif note:
            answers[qid] = am.Answer(note=note)
    a = am.new(
        q,
        agency_of(record),
        assessed_on=record.assessed_on,
        origin=am.Origin(
            kind="batch", file=Path(file).name, row=record.row, tool=tool, submission=submission
        ),
    )
    return a.model_copy(update={"answers": answers, "status": "complete"})


def agency_of(record: Record) -> am.Agency:
    agency_id, name, province, governing_body = record.unpacked()
    return am.Agency(
        id=agency_id,
        name=name,
        block=record.block,
        province=province,
        governing_body=governing_body,
        key_agency=record.key_agency,
    )


@lru_cache(maxsize=8)
def _bare_answer(level: int | None) -> am.Answer:
    """A level with no note: answers are frozen, so one object serves every row that gives it."""
    return am.Answer(level=level)


def duplicate_key(agency_id: str) -> str:
    """Two ids are the same agency when they read the same: ignoring case, surrounding spaces,
    compatibility forms (fullwidth ＡＢＣ is ABC, NFKC) and invisible format characters (a
    byte-order mark, zero-width spaces and joiners, soft hyphens: Unicode's category Cf)."""
    if agency_id.isascii():
        return agency_id.strip().casefold()
    visible = "".join(c for c in agency_id if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold()).strip()
