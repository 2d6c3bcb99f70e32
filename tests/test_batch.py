"""`assess batch`: every finding code, every encoding and delimiter, xlsx, safety, accounting, exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from assess import assessment as am
from assess import batch, scoring
from assess import findings as fm
from tests import factories
from tests.submission_files import agency, cp1258, csv_text, header, write_csv, write_xlsx

Cli = Callable[..., Result]
TODAY = date(2026, 11, 26)


def run(path: Path, **options: Any) -> batch.Run:
    q = factories.press()
    return batch.run(path, q, scoring.resolve(None, q), today=TODAY, jobs=1, **options)


def codes(r: batch.Run) -> dict[int | None, set[str]]:
    out: dict[int | None, set[str]] = {}
    for f in r.findings:
        out.setdefault(f.row, set()).add(f.code)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# --- one test per finding code ------------------------------------------------------------------

ROW_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("missing_value", {"agency_name": ""}, "agency_name"),
    ("missing_value", {"block": "  "}, "block"),
    ("missing_value", {"assessed_on": ""}, "assessed_on"),
    ("bad_text", {"agency_name": "Báo\x07Chuông"}, "agency_name"),
    ("bad_text", {"province": "x" * 301}, "province"),
    ("unknown_block", {"block": "Báo huyện"}, "block"),
    ("bad_key_agency", {"key_agency": "có lẽ"}, "key_agency"),
    ("bad_date", {"assessed_on": "31/02/2026"}, "assessed_on"),
    ("bad_date", {"assessed_on": "2027-01-01"}, "assessed_on"),
    ("bad_level", {"G1__1": "ba"}, "G1.1"),
    ("bad_level", {"G1__1": "2.5"}, "G1.1"),
    ("bad_level", {"G1__1": "=1+2"}, "G1.1"),
    ("level_out_of_range", {"G4__1": "7"}, "G4.1"),
    ("level_out_of_range", {"G4__1": "-1"}, "G4.1"),
    ("na_not_allowed", {"G1__1": "NA"}, "G1.1"),
    ("na_without_reason", {"G2__6": "không áp dụng"}, "G2.6"),
]


@pytest.mark.parametrize(
    ("code", "change", "column"), ROW_CASES, ids=[f"{c[0]}:{next(iter(c[1]))}" for c in ROW_CASES]
)
def test_each_row_finding_rejects_the_row_and_says_where(
    tmp_path: Path, code: str, change: dict[str, Any], column: str
) -> None:
    path = write_csv(tmp_path / "s.csv", [agency("VD-1"), agency("VD-2", **change), agency("VD-3")])
    r = run(path)
    assert [o.row for o in r.outcomes] == [2, 3, 4]
    assert r.rejected == 1 and [s.agency.id for s in r.scored] == ["VD-1", "VD-3"]
    found = [f for f in r.findings if f.code == code]
    assert found, r.findings
    assert found[0].row == 3 and found[0].column.startswith(column), found[0]
    assert found[0].severity == "error" and found[0].message


def test_warnings_keep_the_row(tmp_path: Path) -> None:
    rows = [
        agency("VD-1", name="<b>Báo</b> Đậm"),
        agency("VD-2", name='=HYPERLINK("x")'),
        agency("VD-3", block="Báo trung ương", G3__9="4"),
    ]  # G3.9 is for science journals only
    r = run(write_csv(tmp_path / "s.csv", rows))
    assert r.rejected == 0 and len(r.scored) == 3
    assert codes(r) == {2: {"markup_in_text"}, 3: {"formula_in_text"}, 4: {"answer_not_for_block"}}
    assert all(not f.is_error for f in r.findings)


def test_header_findings(tmp_path: Path) -> None:
    cols = [c for c in header() if c not in ("G7.5", "G7.5_note")] + ["colour"]
    r = run(write_csv(tmp_path / "s.csv", [agency()], columns=cols))
    found = {(f.code, f.row, f.column, f.value) for f in r.findings}
    assert ("missing_question_column", 1, "G7.5", "") in found
    unknown = [f for f in r.findings if f.code == "unknown_column"]
    assert [(f.row, f.value) for f in unknown] == [(1, "colour")]
    assert unknown[0].column == "CT"  # as a spreadsheet letters its 98th column (7 + 2 x 45 + 1)
    assert len(r.scored) == 1  # warnings only

    no_block = [c for c in header() if c != "block"]
    r = run(write_csv(tmp_path / "b.csv", [agency("A"), agency("B")], columns=no_block))
    assert r.rejected == 2 and r.scored == []
    assert {f.code for f in r.findings} == {"missing_column"}
    assert [f.row for f in r.findings] == [1, 2, 3]  # the header, then each row says it was not read

    doubled = [*header(), "G1.1"]
    r = run(write_csv(tmp_path / "d.csv", [agency()], columns=doubled))
    assert any(f.code == "duplicate_column" for f in r.findings) and r.rejected == 1


def test_empty_rows_between_submissions_are_findings_trailing_ones_are_not(tmp_path: Path) -> None:
    text = csv_text([agency("A"), {}, agency("B")]) + ",,,\r\n\r\n"
    (tmp_path / "s.csv").write_text(text, encoding="utf-8")
    r = run(tmp_path / "s.csv")
    assert r.rows_read == 3 and r.rejected == 1
    assert codes(r) == {3: {"empty_row"}}


def test_duplicate_agency_ids_reject_every_copy(tmp_path: Path) -> None:
    r = run(write_csv(tmp_path / "s.csv", [agency("VD-1"), agency("vd-1 "), agency("VD-2")]))
    assert [s.agency.id for s in r.scored] == ["VD-2"]
    dup = [f for f in r.findings if f.code == "duplicate_agency_id"]
    assert [(f.row, f.message) for f in dup] == [
        (2, "mã cơ quan này cũng có ở dòng 3; dòng nào đúng?"),
        (3, "mã cơ quan này cũng có ở dòng 2; dòng nào đúng?"),
    ]


def test_too_many_unanswered(tmp_path: Path) -> None:
    thin = agency("VD-2", level="")
    thin.update({"G1.1": 3, "G1.2": 2})
    r = run(write_csv(tmp_path / "s.csv", [agency("VD-1"), thin]))
    assert codes(r) == {3: {"too_many_unanswered"}}
    finding = next(f for f in r.findings if f.code == "too_many_unanswered")
    assert finding.message.startswith("42/44 câu chưa trả lời (tối đa 20%)")


def test_max_errors_stops_early_and_still_accounts_for_what_was_read(tmp_path: Path) -> None:
    rows = [agency(f"VD-{i}", G1__1="x" if i % 2 else 3) for i in range(1, 11)]
    r = run(write_csv(tmp_path / "s.csv", rows), max_errors=3)
    assert r.stopped_at == 6 and r.rows_read == 5
    assert len(r.scored) + r.rejected == r.rows_read
    assert any(f.code == "stopped_early" and f.row == 6 for f in r.findings)


def test_the_catalogue_is_complete_and_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code, (severity, vi, en) in fm.CATALOGUE.items():
        assert f"`{code}`" in readme, code
        assert severity in ("error", "warning") and vi and en


# --- encodings, delimiters, xlsx, cell forms ------------------------------------------------------

ENCODINGS = [
    ("utf-8", ","),
    ("utf-8-sig", ";"),
    ("utf-16", "\t"),
    ("utf-16-le", ","),
    ("cp1258", ";"),
    ("cp1258", ","),
    ("utf-8", "\t"),
]


@pytest.mark.parametrize(("encoding", "delimiter"), ENCODINGS, ids=[f"{e}-{d!r}" for e, d in ENCODINGS])
def test_every_encoding_and_delimiter_reads_the_same(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [
        agency("VD-1", name="Báo Đồng Phú", province="Thừa Thiên Huế"),
        agency("VD-2", name="Tạp chí Sông Hương", block="Tạp chí", level=2),
    ]
    r = run(write_csv(tmp_path / "s.csv", rows, encoding=encoding, delimiter=delimiter))
    assert r.findings == [] and len(r.scored) == 2
    assert [s.agency.name for s in r.scored] == ["Báo Đồng Phú", "Tạp chí Sông Hương"]
    assert r.scored[0].agency.province == "Thừa Thiên Huế"
    assert r.sheet.delimiter == delimiter
    expected = {
        "utf-16": "utf-16",
        "utf-16-le": "utf-16-le",
        "cp1258": "cp1258",
        "utf-8-sig": "utf-8-sig",
    }.get(encoding, "utf-8")
    assert r.sheet.encoding == expected


def test_encoding_and_delimiter_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(cp1258(csv_text([agency("VD-1", name="Tạp chí")], delimiter="|")))
    r = run(path, encoding="cp1258", delimiter="|")
    assert r.findings == [] and r.scored[0].agency.name == "Tạp chí"


def test_cell_forms_spreadsheets_produce(tmp_path: Path) -> None:
    row = agency("VD-1", level=" 3 ")
    row.update(
        {
            "G1.1": "3.0",
            "G1.2": "4,0",
            "G2.6": "N/A",
            "G2.6_note": "Không nhận quảng cáo",
            "G3.6": "không áp dụng",
            "G3.6_note": "Truy cập mở",
            "key_agency": "CÓ",
            "block": "  LOCAL NEWSPAPER ",
            "assessed_on": "20/11/2026",
        }
    )
    r = run(write_csv(tmp_path / "s.csv", [row]))
    assert r.findings == [], r.findings
    s = r.scored[0]
    assert s.agency.block == "local_newspaper" and s.agency.key_agency is True
    assert s.assessed_on == date(2026, 11, 20)


def test_xlsx_input_with_typed_cells(tmp_path: Path) -> None:
    rows = [
        agency("VD-1", level=4),
        agency("VD-2", name="Đài Ngọc Lĩnh", block="radio_tv", level=2.0),
        agency("VD-3", G1__1="=1+2"),
    ]
    r = run(write_xlsx(tmp_path / "s.xlsx", rows))
    assert [s.agency.id for s in r.scored] == ["VD-1", "VD-2"]
    assert codes(r) == {4: {"bad_level"}}
    assert r.scored[0].assessed_on == date(2026, 11, 20)


def test_unreadable_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    res = cli("batch", tmp_path / "old.xls", "--out", tmp_path / "o", "--lang", "en")
    assert res.exit_code == 2 and "save it as .xlsx" in res.stderr
    res = cli("batch", tmp_path / "old.xls", "--out", tmp_path / "o")  # Vietnamese by default
    assert res.exit_code == 2 and "lưu lại thành .xlsx" in res.stderr
    (tmp_path / "fake.xlsx").write_text("not a zip", encoding="utf-8")
    res = cli("batch", tmp_path / "fake.xlsx", "--out", tmp_path / "o", "--lang", "en")
    assert res.exit_code == 2 and "not a readable .xlsx" in res.stderr
    res = cli("batch", tmp_path / "none.csv", "--out", tmp_path / "o", "--lang", "en")
    assert res.exit_code == 2 and "no such file" in res.stderr
    (tmp_path / "bad.csv").write_bytes(b"\xff\xfe\x00\xd8")  # a lone UTF-16 surrogate
    res = cli("batch", tmp_path / "bad.csv", "--out", tmp_path / "o")
    assert res.exit_code == 2


# --- outputs, safety and accounting --------------------------------------------------------------


def test_outputs_accounting_and_neutralised_cells(cli: Cli, tmp_path: Path) -> None:
    rows = [
        agency("../../etc/passwd", name='=HYPERLINK("http://example.invalid","x")', level=4),
        agency("CON", name="+cmd|' /C calc'!A0", block="Tạp chí"),
        agency("A/B\\C", name="@SUM(1)", level=2),
        agency("a-b-c", name="-2+3", level=1),
        agency("VD-5", G4__1="9"),
    ]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out)
    assert res.exit_code == 1, res.output  # one row rejected
    assert "4 được chấm + 1 bị loại = 5 dòng đọc được." in res.stdout

    results = read_csv(out / "results.csv")
    assert len(results) == 4
    names = {r["agency_id"]: r["agency_name"] for r in results}
    assert names["../../etc/passwd"] == '\'=HYPERLINK("http://example.invalid","x")'
    assert names["CON"].startswith("'+cmd")
    assert names["A/B\\C"] == "'@SUM(1)" and names["a-b-c"] == "'-2+3"
    files = sorted(p.name for p in (out / "assessments").iterdir())
    assert files == ["A-B-C-2.json", "_CON.json", "a-b-c.json", "etc-passwd.json"] or files == sorted(
        ["A-B-C.json", "_CON.json", "a-b-c-2.json", "etc-passwd.json"]
    )
    assert all((out / "assessments" / f).resolve().is_relative_to(out.resolve()) for f in files)
    assert not (tmp_path / "etc").exists()

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert (document["rows_read"], document["scored"], document["rejected"]) == (5, 4, 1)
    entry = next(e for e in document["results"] if e["agency"]["id"] == "CON")
    assert entry["files"]["assessment"] == "assessments/_CON.json"
    assert entry["peers"]["in_block"]["of"] == 1
    assert set(entry["groups"]) == {f"G{i}" for i in range(1, 8)}

    found = read_csv(out / "findings.csv")
    assert [(f["code"], f["row"], f["column"]) for f in found if f["severity"] == "error"] == [
        ("level_out_of_range", "6", "G4.1 (AX)")
    ]
    assert {f["code"] for f in found} >= {"formula_in_text", "level_out_of_range"}


def test_ranks_within_block_and_overall(tmp_path: Path) -> None:
    rows = [
        agency("A", level=2),
        agency("B", level=4),
        agency("C", level=3),
        agency("D", block="Tạp chí khoa học", level=5),
    ]
    r = run(write_csv(tmp_path / "s.csv", rows))
    ranks = {
        s.agency.id: (p.stats().in_block.rank, p.stats().in_block.of, p.stats().overall.rank)
        for s, p in zip(r.scored, r.peers, strict=True)
    }
    assert ranks == {"A": (3, 3, 4), "B": (1, 3, 2), "C": (2, 3, 3), "D": (1, 1, 1)}
    assert [s.agency.id for s, _ in batch.ordered(r)] == ["B", "C", "A", "D"]  # block order, then rank


def test_strict_fails_on_any_finding_and_writes_only_findings(cli: Cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [agency("VD-1", name="<i>Báo</i>")])
    out = tmp_path / "out"
    res = cli("batch", path, "--out", out, "--strict")
    assert res.exit_code == 1
    assert "--strict" in res.stderr
    assert (out / "findings.csv").exists() and not (out / "results.csv").exists()
    clean = write_csv(tmp_path / "c.csv", [agency("VD-1")])
    res = cli("batch", clean, "--out", tmp_path / "clean", "--strict")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "clean" / "results.csv").exists()


def test_batch_and_interview_give_identical_scores(cli: Cli, tmp_path: Path) -> None:
    q = factories.press()
    ids = [x.id for x in q.applicable("local_newspaper")]
    levels = {qid: (sum(map(ord, qid)) * 7) % 6 for qid in ids}
    levels["G2.6"] = "NA"
    intake = ["VD-BDP-014", "Báo Đồng Phú", "2", "Đồng Nai", "Tỉnh ủy Đồng Nai", "k", "Hạnh", "2026-11-20"]
    keys = [("na Không có quảng cáo số" if levels[qid] == "NA" else str(levels[qid])) for qid in ids]
    interview = tmp_path / "interview.json"
    res = cli("interview", "-o", interview, input="\n".join([*intake, *keys, "f"]) + "\n")
    assert res.exit_code == 0, res.output

    row = agency(
        "VD-BDP-014",
        name="Báo Đồng Phú",
        block="local_newspaper",
        **{qid.replace(".", "__"): v for qid, v in levels.items()},
    )
    row["G2.6_note"] = "Không có quảng cáo số"
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", [row]), "--out", out)
    assert res.exit_code == 0, res.output

    from_interview = json.loads(cli("score", interview, "-f", "json").stdout)["scores"]
    from_batch = json.loads(cli("score", out / "assessments" / "VD-BDP-014.json", "-f", "json").stdout)[
        "scores"
    ]
    assert from_batch == from_interview
    summary = json.loads((out / "results.json").read_text(encoding="utf-8"))["results"][0]
    assert summary["index"] == from_interview["index"]


def test_the_template_round_trips_through_the_batch(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    xlsx = tmp_path / "t.xlsx"
    res = cli("template", "-o", xlsx)
    assert res.exit_code == 0, res.output
    book = load_workbook(xlsx)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:8] == [
        "agency_id",
        "agency_name",
        "block",
        "province",
        "governing_body",
        "key_agency",
        "assessed_on",
        "G1.1",
    ]
    validations = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"0,1,2,3,4,5"' in validations and '"0,1,2,3,4,5,NA"' in validations
    # the blocks' drop-down lists the names kept on a hidden sheet (a name may hold a comma)
    lists = book["Danh sách"]
    assert lists.sheet_state == "hidden"
    assert "'Danh sách'!$A$1:$A$5" in validations
    assert "Báo địa phương" in [c.value for c in lists["A"]]
    guide = book.worksheets[1]
    assert guide.title == "Từ điển dữ liệu"
    assert any("Hình thành" in str(c.value) for c in guide[1])
    # fill one row the way a person would, from the drop-down values, and score it
    values = {c.value: i for i, c in enumerate(sheet[1], start=1)}
    sheet.cell(row=2, column=values["agency_id"], value="VD-9")
    sheet.cell(row=2, column=values["agency_name"], value="Báo Mẫu")
    sheet.cell(row=2, column=values["block"], value="Phát thanh truyền hình")
    sheet.cell(row=2, column=values["province"], value="Huế")
    sheet.cell(row=2, column=values["governing_body"], value="UBND thành phố Huế")
    sheet.cell(row=2, column=values["key_agency"], value="không")
    sheet.cell(row=2, column=values["assessed_on"], value=date(2026, 11, 2))
    for question in factories.press().applicable("radio_tv"):
        sheet.cell(row=2, column=values[question.id], value="3")
    book.save(xlsx)
    res = cli("batch", xlsx, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert read_csv(tmp_path / "out" / "results.csv")[0]["block"] == "radio_tv"

    csv_template = tmp_path / "t.csv"
    assert cli("template", "-f", "csv", "-o", csv_template).exit_code == 0
    assert csv_template.read_bytes().startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(csv_template.read_text(encoding="utf-8-sig")))) == header()


def test_the_example_file_scores_as_documented(cli: Cli, tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("submissions.csv", "submissions.xlsx"):
        out = tmp_path / name
        res = cli("batch", examples / name, "--out", out, "--lang", "en")
        assert res.exit_code == 1, res.output  # it has broken rows on purpose
        document = json.loads((out / "results.json").read_text(encoding="utf-8"))
        assert document["rows_read"] == document["scored"] + document["rejected"]
        assert document["scored"] >= 190 and 6 <= document["rejected"] <= 12
        assert "scored +" in res.stdout and "rows read" in res.stdout
        found = {f["code"] for f in read_csv(out / "findings.csv")}
        assert found >= {
            "unknown_block",
            "level_out_of_range",
            "bad_level",
            "na_not_allowed",
            "na_without_reason",
            "bad_date",
            "duplicate_agency_id",
            "empty_row",
            "too_many_unanswered",
            "markup_in_text",
            "formula_in_text",
        }


def test_parallel_scoring_matches_serial(tmp_path: Path) -> None:
    rows = [
        agency(f"VD-{i:04d}", level=i % 6, block=["Báo địa phương", "Tạp chí", "radio_tv"][i % 3])
        for i in range(1, 1300)
    ]
    rows[700]["G1.1"] = "x"
    path = write_csv(tmp_path / "s.csv", rows)
    q = factories.press()
    serial = batch.run(path, q, scoring.resolve(None, q), today=TODAY, jobs=1)
    parallel = batch.run(path, q, scoring.resolve(None, q), today=TODAY, jobs=2)
    assert [(o.row, o.scored) for o in serial.outcomes] == [(o.row, o.scored) for o in parallel.outcomes]
    assert serial.findings == parallel.findings
    assert serial.peers == parallel.peers


def test_pdfs_for_every_agency_and_the_sector(cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    rows = [
        agency("VD-1", name="Báo Đồng Phú", level=4),
        agency("VD-2", name="<script>alert(1)</script> Báo Xấu", level=2),
        agency("VD-3", name="Tạp chí Sông Hương", block="Tạp chí", level=1),
        agency("VD-4", G1__1="mười"),
    ]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, "--pdf", "--jobs", "2")
    assert res.exit_code == 1, res.output
    assert "weasyprint:" not in res.stderr
    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert reports == ["VD-1.pdf", "VD-2.pdf", "VD-3.pdf"]

    def text(path: Path) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())

    first = text(out / "reports" / "VD-1.pdf")
    assert "Báo Đồng Phú" in first
    # peer statistics from the batch: the first of two is above the one other agency
    assert "Xếp thứ 1/2 trong khối Báo địa phương; cao hơn 1 trong 1 cơ quan khác" in first
    assert "Trung vị của khối" in first
    assert "<script>alert(1)</script> Báo Xấu" in text(out / "reports" / "VD-2.pdf")

    sector = text(out / "sector-report.pdf")
    assert "Báo cáo tổng hợp đánh giá chuyển đổi số báo chí" in sector
    assert "Vận hành tòa soạn hội tụ" in sector and "Chất lượng dữ liệu" in sector
    assert "bad_level" in sector and "VD-4" in sector
    assert "Báo địa phương" in sector


def test_a_report_can_be_rendered_again_with_the_batch_peer_statistics(cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    rows = [agency("VD-1", level=4), agency("VD-2", level=2)]
    out = tmp_path / "out"
    assert cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out).exit_code == 0
    target = tmp_path / "again.pdf"
    res = cli("report", out / "assessments" / "VD-2.json", "-o", target, "--results", out / "results.json")
    assert res.exit_code == 0, res.output
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "Xếp thứ 2/2 trong khối Báo địa phương; cao hơn 0 trong 1 cơ quan khác" in text
    other = tmp_path / "other.json"
    other.write_text('{"results": []}', encoding="utf-8")
    res = cli("report", out / "assessments" / "VD-2.json", "-o", target, "--results", other)
    assert res.exit_code == 1 and "không có kết quả cho cơ quan VD-2" in res.stderr


def test_full_detail_joins_the_shared_rubrics_to_every_report(cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    rows = [agency("VD-1", level=4), agency("VD-2", level=2)]
    out = tmp_path / "out"
    res = cli(
        "batch",
        write_csv(tmp_path / "s.csv", rows),
        "--out",
        out,
        "--pdf",
        "--detail",
        "full",
        "--lang",
        "en",
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["VD-1.pdf", "VD-2.pdf"]

    def pages(path: Path) -> list[str]:
        return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]

    one, two = pages(out / "reports" / "VD-1.pdf"), pages(out / "reports" / "VD-2.pdf")
    # each report ends with the same shared annex, laid out once: its pages are numbered as its own
    start = next(i for i, p in enumerate(two) if "Shared annex: every question's rubric" in p)
    shared = two[start:]
    assert len(shared) > 2 and shared == one[len(one) - len(shared) :]
    assert f"Shared annex, page 1 / {len(shared)}" in shared[0]
    assert "G4.1" in " ".join(shared) and "G7.5" in " ".join(shared)
    own = " ".join(two[:start])
    assert "Annex: every answer" in own and "Annex: how every number was computed" in own
    assert "printed in the round's shared annex, at the end of this report" in own
    # the rubrics are not repeated in the agency's own annex: level 5 of G1.1 is only in the shared one
    g11_level5 = "invited to share their DX experience"
    assert g11_level5 in " ".join(shared) and g11_level5 not in own


def test_assessments_as_json_lines(cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    rows = [agency("VD-1", level=4), agency("VD-2", level=2), agency("VD-3", G1__1="mười")]
    source = write_csv(tmp_path / "s.csv", rows)
    files, lines = tmp_path / "files", tmp_path / "lines"
    assert cli("batch", source, "--out", files).exit_code == 1
    res = cli("batch", source, "--out", lines, "--assessments", "jsonl", "--pdf", "--jobs", "2")
    assert res.exit_code == 1, res.output
    assert not (lines / "assessments").exists()
    written = (lines / "assessments.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == 2  # the rejected row is not there
    for line in written:
        a = am.parse(line, "assessments.jsonl")
        twin = am.load(files / "assessments" / f"{a.agency.id}.json")
        assert a == twin and am.dumps(a) == am.dumps(twin)  # the same assessment, one line each
    # reports render from the lines as from the files
    assert sorted(p.name for p in (lines / "reports").iterdir()) == ["VD-1.pdf", "VD-2.pdf"]
    assert "VD-2" in " ".join(p.extract_text() for p in PdfReader(lines / "reports" / "VD-2.pdf").pages)


def test_chart_text_is_never_interpreted(cli: Cli, tmp_path: Path) -> None:
    """Dollar signs in ids are text in the sector report's charts, not mathematics to typeset."""
    from pypdf import PdfReader

    rows = [agency("VD-$\\notacommand{$", level=3), agency("VD-$\\alpha^2$", level=2)]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, "--pdf", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert len(list((out / "reports").glob("*.pdf"))) == 2
    sector = " ".join(p.extract_text() for p in PdfReader(out / "sector-report.pdf").pages)
    assert "VD-$\\alpha^2$" in sector and "α" not in sector
