"""Damaged and hostile .xlsx submissions and YAML data files: each is refused with a clear message
(exit 2) or, where one cell is bad, rejected on its row while the other rows are scored; memory
and time stay bounded (issue 11, item 12)."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import Result

from assess import safe_xlsx, submissions
from tests.submission_files import agency, write_xlsx

Cli = Callable[..., Result]
SHEET = "xl/worksheets/sheet1.xml"
ROOT = Path(__file__).resolve().parents[1]
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def base(tmp_path: Path) -> Path:
    """Three agencies (rows 2-4): VD-1 level 3, VD-2 level 4, VD-3 level 2."""
    rows = [agency("VD-1"), agency("VD-2", level=4), agency("VD-3", level=2)]
    return write_xlsx(tmp_path / "base.xlsx", rows)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


Change = Callable[[bytes], bytes] | bytes


def rewrite(path: Path, out: Path, changes: dict[str, Change]) -> Path:
    """A copy of the workbook with some members changed or added."""
    parts = members(path)
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b"")) if callable(change) else change
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def set_cell(ref: str, xml: bytes) -> Callable[[bytes], bytes]:
    def change(sheet: bytes) -> bytes:
        changed, n = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), xml, sheet, count=1)
        assert n == 1, ref
        return changed

    return change


def batch(cli: Cli, path: Path, out: Path) -> Result:
    return cli("batch", path, "--out", out, "--lang", "en", "--jobs", "1")


def findings(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8-sig"))))


def scored(out: Path) -> set[str]:
    text = (out / "results.csv").read_text(encoding="utf-8-sig")
    return {row["agency_id"] for row in csv.DictReader(io.StringIO(text))}


def errors(out: Path) -> list[tuple[str, str, str]]:
    return [(f["code"], f["row"], f["column"]) for f in findings(out) if f["severity"] == "error"]


# --- one bad cell: a finding on its row, the other rows scored -----------------------------------


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_number_in_a_level_cell_is_a_bad_level_on_its_row(
    cli: Cli, tmp_path: Path, digits: int
) -> None:
    # 400 digits overflowed float() (OverflowError), 5000 broke int() (ValueError): exit 3 both
    number = b"9" * digits
    path = rewrite(
        base(tmp_path),
        tmp_path / "n.xlsx",
        {SHEET: set_cell("H3", b'<c r="H3"><v>%s</v></c>' % number)},
    )
    out = tmp_path / "out"
    res = batch(cli, path, out)
    assert res.exit_code == 1, res.output
    assert errors(out) == [("bad_level", "3", "G1.1 (H)")]
    assert scored(out) == {"VD-1", "VD-3"}


@pytest.mark.parametrize("value", [b"1e400", b"inf", b"nan"])
def test_a_number_no_double_holds_is_read_as_its_text(tmp_path: Path, value: bytes) -> None:
    path = rewrite(
        base(tmp_path),
        tmp_path / "n.xlsx",
        {SHEET: set_cell("H2", b'<c r="H2"><v>%s</v></c>' % value)},
    )
    book = submissions._open_workbook(path, "en")
    try:
        rows = dict(book.rows())
    finally:
        book.close()
    assert rows[2][7] == value.decode()
    assert rows[3][7] == 4


def test_a_huge_number_in_a_date_cell_is_a_bad_date_on_its_row(cli: Cli, tmp_path: Path) -> None:
    def huge_date(sheet: bytes) -> bytes:
        changed, n = re.subn(rb'(<c r="G3"[^>]*>)<v>\d+</v>', rb"\1<v>" + b"9" * 5000 + b"</v>", sheet)
        assert n == 1 and b's="1"' in re.search(rb'<c r="G3"[^>]*>', sheet).group(0)  # type: ignore[union-attr]
        return changed

    path = rewrite(base(tmp_path), tmp_path / "d.xlsx", {SHEET: huge_date})
    out = tmp_path / "out"
    res = batch(cli, path, out)
    assert res.exit_code == 1, res.output
    assert errors(out) == [("bad_date", "3", "assessed_on (G)")]
    assert scored(out) == {"VD-1", "VD-3"}


def with_shared_strings(
    path: Path, out: Path, strings: list[str], changes: dict[str, Change] | None = None
) -> Path:
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    ).encode()
    rel = (
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    return rewrite(
        path,
        out,
        {
            "xl/sharedStrings.xml": sst,
            "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", rel),
            "[Content_Types].xml": lambda b: b.replace(b"</Types>", override),
            **(changes or {}),
        },
    )


def test_a_shared_string_index_out_of_range_is_a_damaged_cell_on_its_row(cli: Cli, tmp_path: Path) -> None:
    # IndexError before: exit 3
    def sheet(s: bytes) -> bytes:
        return set_cell("B4", b'<c r="B4" t="s"><v>7</v></c>')(
            set_cell("B2", b'<c r="B2" t="s"><v>0</v></c>')(s)
        )

    path = with_shared_strings(base(tmp_path), tmp_path / "s.xlsx", ["Báo Đồng Phú"], {SHEET: sheet})
    out = tmp_path / "out"
    res = batch(cli, path, out)
    assert res.exit_code == 1, res.output
    found = [f for f in findings(out) if f["severity"] == "error"]
    assert [(f["code"], f["row"], f["column"], f["value"]) for f in found] == [
        ("damaged_cell", "4", "agency_name (B)", "7")
    ]
    assert found[0]["message"] == "B4: the cell points to shared text no. 7, but the workbook has 1"
    assert scored(out) == {"VD-1", "VD-2"}
    res = cli("batch", path, "--out", tmp_path / "vi", "--jobs", "1")
    assert "B4: ô trỏ tới chuỗi dùng chung số 7" in findings(tmp_path / "vi")[0]["message"]


def test_damage_under_an_ignored_column_does_not_reject_the_row(cli: Cli, tmp_path: Path) -> None:
    path = base(tmp_path)
    parts = members(path)
    columns = [*re.findall(rb'<c r="([A-Z]+)1"', parts[SHEET])]
    last = columns[-1].decode()
    extra = "DA" if last < "DA" or len(last) < 2 else "ZZ"  # a column past the header
    sheet = parts[SHEET].replace(
        b"</row>", b'<c r="%s1" t="inlineStr"><is><t>remarks</t></is></c></row>' % extra.encode(), 1
    )
    sheet = sheet.replace(
        b'</c></row><row r="3"', b'</c><c r="%s2" t="s"><v>99</v></c></row><row r="3"' % extra.encode()
    )
    damaged = with_shared_strings(path, tmp_path / "x.xlsx", ["x"], {SHEET: sheet})
    out = tmp_path / "out"
    res = batch(cli, damaged, out)
    assert res.exit_code == 0, (
        res.output
    )  # remarks is an unknown column (a warning); its damage does not matter
    assert scored(out) == {"VD-1", "VD-2", "VD-3"}


def test_a_cell_too_long_is_a_damaged_cell_and_a_bad_boolean_too(cli: Cli, tmp_path: Path) -> None:
    long = b"x" * (safe_xlsx.CELL_CHARS_MAX + 1)
    sheet = lambda s: set_cell("D2", b'<c r="D2" t="inlineStr"><is><t>%s</t></is></c>' % long)(  # noqa: E731
        set_cell("F4", b'<c r="F4" t="b"><v>yes</v></c>')(s)
    )
    path = rewrite(base(tmp_path), tmp_path / "l.xlsx", {SHEET: sheet})
    out = tmp_path / "out"
    res = batch(cli, path, out)
    assert res.exit_code == 1, res.output
    assert errors(out) == [("damaged_cell", "2", "province (D)"), ("damaged_cell", "4", "key_agency (F)")]
    assert scored(out) == {"VD-2"}
    messages = [f["message"] for f in findings(out)]
    assert messages == [
        "D2: the cell holds more than 80000 characters",
        "F4: the stored value cannot be read as the cell's type (boolean)",
    ]


def test_cells_past_the_last_column_reject_their_row_once(cli: Cli, tmp_path: Path) -> None:
    # cells without a position run on past XFD, Excel's last column: one finding, memory bounded
    many = (
        b'<c r="XFD3"><v>1</v></c>' + b"<c><v>1</v></c>" * 60_000
    )  # under 1 MiB, where the ratio is not checked
    path = rewrite(
        base(tmp_path),
        tmp_path / "wide.xlsx",
        {SHEET: lambda s: s.replace(b'</c></row><row r="4"', b"</c>" + many + b'</row><row r="4"', 1)},
    )
    out = tmp_path / "out"
    res = batch(cli, path, out)
    assert res.exit_code == 1, res.output
    found = findings(out)
    assert [(f["code"], f["row"], f["column"], f["message"]) for f in found] == [
        ("damaged_cell", "3", "", "the cell position '#16385' cannot be read")
    ]
    assert scored(out) == {"VD-1", "VD-3"}


def test_too_many_shared_strings_stop_the_reading(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_xlsx, "STRINGS_COUNT_MAX", 2)
    path = with_shared_strings(base(tmp_path), tmp_path / "s.xlsx", ["a", "b", "c"])
    res = batch(cli, path, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert f"{path}: the shared-strings table holds more than 2 texts" in " ".join(res.stderr.split())


# --- a broken structure: exit 2, naming the file, the sheet and the row -------------------------


def test_a_truncated_sheet_stops_with_the_file_sheet_and_row(cli: Cli, tmp_path: Path) -> None:
    # ParseError before: exit 3
    path = base(tmp_path)
    sheet = members(path)[SHEET]
    cut = sheet.index(b'<row r="4"') + 40
    broken = rewrite(path, tmp_path / "t.xlsx", {SHEET: sheet[:cut]})
    res = batch(cli, broken, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert f"{broken}: sheet 'Sheet' is damaged after row 3: unclosed token" in " ".join(res.stderr.split())
    assert "save it again as .xlsx" in res.stderr
    assert not (tmp_path / "out").exists()


def test_a_broken_header_row_stops_the_reading(cli: Cli, tmp_path: Path) -> None:
    path = base(tmp_path)
    tag = b"<t>agency_name</t>"
    broken = rewrite(path, tmp_path / "h.xlsx", {SHEET: lambda s: s.replace(tag, b"<t>agency_name", 1)})
    res = batch(cli, broken, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "the header row of sheet 'Sheet' is damaged: mismatched tag" in " ".join(res.stderr.split())
    # a header cell that cannot be read (ValueError before: exit 3)
    bad = rewrite(
        path,
        tmp_path / "h2.xlsx",
        {SHEET: set_cell("B1", b'<c r="B1" t="s"><v>x</v></c>')},
    )
    res = batch(cli, bad, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "the header row of sheet 'Sheet' is damaged: B1: the cell points to shared text no. x" in " ".join(
        res.stderr.split()
    )
    res = cli("batch", bad, "--out", tmp_path / "out")
    assert "dòng tiêu đề của trang tính 'Sheet' bị hỏng" in " ".join(res.stderr.split())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.replace(b'<row r="3"', b'<row r="2"', 1), "row number '2' after row 2 is not valid"),
        (lambda s: s.replace(b'<row r="3"', b'<row r="x3"', 1), "row number 'x3' after row 2 is not valid"),
        (lambda s: s.replace(b'<row r="3"', b'<row r="1048577"', 1), "row number '1048577' after row 2"),
        (
            lambda s: s.replace(b'<row r="3"', b'<row r="' + b"9" * 5000 + b'"', 1),
            "row number '99999999999999999999'",
        ),
        (lambda s: s.replace(b'<row r="3"', b'<row r="\xc2\xb2"', 1), "row number '\u00b2' after row 2"),
        (
            lambda s: s.replace(b"<sheetData>", b"<sheetData>" + b"<x>" * 70 + b"</x>" * 70),
            "nests its XML deeper than 64 levels",
        ),
    ],
    ids=["repeated", "not-a-number", "past-excel", "5000-digits", "superscript", "deep"],
)
def test_a_broken_sheet_structure_stops_the_reading(
    cli: Cli, tmp_path: Path, change: Any, expected: str
) -> None:
    broken = rewrite(base(tmp_path), tmp_path / "b.xlsx", {SHEET: change})
    res = batch(cli, broken, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert expected in " ".join(res.stderr.split())


def test_rows_numbered_as_decimals_are_read(cli: Cli, tmp_path: Path) -> None:
    path = rewrite(
        base(tmp_path), tmp_path / "r.xlsx", {SHEET: lambda s: s.replace(b'<row r="3"', b'<row r="3.0"', 1)}
    )
    out = tmp_path / "out"
    assert batch(cli, path, out).exit_code == 0
    assert scored(out) == {"VD-1", "VD-2", "VD-3"}


def test_a_token_longer_than_the_limit_stops_the_reading(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_xlsx, "TOKEN_MAX", 200_000)
    attribute = b'<c r="A3" x="' + b"y" * 300_000 + b'"/>'
    broken = rewrite(base(tmp_path), tmp_path / "k.xlsx", {SHEET: set_cell("A3", attribute)})
    res = batch(cli, broken, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "holds an XML tag or text longer than 195.3 KiB (after row 2)" in " ".join(res.stderr.split())


# --- bombs ------------------------------------------------------------------------------------------


def test_an_entity_bomb_in_the_sheet_is_refused_at_once(cli: Cli, tmp_path: Path) -> None:
    # ParseError (expat's amplification limit) before: exit 3
    bomb = lambda s: BILLION_LAUGHS + s.replace(b"<t>VD-1</t>", b"<t>&lol9;</t>")  # noqa: E731
    path = rewrite(base(tmp_path), tmp_path / "bomb.xlsx", {SHEET: bomb})
    started = time.monotonic()
    res = batch(cli, path, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "declares a DTD or entities" in " ".join(res.stderr.split())
    assert time.monotonic() - started < 10


def test_an_entity_bomb_in_the_shared_strings_is_refused(cli: Cli, tmp_path: Path) -> None:
    # openpyxl reads the shared strings; with defusedxml installed it refuses entity declarations
    assert openpyxl.DEFUSEDXML
    path = with_shared_strings(base(tmp_path), tmp_path / "sst.xlsx", ["&lol9;"])
    parts = members(path)
    bombed = rewrite(
        path,
        tmp_path / "bomb.xlsx",
        {"xl/sharedStrings.xml": BILLION_LAUGHS + parts["xl/sharedStrings.xml"].split(b"?>", 1)[1]},
    )
    res = batch(cli, bombed, tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "declares a DTD or entities" in " ".join(res.stderr.split())


def zip_bomb(path: Path, size: int) -> Path:
    """A workbook whose sheet unpacks to `size` bytes of one long text, written in chunks."""
    parts = members(path)
    sheet = parts.pop(SHEET)
    out = path.with_name("zip-bomb.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open(SHEET, "w", force_zip64=True) as f:
            f.write(sheet[: sheet.index(b"<sheetData>") + 11] + b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b"0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)
            f.write(b"</t></is></c></row></sheetData></worksheet>")
    return out


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli: Cli, tmp_path: Path) -> None:
    # MemoryError before (a 2.9 MB file grew to 3.8 GB)
    bomb = zip_bomb(base(tmp_path), 300 << 20)
    assert bomb.stat().st_size < 1 << 20
    started = time.monotonic()
    res = batch(cli, bomb, tmp_path / "out")
    assert res.exit_code == 2, res.output
    said = " ".join(res.stderr.split())
    assert f"{bomb}: xl/worksheets/sheet1.xml unpacks from" in said
    assert "to 300.0 MiB" in said and "over the 100:1 limit): a zip bomb, not a workbook" in said
    assert time.monotonic() - started < 10


def test_zip_limits_on_size_members_directory_and_method(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = base(tmp_path)
    monkeypatch.setattr(safe_xlsx, "TOTAL_MAX", 20_000)
    res = batch(cli, path, tmp_path / "out")
    assert (
        res.exit_code == 2
        and "the workbook unpacks to" in res.stderr
        and "over the 19.5 KiB limit" in res.stderr
    )
    monkeypatch.undo()

    monkeypatch.setattr(safe_xlsx, "PART_MAX", 900)
    res = batch(cli, path, tmp_path / "out")
    assert res.exit_code == 2 and "its part [Content_Types].xml unpacks to" in res.stderr

    monkeypatch.undo()
    many = rewrite(
        path, tmp_path / "many.xlsx", {f"extra/{i}.xml": b"" for i in range(safe_xlsx.MEMBERS_MAX)}
    )
    res = batch(cli, many, tmp_path / "out")
    assert (
        res.exit_code == 2
        and f"the zip holds {safe_xlsx.MEMBERS_MAX + 9} files, over the 10000 limit"
        in (" ".join(res.stderr.split()))
    )

    monkeypatch.setattr(safe_xlsx, "DIRECTORY_MAX", 500)
    res = batch(cli, path, tmp_path / "out")
    assert (
        res.exit_code == 2 and "the zip's directory is" in res.stderr and "over the 500 B limit" in res.stderr
    )
    monkeypatch.undo()

    bzip = tmp_path / "bzip.xlsx"
    with zipfile.ZipFile(bzip, "w", zipfile.ZIP_BZIP2) as z:
        for name, data in members(path).items():
            z.writestr(name, data)
    res = batch(cli, bzip, tmp_path / "out")
    assert res.exit_code == 2 and "is compressed with method 12, which Excel does not use" in " ".join(
        res.stderr.split()
    )


def test_an_encrypted_or_old_workbook_gets_a_hint(cli: Cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    res = batch(cli, locked, tmp_path / "out")
    assert res.exit_code == 2
    assert "protected by a password" in res.stderr and "remove the password" in res.stderr


# --- what a real workbook holds is read as openpyxl reads it -----------------------------------


def test_cell_types_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    data = (
        b"<sheetData>"
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>rich'
        b'</t></r><r><rPr><b/></rPr><t> text</t></r><rPh sb="0" eb="1"><t>PHON</t></rPh></is></c></row>'
        b'<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" s="1"><v>46346</v></c>'
        b'<c r="D2" s="1"><v>0.5</v></c><c r="E2"><v>4.0</v></c><c r="F2"><v>-12</v></c><c r="G2"><v>1E3</v></c></row>'
        b'<row r="4"><c r="A4" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B4"><f t="shared" ref="B4:B6" '
        b'si="0">A4+1</f><v>1</v></c><c><v>7</v></c><c t="s"><v>2</v></c></row>'
        b'<row><c r="B5"><f t="shared" si="0"/><v>2</v></c><c r="D5" t="inlineStr"><is><t xml:space="preserve">'
        b"  spaced  </t></is></c></row>"
        b'<row r="7" spans="1:3"/>'
        b'<row r="9"><c r="AA9" t="s"><v>1</v></c><c r="XFD9"><v>9</v></c></row>'
        b"</sheetData>"
    )
    sheet = lambda s: re.sub(rb"<sheetData>.*</sheetData>", data, s, flags=re.S)  # noqa: E731
    path = with_shared_strings(
        base(tmp_path),
        tmp_path / "kinds.xlsx",
        ["agency_id", "Báo Đồng Phú", " lead "],
        {SHEET: sheet},
    )
    book = submissions._open_workbook(path, "en")
    try:
        mine = [(n, tuple(c)) for n, c in book.rows()]
    finally:
        book.close()
    reference = openpyxl.load_workbook(path, read_only=True)
    sheet_ = reference.worksheets[0]
    sheet_.reset_dimensions()

    def trimmed(cells: Any) -> tuple[Any, ...]:
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        return tuple(cells)

    theirs = [(n, trimmed(c)) for n, c in enumerate(sheet_.iter_rows(values_only=True), start=1)]
    reference.close()
    assert [(n, trimmed(c)) for n, c in mine] == theirs
    assert mine[3][1][:4] == ('=CONCAT("a","b")', "=A4+1", 7, " lead ") and mine[4][1][1] == "=A5+1"
    assert len(mine) == 9 and mine[8][1][26] == "Báo Đồng Phú" and len(mine[8][1]) == 16_384


def test_the_example_workbook_reads_as_openpyxl_reads_it() -> None:
    path = ROOT / "examples" / "submissions.xlsx"
    book = submissions._open_workbook(path, "en")
    try:
        mine = [tuple(c) for _, c in book.rows()]
    finally:
        book.close()
    reference = openpyxl.load_workbook(path, read_only=True)
    theirs = [tuple(c) for c in reference.worksheets[0].iter_rows(values_only=True)]
    reference.close()
    width = len(theirs[0])
    assert [c + (None,) * (width - len(c)) for c in mine] == theirs


# --- YAML: an alias bomb fails fast in bounded memory; shared rubrics still load -----------------

ALIAS_BOMB = textwrap.dedent(
    """\
    id: bomb
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


def test_a_yaml_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    # 2.9 GB before
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    assert bomb.stat().st_size < 1024
    limited = textwrap.dedent(
        """\
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from assess.cli import main
        sys.argv = ["assess", "questionnaire", "validate", sys.argv[1], "--lang", "en"]
        main()
        """
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", limited, str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "2000"},  # no line wrapped inside the long path
    )
    assert done.returncode == 2, done.stderr
    said = " ".join(done.stderr.split())
    assert f"{bomb}: refused: it holds more than 500,000 values once its aliases are expanded" in said
    assert "MemoryError" not in said and time.monotonic() - started < 30


def test_yaml_shared_through_anchors_still_loads(cli: Cli) -> None:
    fixture = ROOT / "tests" / "fixtures" / "mini-questionnaire.yaml"
    assert "*" in fixture.read_text(encoding="utf-8")  # it shares rubrics through aliases
    for path in (fixture, ROOT / "questionnaires" / "press-dx.yaml"):
        res = cli("questionnaire", "validate", path, "--lang", "en")
        assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [1, *a]\n", "refused: the alias *a stands for a value that holds it (recursion)"),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "refused: lists and mappings are nested deeper than 64 levels"),
        ("a: [" + ", ".join(["1"] * 500_001) + "]\n", "refused: it holds more than 500,000 values"),
    ],
    ids=["recursive", "deep", "many-values"],
)
def test_yaml_shapes_that_cannot_be_built_are_refused(
    cli: Cli, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    res = cli("questionnaire", "validate", path, "--lang", "en")
    assert res.exit_code == 2, res.output
    assert expected in " ".join(res.stderr.split())


def test_yaml_larger_than_the_limit_or_not_a_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: x\nnote: '" + b"x" * (8 << 20) + b"'\n")
    res = cli("questionnaire", "validate", big, "--lang", "en")
    assert res.exit_code == 2 and "larger than 8 MiB, the most a YAML data file may be" in " ".join(
        res.stderr.split()
    )
    res = cli("questionnaire", "validate", "/dev/zero", "--lang", "en")
    assert res.exit_code == 2 and "/dev/zero: not a regular file" in res.stderr
