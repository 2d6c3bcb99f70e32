"""The scoring engine: hand-computed examples checked exactly, and properties that must always hold."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess import assessment as am
from assess import questionnaire as qm
from assess import resources, result, scoring
from assess.errors import InvalidContentError
from tests.conftest import FIXTURES, write_yaml

MINI_PROFILE = FIXTURES / "mini-scoring.yaml"
PRESS = qm.resolve("press-dx")[1]
PRESS_PROFILE = scoring.load(resources.scoring_dir() / "press-dx.yaml", PRESS)


def assess_with(
    q: qm.Questionnaire,
    answers: dict[str, am.Answer],
    *,
    block: str = "journal",
    key: bool = False,
    on: date = date(2026, 11, 26),
) -> am.Assessment:
    agency = am.Agency(id="T-1", name="Tạp chí Thử nghiệm", block=block, key_agency=key)
    return am.new(q, agency, assessed_on=on).model_copy(update={"answers": answers})


@pytest.fixture
def mini_profile(mini: qm.Questionnaire) -> scoring.Profile:
    return scoring.load(MINI_PROFILE, mini)


def test_hand_computed_partial_answers(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    a = assess_with(
        mini, {"G1.1": am.Answer(level=2), "G2.1": am.Answer(level=1), "G2.2": am.Answer(level=4)}
    )
    s = scoring.score(a, mini, mini_profile)
    g1, g2 = s.groups
    # G1: 100 x (2x1) / (5x1) = 40; G2: 100 x (1x2 + 4x1) / (5x2 + 5x1) = 40
    assert (g1.score, g1.level, g2.score, g2.level) == (40.0, 2, 40.0, 2)
    assert g2.formula == "100 × (1×2 + 4×1) / (5×2 + 5×1) = 40"
    # overall: (40x1 + 40x3) / (1 + 3) = 40 -> weak
    assert (s.index, s.band.id) == (40.0, "weak")
    # pillars: strategy 40 x 2/5 = 16; audience 60 x 6/15 = 24
    assert [(p.id, p.points) for p in s.official.pillars] == [("strategy", 16.0), ("audience", 24.0)]
    assert (s.official.total, s.official.band.id) == (40.0, "weak")
    # SME journal recommended levels: 2025 G1 2, G2 2; 2030 G1 3, G2 3
    assert (g1.recommended_2025, g1.gap_2025, g1.recommended_2030, g1.gap_2030) == (2, 0, 3, 1)
    (newsroom,) = s.targets
    assert (newsroom.status, newsroom.due, newsroom.overdue) == ("not_met", "2025", True)
    # assessed in 2026: the thresholds in force from 2024
    assert s.bands_from == 2024
    assert s.complete and s.unanswered == ()


def test_hand_computed_unanswered_counts_zero(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    a = assess_with(mini, {"G1.1": am.Answer(level=5)}, block="newspaper", key=True)
    s = scoring.score(a, mini, mini_profile)
    assert [(g.score, g.level) for g in s.groups] == [(100.0, 5), (0.0, 0)]
    assert s.index == 25.0  # (100x1 + 0x3) / 4
    assert s.unanswered == ("G2.1",)
    assert s.applicable == 2 and s.complete  # 1 of 2 unanswered is not above the 0.5 threshold
    assert s.official.total == 40.0  # strategy 40 x 5/5, audience 60 x 0/10
    assert s.targets[0].status == "unanswered" and s.targets[0].overdue
    assert [(g.recommended_2030, g.gap_2030) for g in s.groups] == [(4, 0), (4, 4)]  # key agency levels


def test_hand_computed_na_leaves_the_denominator(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    answers = {
        "G1.1": am.Answer(level=3),
        "G2.1": am.Answer(level=4),
        "G2.2": am.Answer(na=True, na_reason="Không xuất bản trực tuyến"),
    }
    s = scoring.score(assess_with(mini, answers), mini, mini_profile)
    assert [(g.score, g.level, g.na) for g in s.groups] == [(60.0, 3, 0), (80.0, 4, 1)]
    # (60 + 80x3) / 4 = 75: "good" by the 2024 thresholds the mini profile has (good from 90), so average
    assert (s.index, s.band.id) == (75.0, "average")
    earlier = scoring.score(assess_with(mini, answers, on=date(2023, 11, 1)), mini, mini_profile)
    assert (earlier.index, earlier.band.id, earlier.bands_from) == (75.0, "good", 2023)
    assert s.official.total == 72.0  # 40 x 3/5 + 60 x 8/10
    assert s.targets[0].status == "met" and not s.targets[0].overdue


def test_before_the_2025_deadline_nothing_is_overdue(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    a = assess_with(mini, {"G2.1": am.Answer(level=1)}, on=date(2025, 6, 1))
    s = scoring.score(a, mini, mini_profile)
    assert s.targets[0].status == "not_met" and not s.targets[0].overdue


def test_too_many_unanswered_marks_incomplete(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    s = scoring.score(assess_with(mini, {"G1.1": am.Answer(level=3)}), mini, mini_profile)
    assert s.unanswered == ("G2.1", "G2.2") and not s.complete  # 2 of 3 is above 0.5


def test_all_na_group_has_no_score_and_is_left_out(
    mini: qm.Questionnaire, mini_profile: scoring.Profile, tmp_path: Path, mini_data: dict
) -> None:  # type: ignore[type-arg]
    mini_data["questions"][1]["na_allowed"] = True
    q = qm.load(write_yaml(tmp_path / "q.yaml", mini_data))
    na = am.Answer(na=True, na_reason="x")
    s = scoring.score(assess_with(q, {"G1.1": am.Answer(level=4), "G2.1": na, "G2.2": na}), q, mini_profile)
    assert s.groups[1].score is None and s.groups[1].level is None and s.groups[1].formula == "N/A"
    assert s.index == 80.0  # only G1 counts
    # the audience pillar has nothing measurable: strategy's share is scaled to the full 100
    assert [p.points for p in s.official.pillars] == [32.0, None]
    assert s.official.total == 80.0
    assert s.targets[0].status == "not_applicable"


def test_level_rules() -> None:
    assert [scoring.level_floor(x) for x in (0, 19.99, 20, 59.99, 60, 99.9, 100)] == [0, 0, 1, 2, 3, 4, 5]
    assert [scoring.level_nearest(x) for x in (9.99, 10, 50, 89.99, 90, 100)] == [0, 1, 3, 4, 5, 5]


def test_peer_standing_counts_the_others_below() -> None:
    st_ = scoring.standing(70, [50, 70, 70, 90])
    assert (st_.rank, st_.of, st_.below, st_.equal, st_.median) == (2, 4, 1, 1, 70.0)
    assert st_.share_below == 1 / 3
    top = scoring.standing(90, [50, 70, 70, 90])
    assert (top.rank, top.below, top.share_below) == (1, 3, 1.0)
    last = scoring.standing(50, [50, 70, 70, 90])
    assert (last.rank, last.below, last.share_below) == (4, 0, 0.0)  # above none of the others
    alone = scoring.standing(12.5, [12.5])
    assert (alone.rank, alone.below, alone.share_below, alone.median) == (1, 0, None, 12.5)


def test_peer_statistics_by_block(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    def scored(level: int, block: str) -> scoring.Scores:
        answers = {"G1.1": am.Answer(level=level), "G2.1": am.Answer(level=level)}
        return scoring.score(assess_with(mini, answers, block=block), mini, mini_profile)

    def item(s: scoring.Scores, block: str) -> scoring.PeerInput:
        return (block, s.index, {g.id: g.score for g in s.groups})

    a, b, c = scoring.peer_statistics(
        [
            item(scored(1, "newspaper"), "newspaper"),
            item(scored(3, "newspaper"), "newspaper"),
            item(scored(5, "journal"), "journal"),
        ]
    )
    assert (a.in_block.rank, a.in_block.of, a.overall.rank) == (2, 2, 3)
    assert (b.in_block.rank, b.in_block.median) == (1, 40.0)
    assert c.in_block.of == 1 and c.overall.rank == 1
    assert b.groups_in_block["G1"].rank == 1 and "G2" in a.groups_in_block


def test_profile_problems_are_located(tmp_path: Path, mini: qm.Questionnaire) -> None:
    import yaml

    data = yaml.safe_load(MINI_PROFILE.read_text(encoding="utf-8"))
    del data["recommended_levels"]["journal"]
    data["weights"]["groups"]["G9"] = 1
    data["weights"]["questions"] = {"G7.7": 2}
    data["official_index"]["pillars"]["money"] = 10
    data["roadmap"]["prerequisites"] = {"G1.1": {"G2.1": 2}, "G2.1": {"G1.1": 1}}
    data["recommended_levels"]["newspaper"]["sme"]["2030"]["G1"] = 1
    data["roadmap"]["initiatives"][0]["owner"] = "janitor"
    data["roadmap"]["initiatives"][1]["questions"] = ["G2.1", "G1.1"]
    path = write_yaml(tmp_path / "p.yaml", data)
    with pytest.raises(InvalidContentError) as info:
        scoring.load(path, mini, lang="en")
    problems = "\n".join(info.value.problems)
    for expected in (
        "no recommended levels for block 'journal'",
        "weights.groups.G9: unknown group 'G9'",
        "unknown question 'G7.7'",
        "unknown pillar 'money'",
        "prerequisites form a cycle",
        "the 2030 recommended level (1) is below the 2025 one (2)",
        "unknown role 'janitor'",
        "G1.1 is already in initiative 'lead'",
        "question G2.2 is in no initiative",
    ):
        assert expected in problems, problems


def test_the_profile_must_match_the_questionnaire_version(mini_data: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    mini_data["version"] = "0.2"
    q = qm.load(write_yaml(tmp_path / "q.yaml", mini_data))
    with pytest.raises(InvalidContentError, match="scoring profile"):
        scoring.load(MINI_PROFILE, q, lang="en")


# --- properties on the real questionnaire ----------------------------------------------------

BLOCKS = [b.id for b in PRESS.blocks]


@st.composite
def assessments(draw: st.DrawFn) -> am.Assessment:
    block = draw(st.sampled_from(BLOCKS))
    answers: dict[str, am.Answer] = {}
    for question in PRESS.applicable(block):
        choices = ["level", "unanswered"] + (["na"] if question.na_allowed else [])
        kind = draw(st.sampled_from(choices))
        if kind == "level":
            answers[question.id] = am.Answer(level=draw(st.integers(0, 5)))
        elif kind == "na":
            answers[question.id] = am.Answer(na=True, na_reason="không áp dụng")
    on = draw(st.dates(date(2024, 1, 1), date(2031, 6, 30)))
    return assess_with(PRESS, answers, block=block, key=draw(st.booleans()), on=on)


def numbers(s: scoring.Scores) -> list[float]:
    out = [s.index, s.official.total]
    out += [g.score if g.score is not None else -1 for g in s.groups]
    out += [g.level if g.level is not None else -1 for g in s.groups]
    out += [p.points if p.points is not None else -1 for p in s.official.pillars]
    return out


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_scores_stay_within_bounds(a: am.Assessment) -> None:
    s = scoring.score(a, PRESS, PRESS_PROFILE)
    assert 0 <= s.index <= 100 and 0 <= s.official.total <= 100
    for g in s.groups:
        assert g.score is None or 0 <= g.score <= 100
        assert g.level is None or 0 <= g.level <= 5
    for p in s.official.pillars:
        assert p.points is None or 0 <= p.points <= p.max_points


@settings(max_examples=150, deadline=None)
@given(assessments(), st.data())
def test_raising_one_answer_never_lowers_any_score(a: am.Assessment, data: st.DataObject) -> None:
    levels = [qid for qid, ans in a.answers.items() if ans.level is not None and ans.level < 5]
    unanswered = [q.id for q in PRESS.applicable(a.agency.block) if q.id not in a.answers]
    candidates = levels + unanswered
    if not candidates:
        return
    qid = data.draw(st.sampled_from(candidates))
    before = a.answer(qid).level
    new_level = data.draw(st.integers(0 if before is None else before + 1, 5))
    raised = a.model_copy(update={"answers": {**a.answers, qid: am.Answer(level=new_level)}})
    low, high = scoring.score(a, PRESS, PRESS_PROFILE), scoring.score(raised, PRESS, PRESS_PROFILE)
    for x, y in zip(numbers(low), numbers(high), strict=True):
        assert y >= x
    met = {t.id for t in low.targets if t.status == "met"}
    assert met <= {t.id for t in high.targets if t.status == "met"}


@settings(max_examples=100, deadline=None)
@given(assessments(), st.data())
def test_na_leaves_other_questions_contributions_unchanged(a: am.Assessment, data: st.DataObject) -> None:
    allowed = [q.id for q in PRESS.applicable(a.agency.block) if q.na_allowed and not a.answer(q.id).na]
    if not allowed:
        return
    qid = data.draw(st.sampled_from(allowed))
    na = a.model_copy(update={"answers": {**a.answers, qid: am.Answer(na=True, na_reason="x")}})
    before = {s.id: s for s in scoring.score(a, PRESS, PRESS_PROFILE).questions}
    after = {s.id: s for s in scoring.score(na, PRESS, PRESS_PROFILE).questions}
    assert after[qid].status == "na" and after[qid].max_points == 0
    for other, s in before.items():
        if other != qid:
            assert (after[other].points, after[other].max_points) == (s.points, s.max_points)


@settings(max_examples=40, deadline=None)
@given(assessments(), st.randoms(use_true_random=False))
def test_question_and_answer_order_change_nothing(a: am.Assessment, rnd: random.Random) -> None:
    questions = list(PRESS.questions)
    rnd.shuffle(questions)
    shuffled_q = PRESS.model_copy(update={"questions": tuple(questions)})
    items = list(a.answers.items())
    rnd.shuffle(items)
    shuffled_a = a.model_copy(update={"answers": dict(items)})
    original = scoring.score(a, PRESS, PRESS_PROFILE)
    permuted = scoring.score(shuffled_a, shuffled_q, PRESS_PROFILE)
    assert numbers(permuted) == numbers(original)
    assert sorted(permuted.unanswered) == sorted(original.unanswered)
    assert result.dumps(result.evaluate(shuffled_a, PRESS, PRESS_PROFILE)) == result.dumps(
        result.evaluate(a, PRESS, PRESS_PROFILE)
    )


@settings(max_examples=30, deadline=None)
@given(assessments())
def test_identical_answers_give_byte_identical_results(a: am.Assessment) -> None:
    copy = am.parse(am.dumps(a), "copy")
    first = result.dumps(result.evaluate(a, PRESS, PRESS_PROFILE))
    assert first == result.dumps(result.evaluate(copy, PRESS, PRESS_PROFILE))
    json.loads(first)  # and it is valid JSON


def test_the_readme_worked_example() -> None:
    """README, 'How scores are computed': G6 answers 3, 2, 2, 3, 1, 2 give 45.83, level 2."""
    levels = {"G6.1": 3, "G6.2": 2, "G6.3": 2, "G6.4": 3, "G6.5": 1, "G6.6": 2}
    a = assess_with(PRESS, {k: am.Answer(level=v) for k, v in levels.items()}, block="magazine")
    g6 = next(g for g in scoring.score(a, PRESS, PRESS_PROFILE).groups if g.id == "G6")
    assert (g6.score, g6.level) == (45.83, 2)
    assert g6.formula == (
        "100 × (3×3 + 2×2 + 2×2 + 3×2 + 1×1.5 + 2×1.5) / (5×3 + 5×2 + 5×2 + 5×2 + 5×1.5 + 5×1.5) = 45.83"
    )
    with_na = {**a.answers, "G6.5": am.Answer(na=True, na_reason="x")}
    # G6.5 does not allow N/A in the questionnaire; the arithmetic is checked on a copy that does
    q = PRESS.model_copy(
        update={
            "questions": tuple(
                x.model_copy(update={"na_allowed": True}) if x.id == "G6.5" else x for x in PRESS.questions
            )
        }
    )
    g6 = next(
        g
        for g in scoring.score(a.model_copy(update={"answers": with_na}), q, PRESS_PROFILE).groups
        if g.id == "G6"
    )
    assert g6.score == 49.52
