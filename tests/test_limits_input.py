"""Reading submission files at the edges: cells and lines too long, stray quotes, NUL bytes,
UTF-32, legacy Vietnamese encodings, look-alike agency ids, control characters, files that are not
regular files, and the stated limits (issue 11, items 6, 9, 10, 18 and 21)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from assess import submissions
from tests import factories
from tests.submission_files import agency, csv_text, header

Cli = Callable[..., Result]
NOTE = header().index("G1.1_note")


def batch(cli: Cli, path: Path, *options: str) -> tuple[Result, Path]:
    out = path.parent / "out"
    return cli("batch", path, "--out", out, "--lang", "en", "-j", "1", *options), out


def findings(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8-sig"))))


def scored_ids(out: Path) -> list[str]:
    rows = csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8-sig")))
    return [r["agency_id"] for r in rows]


def lines(rows: list[dict[str, Any]], columns: list[str] | None = None) -> list[str]:
    """The CSV text of the rows, header first, one line each (no cell holds a line break)."""
    return csv_text(rows, columns=columns).split("\r\n")[:-1]


# --- 6: a cell too long is a finding on its row; the hard bound names the row --------------------


def test_a_140000_character_cell_is_a_finding_on_its_row_and_every_other_row_is_read(
    cli: Cli, tmp_path: Path
) -> None:
    rows = [agency(f"VD-{i:02d}") for i in range(50)]
    rows[10]["G1.1_note"] = "x" * 140_000
    path = tmp_path / "s.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1, res.output
    assert len(scored_ids(out)) == 49 and "VD-10" not in scored_ids(out)
    [found] = findings(out)
    assert (found["code"], found["row"], found["column"]) == ("bad_text", "12", "G1.1_note (I)")
    assert "longer than 20000 characters" in found["message"]


def test_a_cell_or_line_past_the_hard_bound_refuses_the_file_naming_the_row(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submissions, "CELL_MAX", 5_000)  # the real bound is 16,777,216 characters
    rows = [agency("VD-1"), agency("VD-2", G1__1_note="a\n" + "x" * 6_000), agency("VD-3")]
    path = tmp_path / "s.csv"
    path.write_text(csv_text(rows), encoding="utf-8")  # a quoted cell over two lines: the field bound
    res, _ = batch(cli, path)
    assert res.exit_code == 2
    assert "row 3 (line 4 of the file) holds a cell or a line longer than 5,000 characters" in res.stderr
    assert "a note is at most 20,000 characters" in res.stderr
    text = csv_text([agency("VD-1")]) + "," * 6_000 + "\r\n"  # a line of delimiters: the line bound
    path.write_text(text, encoding="utf-8")
    res, _ = batch(cli, path)
    assert res.exit_code == 2 and "row 3 (line 3 of the file)" in res.stderr


# --- 9: a stray quote that swallows other rows ----------------------------------------------------


def stray_quote(
    rows: list[dict[str, Any]], opened: int, closed: int | None, columns: list[str] | None = None
) -> str:
    """The rows as CSV with LF line endings, a quote opening the last column's cell (G1.1_note by
    default) of data row `opened` (1 = the first) and, when `closed` is given, closing that cell
    of data row `closed`."""
    column = NOTE if columns is None else len(columns) - 1
    out = lines(rows, columns)
    cells = out[opened].split(",")
    cells[column] = '"Theo ghi chú'
    out[opened] = ",".join(cells)
    if closed is not None:
        cells = out[closed].split(",")
        cells[column] = 'hết ghi chú"'
        out[closed] = ",".join(cells)
    return "\n".join(out) + "\n"


def test_a_stray_quote_that_swallows_rows_is_a_finding_naming_the_lines(cli: Cli, tmp_path: Path) -> None:
    rows = [agency(f"VD-{i}") for i in range(1, 7)]
    path = tmp_path / "s.csv"
    path.write_text(stray_quote(rows, 2, 4), encoding="utf-8")  # file lines 3 to 5
    res, out = batch(cli, path)
    assert res.exit_code == 1, res.output
    assert "4 rows read" in res.output  # VD-2 holds VD-3 and VD-4
    assert scored_ids(out) == ["VD-1", "VD-5", "VD-6"]
    [found] = findings(out)
    assert (found["code"], found["severity"], found["row"]) == ("suspicious_multiline_cell", "error", "3")
    assert found["column"] == "G1.1_note (I)" and found["value"].startswith("Theo ghi chú,")
    assert "runs from line 3 to line 5 of the file, over 2 line(s)" in found["message"]


def test_a_stray_quote_in_an_ignored_column_or_never_closed_is_found_too(cli: Cli, tmp_path: Path) -> None:
    rows = [agency(f"VD-{i}") for i in range(1, 5)]
    text = stray_quote(rows, 1, None)  # never closed: the cell runs to the end of the file
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1 and "1 rows read" in res.output
    [found] = findings(out)
    assert found["code"] == "suspicious_multiline_cell" and "line 2 to line 5" in found["message"]
    columns = [*header(), "ghi_chu_them"]  # a column assess does not know, and ignores
    path.write_text(stray_quote(rows, 1, 3, columns), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1 and "2 rows read" in res.output
    codes = {(f["code"], f["row"], f["column"]) for f in findings(out)}
    assert ("suspicious_multiline_cell", "2", "CV") in codes


def test_a_note_with_its_own_line_breaks_is_not_suspicious(cli: Cli, tmp_path: Path) -> None:
    note = (
        "Đã có:\nWebsite, App, Fanpage, Zalo, YouTube, TikTok, Podcast, Báo in\nVD-2, một dòng, ngắn\n\n"
        "Năm, 2024, 2025, 2026, 20/11/2026, x, y, z"
    )
    rows = [agency("VD-1", G1__1_note=note), agency("VD-2")]
    path = tmp_path / "s.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 0 and scored_ids(out) == ["VD-1", "VD-2"] and findings(out) == []


def test_windows_and_old_mac_line_breaks_in_a_note_are_line_feeds(cli: Cli, tmp_path: Path) -> None:
    """A note typed on Windows (CRLF) or an old Mac (CR) is a note with line breaks, not control
    characters; a carriage return anywhere else is still refused."""
    import json

    rows = [
        agency("VD-1", G1__1_note="Dòng một\r\nDòng hai"),
        agency("VD-2", G1__1_note="Dòng một\rDòng hai"),
        agency("VD-3", name="Báo\rĐồng Phú"),
    ]
    path = tmp_path / "s.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1
    assert scored_ids(out) == ["VD-1", "VD-2"]
    assert [(f["row"], f["code"]) for f in findings(out)] == [("4", "bad_text")]
    for agency_id in ("VD-1", "VD-2"):
        saved = json.loads((out / "assessments" / f"{agency_id}.json").read_text(encoding="utf-8"))
        assert saved["answers"]["G1.1"]["note"] == "Dòng một\nDòng hai"


# --- 10 and 18: NUL bytes, UTF-16 and UTF-32 ----------------------------------------------------


def test_nul_bytes_in_a_utf8_file_are_findings_not_a_reason_to_read_utf16(cli: Cli, tmp_path: Path) -> None:
    data = csv_text([agency(f"VD-{i:02d}") for i in range(20)]).encode("utf-8")
    after_header = data.index(b"\r\n") + 2
    path = tmp_path / "s.csv"
    path.write_bytes(data[:after_header] + b"\x00" * 2_000 + data[after_header:])
    res, out = batch(cli, path)
    assert res.exit_code == 1, res.output
    assert "Encoding utf-8" in res.output and len(scored_ids(out)) == 19
    [found] = findings(out)
    assert (found["code"], found["row"], found["column"]) == ("bad_text", "2", "agency_id (A)")
    assert found["value"].startswith("\\x00\\x00")  # shown escaped, never written raw


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [
        ("utf-32", b"", "utf-32"),  # with a byte-order mark (Python writes one)
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
    ],
)
def test_utf32_and_utf16_with_and_without_a_bom(
    cli: Cli, tmp_path: Path, encoding: str, bom: bytes, detected: str
) -> None:
    rows = [agency("VD-1", name="Báo Sức khỏe Đồng Nai"), agency("VD-2", name="Tạp chí Sông Hương")]
    path = tmp_path / "s.csv"
    path.write_bytes(bom + csv_text(rows).encode(encoding))
    res, out = batch(cli, path)
    assert res.exit_code == 0, res.output
    assert f"Encoding {detected}," in res.output and "\x00" not in res.output
    results = (out / "results.csv").read_text(encoding="utf-8-sig")
    assert "Báo Sức khỏe Đồng Nai" in results and "Tạp chí Sông Hương" in results


# --- 18: TCVN3 and VNI ----------------------------------------------------------------------------

# Test data only: Vietnamese letters in TCVN3 (TCVN 5712:1993 "VN3"): the byte of each letter.
TCVN3 = dict(
    zip(
        "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ",
        [*range(0xB5, 0xBA), 0xA8, *range(0xBB, 0xBF), 0xC6, 0xA9, *range(0xC7, 0xCC), 0xAE, 0xCC]
        + [0xCE, 0xCF, 0xD0, 0xD1, 0xAA, *range(0xD2, 0xD7), 0xD7, 0xD8, 0xDC, 0xDD, 0xDE, 0xDF, 0xE1]
        + [0xE2, 0xE3, 0xE4, 0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xAC, *range(0xEA, 0xEF), 0xEF, 0xF1]
        + [0xF2, 0xF3, 0xF4, 0xAD, *range(0xF5, 0xFA), 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, *range(0xA1, 0xA8)],
        strict=True,
    )
)
# VNI: a base letter and a mark (Latin-1 characters of the VNI-Windows fonts), per tone and shape.
VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï", "": ""}
VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def tcvn3(text: str) -> bytes:
    """Text as TCVN3 bytes (a capital with a tone mark is typed as the small letter, as in TCVN3)."""
    return bytes(ord(c) if c.isascii() else TCVN3.get(c, TCVN3.get(c.lower(), 0)) for c in text)


def vni(text: str) -> bytes:
    """Text as VNI bytes: a base letter followed by its mark, capitals with capital marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in VNI_TONE), "")
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
        if ch.isascii():
            out.append(ch)
            continue
        if ch in "đĐ":
            piece = "ñ"
        elif base in "iI" and tone:
            piece = VNI_I[tone]
        elif shape == "\u031b":  # the horn: ơ and ư are letters of their own
            piece = {"o": "ô", "u": "ö"}[base.lower()] + VNI_TONE[tone]
        else:
            marks_of = {"\u0302": VNI_CIRCUMFLEX, "\u0306": VNI_BREVE}.get(shape, VNI_TONE)
            piece = base.lower() + marks_of[tone]
        out.append(piece.upper() if base.isupper() else piece)
    return "".join(out).encode("latin-1")


def test_the_test_encoders_spell_what_the_issue_shows() -> None:
    assert tcvn3("Báo Sức khỏe").decode("cp1258") == "B¸o Søc kháe"
    assert vni("Báo Sức khỏe đồng").decode("latin-1") == "Baùo Söùc khoûe ñoàng"


@pytest.mark.parametrize(
    ("name", "encode", "example"),
    [
        ("TCVN3", tcvn3, "B¸o, §ång, ®Þa"),
        ("VNI", vni, "Ñoàng"),
        ("TCVN3", lambda text: tcvn3(text).decode("cp1252").encode("utf-8"), "B¸o"),  # pasted into UTF-8
    ],
)
def test_tcvn3_and_vni_files_are_refused_with_how_to_convert_them(
    cli: Cli, tmp_path: Path, name: str, encode: Callable[[str], bytes], example: str
) -> None:
    rows = [agency("VD-1", name="Báo Sức khỏe Đồng Nai"), agency("VD-2", name="Tạp chí Sông Hương")]
    path = tmp_path / "s.csv"
    path.write_bytes(encode(csv_text(rows)))
    res, out = batch(cli, path)
    assert res.exit_code == 2, res.output
    assert f"looks typed in the old {name} encoding" in res.stderr and example in res.stderr
    assert f"Unikey's converter, {name} → Unicode" in res.stderr
    assert not out.exists()
    res = cli("batch", path, "--out", out)  # in Vietnamese by default
    assert res.exit_code == 2 and f"bảng mã {name} cũ" in res.stderr


def test_a_given_encoding_skips_the_legacy_check(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    row = agency("VD-1", name="Báo Sức khỏe", block="local_newspaper", key_agency="0")
    path.write_bytes(tcvn3(csv_text([row])))
    res, out = batch(cli, path, "--encoding", "cp1258")  # the user's word: read as given
    assert res.exit_code == 0, res.output
    assert "B¸o Søc kháe" in (out / "results.csv").read_text(encoding="utf-8-sig")


def test_windows_1258_and_1252_files_are_still_read(cli: Cli, tmp_path: Path) -> None:
    from tests.submission_files import cp1258

    path = tmp_path / "s.csv"
    path.write_bytes(cp1258(csv_text([agency("VD-1", name="Báo Sức khỏe Đồng Nai"), agency("VD-2")])))
    res, out = batch(cli, path)
    assert res.exit_code == 0 and "Encoding cp1258" in res.output
    assert "Báo Sức khỏe Đồng Nai" in (out / "results.csv").read_text(encoding="utf-8-sig")
    plain = {"block": "local_newspaper", "province": "Ha Noi", "governing_body": "Tinh uy"}
    rows = [agency("VD-1", name="Café Müller", **plain), agency("VD-2", name="Bao Nhan Dan", **plain)]
    path.write_bytes(csv_text(rows).encode("cp1252"))
    res, out = batch(cli, path)
    assert res.exit_code == 0 and "Café Müller" in (out / "results.csv").read_text(encoding="utf-8-sig")


# --- 21: look-alike ids, bidirectional and control characters ------------------------------------


def test_look_alike_ids_are_one_agency(cli: Cli, tmp_path: Path) -> None:
    ids = [
        "VD-BOM",
        "\ufeffVD-BOM",
        "VD-zw",
        "VD-\u200bzw",
        "VD-ABC",
        "ＶＤ－ＡＢＣ",
        "vd-abc\u00ad",
        "VD-OK",
    ]
    path = tmp_path / "s.csv"
    path.write_text(csv_text([agency(i) for i in ids]), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1
    assert scored_ids(out) == ["VD-OK"]
    duplicates = {int(f["row"]) for f in findings(out) if f["code"] == "duplicate_agency_id"}
    assert duplicates == set(range(2, 9))
    assert submissions.duplicate_key(" ＶＤ－ＡＢＣ\u200d ") == submissions.duplicate_key("vd-abc")


@pytest.mark.parametrize("bidi", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2069"])
def test_bidirectional_controls_are_refused_in_agency_ids(cli: Cli, tmp_path: Path, bidi: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(csv_text([agency(f"VD-{bidi}1CBA"), agency("VD-2")]), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1 and scored_ids(out) == ["VD-2"]
    [found] = findings(out)
    assert (found["code"], found["row"], found["column"]) == ("bad_text", "2", "agency_id (A)")
    assert "bidirectional control" in found["message"]
    assert found["value"] == f"VD-{ascii(bidi)[1:-1]}1CBA"  # escaped: it cannot reorder the line


@pytest.mark.parametrize("column", ["agency_name", "province", "governing_body", "G1.1_note"])
@pytest.mark.parametrize("control", ["\x85", "\x9b", "\x1b", "\x00"])
def test_control_characters_are_refused_in_every_text(
    cli: Cli, tmp_path: Path, column: str, control: str
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(csv_text([agency("VD-1", **{column: f"Báo{control}[2J"})]), encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1
    [found] = findings(out)
    assert found["code"] == "bad_text" and found["column"].startswith(column)
    assert control not in found["value"] and found["value"].startswith("Báo\\x")


def test_chunks_read_hostile_reading_cases_as_every_row_with_every_rule() -> None:
    q = factories.press()
    columns_, _ = submissions.map_columns(header(), "s.csv", q)
    reader = submissions.Reader(columns_, q, "s.csv", date(2026, 11, 26), 0.25, typed=False)
    base = lines([agency("VD-1")])[1].split(",")
    swallowed = submissions.SpanningCells(base)
    swallowed.column, swallowed.first_line, swallowed.last_line, swallowed.swallowed = NOTE, 3, 5, 2
    cases: list[list[str]] = [swallowed, list(base)]
    for column, value in [(0, "VD-\u202e1"), (1, "Bá\x85o"), (3, "Đồng\u2066 Nai"), (NOTE, "ghi\x9b chú")]:
        cells = list(base)
        cells[column] = value
        cases.append(cells)
    rows = [submissions.Row(i + 2, cells) for i, cells in enumerate(cases)]
    quick = submissions.parse_chunk(rows, reader)
    every = submissions.parse_chunk(rows, reader, every_row=True)
    assert (quick.findings, quick.errors) == (every.findings, every.errors)
    assert quick.errors == [1, 0, 1, 1, 0, 1]  # a province's bidirectional control is no error
    assert quick.findings[0].code == "suspicious_multiline_cell"


# --- a header with no required column -------------------------------------------------------------


def test_a_header_with_no_required_column_and_no_rows_is_an_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("foo,bar\n", encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 1
    missing = [f for f in findings(out) if f["code"] == "missing_column"]
    assert len(missing) == 7 and {f["severity"] for f in missing} == {"error"}


# --- stated limits: regular files only, file size, rows -------------------------------------------


def assess_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """assess in a process of its own, stopped after a minute: a reading that waits for a writer,
    or never ends, fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "assess", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "240"},
    )


def test_a_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "folder.csv").mkdir()
    res, _ = batch(cli, tmp_path / "folder.csv")
    assert res.exit_code == 2 and "is a folder, not a file" in res.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="a POSIX device")
def test_a_device_is_refused_at_once(tmp_path: Path) -> None:
    res = assess_process("batch", "/dev/zero", "--out", tmp_path / "o", "--lang", "en")
    assert res.returncode == 2 and "/dev/zero: not a regular file" in res.stderr
    res = assess_process("batch", "/dev/zero", "--out", tmp_path / "o")
    assert res.returncode == 2 and "không phải tệp thông thường" in res.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "s.csv"
    os.mkfifo(fifo)
    res = assess_process("batch", fifo, "--out", tmp_path / "o", "--lang", "en")
    assert res.returncode == 2 and "s.csv: not a regular file" in res.stderr
    # A FIFO put in the file's place after it was checked: opened without blocking, and refused.
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from assess import submissions; submissions._open_binary({str(fifo)!r}, 'en')",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert opened.returncode == 1 and "UnreadableFileError" in opened.stderr
    assert "not a regular file" in opened.stderr


def test_a_file_over_the_size_limit_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submissions, "FILE_MAX", 1 << 20)  # the real limit is 1 GiB
    path = tmp_path / "s.csv"
    path.write_text(csv_text([agency("VD-1", G1__1_note="x" * 15_000) for _ in range(80)]), encoding="utf-8")
    for name in ("s.csv", "s.xlsx"):
        path = path.rename(tmp_path / name)
        res, _ = batch(cli, path)
        assert res.exit_code == 2 and "the file is 2 MiB, over the limit of 1 MiB" in res.stderr
        assert "split the submissions" in res.stderr


def test_rows_past_the_limit_refuse_the_file_but_trailing_empty_rows_do_not(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submissions, "ROWS_MAX", 3)  # the real limit is 2,000,000
    path = tmp_path / "s.csv"
    path.write_text(csv_text([agency(f"VD-{i}") for i in range(3)]) + ",,\r\n" * 5, encoding="utf-8")
    res, out = batch(cli, path)
    assert res.exit_code == 0 and len(scored_ids(out)) == 3
    path.write_text(csv_text([agency(f"VD-{i}") for i in range(4)]), encoding="utf-8")
    res, _ = batch(cli, path)
    assert res.exit_code == 2 and "more than 3 data rows" in res.stderr


def test_the_stated_limits() -> None:
    """The README states these numbers; a 10^6-row batch (274 MB) fits within them."""
    assert submissions.FILE_MAX == 1 << 30
    assert submissions.ROWS_MAX == 2_000_000
    assert submissions.CELL_MAX == 1 << 24
    assert csv.field_size_limit() == submissions.CELL_MAX
