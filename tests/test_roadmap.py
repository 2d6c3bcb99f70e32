"""The roadmap planner: dated phases, priorities, prerequisites, and key vs small agencies."""

from __future__ import annotations

from datetime import date

import pytest

from assess import assessment as am
from assess import questionnaire as qm
from assess import roadmap as rm
from assess import scoring
from tests.test_scoring import MINI_PROFILE, PRESS, PRESS_PROFILE, assess_with


@pytest.fixture
def mini_profile(mini: qm.Questionnaire) -> scoring.Profile:
    return scoring.load(MINI_PROFILE, mini)


def planned(a: am.Assessment, q: qm.Questionnaire, p: scoring.Profile) -> rm.Roadmap:
    return rm.plan(a, q, p, scoring.score(a, q, p))


def steps(phase: rm.PlannedPhase) -> list[str]:
    return [f"{x.question}:{x.from_level}>{x.to_level}" for x in phase.actions]


def test_hand_planned_small_agency(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    a = assess_with(
        mini, {"G1.1": am.Answer(level=2), "G2.1": am.Answer(level=1), "G2.2": am.Answer(level=4)}
    )
    road = planned(a, mini, mini_profile)
    now, nxt, later = road.phases
    assert (now.start, now.end) == (date(2026, 11, 26), date(2027, 5, 26))
    assert (nxt.start, nxt.end) == (date(2027, 5, 27), date(2027, 12, 31))
    assert (later.start, later.end) == (date(2028, 1, 1), date(2030, 12, 31))
    # G2.1 (converged newsroom, weight 2) must reach 3 by 2025: two overdue steps, one per phase.
    # G1.1 waits for its prerequisite G2.1, so it is listed after it.
    assert steps(now) == ["G2.1:1>2", "G1.1:2>3"]
    assert steps(nxt) == ["G2.1:2>3"]
    assert steps(later) == []
    first = now.actions[0]
    assert (first.priority, first.priority_class, first.horizon, first.overdue) == (4.0, "low", "2025", True)
    assert now.actions[1].depends_on == ("G2.1",) and not now.actions[1].overdue
    # G2.2 is at 4, above its target: nothing to do
    assert all(x.question != "G2.2" for p in road.phases for x in p.actions)


def test_key_and_small_agencies_get_their_own_texts(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    answers = {"G1.1": am.Answer(level=3), "G2.1": am.Answer(level=3), "G2.2": am.Answer(level=3)}
    key = planned(assess_with(mini, answers, key=True), mini, mini_profile)
    sme = planned(assess_with(mini, answers, key=False), mini, mini_profile)
    key_actions = [x for p in key.phases for x in p.actions if x.from_level == 3]
    assert {x.variant for x in key_actions} == {"key"}
    assert key_actions[0].text.en == "Build your own."
    assert key_actions[0].platform == "shared"
    # small agencies' targets are 3, already reached: no action; key agencies aim at 4 by 2030
    assert [x for p in sme.phases for x in p.actions] == []
    assert {x.horizon for x in key_actions} == {"2030"}


def test_large_efforts_do_not_start_in_the_first_phase(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    answers = {"G1.1": am.Answer(level=4), "G2.1": am.Answer(level=4), "G2.2": am.Answer(level=4)}
    road = planned(assess_with(mini, answers, key=True, block="newspaper"), mini, mini_profile)
    # step 4 -> 5 has effort L in the fixture; key targets are 4, so nothing is planned at all
    assert [x for p in road.phases for x in p.actions] == []
    a = assess_with(PRESS, {}, block="central_newspaper", key=True)
    road = planned(a, PRESS, PRESS_PROFILE)
    assert all(x.effort != "L" for x in road.phases[0].actions)
    assert any(x.effort == "L" for p in road.phases[1:] for x in p.actions)


def test_phase_capacity_and_order_on_the_real_profile() -> None:
    a = assess_with(PRESS, {}, block="local_newspaper", key=False)
    road = planned(a, PRESS, PRESS_PROFILE)
    immediate, next_year, _ = road.phases
    assert len(immediate.actions) == 8 and len(next_year.actions) == 16
    # every action is accounted for: nothing planned twice, nothing lost
    every = [(x.question, x.from_level) for p in road.phases for x in p.actions]
    assert len(every) == len(set(every))
    expected = sum(
        x.to_level - x.from_level
        for x in rm.candidate_actions(a, PRESS, PRESS_PROFILE, scoring.score(a, PRESS, PRESS_PROFILE))
    )
    assert len(every) == expected
    # all unanswered, all overdue where they reach a 2025 target
    assert all(x.unanswered for p in road.phases for x in p.actions)
    assert all(x.overdue == (x.horizon == "2025") for p in road.phases for x in p.actions)
    # the first phase is filled with 2025 steps before any 2030 step
    assert all(x.horizon == "2025" for x in immediate.actions)


def test_prerequisites_come_no_later_than_what_depends_on_them() -> None:
    a = assess_with(PRESS, {}, block="central_newspaper", key=True)
    road = planned(a, PRESS, PRESS_PROFILE)
    phase_of: dict[tuple[str, int], int] = {}
    position: dict[tuple[str, int], int] = {}
    for index, phase in enumerate(road.phases):
        for pos, x in enumerate(phase.actions):
            phase_of[(x.question, x.from_level)] = index
            position[(x.question, x.from_level)] = pos
    first = {q: min(lvl for qq, lvl in phase_of if qq == q) for q, _ in phase_of}
    last = len(road.phases) - 1
    for (question, level), index in phase_of.items():
        if index == last:
            continue
        for need in PRESS_PROFILE.roadmap.prerequisites.get(question, ()):
            if need in first:
                assert phase_of[(need, first[need])] <= index, (question, need)
        if level > first[question]:
            assert phase_of[(question, level - 1)] < index  # one step per phase per question


def test_a_late_assessment_drops_phases_that_have_passed(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    a = assess_with(mini, {"G1.1": am.Answer(level=0)}, on=date(2030, 9, 1))
    road = planned(a, mini, mini_profile)
    assert [p.id for p in road.phases] == ["now", "next"]  # 'later' would end 2030-12-31, before 'next'
    assert road.phases[0].end == date(2031, 3, 1)
    assert road.phases[-1].end == date(2031, 12, 31)
    # G1.1, G2.1 and G2.2 each climb 0 -> 3: nine steps, all placed though 'next' holds only 3
    # in the profile, because the last phase kept takes whatever remains
    assert sum(len(p.actions) for p in road.phases) == 9
    assert len(road.phases[-1].actions) == 9 - len(road.phases[0].actions)


def test_add_months_clamps_to_month_end() -> None:
    assert rm.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert rm.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert rm.add_months(date(2026, 11, 26), 6) == date(2027, 5, 26)
