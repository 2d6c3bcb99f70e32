"""`assess batch --previous` (progress since the last round), `--id-map` and `--roadmaps`."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import Result

from assess import batch as batch_module
from tests.submission_files import agency, write_csv

Cli = Callable[..., Result]


def rounds(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    """A 2025 round and a 2026 round: VD-1 improves, VD-2 falls, VD-OLD became VD-NEW, VD-GONE
    is missing in 2026 and VD-3 is new."""
    old = [
        agency("VD-1", "Báo Một", level=2, assessed_on="2025-11-10"),
        agency("VD-2", "Báo Hai", level=4, assessed_on="2025-11-10"),
        agency("VD-OLD", "Tạp chí Cũ", block="Tạp chí", level=1, assessed_on="2025-11-10"),
        agency("VD-GONE", "Báo Đã Sáp Nhập", level=3, assessed_on="2025-11-10"),
    ]
    new = [
        agency("VD-1", "Báo Một", level=4),
        agency("VD-2", "Báo Hai", level=3),
        agency("VD-NEW", "Tạp chí Cũ", block="Tạp chí", level=2),
        agency("VD-3", "Báo Ba", level=3),
    ]
    res = cli("batch", write_csv(tmp_path / "old.csv", old), "--out", tmp_path / "y25")
    assert res.exit_code == 0, res.output
    return tmp_path / "y25" / "results.json", write_csv(tmp_path / "new.csv", new)


def test_previous_writes_the_comparison_with_the_id_mapping(cli: Cli, tmp_path: Path) -> None:
    previous, source = rounds(cli, tmp_path)
    (tmp_path / "map.csv").write_text("old_id,new_id\nVD-OLD,VD-NEW\n", encoding="utf-8")
    out = tmp_path / "y26"
    res = cli("batch", source, "--out", out, "--previous", previous, "--id-map", tmp_path / "map.csv")
    assert res.exit_code == 0, res.output
    assert str(out / "compare.json") in res.stdout and str(out / "compare.xlsx") in res.stdout
    c = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    changes = {a["agency_id"]: a for a in c["agencies"]}
    assert set(changes) == {"VD-1", "VD-2", "VD-NEW"}
    assert changes["VD-NEW"]["old_id"] == "VD-OLD"
    assert changes["VD-1"]["index"]["delta"] == 40  # level 2 -> 4 everywhere: 40 -> 80
    assert changes["VD-2"]["index"]["delta"] == -20
    assert [a["agency_id"] for a in c["new_agencies"]] == ["VD-3"]
    assert [a["agency_id"] for a in c["missing_agencies"]] == ["VD-GONE"]
    book = load_workbook(out / "compare.xlsx")
    assert len(book.sheetnames) >= 3

    # without the mapping, the renamed agency is one new and one missing
    res = cli("batch", source, "--out", tmp_path / "unmapped", "--previous", previous)
    assert res.exit_code == 0, res.output
    c = json.loads((tmp_path / "unmapped" / "compare.json").read_text(encoding="utf-8"))
    assert {a["agency_id"] for a in c["new_agencies"]} == {"VD-3", "VD-NEW"}


def test_id_map_needs_previous_and_a_bad_previous_is_refused(cli: Cli, tmp_path: Path) -> None:
    _, source = rounds(cli, tmp_path)
    (tmp_path / "map.csv").write_text("old_id,new_id\nVD-OLD,VD-NEW\n", encoding="utf-8")
    res = cli("batch", source, "--out", tmp_path / "a", "--id-map", tmp_path / "map.csv")
    assert res.exit_code == 2
    assert "--previous" in res.output
    res = cli("batch", source, "--out", tmp_path / "b", "--previous", tmp_path / "missing.json")
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert not (tmp_path / "b").exists()  # refused before anything is written
    not_results = tmp_path / "y25" / "assessments" / "VD-1.json"
    res = cli("batch", source, "--out", tmp_path / "c", "--previous", not_results)
    assert res.exit_code == 2


def test_a_previous_round_naming_files_outside_its_folder_is_not_followed(cli: Cli, tmp_path: Path) -> None:
    previous, _ = rounds(cli, tmp_path)
    secret = tmp_path / "secret.json"
    secret.write_text((tmp_path / "y25" / "assessments" / "VD-2.json").read_text(encoding="utf-8"), "utf-8")
    data = json.loads(previous.read_text(encoding="utf-8"))
    data["results"][0]["files"]["assessment"] = "../secret.json"
    data["results"][1]["files"]["assessment"] = str(secret)
    previous.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = batch_module.Previous.read(previous, None, "en")
    found, warnings = before.sources("en")
    first, second = (e.agency.id for e in before.results.results[:2])
    assert first not in found and second not in found
    assert len(warnings) == 2 and all("not found" in w for w in warnings)
    assert set(found) == {e.agency.id for e in before.results.results[2:]}


def test_roadmaps_write_a_tracker_per_scored_agency(cli: Cli, tmp_path: Path) -> None:
    rows = [agency("VD-1", level=2), agency("VD-2", level=3), agency("VD-3", G1__1="x")]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, "--roadmaps", "--lang", "en")
    assert res.exit_code == 1  # VD-3 rejected
    trackers = sorted(p.name for p in (out / "roadmaps").iterdir())
    assert trackers == ["VD-1.xlsx", "VD-2.xlsx"]
    book = load_workbook(out / "roadmaps" / "VD-1.xlsx")
    assert book.sheetnames[0] == "Roadmap"
    assert not (out / "reports").exists()  # no --pdf: no reports


@pytest.mark.slow
def test_previous_with_pdf_puts_progress_in_each_report(cli: Cli, tmp_path: Path) -> None:
    previous, _ = rounds(cli, tmp_path)
    source = write_csv(tmp_path / "one.csv", [agency("VD-1", "Báo Một", level=4)])
    out = tmp_path / "y26"
    res = cli("batch", source, "--out", out, "--previous", previous, "--pdf", "--lang", "en", "--jobs", "1")
    assert res.exit_code == 0, res.output
    text = subprocess.run(
        ["pdftotext", str(out / "reports" / "VD-1.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Progress since" in text
    sector = subprocess.run(
        ["pdftotext", str(out / "sector-report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "since" in sector.lower()
