"""`assess batch` writes results.xlsx: the results, the findings and a data dictionary."""

from __future__ import annotations

import csv
import gc
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import Result

from assess import batch as batch_module
from assess import results_xlsx, tabular
from tests.submission_files import agency, write_csv

Cli = Callable[..., Result]


def same(text: str) -> str | float:
    """A CSV cell compared by value: a number as a number (the workbook gives 80.0 back as 80)."""
    try:
        return float(text)
    except ValueError:
        return text


def csv_rows(path: Path) -> list[list[str | float]]:
    return [[same(v) for v in row] for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))]


def as_csv(value: Any) -> str | float:
    """A workbook cell as results.csv writes it: text made safe the same way, booleans as words."""
    return same(str(tabular.safe_cell(value)))


def batch(cli: Cli, tmp_path: Path, *options: str) -> Path:
    rows = [
        agency("VD-1", name='=HYPERLINK("http://example.invalid","x")', level=4),
        agency("VD-2", name="Báo Đồng Phú", level=2),
        agency("VD-3", name="Tạp chí Thử", block="Tạp chí", level=5),
        agency("VD-4", G4__1="9"),  # rejected: a finding
    ]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, *options)
    assert res.exit_code == 1, res.output
    assert str(out / "results.xlsx") in res.stdout
    return out


@pytest.mark.parametrize(
    ("lang", "sheets"),
    [
        ("vi", ["Cơ quan", "Mục tiêu theo khối", "Các khối", "Phát hiện", "Từ điển dữ liệu"]),
        ("en", ["Agencies", "Targets by block", "Blocks", "Findings", "Data dictionary"]),
    ],
)
def test_results_xlsx_holds_results_findings_and_dictionary(
    cli: Cli, tmp_path: Path, lang: str, sheets: list[str]
) -> None:
    out = batch(cli, tmp_path, "--lang", lang)
    book = load_workbook(out / "results.xlsx")
    assert book.sheetnames == sheets
    agencies, found, dictionary = (book[sheets[i]] for i in (0, 3, 4))

    results = csv_rows(out / "results.csv")
    values = [list(r) for r in agencies.iter_rows(values_only=True)]
    assert [[as_csv(v) for v in row] for row in values] == results
    assert agencies.freeze_panes == "A2"
    assert agencies.auto_filter.ref == f"A1:{agencies.cell(1, len(results[0])).column_letter}{len(results)}"

    header = results[0]
    name_column, band_column = header.index("agency_name") + 1, header.index("band") + 1
    formula = next(row for row in agencies.iter_rows(min_row=2) if row[0].value == "VD-1")[name_column - 1]
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")
    assert formula.quotePrefix
    for row in agencies.iter_rows(min_row=2):
        band = row[band_column - 1]
        assert band.fill.fill_type == "solid" and band.fill.fgColor.rgb.endswith(
            ("B23B3B", "D9822B", "E6C15A", "6AA57A", "2E7D4F")
        )
        assert row[header.index("index")].number_format == "0.00"
        assert row[header.index("rank_overall")].number_format == "0"
    fills = {
        row[band_column - 1].value: row[band_column - 1].fill.fgColor.rgb
        for row in agencies.iter_rows(min_row=2)
    }
    assert len(set(fills.values())) == len(fills)  # one colour per band

    assert [[as_csv(v) for v in row] for row in found.iter_rows(values_only=True)] == csv_rows(
        out / "findings.csv"
    )
    assert any(row[0] == "level_out_of_range" for row in found.iter_rows(values_only=True))

    described = [list(row) for row in dictionary.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in described] == header
    assert all(isinstance(row[1], str) and row[1] for row in described)
    meaning = {row[0]: row[1] for row in described}
    assert meaning["rank_in_block"] == (
        "Thứ hạng trong khối (1 = cao nhất)" if lang == "vi" else "Rank within the block (1 = highest)"
    )
    assert "G1" in meaning["G1_score"]


def test_rows_past_a_sheets_limit_go_on_in_numbered_sheets(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results_xlsx, "SHEET_ROWS", 2)  # a header and one row a sheet
    out = batch(cli, tmp_path)
    book = load_workbook(out / "results.xlsx")
    results, found = csv_rows(out / "results.csv"), csv_rows(out / "findings.csv")
    assert len(results) == 4 and len(found) == 3  # three agencies, two findings
    agencies = ["Cơ quan", "Cơ quan (2)", "Cơ quan (3)"]
    assert book.sheetnames == [
        *agencies,
        "Mục tiêu theo khối",
        "Các khối",
        "Phát hiện",
        "Từ điển dữ liệu",
        "Phát hiện (2)",
    ]

    def joined(names: list[str]) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for name in names:
            sheet = book[name]
            page = [[as_csv(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.endswith(str(len(page)))
            rows += page if not rows else page[1:]  # each sheet repeats the header
        return rows

    assert joined(agencies) == results
    assert joined(["Phát hiện", "Phát hiện (2)"]) == found


def test_an_interrupted_write_leaves_no_temporary_sheet_behind(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"  # where openpyxl streams the sheets
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    real, calls = batch_module._csv_row, []

    def interrupted(*args: Any) -> list[Any]:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(batch_module, "_csv_row", interrupted)
    rows = [agency(f"VD-{i}") for i in range(3)]
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", tmp_path / "out", "--jobs", "1")
    assert res.exit_code == 130, res.output
    gc.collect()  # an abandoned sheet would complain here (an error under this suite's settings)
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out" / "results.xlsx").exists()


def test_targets_by_block_and_blocks_come_from_the_summary(cli: Cli, tmp_path: Path) -> None:
    """The national picture's sheets hold results.json's summary: a row per target and scope (all,
    each block, key, small/medium), a row per block and one for all; numbers as numbers."""
    import json

    from assess import summary
    from tests import factories

    out = batch(cli, tmp_path, "--lang", "en")
    picture = summary.ResultsFile.model_validate_json((out / "results.json").read_text("utf-8")).summary
    book = load_workbook(out / "results.xlsx")
    q = factories.press()
    rows = list(book["Targets by block"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Target id", "Strategy target", "Scope id", "Scope")
    assert len(rows) - 1 == len(q.targets) * (len(q.blocks) + 3)
    found = {(r[0], r[2]): r for r in rows[1:]}
    for target in picture.targets:
        for scope, a in [
            ("all", target.overall),
            ("key", target.key),
            ("small_medium", target.small_medium),
        ] + [(b, a) for b, a in target.by_block.items()]:
            row = found[(target.target, scope)]
            assert row[4:8] == (a.bound, a.met, a.unanswered, a.share)
    local = next(r for r in found.values() if r[2] == "local_newspaper")
    assert local[3] == "Local newspapers" or local[3] == q.block_by_id["local_newspaper"].name("en")
    blocks = list(book["Blocks"].iter_rows(values_only=True))
    assert len(blocks) == 1 + len(q.blocks) + 1
    assert blocks[-1][0] == "All agencies"
    assert blocks[-1][1] == json.loads((out / "results.json").read_text("utf-8"))["scored"]
    assert blocks[-1][6] == picture.overall.index.median if picture.overall.index else None
    assert book["Blocks"].freeze_panes == "A2"
    assert book["Targets by block"].auto_filter.ref == f"A1:L{len(rows)}"
    for sheet in ("Targets by block", "Blocks"):
        assert all(c.data_type != "f" for row in book[sheet].iter_rows() for c in row)


def test_help_columns_say_who_needs_help_and_why(cli: Cli, tmp_path: Path) -> None:
    out = batch(cli, tmp_path)
    by_id = {
        r["agency_id"]: r for r in csv.DictReader(io.StringIO((out / "results.csv").read_text("utf-8-sig")))
    }
    assert by_id["VD-2"]["needs_help"] == "true"  # level 2 everywhere: Weak
    assert "band:weak" in by_id["VD-2"]["help_reasons"].split("; ")
    assert by_id["VD-2"]["support_platforms"]
    assert by_id["VD-3"]["needs_help"] == "false"
    assert by_id["VD-3"]["help_reasons"] == by_id["VD-3"]["support_platforms"] == ""


def test_xlsx_option_writes_it_or_not(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [agency("VD-1", level=2), agency("VD-2", level=3)]
    source = write_csv(tmp_path / "s.csv", rows)
    res = cli("batch", source, "--out", tmp_path / "never", "--xlsx", "never")
    assert res.exit_code == 0 and not (tmp_path / "never" / "results.xlsx").exists()
    assert "results.xlsx" not in res.stdout
    monkeypatch.setattr(batch_module, "XLSX_AUTO", 1)  # past the automatic limit: left to results.csv
    res = cli("batch", source, "--out", tmp_path / "auto")
    assert res.exit_code == 0 and not (tmp_path / "auto" / "results.xlsx").exists()
    assert (tmp_path / "auto" / "results.csv").exists()
    res = cli("batch", source, "--out", tmp_path / "always", "--xlsx", "always")
    assert res.exit_code == 0 and (tmp_path / "always" / "results.xlsx").exists()
    monkeypatch.setattr(batch_module, "XLSX_AUTO", 2)  # within it
    res = cli("batch", source, "--out", tmp_path / "within")
    assert res.exit_code == 0 and (tmp_path / "within" / "results.xlsx").exists()
