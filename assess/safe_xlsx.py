"""Reading an .xlsx submission without trusting it: the zip is measured before anything is
unpacked, the workbook's small parts are read by openpyxl (which parses XML through defusedxml,
so entity declarations are refused), and the shared strings and the first sheet are streamed by
expat parsers of our own that refuse DTDs and entities, hold one row at a time, and bound every
token, cell and row. A cell that cannot be read becomes damage on its row (the batch rejects that row with a
`damaged_cell` finding and reads the others); a file whose structure is broken cannot be read
at all (exit 2, naming the file, the sheet and the last row read)."""

from __future__ import annotations

import math
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, NamedTuple
from xml.parsers import expat

from assess import assessment as am
from assess.bilingual import Lang
from assess.errors import UnreadableFileError
from assess.messages import t

# --- limits (the README's "Limits and guarantees" states them) ---------------------------------------
# A generated 100,000-row submission (openpyxl, every question answered, a tenth of the notes
# filled) is a 21 MB file whose sheet unpacks to 234 MB at 10.9 : 1; a sheet of identical rows
# compresses 15.5 : 1, one of styled empty cells 10.7 : 1, empty rows 21 : 1. A deflate bomb is
# about 1,000 : 1. Excel's own sheet (1,048,576 rows of this template's ~100 columns) is ~2.5 GB.
DIRECTORY_MAX = 4 << 20  # bytes of the zip's central directory (a real workbook's: a few KB)
MEMBERS_MAX = 10_000  # files in the zip (a real workbook: a dozen to a few hundred)
TOTAL_MAX = 4 << 30  # bytes of every member unpacked
RATIO_MAX = 100  # unpacked : packed size of any member larger than RATIO_FROM
RATIO_FROM = 1 << 20
PART_MAX = 16 << 20  # each part read whole: content types, workbook, its relationships, styles
STRINGS_MAX = 128 << 20  # the shared-strings part, whose texts are held while the sheet is read
STRINGS_COUNT_MAX = 3_000_000  # texts in it (a million rows with unique ids, names and a note)
TOKEN_MAX = 4 << 20  # bytes of sheet XML between two '<' (a tag, or one cell's text)
DEPTH_MAX = 64  # nesting of the sheet's XML elements (a sheet uses about 6)
ROWS_MAX = 1_048_576  # Excel's last row
COLUMNS_MAX = 16_384  # Excel's last column, XFD
CELL_CHARS_MAX = 4 * am.NOTE_MAX  # one cell's text, as for a CSV field (Excel holds 32,767)
ROW_CHARS_MAX = 4_000_000  # one row's text, all cells together
FORMULAS_MAX = 100_000  # shared formulas remembered for the cells that refer to them
DAMAGE_MAX = 16  # damaged cells reported for one row (the row is rejected at the first)
_CHUNK = 1 << 16
_STORED_OR_DEFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls, or an .xlsx encrypted with a password


class Damage(NamedTuple):
    """A cell of a row that could not be read: where it is and why."""

    column: int | None  # 0-based; None when the cell's position itself cannot be read
    ref: str  # the cell reference as the file gives it ("H3"), or the position read
    detail: str  # the message key's detail: number, shared, value, long, row_long or position
    raw: str  # what the file holds, clipped
    values: dict[str, object]


class DamagedCells(tuple):  # type: ignore[type-arg]
    """A row's cells, one or more of which could not be read (see Damage); the others are as read.
    Pickles as a tuple with its damage (rows are sent to worker processes)."""

    damage: tuple[Damage, ...]

    def __new__(cls, cells: tuple[Any, ...], damage: tuple[Damage, ...]) -> DamagedCells:
        made = super().__new__(cls, cells)
        made.damage = damage
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (DamagedCells, (tuple(self), self.damage))


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n} B"


def _refuse(
    path: Path, lang: Lang, key: str, hint: str = "xlsx.hint", **values: object
) -> UnreadableFileError:
    return UnreadableFileError(t(key, lang, path=path, **values), hint=t(hint, lang))


# --- the zip, measured before anything is unpacked ------------------------------------------------


def _directory_size(handle: IO[bytes]) -> int | None:
    """The central directory's size in bytes from the end-of-directory record (zip64 aware), read
    before zipfile loads the directory whole; None when there is no such record."""
    handle.seek(0, 2)
    end = handle.tell()
    handle.seek(max(0, end - (1 << 16) - 22))
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    size = struct.unpack_from("<I", tail, at + 12)[0]
    if size == 0xFFFFFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, at - 12)[0]
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            size = struct.unpack_from("<Q", record, 40)[0]
    return int(size)


def check_archive(path: Path, handle: IO[bytes], lang: Lang) -> None:
    """Refuse a zip whose directory, member count, declared sizes, compression ratios or methods
    no workbook has. zipfile never unpacks a member past its declared size (and checks its CRC),
    so the declared sizes bound what reading can produce."""
    head = handle.read(4)
    handle.seek(0)
    if head == _OLE:
        raise _refuse(path, lang, "xlsx.ole", hint="xlsx.ole.hint")
    directory = _directory_size(handle)
    handle.seek(0)
    if directory is not None and directory > DIRECTORY_MAX:
        raise _refuse(path, lang, "xlsx.directory", size=_size(directory), limit=_size(DIRECTORY_MAX))


def check_members(path: Path, archive: zipfile.ZipFile, lang: Lang) -> None:
    infos = archive.infolist()
    if len(infos) > MEMBERS_MAX:
        raise _refuse(path, lang, "xlsx.members", count=len(infos), limit=MEMBERS_MAX)
    total = 0
    for info in infos:
        if info.compress_type not in _STORED_OR_DEFLATED:
            raise _refuse(path, lang, "xlsx.method", part=info.filename, method=info.compress_type)
        total += info.file_size
        if info.file_size > RATIO_FROM and info.file_size > RATIO_MAX * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                path,
                lang,
                "xlsx.ratio",
                part=info.filename,
                size=_size(info.file_size),
                packed=_size(info.compress_size),
                ratio=ratio,
                limit=RATIO_MAX,
            )
    if total > TOTAL_MAX:
        raise _refuse(path, lang, "xlsx.total", size=_size(total), limit=_size(TOTAL_MAX))


def _check_part(path: Path, archive: zipfile.ZipFile, name: str, limit: int, lang: Lang) -> None:
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        return  # a missing part: openpyxl says so, or does without it
    if size > limit:
        raise _refuse(path, lang, "xlsx.part", part=name, size=_size(size), limit=_size(limit))


# --- the workbook ---------------------------------------------------------------------------------


@dataclass
class Workbook:
    """An opened submission workbook: what reading its first sheet needs."""

    path: Path
    lang: Lang
    handle: IO[bytes]
    archive: zipfile.ZipFile
    sheet: str  # the first worksheet's name
    member: str  # its part in the zip
    shared: list[str]
    date_styles: frozenset[int]
    duration_styles: frozenset[int]
    epoch: datetime
    _closed: bool = field(default=False)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.archive.close()
            self.handle.close()

    def rows(self, width: int | None = None) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
        """(row number, cells) for every row of the first sheet from row 1, empty rows included;
        cells past `width` columns are left out (a row holding something there keeps one)."""
        reader = _SheetReader(self, width)
        try:
            with self.archive.open(self.member) as raw:
                yield from reader.read(raw)
        except UnreadableFileError:
            raise
        except (
            expat.ExpatError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
        ) as exc:
            raise _refuse(
                self.path,
                self.lang,
                "xlsx.damaged_sheet" if reader.last_row else "xlsx.damaged_header",
                sheet=self.sheet,
                row=reader.last_row,
                reason=_reason(exc),
            ) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, expat.ExpatError):
        return expat.ErrorString(exc.code) if exc.code else str(exc)
    return str(exc) or type(exc).__name__


def open_workbook(path: Path, handle: IO[bytes], lang: Lang = "vi") -> Workbook:
    """Measure the zip (the open file `handle`, which the workbook then owns), then read the
    workbook's structure, shared strings and date styles."""
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS

    try:
        check_archive(path, handle, lang)
        with warnings.catch_warnings():
            # openpyxl warns about styles and names it does without; none of it matters here
            warnings.simplefilter("ignore")
            reader = ExcelReader(handle, read_only=True, keep_links=False)
            archive = reader.archive
            check_members(path, archive, lang)
            _check_part(path, archive, ARC_CONTENT_TYPES, PART_MAX, lang)
            reader.read_manifest()
            strings_part = reader.package.find(SHARED_STRINGS)
            shared: list[str] = []
            if strings_part is not None and strings_part.PartName[1:] in archive.namelist():
                _check_part(path, archive, strings_part.PartName[1:], STRINGS_MAX, lang)
                shared = _read_strings(path, archive, strings_part.PartName[1:], lang)
            book_part = _find_workbook_part(reader.package).PartName[1:]
            for part in (book_part, get_rels_path(book_part), ARC_STYLE):
                _check_part(path, archive, part, PART_MAX, lang)
            parser = WorkbookParser(archive, book_part, keep_links=False)
            parser.parse()
            apply_stylesheet(archive, parser.wb)
            first = next(
                (
                    (sheet.name, rel.target)
                    for sheet, rel in parser.find_sheets()
                    if "chartsheet" not in rel.Type and rel.target in archive.namelist()
                ),
                None,
            )
    except UnreadableFileError:
        handle.close()
        raise
    except MemoryError:
        handle.close()
        raise _refuse(path, lang, "xlsx.memory") from None
    except Exception as exc:  # anything openpyxl meets in a damaged file's parts
        handle.close()
        if type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            raise _refuse(path, lang, "xlsx.entities") from None
        raise _refuse(path, lang, "xlsx.unreadable", reason=_reason(exc)) from None
    if first is None:
        archive.close()
        handle.close()
        raise _refuse(path, lang, "xlsx.no_sheet")
    wb = parser.wb
    return Workbook(
        path,
        lang,
        handle,
        archive,
        first[0],
        first[1],
        shared,
        frozenset(getattr(wb, "_date_formats", None) or ()),
        frozenset(getattr(wb, "_timedelta_formats", None) or ()),
        wb.epoch,
    )


# --- the first sheet, streamed ------------------------------------------------------------------

_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_SEP = "\x01"  # between a tag's namespace and its local name, as expat reports them
_TAGS = {
    f"{ns}{_SEP}{local}": local for ns in _MAIN for local in ("row", "c", "v", "f", "is", "t", "rPh", "si")
}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _column_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for index in range(COLUMNS_MAX):
        name, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = _LETTERS[rest] + name
        names[name] = index
    return names


_COLUMNS = _column_names()
_NUMBER = re.compile(r"[+-]?\d{1,15}")  # an integer a double holds exactly: kept an int, as openpyxl does


class _Stop(Exception):
    """The sheet's structure is broken: raised from inside the parser's handlers."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _refuse_declaration(*_: object) -> Any:
    raise _Stop("xlsx.entities")


def _parser(start: Any, end: Any, data: Any) -> Any:
    """An expat parser calling these handlers, that refuses any DTD, entity declaration or
    external reference: Excel never writes them, and they are what an XML bomb is built of."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.UnparsedEntityDeclHandler = _refuse_declaration
    parser.ExternalEntityRefHandler = _refuse_declaration
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _read_strings(path: Path, archive: zipfile.ZipFile, part: str, lang: Lang) -> list[str]:
    """The shared-strings table, streamed: each text as openpyxl reads it (plain and formatted runs
    joined, phonetic runs left out), with nothing else kept."""
    strings: list[str] = []
    pieces: list[str] = []
    state = {"depth": 0, "in_si": False, "capture": False, "phonetic": 0}

    def start(tag: str, _: dict[str, str]) -> None:
        state["depth"] += 1
        if state["depth"] > DEPTH_MAX:
            raise _Stop("xlsx.deep", limit=DEPTH_MAX)
        local = _TAGS.get(tag)
        if local == "si":
            state["in_si"] = True
            pieces.clear()
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and state["in_si"] and not state["phonetic"]:
            state["capture"] = True

    def end(tag: str) -> None:
        state["depth"] -= 1
        local = _TAGS.get(tag)
        if local == "si":
            state["in_si"] = False
            if len(strings) >= STRINGS_COUNT_MAX:
                raise _Stop("xlsx.strings", limit=f"{STRINGS_COUNT_MAX:,}")
            strings.append("".join(pieces).replace("x005F_", ""))  # as openpyxl does
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["capture"] = False

    def data(text: str) -> None:
        if state["capture"]:
            pieces.append(text)

    parser = _parser(start, end, data)
    try:
        with archive.open(part) as raw:
            while chunk := raw.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        raise UnreadableFileError(
            t(stop.key, lang, path=path, sheet=part, row=0, **stop.values), hint=t("xlsx.hint", lang)
        ) from None
    except expat.ExpatError as exc:
        raise _refuse(path, lang, "xlsx.unreadable", reason=f"{part}: {_reason(exc)}") from None
    return strings


class _SheetReader:
    """expat handlers that build one row at a time from the sheet's XML."""

    def __init__(self, book: Workbook, width: int | None) -> None:
        self.book = book
        self.width = width
        self.last_row = 0  # the last row complete
        self.taken = 0  # the last row handed on
        self.depth = 0
        self.done: list[tuple[int, tuple[Any, ...]]] = []
        self.formulas: dict[str, Any] = {}
        # the row being read
        self.row = 0
        self.cells: dict[int, Any] = {}
        self.damage: list[Damage] = []
        self.beyond: Any = None  # something past `width`, so the row is not taken for empty
        self.row_chars = 0
        self.column = -1
        # the cell being read
        self.in_cell = False
        self.attrs: dict[str, str] = {}
        self.capture: str | None = None  # v, f or t: whose text is collected
        self.phonetic = 0
        self.text: dict[str, list[str]] = {}
        self.chars = 0
        self.formula: dict[str, str] | None = None

    # -- expat's handlers

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > DEPTH_MAX:
            raise _Stop("xlsx.deep", limit=DEPTH_MAX)
        local = _TAGS.get(tag)
        if local is None:
            return
        if local == "c":
            self.in_cell = True
            self.attrs = attrs
            self.text = {}
            self.chars = 0
            self.formula = None
        elif not self.in_cell:
            if local == "row":
                self._start_row(attrs.get("r"))
        elif local == "v":
            self.capture = "v"
        elif local == "f":
            self.capture = "f"
            self.formula = attrs
        elif local == "rPh":
            self.phonetic += 1
        elif local == "t" and not self.phonetic:
            self.capture = "t"

    def data(self, text: str) -> None:
        if self.capture is None:
            return
        self.chars += len(text)
        if self.chars <= CELL_CHARS_MAX:
            self.text.setdefault(self.capture, []).append(text)

    def end(self, tag: str) -> None:
        self.depth -= 1
        local = _TAGS.get(tag)
        if local is None:
            return
        if local == "c":
            self._end_cell()
        elif local == "row" and not self.in_cell:
            self._end_row()
        elif local in ("v", "f", "t"):
            self.capture = None
        elif local == "rPh":
            self.phonetic -= 1

    # -- rows

    def _start_row(self, r: str | None) -> None:
        if r is None:
            number = self.last_row + 1
        else:
            # some writers number rows "3.0"; openpyxl reads those too
            whole = int(r) if r.isascii() and r.isdigit() and len(r) < 20 else _whole(r)
            if whole is None:
                raise _Stop("xlsx.row_number", value=r[:20], after=self.last_row)
            number = whole
        if not self.last_row < number <= ROWS_MAX:
            raise _Stop("xlsx.row_number", value=r[:20] if r else number, after=self.last_row)
        self.row = number
        self.cells = {}
        self.damage = []
        self.beyond = None
        self.row_chars = 0
        self.column = -1

    def _end_row(self) -> None:
        width = max(self.cells, default=-1) + 1
        cells: tuple[Any, ...] = tuple(map(self.cells.get, range(width)))
        if self.beyond is not None:
            cells = (*cells, *([None] * ((self.width or 0) - width)), self.beyond)
        if self.damage:
            cells = DamagedCells(cells, tuple(self.damage))
        self.done.append((self.row, cells))
        self.last_row = self.row

    # -- cells

    def _end_cell(self) -> None:
        self.in_cell = False
        self.capture = None
        self.phonetic = 0
        attrs = self.attrs
        ref = attrs.get("r")
        if ref is None:
            column: int | None = self.column + 1
        else:
            column = _COLUMNS.get(ref.rstrip("0123456789").upper())
        if column is None or column >= COLUMNS_MAX:
            shown = ref if ref is not None else f"#{self.column + 2}"
            if len(self.damage) < DAMAGE_MAX and all(d.column is not None for d in self.damage):  # once a row
                self.damage.append(Damage(None, shown[:20], "position", shown[:120], {"ref": shown[:20]}))
            return
        self.column = column
        where = ref or f"{_name(column)}{self.row}"
        if self.chars > CELL_CHARS_MAX:
            self._damaged(column, where, "long", "", limit=CELL_CHARS_MAX)
            return
        self.row_chars += self.chars
        if self.row_chars > ROW_CHARS_MAX:
            self._damaged(column, where, "row_long", "", limit=ROW_CHARS_MAX)
            return
        try:
            value = self._value(where)
        except _Bad as bad:
            self._damaged(column, where, bad.detail, bad.raw, **bad.values)
            return
        if self.width is not None and column >= self.width:
            if value is not None and value != "" and self.beyond is None:
                self.beyond = value
            return
        self.cells[column] = value

    def _damaged(self, column: int, where: str, detail: str, raw: str, **values: object) -> None:
        self.cells.pop(column, None)
        if self.width is not None and column >= self.width:
            return  # under no column: it does not matter
        self.cells[column] = raw[:120] or "?"  # not empty: the row is not taken for an empty one
        if len(self.damage) < DAMAGE_MAX:
            self.damage.append(Damage(column, where, detail, raw[:120], {"cell": where, **values}))

    def _joined(self, part: str) -> str | None:
        pieces = self.text.get(part)
        return "".join(pieces) if pieces is not None else None

    def _value(self, where: str) -> Any:
        kind = self.attrs.get("t", "n")
        if self.formula is not None:  # formulas are read as their text, never run
            return self._formula(where)
        if kind == "inlineStr":
            return self._joined("t")
        raw = self._joined("v") or None
        if raw is None:
            return None
        if kind == "n":
            return self._number(raw)
        if kind == "s":
            try:
                index = int(raw)
            except ValueError:
                raise _Bad("shared", raw, index=raw.strip()[:20], count=len(self.book.shared)) from None
            if not 0 <= index < len(self.book.shared):
                raise _Bad("shared", raw, index=index, count=len(self.book.shared))
            return self.book.shared[index]
        if kind == "b":
            try:
                return bool(int(raw))
            except ValueError:
                raise _Bad("value", raw, kind="boolean") from None
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                found = from_ISO8601(raw)
            except (ValueError, TypeError, OverflowError):
                found = None
            if not isinstance(found, datetime | date | time | timedelta):
                raise _Bad("value", raw, kind="date")
            return found
        return raw  # str (a formula's cached text), e (an error such as #N/A), or a type Excel does not write

    def _number(self, raw: str) -> Any:
        text = raw.strip()
        if _NUMBER.fullmatch(text):
            number: int | float = int(text)
        else:
            try:
                number = float(text)
            except ValueError:
                raise _Bad("number", raw) from None
            if not math.isfinite(number):
                # No double holds it (a 400-digit number, 1e400, inf, nan): the cell's text is
                # what the file says, and the rules of its column judge it as text.
                return text[:CELL_CHARS_MAX]
        style = self.attrs.get("s", "0")
        if style not in ("0", "") and style.isdigit():
            from openpyxl.utils.datetime import from_excel

            styled = int(style)
            if styled in self.book.date_styles:
                try:
                    return from_excel(number, self.book.epoch, timedelta=styled in self.book.duration_styles)
                except (OverflowError, ValueError):
                    return number  # a serial no date has: the number it is
        return number

    def _formula(self, where: str) -> str:
        from openpyxl.formula.tokenizer import TokenizerError
        from openpyxl.formula.translate import Translator, TranslatorError

        assert self.formula is not None
        value = "=" + (self._joined("f") or "")
        if self.formula.get("t") == "shared":
            key = self.formula.get("si", "")
            try:
                if key in self.formulas:
                    return str(self.formulas[key].translate_formula(where))
                if value != "=" and len(self.formulas) < FORMULAS_MAX:
                    self.formulas[key] = Translator(value, where)
            except (TokenizerError, TranslatorError, ValueError, IndexError):
                return value
        return value

    # -- the stream

    def read(self, raw: IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        parser = _parser(self.start, self.end, self.data)
        run = 0  # bytes since the last '<'
        book = self.book
        try:
            while True:
                chunk = raw.read(_CHUNK)
                at = chunk.find(b"<")  # a gap within one chunk is shorter than TOKEN_MAX
                if (run + at if at >= 0 else run + len(chunk)) > TOKEN_MAX:
                    raise _Stop("xlsx.token", limit=_size(TOKEN_MAX))
                run = run + len(chunk) if at < 0 else len(chunk) - chunk.rfind(b"<") - 1
                parser.Parse(chunk, not chunk)
                yield from self._take()
                if not chunk:
                    break
        except _Stop as stop:
            raise UnreadableFileError(
                t(stop.key, book.lang, path=book.path, sheet=book.sheet, row=self.last_row, **stop.values),
                hint=t("xlsx.hint", book.lang),
            ) from None

    def _take(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        done, self.done = self.done, []
        for number, cells in done:
            for gap in range(self.taken + 1, number):  # rows the file leaves out are empty
                yield gap, ()
            self.taken = number
            yield number, cells


class _Bad(Exception):
    def __init__(self, detail: str, raw: str, **values: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.raw = raw
        self.values = values


def _whole(text: str) -> int | None:
    """A whole number written as such ("3", " 3", "3.0"), else None."""
    try:
        number = float(text) if len(text) < 32 else math.nan
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _name(column: int) -> str:
    name, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = _LETTERS[rest] + name
    return name
