"""Small submission files for the batch tests, written in any encoding and delimiter."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from tests import factories

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: vowel letters precomposed, tone marks as combining marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def header() -> list[str]:
    out = ["agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on"]
    for question in factories.press().questions:
        out += [question.id, f"{question.id}_note"]
    return out


def agency(
    agency_id: str = "VD-1",
    name: str = "Báo Đồng Phú",
    block: str = "Báo địa phương",
    level: Any = 3,
    **overrides: Any,
) -> dict[str, Any]:
    """A row answering every question that applies to the block with `level`; overrides use the
    column names, with '.' written as '__' (G4__1 for G4.1)."""
    q = factories.press()
    block_id = (q.match_block(block) or q.blocks[1]).id
    row: dict[str, Any] = {
        "agency_id": agency_id,
        "agency_name": name,
        "block": block,
        "province": "Đồng Nai",
        "governing_body": "Tỉnh ủy Đồng Nai",
        "key_agency": "không",
        "assessed_on": "2026-11-20",
    }
    for question in q.applicable(block_id):
        row[question.id] = level
    for key, value in overrides.items():
        row[key.replace("__", ".")] = value
    return row


def csv_text(rows: list[dict[str, Any]], delimiter: str = ",", columns: list[str] | None = None) -> str:
    cols = columns or header()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in cols])
    return buffer.getvalue()


def write_csv(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    columns: list[str] | None = None,
) -> Path:
    text = csv_text(rows, delimiter, columns)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Path:
    from openpyxl import Workbook

    cols = columns or header()
    book = Workbook()
    sheet: Any = book.active
    sheet.append(cols)
    for row in rows:
        cells = []
        for c in cols:
            value = row.get(c)
            if c == "assessed_on" and isinstance(value, str) and len(value) == 10 and value[4] == "-":
                value = date.fromisoformat(value)
            cells.append(value)
        sheet.append(cells)
    book.save(path)
    return path
