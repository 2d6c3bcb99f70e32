"""Issue 11's batch defects fixed while the batch became column-wise (items 5, 8 and 20): each
stays fixed."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from typer.testing import Result

from assess import batch, scoring
from assess import questionnaire as qm
from tests.submission_files import agency, write_csv, write_xlsx

Cli = Callable[..., Result]


def findings(out: Path) -> list[dict[str, str]]:
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_note_or_justification_over_its_limit_is_bad_text_on_its_row(cli: Cli, tmp_path: Path) -> None:
    """Item 5: a note over 20,000 characters or an N/A justification over 2,000 crashed the whole
    batch (exit 3, nothing written)."""
    rows = [
        agency("VD-1"),
        agency("VD-2", **{"G1.1_note": "x" * 20_001}),
        agency("VD-3", G3__6="NA", **{"G3.6_note": "y" * 2_001}),
        agency("VD-4", **{"G1.1_note": "z" * 20_000}),  # at the limit: fine
    ]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, "--lang", "en", "-j", "1")
    assert res.exit_code == 1, res.output
    errors = {
        (f["row"], f["code"], f["column"].split(" ")[0]) for f in findings(out) if f["severity"] == "error"
    }
    assert errors == {("3", "bad_text", "G1.1_note"), ("4", "bad_text", "G3.6_note")}
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(r["agency"]["id"] for r in results["results"]) == ["VD-1", "VD-4"]
    kept = json.loads((out / "assessments" / "VD-4.json").read_text(encoding="utf-8"))
    assert kept["answers"]["G1.1"]["note"] == "z" * 20_000


def test_notes_of_unanswered_questions_are_checked_too(cli: Cli, tmp_path: Path) -> None:
    """Item 20: a note on a question left unanswered skipped the text checks (NUL, ESC and markup
    were stored with no finding)."""
    rows = [
        agency("VD-1", G1__1="", **{"G1.1_note": "chưa có\x1b[2J"}),
        agency("VD-2", G1__2="", **{"G1.2_note": "<b>đậm</b>"}),
    ]
    out = tmp_path / "out"
    res = cli("batch", write_csv(tmp_path / "s.csv", rows), "--out", out, "--lang", "en", "-j", "1")
    assert res.exit_code == 1, res.output
    found = {(f["row"], f["code"]) for f in findings(out)}
    assert ("2", "bad_text") in found  # ESC: an error, the row is not scored
    assert ("3", "markup_in_text") in found  # markup: a warning, kept as plain text
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [r["agency"]["id"] for r in results["results"]] == ["VD-2"]


def test_the_workbook_is_read_once_so_replacing_it_mid_run_changes_nothing(tmp_path: Path) -> None:
    """Item 8: the .xlsx was read again when the assessments were written, so a file replaced
    mid-run gave results of one version and assessment files of the other."""
    _, q = qm.resolve("press-dx")
    profile = scoring.resolve(None, q)
    source = write_xlsx(tmp_path / "s.xlsx", [agency("VD-1", level=4), agency("VD-2", level=2)])
    run = batch.run(source, q, profile, jobs=1, today=date(2026, 11, 30))
    # replaced between reading and writing: other agencies, other answers
    write_xlsx(source, [agency("VD-9", level=0), agency("VD-8", G1__1="mười")])
    written = batch.write_results(run, tmp_path / "out", "en", jobs=1)
    files = sorted(p.name for p in written.assessments.iterdir())
    assert files == ["VD-1.json", "VD-2.json"]
    one = json.loads((written.assessments / "VD-1.json").read_text(encoding="utf-8"))
    assert {a["level"] for a in one["answers"].values()} == {4}
    results = json.loads(written.results_json.read_text(encoding="utf-8"))
    assert [r["agency"]["id"] for r in results["results"]] == ["VD-1", "VD-2"]
