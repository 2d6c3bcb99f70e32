"""The national picture as data: results.json's `summary`, checked by hand on a small batch, and the
file itself read back against its model and its published JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from assess import assessment as am
from assess import roadmap, scoring, summary
from tests import factories
from tests.conftest import write_yaml
from tests.submission_files import agency, write_csv

Cli = Callable[..., Result]

# Four agencies answering every question at one level, so that each index is level × 20 exactly,
# and one row rejected (an impossible date).
ROWS = [
    agency("VD-A", "Báo Ánh Dương", "Báo địa phương", 5, assessed_on="2026-10-01"),
    agency("VD-B", "Báo Bình Minh", "Báo địa phương", 1),
    agency("VD-C", "Tạp chí Cửa Sông", "Tạp chí", 3),
    agency("VD-D", "Đài PT-TH Đồi Thông", "Phát thanh - truyền hình", 2, key_agency="có"),
    agency("VD-E", "Báo Sai Ngày", "Báo địa phương", 3, assessed_on="31/02/2026"),
]


def _reference(row: dict[str, Any]) -> tuple[am.Assessment, scoring.Scores]:
    """What the reference engine (one assessment at a time) says of a row."""
    q = factories.press()
    profile = scoring.resolve(None, q)
    block = q.match_block(row["block"])
    assert block is not None
    a = am.new(
        q,
        am.Agency(
            id=row["agency_id"],
            name=row["agency_name"],
            block=block.id,
            key_agency=row["key_agency"] == "có",
        ),
        assessed_on=am.date.fromisoformat(row["assessed_on"]),
    )
    level = row["G1.1"]
    a = a.model_copy(
        update={"answers": {x.id: am.Answer(level=level) for x in q.applicable(block.id)}},
    )
    return a, scoring.score(a, q, profile)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tests.conftest import run

    folder = tmp_path_factory.mktemp("summary")
    source = write_csv(folder / "round.csv", ROWS)
    res = run("batch", source, "--out", folder / "out", "--jobs", "1")
    assert res.exit_code == 1, res.output  # one row rejected
    data: dict[str, Any] = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    return data


def test_counts_bands_and_spreads_by_hand(written: dict[str, Any]) -> None:
    s = summary.ResultsFile.model_validate(written).summary
    assert s.period == summary.Period(first=am.date(2026, 10, 1), last=am.date(2026, 11, 20))
    assert s.overall.assessed == 4
    assert s.overall.key_agencies == 1
    # 100 (excellent from 90 since 2024), 60 (fair), 20 and 40 (weak)
    assert s.overall.bands == {"weak": 2, "average": 0, "fair": 1, "good": 0, "excellent": 1}
    assert s.overall.index == summary.Spread(min=20, q1=35, median=50, q3=70, max=100, mean=55)
    local = s.block("local_newspaper")
    assert (local.assessed, local.index) == (
        2,
        summary.Spread(min=20, q1=40, median=60, q3=80, max=100, mean=60),
    )
    assert local.groups["G1"] == summary.Spread(min=20, q1=40, median=60, q3=80, max=100, mean=60)
    assert s.block("science_journal").assessed == 0
    assert s.block("science_journal").index is None
    assert s.data_quality.rows_read == 5
    assert (s.data_quality.scored, s.data_quality.rejected) == (4, 1)
    assert [(f.code, f.severity, f.rows) for f in s.data_quality.findings] == [("bad_date", "error", 1)]


def test_targets_gaps_and_help_match_the_reference_engine(written: dict[str, Any]) -> None:
    q = factories.press()
    profile = scoring.resolve(None, q)
    s = summary.ResultsFile.model_validate(written).summary
    scored = [_reference(r) for r in ROWS[:4]]
    for k, target in enumerate(q.targets):
        statuses = [(a, sc.targets[k].status) for a, sc in scored]
        bound = [(a, st) for a, st in statuses if st in ("met", "not_met", "unanswered")]
        met = [a for a, st in bound if st == "met"]
        got = next(t for t in s.targets if t.target == target.id)
        assert (got.overall.bound, got.overall.met) == (len(bound), len(met)), target.id
        key = [a for a, _ in bound if a.agency.key_agency]
        assert got.key.bound == len(key)
        assert got.small_medium.bound == len(bound) - len(key)
        if bound and target.share_2025 is not None:
            assert got.overall.reaches_2025 == (len(met) / len(bound) >= target.share_2025)
        local = [a for a, _ in bound if a.agency.block == "local_newspaper"]
        assert got.by_block["local_newspaper"].bound == len(local)
    below: dict[str, int] = {}
    for a, sc in scored:
        for qid in roadmap.below_aim(sc, q, profile, a.agency.block, a.agency.key_agency):
            below[qid] = below.get(qid, 0) + 1
    assert {g.question: g.below for g in s.gaps} == below
    shares = [g.share for g in s.gaps]
    assert shares == sorted(shares, reverse=True)

    rule = profile.help_rule
    expected = {}
    for a, sc in scored:
        late = [t.id for t in sc.targets if t.overdue]
        if sc.band.id in rule.bands or (rule.overdue_targets and len(late) >= rule.overdue_targets):
            expected[a.agency.id] = late
    assert {"VD-B", "VD-D"} <= set(expected)  # both Weak
    assert "VD-A" not in expected
    entries = {e["agency"]["id"]: e["needs_help"] for e in written["results"]}
    assert {i for i, h in entries.items() if h} == set(expected)
    for agency_id, late in expected.items():
        reasons = entries[agency_id]["reasons"]
        assert [r["target"] for r in reasons if r["kind"] == "target_overdue"] == late
    assert s.needing_help.agencies == len(expected)
    assert s.needing_help.by_block["local_newspaper"] == sum(1 for i in expected if i in ("VD-A", "VD-B"))


def test_results_json_matches_its_published_schema(cli: Cli, written: dict[str, Any]) -> None:
    res = cli("schema", "results")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    jsonschema.Draft202012Validator(schema).validate(written)
    broken = json.loads(json.dumps(written))
    broken["summary"]["overall"]["assessed"] = "four"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)
    assert written["results_version"] == 1
    q = factories.press()
    assert written["questionnaire"]["groups"] == summary.group_hashes(q, scoring.resolve(None, q))


def test_group_hashes_change_only_with_what_scores_the_group(tmp_path: Path) -> None:
    q = factories.press()
    profile = scoring.resolve(None, q)
    before = summary.group_hashes(q, profile)
    reworded = q.model_copy(
        update={
            "questions": tuple(
                x.model_copy(
                    update={"rubric": {**x.rubric, 3: x.rubric[3].model_copy(update={"en": "Changed."})}}
                )
                if x.id == "G2.1"
                else x
                for x in q.questions
            )
        }
    )
    after = summary.group_hashes(reworded, profile)
    assert [g for g in before if before[g] != after[g]] == ["G2"]
    heavier = profile.model_copy(
        update={"weights": profile.weights.model_copy(update={"questions": {"G5.1": 7.5}})}
    )
    assert [g for g, h in summary.group_hashes(q, heavier).items() if h != before[g]] == ["G5"]


def test_a_help_rule_naming_an_unknown_band_is_refused(tmp_path: Path) -> None:
    import yaml

    from assess.errors import AssessError
    from assess.resources import scoring_dir

    data = yaml.safe_load((scoring_dir() / "press-dx.yaml").read_text(encoding="utf-8"))
    data["needs_help"] = {"bands": ["hopeless"]}
    path = write_yaml(tmp_path / "profile.yaml", data)
    with pytest.raises(AssessError) as caught:
        scoring.load(path, factories.press())
    assert "hopeless" in str(caught.value) + " ".join(getattr(caught.value, "problems", []))
