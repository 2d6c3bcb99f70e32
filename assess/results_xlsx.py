"""results.xlsx: the batch results as a workbook a ministry can filter and sort.

Streamed with openpyxl's write-only mode (rows go to a temporary file as they come, strings are
written inline, styled cells are reused), so memory stays flat however many agencies there are."""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assess import atomicfile, charts, tabular
from assess.bilingual import Lang
from assess.messages import t
from assess.questionnaire import Questionnaire
from assess.scoring import Profile

if TYPE_CHECKING:
    from assess.summary import Attainment, SectorSummary

SCORE = "0.00"
SHARE = "0.0%"
WHOLE = "0"
_FIXED_FORMATS = {
    "index": SCORE,
    "official_total": SCORE,
    "unanswered": WHOLE,
    "rank_in_block": WHOLE,
    "percentile_in_block": WHOLE,
    "rank_overall": WHOLE,
    "percentile_overall": WHOLE,
    "source_row": WHOLE,
}
BAND_COLUMNS = ("band", "official_level")
_WIDE = {
    "agency_name": 36,
    "governing_body": 28,
    "province": 18,
    "block": 22,
    "agency_id": 16,
    "help_reasons": 40,
    "support_platforms": 30,
}


def _illegal() -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def band_colours(profile: Profile) -> dict[str, str]:
    """Band id -> fill colour (RRGGBB): the reports' band palette, low to high, in band order."""
    ids = [b.id for b in profile.bands[0].bands]
    palette = charts.BAND_COLOURS
    if len(ids) <= len(palette):
        chosen = palette[: len(ids)]
    else:  # more bands than colours: spread the palette over them, low to high
        chosen = tuple(palette[round(i * (len(palette) - 1) / (len(ids) - 1))] for i in range(len(ids)))
    return {band_id: colour.lstrip("#").upper() for band_id, colour in zip(ids, chosen, strict=True)}


def _dark(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def describe(column: str, q: Questionnaire, lang: Lang) -> str:
    """What a results column holds, in the run's language."""
    for suffix in ("score", "level"):
        group_id = column.removesuffix(f"_{suffix}")
        if group_id != column and group_id in q.group_by_id:
            title = q.group_by_id[group_id].title(lang)
            return t(f"results.col.group_{suffix}", lang, group=group_id, title=title)
    return t(f"results.col.{column}", lang)


_TARGET_COLUMNS = (
    "target",
    "target_name",
    "scope",
    "scope_name",
    "bound",
    "met",
    "unanswered",
    "share",
    "national_2025",
    "reaches_2025",
    "national_2030",
    "reaches_2030",
)
_TARGET_WIDTHS = (20, 44, 18, 26, 10, 10, 10, 10, 12, 10, 12, 10)
_BLOCK_COLUMNS = ("block", "assessed", "key_agencies", "mean", "min", "q1", "median", "q3", "max")

# Excel's rows per sheet. Past it, a sheet goes on in another of the same name and a number
# ("Cơ quan (2)"), each with the header row.
SHEET_ROWS = 1_048_576


def _pages(rows: int) -> int:
    return max(1, -(-rows // (SHEET_ROWS - 1)))


class _Archive(zipfile.ZipFile):
    """A zip whose entries all carry the same time (the earliest a zip can hold), not the clock's
    or a temporary file's."""

    TIME = (1980, 1, 1, 0, 0, 0)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self.TIME)
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        entry = self._entry(str(arcname))
        entry.file_size = Path(filename).stat().st_size
        with Path(filename).open("rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


class ResultsWorkbook:
    """Agencies (results.csv's columns and rows), the national picture (targets by block, blocks:
    from the run's SectorSummary), Findings (findings.csv's) and a data dictionary.

    `agencies` is how many rows `agency` will be given (the batch knows before it writes), so
    that any further Agencies sheets come right after the first."""

    def __init__(
        self, header: Sequence[str], q: Questionnaire, profile: Profile, lang: Lang, agencies: int = 0
    ) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self._book = Workbook(write_only=True)
        self._lang = lang
        self._bold = Font(bold=True)
        self._header = list(header)
        self._formats = [self._format(name, q) for name in header]
        pairs = zip(header, self._formats, strict=True)
        self._widths = [_WIDE.get(name, 14 if fmt is None else 11) for name, fmt in pairs]
        title = t("xlsx.sheet.agencies", lang)
        self._agencies: list[Any] = [
            self._sheet(title, page, self._header, self._widths) for page in range(_pages(agencies))
        ]
        self._agency_rows = [0] * len(self._agencies)
        self._q, self._profile = q, profile
        self._targets = self._sheet(
            t("xlsx.sheet.targets", lang),
            0,
            [t(f"xlsx.targets.{c}", lang) for c in _TARGET_COLUMNS],
            _TARGET_WIDTHS,
        )
        self._blocks = self._sheet(
            t("xlsx.sheet.blocks", lang), 0, self._block_header(), self._block_widths()
        )
        self._findings: list[Any] = [self._findings_sheet(0)]
        self._finding_rows = [0]
        self._dictionary = self._sheet(
            t("xlsx.sheet.dictionary", lang),
            0,
            [t("xlsx.dictionary.column", lang), t("xlsx.dictionary.meaning", lang)],
            [22, 90],
        )
        self._rows = 0
        self._dated = self._header.index("assessed_on") if "assessed_on" in self._header else None
        self._latest = ""  # the latest assessment date written (ISO)
        self._bands = {i for i, name in enumerate(header) if name in BAND_COLUMNS}
        colours = band_colours(profile)
        # a band's name in the run's language -> its colour (every band set of the profile)
        self._band_colour = {
            band.name(lang): colours[band.id] for band_set in profile.bands for band in band_set.bands
        }
        self._templates: dict[tuple[int, str | None, bool], Any] = {}
        for name in header:
            self._plain(self._dictionary, [name, describe(name, q, lang)])

    def __enter__(self) -> ResultsWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def discard(self) -> None:
        """Closes what is still open and removes the sheets' temporary files: nothing is left
        behind when the batch fails before `save` (nor after it, where this does nothing)."""
        for sheet in self._book.worksheets:
            if sheet._writer is None:  # nothing written yet
                continue
            with contextlib.suppress(OSError, ValueError):  # the temporary file may be gone already
                if not sheet.closed:
                    sheet.close()
            with contextlib.suppress(OSError, ValueError):  # removed by `save` already
                sheet._writer.cleanup()

    def _sheet(self, title: str, page: int, header: Sequence[str], widths: Sequence[int]) -> Any:
        from openpyxl.utils import get_column_letter

        sheet: Any = self._book.create_sheet(title if page == 0 else f"{title} ({page + 1})")
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(self._heading(sheet, header))
        return sheet

    def _findings_sheet(self, page: int) -> Any:
        widths = (24, 9, 24, 7, 16, 24, 60)
        return self._sheet(t("xlsx.sheet.findings", self._lang), page, self._findings_header(), widths)

    @staticmethod
    def _findings_header() -> list[str]:
        from assess import findings

        return list(findings.HEADER)

    @staticmethod
    def _format(name: str, q: Questionnaire) -> str | None:
        if name in _FIXED_FORMATS:
            return _FIXED_FORMATS[name]
        for suffix, fmt in (("_score", SCORE), ("_level", WHOLE)):
            if name.endswith(suffix) and name.removesuffix(suffix) in q.group_by_id:
                return fmt
        return None

    def _heading(self, sheet: Any, names: Sequence[str]) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.data_type = "s"
            cell.font = self._bold
            cells.append(cell)
        return cells

    def _template(self, column: int, fill: str | None, quoted: bool) -> Any:
        """One styled cell per column, fill and quote: reused row after row (each row is written
        out before the next is made), so styling a million rows costs no more than one."""
        key = (column, fill, quoted)
        cell = self._templates.get(key)
        if cell is None:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font, PatternFill

            cell = WriteOnlyCell(self._agencies[0])
            fmt = self._formats[column]
            if fmt is not None:
                cell.number_format = fmt
            if fill is not None:
                cell.fill = PatternFill("solid", fgColor=fill)
                if _dark(fill):
                    cell.font = Font(color="FFFFFF")
            if quoted:
                cell.quotePrefix = True
            self._templates[key] = cell
        return cell

    def agency(self, row: Sequence[Any]) -> None:
        """One row of results.csv, as results.csv has it before its cells are made safe."""
        cells: list[Any] = []
        for column, value in enumerate(row):
            if value is None:
                cells.append(None)
                continue
            text = isinstance(value, str)
            fill = self._band_colour.get(value) if text and column in self._bands else None
            quoted = text and tabular.safe_cell(value) != value
            if not text and self._formats[column] is None and fill is None:
                cells.append(value)  # a plain number or boolean: no style to carry
                continue
            cell = self._template(column, fill, quoted)
            if text:
                cell.value = clean_text(value)
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell.value = value
            cells.append(cell)
        page = self._rows // (SHEET_ROWS - 1)
        if page == len(self._agencies):  # more rows than announced: go on at the end of the book
            title = t("xlsx.sheet.agencies", self._lang)
            self._agencies.append(self._sheet(title, page, self._header, self._widths))
            self._agency_rows.append(0)
        self._agencies[page].append(cells)
        if self._dated is not None and row[self._dated] > self._latest:
            self._latest = row[self._dated]
        self._agency_rows[page] += 1
        self._rows += 1

    def _plain(self, sheet: Any, values: Iterable[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells: list[Any] = []
        for value in values:
            cells.append(
                set_text(WriteOnlyCell(sheet, value=None), value) if isinstance(value, str) else value
            )
        sheet.append(cells)

    def _block_header(self) -> list[str]:
        lang = self._lang
        bands = [b.name(lang) for b in self._profile.bands[-1].bands]
        stats = [t(f"xlsx.blocks.{c}", lang) for c in _BLOCK_COLUMNS]
        groups = [t("xlsx.blocks.group_median", lang, group=g.id) for g in self._q.groups]
        return [*stats, *bands, *groups]

    def _block_widths(self) -> list[int]:
        return [
            30,
            *[11] * (len(_BLOCK_COLUMNS) - 1),
            *[11] * len(self._profile.bands[-1].bands),
            *[11] * len(self._q.groups),
        ]

    def _styled(self, sheet: Any, values: Sequence[Any], formats: Sequence[str | None]) -> None:
        """A row of the summary sheets: text as text, numbers with their format."""
        from openpyxl.cell import WriteOnlyCell

        cells: list[Any] = []
        for value, fmt in zip(values, formats, strict=True):
            if isinstance(value, str) or value is None or fmt is None:
                cells.append(value if not isinstance(value, str) else self._text_cell(sheet, value))
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = fmt
            cells.append(cell)
        sheet.append(cells)

    def _text_cell(self, sheet: Any, value: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        return set_text(WriteOnlyCell(sheet, value=None), value)

    def _picture(self, picture: SectorSummary) -> tuple[int, int]:
        """Fills the targets-by-block and blocks sheets; returns their row counts."""
        lang, q = self._lang, self._q
        yes, no = t("xlsx.yes", lang), t("xlsx.no", lang)

        def reached(value: bool | None) -> str | None:
            return None if value is None else (yes if value else no)

        scopes: list[tuple[str, str]] = [("all", t("xlsx.scope.all", lang))]
        scopes += [(b.id, b.name(lang)) for b in q.blocks]
        scopes += [("key", t("xlsx.scope.key", lang)), ("small_medium", t("xlsx.scope.small_medium", lang))]
        shapes = (None, None, None, None, WHOLE, WHOLE, WHOLE, SHARE, SHARE, None, SHARE, None)
        target_rows = 0
        for target in picture.targets:
            named = q.target_by_id[target.target].name(lang)
            for scope, scope_name in scopes:
                a: Attainment = (
                    target.overall
                    if scope == "all"
                    else target.key
                    if scope == "key"
                    else target.small_medium
                    if scope == "small_medium"
                    else target.by_block[scope]
                )
                self._styled(
                    self._targets,
                    [
                        target.target,
                        named,
                        scope,
                        scope_name,
                        a.bound,
                        a.met,
                        a.unanswered,
                        a.share,
                        target.share_2025,
                        reached(a.reaches_2025),
                        target.share_2030,
                        reached(a.reaches_2030),
                    ],
                    shapes,
                )
                target_rows += 1
        band_ids = [b.id for b in self._profile.bands[-1].bands]
        block_rows = 0
        for block in (*picture.blocks, picture.overall):
            name = (
                t("xlsx.scope.all", lang) if block.block == "all" else q.block_by_id[block.block].name(lang)
            )
            spread = block.index
            stats = [name, block.assessed, block.key_agencies]
            stats += (
                [None] * 5
                if spread is None
                else [spread.mean, spread.min, spread.q1, spread.median, spread.q3]
            )
            stats += [None] if spread is None else [spread.max]
            stats += [block.bands[b] for b in band_ids]
            stats += [None if g is None else g.median for g in block.groups.values()]
            formats2 = [
                None,
                WHOLE,
                WHOLE,
                *[SCORE] * 6,
                *[WHOLE] * len(band_ids),
                *[SCORE] * len(block.groups),
            ]
            self._styled(self._blocks, stats, formats2)
            block_rows += 1
        return target_rows, block_rows

    def save(
        self, path: Path, finding_rows: Iterable[Sequence[Any]], picture: SectorSummary | None = None
    ) -> None:
        """Adds the national picture and the findings, closes the sheets and writes the workbook
        atomically."""
        from openpyxl.utils import get_column_letter

        target_rows, block_rows = self._picture(picture) if picture is not None else (0, 0)
        self._targets.auto_filter.ref = f"A1:{get_column_letter(len(_TARGET_COLUMNS))}{target_rows + 1}"
        self._blocks.auto_filter.ref = f"A1:{get_column_letter(len(self._block_header()))}{block_rows + 1}"

        for values in finding_rows:
            if self._finding_rows[-1] == SHEET_ROWS - 1:
                self._findings.append(self._findings_sheet(len(self._findings)))
                self._finding_rows.append(0)
            self._plain(self._findings[-1], values)
            self._finding_rows[-1] += 1
        for sheets, counts, width in (
            (self._agencies, self._agency_rows, len(self._header)),
            (self._findings, self._finding_rows, len(self._findings_header())),
        ):
            for sheet, count in zip(sheets, counts, strict=True):
                sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{count + 1}"
        # The same results give the same bytes: the workbook is dated by its latest assessment (as
        # each assessment file is), not by the clock.
        stamp = datetime.fromisoformat(self._latest) if self._latest else datetime(1980, 1, 1)
        save_book(self._book, path, stamp)


def set_text(cell: Any, value: str) -> Any:
    """Puts text in a cell as text, never a formula whatever it starts with: characters XML forbids
    written as \\xNN, and formula-like text also marked with the quote prefix (what a spreadsheet
    would run if the cell were edited). The one rule of every workbook assess writes."""
    cell.value = clean_text(value)
    cell.data_type = "s"
    if tabular.safe_cell(value) != value:
        cell.quotePrefix = True
    return cell


def clean_text(value: str) -> str:
    """Text as a cell can hold it: characters XML forbids (control characters) written as \\xNN."""
    text: str = _illegal().sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return text


def save_book(book: Any, path: Path, stamp: datetime) -> None:
    """Writes an openpyxl workbook atomically, dated `stamp` and its zip parts carrying one fixed
    time, so that the same content gives the same bytes (also used by roadmap_xlsx)."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "assess"
    with atomicfile.replacing(path, "wb") as handle:
        ExcelWriter(book, _Archive(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
