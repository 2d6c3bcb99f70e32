"""compare.xlsx: two batch rounds compared, as a workbook a ministry can filter and sort.

Sheets: Agencies (every agency in both rounds with its changes), New, Missing, Targets (attainment
then and now per block), Not comparable, and a data dictionary. Frozen header rows, filters,
number formats; text cells stay text (a name starting with = is never a formula); the same
comparison gives the same bytes (the workbook is dated by the newer round's last assessment and
its zip entries carry one fixed time, as results.xlsx's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from assess.compare import BatchComparison, Names
from assess.messages import t
from assess.results_xlsx import save_book, set_text

SCORE = "0.00"
SHARE = "0.0%"
WHOLE = "0"

# column -> (number format or None for text, width)
_COLUMNS: dict[str, tuple[str | None, int]] = {
    "agency_id": (None, 16),
    "old_id": (None, 16),
    "agency_name": (None, 36),
    "block": (None, 24),
    "key_agency": (None, 10),
    "province": (None, 18),
    "old_index": (SCORE, 11),
    "new_index": (SCORE, 11),
    "index_change": (SCORE, 11),
    "index": (SCORE, 11),
    "old_band": (None, 14),
    "new_band": (None, 14),
    "band": (None, 14),
    "targets_newly_met": (None, 30),
    "targets_lost": (None, 30),
    "target": (None, 20),
    "target_name": (None, 40),
    "among": (None, 24),
    "old_bound": (WHOLE, 10),
    "old_met": (WHOLE, 10),
    "old_share": (SHARE, 10),
    "new_bound": (WHOLE, 10),
    "new_met": (WHOLE, 10),
    "new_share": (SHARE, 10),
    "share_change": (SHARE, 10),
    "kind": (None, 14),
    "id": (None, 20),
    "name": (None, 40),
    "reason": (None, 30),
}


def _column(name: str) -> tuple[str | None, int]:
    if name.endswith("_change") and name not in _COLUMNS:
        return SCORE, 10  # a group's change
    return _COLUMNS.get(name, (None, 14))


def describe(name: str, names: Names) -> str:
    group = name.removesuffix("_change")
    if group != name and names.knows("group", group):
        return t("compare.col.group_change", names.lang, group=group, title=names.of("group", group))
    return t(f"compare.col.{name}", names.lang)


def _fill(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Header (bold, frozen, filtered), then the rows: text as text, numbers with their formats."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.value = name
        cell.data_type = "s"
        cell.font = bold
        sheet.column_dimensions[get_column_letter(col)].width = _column(name)[1]
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=col)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
                fmt = _column(header[col - 1])[0]
                if fmt is not None and not isinstance(value, bool):
                    cell.number_format = fmt
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def sheets(c: BatchComparison, names: Names) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Each sheet's key (xlsx.sheet.*), header and rows."""
    groups: dict[str, None] = {}
    for a in c.agencies:
        groups |= dict.fromkeys(a.groups)
    lang = names.lang
    yes, no = t("compare.yes", lang), t("compare.no", lang)
    header = ["agency_id", "old_id", "agency_name", "block", "key_agency", "province"]
    header += ["old_index", "new_index", "index_change", "old_band", "new_band"]
    header += [f"{g}_change" for g in groups] + ["targets_newly_met", "targets_lost"]
    agencies = []
    for a in c.agencies:
        i = a.index
        row: list[Any] = [
            a.agency_id,
            a.old_id,
            a.name,
            names.of("block", a.block),
            yes if a.key_agency else no,
        ]
        row += [a.province, i.old if i else None, i.new if i else None, i.delta if i else None]
        row += [names.of("band", a.old_band), names.of("band", a.new_band)]
        row += [a.groups[g].delta if g in a.groups else None for g in groups]
        row += ["; ".join(names.of("target", x) for x in a.targets_newly_met)]
        row += ["; ".join(names.of("target", x) for x in a.targets_lost)]
        agencies.append(row)
    ref_header = ["agency_id", "agency_name", "block", "index", "band"]

    def refs(items: Sequence[Any]) -> list[list[Any]]:
        return [
            [r.agency_id, r.name, names.of("block", r.block), r.index, names.of("band", r.band)]
            for r in items
        ]

    target_header = ["target", "target_name", "among", "old_bound", "old_met", "old_share"]
    target_header += ["new_bound", "new_met", "new_share", "share_change"]
    targets = []
    for x in c.targets:
        o, n = x.old, x.new
        moved = (
            round(n.share - o.share, 4) if o and n and o.share is not None and n.share is not None else None
        )
        targets.append(
            [x.target, names.of("target", x.target), names.of("block", x.block)]
            + [o.bound if o else None, o.met if o else None, o.share if o else None]
            + [n.bound if n else None, n.met if n else None, n.share if n else None, moved]
        )
    nc = [
        [t(f"compare.nc.{x.kind}", lang), x.id, names.of(x.kind, x.id), t(f"compare.reason.{x.reason}", lang)]
        for x in c.not_comparable
    ]
    return [
        ("agencies", header, agencies),
        ("new", ref_header, refs(c.new_agencies)),
        ("missing", ref_header, refs(c.missing_agencies)),
        ("targets", target_header, targets),
        ("not_comparable", ["kind", "id", "name", "reason"], nc),
    ]


def write(c: BatchComparison, path: Path, names: Names) -> None:
    """compare.xlsx, written atomically."""
    from openpyxl import Workbook

    lang = names.lang
    book = Workbook()
    book.remove(book.active)
    dictionary: list[list[Any]] = []
    for key, header, rows in sheets(c, names):
        title = t(f"compare.sheet.{key}", lang)
        _fill(book.create_sheet(title), header, rows)
        seen = {d[1] for d in dictionary if d[0] == title}
        dictionary += [[title, name, describe(name, names)] for name in header if name not in seen]
    words = [t("compare.dictionary.sheet", lang), t("xlsx.dictionary.column", lang)]
    words.append(t("xlsx.dictionary.meaning", lang))
    sheet = book.create_sheet(t("xlsx.sheet.dictionary", lang))
    _fill(sheet, words, dictionary)
    for col, width in zip("ABC", (18, 22, 90), strict=True):
        sheet.column_dimensions[col].width = width
    last = c.new.period.last if c.new.period else None
    save_book(book, path, datetime(last.year, last.month, last.day) if last else datetime(1980, 1, 1))
