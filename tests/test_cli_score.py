"""`assess score` end to end: table, JSON equal to the library's, CSV, and partial failure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from assess import resources, result, scoring
from tests import factories

Cli = Callable[..., Result]


def test_table_in_vietnamese_and_english(cli: Cli, tmp_path: Path) -> None:
    path = factories.write(factories.answered(), tmp_path)
    vi = cli("score", path)
    assert vi.exit_code == 0, vi.output
    r = result.evaluate(
        factories.answered(),
        factories.press(),
        scoring.load(resources.scoring_dir() / "press-dx.yaml", factories.press()),
    )
    assert "Báo Đồng Phú" in vi.stdout
    assert f"{r.scores.index:.1f}".replace(".", ",") in vi.stdout  # Vietnamese decimal comma
    assert r.scores.band.name.vi in vi.stdout
    assert "Mức" in vi.stdout and "G7 Hợp tác và huy động nguồn lực" in vi.stdout
    assert "Chỉ tiêu của Chiến lược" in vi.stdout
    en = cli("score", path, "--lang", "en")
    assert f"{r.scores.index:.1f}" in en.stdout and r.scores.band.name.en in en.stdout
    assert "Level" in en.stdout and "G4 Digital platforms and data" in en.stdout


def test_json_equals_the_library_serialisation(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered(key=True, block="central_newspaper", name="Báo Tin Nhanh Việt")
    path = factories.write(a, tmp_path)
    out = cli("score", path, "--format", "json")
    assert out.exit_code == 0, out.output
    q = factories.press()
    expected = result.dumps(result.evaluate(a, q, scoring.resolve(None, q)))
    assert out.stdout == expected
    data = json.loads(out.stdout)
    assert data["profile"] == {"id": "press-dx", "version": "1.1.0"}
    assert data["questionnaire"]["hash"] == q.content_hash
    assert data["roadmap"]["key_agency"] is True
    # the same bytes every time
    assert cli("score", path, "--format", "json").stdout == out.stdout


def test_csv_one_row_per_file_and_no_formulas(cli: Cli, tmp_path: Path) -> None:
    a = factories.write(factories.answered(agency_id="A-1", name='=HYPERLINK("http://x")'), tmp_path)
    b = factories.write(
        factories.answered(agency_id="B-2", name="Tạp chí Sông Lam", block="magazine"), tmp_path
    )
    out_file = tmp_path / "scores.csv"
    res = cli("score", a, b, "-f", "csv", "-o", out_file)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert [r["agency_id"] for r in rows] == ["A-1", "B-2"]
    assert rows[0]["agency_name"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["agency_name"] == "Tạp chí Sông Lam"
    assert {"G1_score", "G7_level", "index", "band", "official_total"} <= set(rows[0])


def test_a_bad_file_is_reported_and_the_others_still_scored(cli: Cli, tmp_path: Path) -> None:
    good = factories.write(factories.answered(), tmp_path)
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"schema_version": 1, "agency": ', encoding="utf-8")
    foreign = factories.answered(agency_id="F-1")
    foreign = foreign.model_copy(
        update={"questionnaire": foreign.questionnaire.model_copy(update={"version": "0.9"})}
    )
    foreign_path = factories.write(foreign, tmp_path)

    res = cli("score", good, foreign_path, "-f", "csv")
    assert res.exit_code == 1
    assert "phiên bản 0.9" in res.stderr
    assert "BDP-014" in res.stdout and "F-1" not in res.stdout

    res = cli("score", good, damaged, "-f", "csv")
    assert res.exit_code == 2  # a file that cannot be read at all
    assert "tệp đánh giá bị hỏng: không phải JSON hợp lệ" in res.stderr
    assert "BDP-014" in res.stdout


def test_incomplete_results_are_flagged(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered(level=lambda qid: 3 if qid.startswith(("G1", "G2")) else None)
    path = factories.write(a, tmp_path)
    res = cli("score", path)
    assert res.exit_code == 0, res.output
    unanswered = len(
        [q for q in factories.press().applicable("local_newspaper") if not q.id.startswith(("G1", "G2"))]
    )
    assert f"Chưa đầy đủ: {unanswered} câu chưa trả lời" in res.stdout
    assert "chưa trả lời (tính 0 điểm)" in res.stderr
    assert "G7.5" in res.stdout  # the unanswered questions are listed


def test_several_files_side_by_side(cli: Cli) -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "examples" / "assessments").glob("*.json"))
    assert len(examples) >= 3
    res = cli("score", *examples, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Đài Phát thanh và Truyền hình Ngọc Lĩnh" in res.stdout
    assert "Tạp chí Khoa học Trường Đại học Hòa Vang" in res.stdout
    assert "Each group: score 0–100, level 0–5 below." in res.stdout
