"""CSV output that spreadsheets open safely: UTF-8 with BOM, and no cell that runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from assess import atomicfile

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

Cell = str | int | float | bool | None


def safe_cell(value: Cell) -> str | int | float:
    """Text that would be read as a formula is prefixed with an apostrophe; numbers pass as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


class SafeWriter:
    """Rows out to a CSV file, each cell made safe."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle, lineterminator="\r\n")

    def writerow(self, row: Sequence[Cell]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])


@contextmanager
def writing(path: Path) -> Iterator[SafeWriter]:
    """A CSV file written atomically, row by row: UTF-8 with a byte-order mark, so that Excel
    shows Vietnamese correctly."""
    with atomicfile.replacing(path, "w", encoding="utf-8-sig", newline="") as handle:
        yield SafeWriter(handle)


def write_csv(path: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Write a whole CSV file atomically (see `writing`)."""
    with writing(Path(path)) as writer:
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
