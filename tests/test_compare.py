"""assess compare: two assessments of one agency, and two batch rounds."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import Result

from assess import compare as cm
from assess import questionnaire as qm
from tests import factories
from tests.conftest import run
from tests.submission_files import agency, write_csv

Cli = Callable[..., Result]
PRESS = Path(qm.resolve("press-dx")[0])


def flat(level: int) -> Callable[[str], int]:
    return lambda qid: level


def raised(question: str, to: int, base: int = 2) -> Callable[[str], int]:
    return lambda qid: to if qid == question else base


def write(a: Any, directory: Path, name: str) -> Path:
    return factories.write(a, directory, name)


def changed_questionnaire(tmp_path: Path, question: str = "G3.2") -> Path:
    """The bundled questionnaire with one question's rubric reworded (same id and version)."""
    data = yaml.safe_load(PRESS.read_text(encoding="utf-8"))
    for item in data["questions"]:
        if item["id"] == question:
            item["rubric"][2] = {"vi": "Một mô tả khác của mức 2.", "en": "Another description of level 2."}
    path = tmp_path / "press-dx-changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- two assessments -------------------------------------------------------------------------------


def test_identical_assessments_show_no_change(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered(agency_id="VD-BDP-014")
    old, new = write(a, tmp_path, "old.json"), write(a, tmp_path, "new.json")
    res = cli("compare", old, new, "--format", "json")
    assert res.exit_code == 0, res.output
    c = cm.AssessmentComparison.model_validate_json(res.stdout)
    assert c.index is not None and c.index.delta == 0
    assert len(c.groups) == 7 and all(g.score.delta in (0, None) for g in c.groups)
    assert all(g.level is not None and g.level.old == g.level.new for g in c.groups)
    assert len(c.pillars) == 5 and all(p.score.delta in (0, None) for p in c.pillars)
    assert {x.change for x in c.targets} <= {"still_met", "still_not_met", "not_binding"}
    assert c.questions == () and c.not_comparable == ()
    assert c.initiatives and {i.status for i in c.initiatives} == {"not_started"}
    table = cli("compare", old, new, "--lang", "en")
    assert table.exit_code == 0
    assert "No answer changed." in table.stdout
    assert "newly met" not in table.stdout and "Not compared" not in table.stdout


def test_a_raised_answer_shows_its_group_pillar_and_a_newly_met_target(cli: Cli, tmp_path: Path) -> None:
    old = write(factories.answered(level=flat(2)), tmp_path, "old.json")
    # G4.4 measures the target data_platform_ai (met from level 3) and counts for the technology pillar
    new = write(factories.answered(level=raised("G4.4", 3)), tmp_path, "new.json")
    res = cli("compare", old, new, "-f", "json")
    assert res.exit_code == 0, res.output
    c = cm.AssessmentComparison.model_validate_json(res.stdout)
    moved = {g.id: g.score.delta for g in c.groups if g.score.delta}
    assert list(moved) == ["G4"] and moved["G4"] > 0
    assert {p.id for p in c.pillars if p.score.delta} == {"technology"}
    assert c.index is not None and c.index.delta is not None and c.index.delta > 0
    assert {x.target: x.change for x in c.targets if x.change in ("newly_met", "lost")} == {
        "data_platform_ai": "newly_met"
    }
    assert [(q.question, q.old_level, q.new_level) for q in c.questions] == [("G4.4", 2, 3)]
    by_id = {i.initiative: i for i in c.initiatives}
    moving = [i for i in c.initiatives if any(d.question == "G4.4" for d in i.done_when)]
    assert moving and all(i.status in ("in_progress", "done") for i in moving)
    assert all(i.status == "not_started" for i in by_id.values() if i not in moving)

    table = cli("compare", old, new, "--lang", "en", env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert "newly met" in table.stdout and "G4.4" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80


def test_an_initiative_is_done_when_its_questions_reach_their_level_and_regressed_when_one_falls() -> None:
    def step(question: str, level: int, old: int | None, new: int | None) -> cm.DoneWhenProgress:
        return cm.DoneWhenProgress(question=question, level=level, old_level=old, new_level=new)

    assert cm.initiative_status([step("G1.1", 3, 1, 3), step("G1.2", 3, 2, 4)]) == "done"
    assert cm.initiative_status([step("G1.1", 3, 1, 3), step("G1.2", 3, 2, 1)]) == "regressed"
    assert cm.initiative_status([step("G1.1", 3, 1, 2), step("G1.2", 3, None, None)]) == "in_progress"
    assert cm.initiative_status([step("G1.1", 3, 1, 1), step("G1.2", 3, None, None)]) == "not_started"


def test_assessments_of_two_agencies_need_a_mapping(cli: Cli, tmp_path: Path) -> None:
    old = write(factories.answered(agency_id="VD-OLD-1", level=flat(2)), tmp_path, "old.json")
    new = write(factories.answered(agency_id="VD-NEW-1", level=flat(3)), tmp_path, "new.json")
    refused = cli("compare", old, new, "--lang", "en")
    assert refused.exit_code == 2
    assert "VD-OLD-1" in refused.stderr and "--map" in refused.stderr and "Traceback" not in refused.output
    mapping = tmp_path / "map.csv"
    mapping.write_text("old_id,new_id\nVD-OLD-1,VD-NEW-1\n", encoding="utf-8")
    res = cli("compare", old, new, "--map", mapping, "-f", "json")
    assert res.exit_code == 0, res.output
    c = cm.AssessmentComparison.model_validate_json(res.stdout)
    assert c.agency.id == "VD-NEW-1" and c.index is not None and c.index.delta == 20.0


def test_a_changed_question_leaves_its_group_pillar_and_the_index_out(cli: Cli, tmp_path: Path) -> None:
    changed = changed_questionnaire(tmp_path)
    q_new = qm.load(changed)
    old = write(factories.answered(level=flat(2)), tmp_path, "old.json")
    new = write(factories.answered(level=flat(3), q=q_new), tmp_path, "new.json")

    refused = cli("compare", old, new, "--lang", "en")
    assert refused.exit_code == 2, refused.output
    assert "--new-questionnaire" in refused.stderr and "Traceback" not in refused.output

    res = cli("compare", old, new, "--new-questionnaire", changed, "-f", "json")
    assert res.exit_code == 0, res.output
    c = cm.AssessmentComparison.model_validate_json(res.stdout)
    left_out = {(x.kind, x.id, x.reason) for x in c.not_comparable}
    assert {
        ("question", "G3.2", "changed"),
        ("group", "G3", "changed"),
        ("pillar", "audience", "changed"),
        ("index", "index", "changed"),
    } <= left_out
    assert {x.kind for x in c.not_comparable} <= {"question", "group", "pillar", "index", "initiative"}
    assert all(x.kind != "initiative" or x.reason == "changed" for x in c.not_comparable)
    assert c.index is None
    assert [g.id for g in c.groups] == ["G1", "G2", "G4", "G5", "G6", "G7"]
    assert all(g.score.delta == 20.0 for g in c.groups)
    assert "audience" not in {p.id for p in c.pillars} and len(c.pillars) == 4
    assert "G3.2" not in {q.question for q in c.questions} and "G3.1" in {q.question for q in c.questions}
    assert {x.target for x in c.targets} >= {"digital_platforms", "data_platform_ai"}
    for i in c.initiatives:
        assert "G3.2" not in {d.question for d in i.done_when}

    table = cli("compare", old, new, "--new-questionnaire", changed, "--lang", "en")
    assert "The index does not compare" in table.stdout and "Not compared" in table.stdout


def test_assessment_csv_has_a_row_per_group_pillar_target_and_initiative(cli: Cli, tmp_path: Path) -> None:
    old = write(factories.answered(level=flat(2)), tmp_path, "old.json")
    new = write(factories.answered(level=raised("G4.4", 3)), tmp_path, "new.json")
    target = tmp_path / "c.csv"
    res = cli("compare", old, new, "-f", "csv", "-o", target)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("group") == 7 and kinds.count("pillar") == 5 and kinds.count("target") == 7
    assert kinds.count("initiative") >= 1 and kinds.count("question") == 1
    g4 = next(r for r in rows if r["kind"] == "group" and r["id"] == "G4")
    assert float(g4["change"]) > 0
    newly = next(r for r in rows if r["kind"] == "target" and r["id"] == "data_platform_ai")
    assert (newly["old_status"], newly["new_status"], newly["status"]) == ("not_met", "met", "newly_met")
    assert cli("compare", old, new, "-o", tmp_path / "x.txt").exit_code == 2  # a table goes to the terminal


# --- two batch rounds -------------------------------------------------------------------------------


def _batch(directory: Path, rows: list[dict[str, Any]], *options: str | Path) -> Path:
    out = directory / "out"
    res = run("batch", write_csv(directory / "s.csv", rows), "--out", out, *options)
    assert res.exit_code == 0, res.output
    return out / "results.json"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two rounds: VD-1 improves (G4.4 to 3 meets data_platform_ai), VD-2 is unchanged, VD-3 falls,
    VD-4 is renamed VD-40, VD-5 is missing and VD-6 is new; and a third round scored with a
    questionnaire whose G3.2 rubric changed."""
    base = tmp_path_factory.mktemp("rounds")
    first = [
        agency("VD-1", name='=HYPERLINK("http://example.invalid","x")', level=2, assessed_on="2025-11-20"),
        agency("VD-2", level=3, assessed_on="2025-11-20"),
        agency("VD-3", block="Tạp chí", level=4, assessed_on="2025-11-20"),
        agency("VD-4", level=2, assessed_on="2025-11-20"),
        agency("VD-5", level=1, assessed_on="2025-11-20"),
    ]
    second = [
        agency("VD-1", name='=HYPERLINK("http://example.invalid","x")', level=2, G4__4=3),
        agency("VD-2", level=3),
        agency("VD-3", block="Tạp chí", level=3),
        agency("VD-40", level=3),
        agency("VD-6", level=4),
    ]
    (base / "a").mkdir()
    (base / "b").mkdir()
    (base / "c").mkdir()
    mapping = base / "map.csv"
    mapping.write_text("old_id,new_id\nVD-4,VD-40\n", encoding="utf-8")
    changed = changed_questionnaire(base)
    return {
        "old": _batch(base / "a", first),
        "new": _batch(base / "b", second),
        "changed": _batch(base / "c", second, "--questionnaire", changed),
        "map": mapping,
        "questionnaire": changed,
    }


def batch_json(cli: Cli, *args: Any) -> cm.BatchComparison:
    res = cli("compare", *args, "-f", "json")
    assert res.exit_code == 0, res.output
    return cm.BatchComparison.model_validate_json(res.stdout)


def test_a_round_compared_with_itself_shows_no_change(cli: Cli, rounds: dict[str, Path]) -> None:
    c = batch_json(cli, rounds["old"], rounds["old"])
    assert len(c.agencies) == 5 and c.new_agencies == () and c.missing_agencies == ()
    for a in c.agencies:
        assert a.index is not None and a.index.delta == 0
        assert len(a.groups) == 7 and all(g.delta == 0 for g in a.groups.values())
        assert a.targets_newly_met == () and a.targets_lost == ()
    assert all(m.up == () and m.down == () and m.mean_change == 0 for m in c.movers)
    assert c.not_comparable == ()
    assert c.targets and all(x.old == x.new for x in c.targets)


def test_two_rounds_show_changes_new_missing_and_movers(cli: Cli, rounds: dict[str, Path]) -> None:
    c = batch_json(cli, rounds["old"], rounds["new"], "--map", rounds["map"])
    by_id = {a.agency_id: a for a in c.agencies}
    assert set(by_id) == {"VD-1", "VD-2", "VD-3", "VD-40"}
    assert [r.agency_id for r in c.new_agencies] == ["VD-6"]
    assert [r.agency_id for r in c.missing_agencies] == ["VD-5"]
    assert [(m.old_id, m.new_id) for m in c.mapped] == [("VD-4", "VD-40")]
    assert by_id["VD-40"].old_id == "VD-4" and by_id["VD-1"].old_id is None
    one = by_id["VD-1"]
    assert {g for g, x in one.groups.items() if x.delta} == {"G4"}
    assert one.targets_newly_met == ("data_platform_ai",) and one.targets_lost == ()
    assert by_id["VD-2"].index is not None and by_id["VD-2"].index.delta == 0
    three = by_id["VD-3"]
    assert three.index is not None and three.index.delta is not None and three.index.delta < 0
    overall = next(m for m in c.movers if m.block == "all")
    assert overall.up == ("VD-40", "VD-1") and overall.down == ("VD-3",)
    deltas = [a.index.delta for a in c.agencies if a.index is not None and a.index.delta is not None]
    assert len(deltas) == 4 and overall.mean_change == round(sum(deltas) / 4, 2)
    blocks = {x.block for x in c.targets}
    assert {"all", "local_newspaper", "magazine", "key", "small_medium"} <= blocks
    then_now = next(x for x in c.targets if x.target == "data_platform_ai" and x.block == "all")
    assert then_now.old is not None and then_now.new is not None
    # G4.4 at 3 or more: VD-2 and VD-3 then; VD-1, VD-2, VD-3, VD-40 and VD-6 now
    assert (then_now.old.met, then_now.new.met) == (2, 5)

    without = batch_json(cli, rounds["old"], rounds["new"])
    assert {r.agency_id for r in without.new_agencies} == {"VD-40", "VD-6"}
    assert {r.agency_id for r in without.missing_agencies} == {"VD-4", "VD-5"}


def test_a_changed_group_is_listed_and_left_out_of_a_batch_comparison(
    cli: Cli, rounds: dict[str, Path]
) -> None:
    c = batch_json(cli, rounds["old"], rounds["changed"], "--map", rounds["map"])
    left_out = {(x.kind, x.id, x.reason) for x in c.not_comparable}
    assert ("group", "G3", "changed") in left_out and ("index", "index", "changed") in left_out
    assert {x.kind for x in c.not_comparable} <= {"group", "index", "target"}
    for a in c.agencies:
        assert a.index is None and set(a.groups) == {"G1", "G2", "G4", "G5", "G6", "G7"}
    assert c.targets == () and ("target", "data_platform_ai", "changed") in left_out
    # given the questionnaire the new round was scored with, the targets G3.2 does not measure compare
    exact = batch_json(cli, rounds["old"], rounds["changed"], "--new-questionnaire", rounds["questionnaire"])
    assert {x.kind for x in exact.not_comparable} == {"group", "index"}
    assert {x.target for x in exact.targets} >= {"digital_platforms", "data_platform_ai"}
    res = cli("compare", rounds["old"], rounds["changed"], "--lang", "en", env={"COLUMNS": "80"})
    assert res.exit_code == 0 and "Not compared" in res.stdout and "G3" in res.stdout


def test_batch_table_and_csv(cli: Cli, rounds: dict[str, Path], tmp_path: Path) -> None:
    res = cli(
        "compare", rounds["old"], rounds["new"], "--map", rounds["map"], "--lang", "en", env={"COLUMNS": "80"}
    )
    assert res.exit_code == 0, res.output
    for words in ("Headline", "In both", "Largest rises and falls", "then and now", "VD-40"):
        assert words in res.stdout, words
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    target = tmp_path / "c.csv"
    assert cli("compare", rounds["old"], rounds["new"], "-f", "csv", "-o", target).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert {r["agency_id"]: r["status"] for r in rows} == {
        "VD-1": "both",
        "VD-2": "both",
        "VD-3": "both",
        "VD-40": "new",
        "VD-6": "new",
        "VD-4": "missing",
        "VD-5": "missing",
    }
    one = next(r for r in rows if r["agency_id"] == "VD-1")
    assert one["agency_name"].startswith("'=HYPERLINK")  # never a formula in a spreadsheet
    assert float(one["G4_change"]) > 0 and float(one["G1_change"]) == 0
    assert one["targets_newly_met"] == "data_platform_ai"


def test_out_writes_json_csv_and_a_safe_deterministic_xlsx(
    cli: Cli, rounds: dict[str, Path], tmp_path: Path
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        if out == second:
            time.sleep(2.1)  # a clock in the file (a zip entry's time is kept to 2 s) would show
        res = cli(
            "compare", rounds["old"], rounds["new"], "--map", rounds["map"], "--out", out, "--lang", "en"
        )
        assert res.exit_code == 0, res.output
        assert {p.name for p in out.iterdir()} == {"compare.json", "compare.csv", "compare.xlsx"}
    assert (first / "compare.xlsx").read_bytes() == (second / "compare.xlsx").read_bytes()
    c = cm.BatchComparison.model_validate_json((first / "compare.json").read_text(encoding="utf-8"))
    assert len(c.agencies) == 4
    book = load_workbook(first / "compare.xlsx")
    assert book.sheetnames == ["Agencies", "New", "Missing", "Targets", "Not comparable", "Data dictionary"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    agencies = book["Agencies"]
    header = [c.value for c in agencies[1]]
    assert header[:6] == ["agency_id", "old_id", "agency_name", "block", "key_agency", "province"]
    assert {"old_index", "new_index", "index_change", "G4_change", "targets_newly_met"} <= set(header)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in agencies.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"VD-1", "VD-2", "VD-3", "VD-40"}
    assert rows["VD-1"]["agency_name"] == '=HYPERLINK("http://example.invalid","x")'
    assert rows["VD-40"]["old_id"] == "VD-4"
    change = agencies.cell(row=2, column=header.index("index_change") + 1)
    assert change.number_format == "0.00"
    assert [r[0] for r in book["New"].iter_rows(min_row=2, values_only=True)] == ["VD-6"]
    assert [r[0] for r in book["Missing"].iter_rows(min_row=2, values_only=True)] == ["VD-5"]
    dictionary = {(r[0], r[1]) for r in book["Data dictionary"].iter_rows(min_row=2, values_only=True)}
    assert ("Agencies", "index_change") in dictionary and ("Targets", "new_share") in dictionary


def test_pdf_goes_into_the_output_folder(cli: Cli, rounds: dict[str, Path], tmp_path: Path) -> None:
    assert cli("compare", rounds["old"], rounds["new"], "--pdf").exit_code == 2  # --pdf needs --out
    res = cli("compare", rounds["old"], rounds["new"], "--out", tmp_path / "o", "--pdf", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "compare.pdf").read_bytes().startswith(b"%PDF-")


# --- unusable inputs ---------------------------------------------------------------------------------


def test_unusable_inputs_exit_2_without_a_traceback(
    cli: Cli, rounds: dict[str, Path], tmp_path: Path
) -> None:
    assessment = write(factories.answered(), tmp_path, "a.json")

    def refused(*args: Any) -> str:
        res = cli("compare", *args, "--lang", "en")
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output and "internal error" not in res.output
        return res.stderr

    assert "no such file" in refused(tmp_path / "nothing.json", assessment)
    assert "cannot be compared" in refused(assessment, rounds["new"])
    assert "cannot be compared" in refused(rounds["old"], assessment)
    twice = tmp_path / "twice.csv"
    twice.write_text("old_id,new_id\nVD-4,VD-40\nVD-4,VD-41\n", encoding="utf-8")
    assert "row 3" in refused(rounds["old"], rounds["new"], "--map", twice)
    collides = tmp_path / "collides.csv"
    collides.write_text("old_id,new_id\nVD-4,VD-2\n", encoding="utf-8")
    assert "VD-2" in refused(rounds["old"], rounds["new"], "--map", collides)
    headless = tmp_path / "headless.csv"
    headless.write_text("from,to\nVD-4,VD-40\n", encoding="utf-8")
    assert "old_id" in refused(rounds["old"], rounds["new"], "--map", headless)
    older = tmp_path / "older.json"
    document = json.loads(rounds["old"].read_text(encoding="utf-8"))
    del document["results_version"], document["summary"]
    older.write_text(json.dumps(document), encoding="utf-8")
    assert "rerun assess batch" in refused(older, rounds["new"])
    damaged = tmp_path / "damaged.json"
    document = json.loads(rounds["old"].read_text(encoding="utf-8"))
    document["results"][0]["index"] = "high"
    damaged.write_text(json.dumps(document), encoding="utf-8")
    res = cli("compare", damaged, rounds["new"], "--lang", "en")
    assert res.exit_code == 2 and "results.0.index" in res.stderr
    assert "--out is only" in refused(assessment, assessment, "--out", tmp_path / "o")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert "neither" in refused(other, other)


def test_read_results_of_a_real_batch(rounds: dict[str, Path]) -> None:
    results = cm.read_results(rounds["old"], "vi")
    assert results.scored == 5 and set(results.questionnaire.groups) == {f"G{i}" for i in range(1, 8)}


def test_a_results_file_past_the_size_limit_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assess import compare

    big = tmp_path / "results.json"
    big.write_text('{"results": []}' + " " * 2048, encoding="utf-8")
    monkeypatch.setattr(compare, "RESULTS_MAX_BYTES", 1024)
    res = cli("compare", big, big, "--lang", "en")
    assert res.exit_code == 2
    assert "too large to compare" in " ".join(res.output.split())
    assert "Traceback" not in res.output
