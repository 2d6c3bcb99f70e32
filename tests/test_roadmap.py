"""The roadmap planner: urgent work first, prerequisites, capacity by effort, initiatives, and targets."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings

from assess import assessment as am
from assess import questionnaire as qm
from assess import result, scoring
from assess import roadmap as rm
from tests import factories
from tests.test_scoring import MINI_PROFILE, PRESS, PRESS_PROFILE, assess_with

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "assessments"


@pytest.fixture
def mini_profile(mini: qm.Questionnaire) -> scoring.Profile:
    return scoring.load(MINI_PROFILE, mini)


def planned(a: am.Assessment, q: qm.Questionnaire, p: scoring.Profile) -> rm.Roadmap:
    return rm.plan(a, q, p, scoring.score(a, q, p))


def steps(road: rm.Roadmap, phase: str) -> list[str]:
    return [f"{x.question}:{x.from_level}>{x.to_level}" for x in road.in_phase(phase)]


def test_hand_planned_small_agency(mini: qm.Questionnaire, mini_profile: scoring.Profile) -> None:
    a = assess_with(
        mini, {"G1.1": am.Answer(level=2), "G2.1": am.Answer(level=1), "G2.2": am.Answer(level=4)}
    )
    road = planned(a, mini, mini_profile)
    assert [(p.id, p.start, p.end) for p in road.phases] == [
        ("now", date(2026, 11, 26), date(2027, 5, 26)),
        ("next", date(2027, 5, 27), date(2027, 12, 31)),
        ("later", date(2028, 1, 1), date(2030, 12, 31)),
    ]
    # Assessed on 26 November: too little of Q4 is left, so planning starts in Q1 2027. A small
    # agency has 1 effort point a quarter. G2.1 closes the overdue newsroom target (level 3):
    # 1->2 (S, one quarter) then 2->3 (M, two quarters). G1.1 needs G2.1 at level 2 first, and
    # the overdue work, placed first, fills the quarters until then.
    x1, x2, x3 = road.actions
    assert (x1.question, x1.from_level, x1.start, x1.end) == ("G2.1", 1, date(2027, 1, 1), date(2027, 3, 31))
    assert (x2.question, x2.from_level, x2.start, x2.end) == ("G2.1", 2, date(2027, 4, 1), date(2027, 9, 30))
    assert (x3.question, x3.from_level, x3.start, x3.end) == ("G1.1", 2, date(2027, 10, 1), date(2028, 3, 31))
    assert steps(road, "now") == ["G2.1:1>2", "G2.1:2>3"]
    assert steps(road, "next") == ["G1.1:2>3"]
    assert (x1.target, x1.overdue, x1.needed_for, x1.priority) == ("newsroom", True, ("G1.1",), 4.0)
    assert (x3.target, x3.overdue, x3.priority_class) == (None, False, "low")
    # work held against capacity: 'now' has two quarters of 1 point; G1.1's runs into 2028
    assert [(p.points, p.capacity) for p in road.phases] == [(2.0, 2.0), (2.0, 2.0), (1.0, 12.0)]
    # G2.2 is at 4, above its aim: nothing to do
    assert all(x.question != "G2.2" for x in road.actions)
    platform, lead = road.initiatives
    assert (platform.id, platform.owner, platform.start, platform.end) == (
        "platform",
        "it",
        date(2027, 1, 1),
        date(2027, 9, 30),
    )
    assert (platform.points, platform.cost_band, platform.targets, platform.overdue) == (
        3.0,
        "large",
        ("newsroom",),
        True,
    )
    assert [(d.question, d.level, d.rubric.en) for d in platform.done_when] == [("G2.1", 3, "Formally.")]
    assert (lead.id, lead.cost_band, lead.done_when[0].level) == ("lead", "small", 3)


def test_key_agencies_build_their_own_and_small_ones_connect(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    answers = {"G1.1": am.Answer(level=3), "G2.1": am.Answer(level=3), "G2.2": am.Answer(level=3)}
    key = planned(assess_with(mini, answers, key=True), mini, mini_profile)
    sme = planned(assess_with(mini, answers, key=False), mini, mini_profile)
    key_actions = [x for x in key.actions if x.from_level == 3]
    assert {x.variant for x in key_actions} == {"key"}
    assert key_actions[0].text.en == "Build your own."
    # the fixture's step 3 -> 4 names the shared platform; a key agency building its own is not sent there
    assert {x.platform for x in key_actions} == {None}
    # small agencies' 2030 levels are 3, already reached: nothing to do; key agencies aim at 4
    assert sme.actions == () and sme.initiatives == ()
    assert {x.recommended_by for x in key_actions} == {"2030"}
    answers["G1.1"] = am.Answer(level=2)
    sme = planned(assess_with(mini, answers, key=False), mini, mini_profile)
    assert [(x.variant, x.platform) for x in sme.actions] == [("common", None)]


def test_a_met_prerequisite_blocks_nothing_and_an_unmet_one_is_pulled_forward() -> None:
    base = {qid: am.Answer(level=3) for qid in PRESS.question_by_id}
    # G4.1 (converged newsroom, an overdue strategy target at level 3) needs G4.2 and G2.3 at 2
    met = base | {"G4.1": am.Answer(level=1), "G4.2": am.Answer(level=2), "G2.3": am.Answer(level=2)}
    road = planned(assess_with(PRESS, met, block="local_newspaper"), PRESS, PRESS_PROFILE)
    newsroom = [x for x in road.actions if x.question == "G4.1"]
    assert newsroom[0].start == date(2027, 1, 1)  # nothing to wait for
    assert all(x.needed_for == () for x in road.actions)

    unmet = met | {"G4.2": am.Answer(level=0)}
    road = planned(assess_with(PRESS, unmet, block="local_newspaper"), PRESS, PRESS_PROFILE)
    cms = [x for x in road.actions if x.question == "G4.2" and x.to_level <= 2]
    newsroom = [x for x in road.actions if x.question == "G4.1"]
    assert [x.needed_for for x in cms] == [("G4.1",), ("G4.1",)]
    assert max(x.end for x in cms) < newsroom[0].start
    # pulled forward: the prerequisite takes the urgency of what needs it and comes first
    assert road.actions[0] == cms[0] and cms[0].start == date(2027, 1, 1)
    assert {x.priority_class for x in cms} == {newsroom[0].priority_class}


def test_the_example_roadmaps_put_overdue_work_first() -> None:
    """The planner once scheduled these agencies' overdue strategy work in 2028-30."""
    for name, urgent in (("VD-BDP-014", {"G4.1", "G4.4", "G5.1", "G6.1"}), ("VD-TCKH-207", {"G5.1", "G4.4"})):
        loaded = result.load(EXAMPLES / f"{name}.json")
        r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
        first = {x.question: x for x in reversed(r.roadmap.actions)}
        for qid in urgent:
            assert first[qid].overdue, (name, qid)
            assert first[qid].start < date(2028, 1, 1), (name, qid, first[qid].start)
            assert first[qid].phase in ("immediate", "next_year"), (name, qid)
        assert r.roadmap.initiatives[0].overdue


@settings(max_examples=60, deadline=None)
@given(factories.random_assessments(on=(date(2024, 6, 1), date(2030, 6, 30))))
def test_planner_properties(a: am.Assessment) -> None:
    s = scoring.score(a, PRESS, PRESS_PROFILE)
    road = rm.plan(a, PRESS, PRESS_PROFILE, s)
    policy = PRESS_PROFILE.roadmap
    lowest = policy.priority.classes[-1].id

    # no overdue high- or medium-priority step starts after a low-priority one
    urgent = [x.start for x in road.actions if x.overdue and x.priority_class != lowest]
    low = [x.start for x in road.actions if x.priority_class == lowest]
    if urgent and low:
        assert max(urgent) <= min(low)

    # every gap is planned exactly once, one step per level, each step after the previous one
    by_question: dict[str, list[rm.Action]] = defaultdict(list)
    for x in road.actions:
        by_question[x.question].append(x)
    aims = policy_aims(a)
    for qs in s.questions:
        own = sorted(by_question.get(qs.id, []), key=lambda x: x.from_level)
        if qs.status == "na":
            assert own == []
            continue
        assert [x.from_level for x in own] == list(range(qs.level or 0, max(qs.level or 0, aims[qs.id])))
        for earlier, later in pairwise(own):
            assert earlier.end < later.start

    # an unmet prerequisite's steps end before the first step of what needs it; a met one blocks nothing
    for x in road.actions:
        for dependant in x.needed_for:
            assert x.end < by_question[dependant][0].start
    for qid, needs in policy.prerequisites.items():
        if qid in by_question:
            for need, level in needs.items():
                current = next((q.level or 0 for q in s.questions if q.id == need), None)
                if current is not None and current >= level:
                    assert all(qid not in x.needed_for for x in by_question.get(need, []))

    # capacity: no quarter holds more effort than the agency can do
    load: dict[date, float] = defaultdict(float)
    for x in road.actions:
        effort = policy.effort[x.effort]
        quarter = x.start
        for _ in range(effort.quarters):
            load[quarter] += effort.points / effort.quarters
            quarter = rm.add_months(quarter, 3)
    assert all(v <= road.capacity + 1e-9 for v in load.values())

    # at most ten initiatives, each complete, each step in exactly one
    assert len(road.initiatives) <= 10
    roles = policy.role_by_id
    assert sorted(x.initiative for x in road.actions) == sorted(
        i.id for i in road.initiatives for _ in range(i.steps)
    )
    for init in road.initiatives:
        own = road.of_initiative(init.id)
        assert init.owner in roles and init.start <= init.end and init.points > 0
        assert (init.start, init.end) == (min(x.start for x in own), max(x.end for x in own))
        assert init.cost_band in {c.id for c in policy.cost_bands}
        assert init.done_when
        for done in init.done_when:
            assert done.level == max(x.to_level for x in own if x.question == done.question)
            assert done.rubric == PRESS.question_by_id[done.question].rubric[done.level]

    # only binding strategy targets can be missed or overdue
    binding = PRESS.binding_targets(a.agency.block, a.agency.key_agency, a.agency.electronic_press)
    for t in s.targets:
        if t.id not in binding:
            assert t.status == "not_binding" and not t.overdue
        if t.overdue:
            assert t.status in ("not_met", "unanswered") and a.assessed_on > date(2025, 12, 31)
    for x in road.actions:
        if x.overdue:
            assert x.target in binding
    assert all(x.target != "curricula_digital" for x in road.actions)


def policy_aims(a: am.Assessment) -> dict[str, int]:
    levels = PRESS_PROFILE.recommended_for(a.agency.block, a.agency.key_agency)
    binding = PRESS.binding_targets(a.agency.block, a.agency.key_agency, a.agency.electronic_press)
    return {x.id: rm.aims(x, levels, PRESS, binding)[1] for x in PRESS.applicable(a.agency.block)}


def test_targets_bind_whom_the_strategy_names() -> None:
    nothing = {qid: am.Answer(level=0) for qid in PRESS.question_by_id}
    journal = assess_with(PRESS, nothing, block="science_journal")
    status = {t.id: t for t in scoring.score(journal, PRESS, PRESS_PROFILE).targets}
    # a print-only science journal is not electronic press; no press agency is a journalism faculty
    assert status["security_level3"].status == "not_binding" and not status["security_level3"].overdue
    assert status["curricula_digital"].status == "not_binding"
    assert status["staff_trained"].status == "not_met" and status["staff_trained"].overdue
    road = planned(journal, PRESS, PRESS_PROFILE)
    g61 = [x for x in road.actions if x.question == "G6.1"]
    assert g61 and not any(x.overdue or x.target for x in g61)  # still advised, at its own pace
    online = journal.model_copy(
        update={"agency": journal.agency.model_copy(update={"electronic_press": True})}
    )
    status = {t.id: t for t in scoring.score(online, PRESS, PRESS_PROFILE).targets}
    assert status["security_level3"].status == "not_met" and status["security_level3"].overdue
    newspaper = assess_with(PRESS, nothing, block="local_newspaper")
    status = {t.id: t for t in scoring.score(newspaper, PRESS, PRESS_PROFILE).targets}
    assert status["security_level3"].overdue and status["curricula_digital"].status == "not_binding"


def test_more_work_than_the_period_holds_is_shown_beyond_it() -> None:
    nothing = {qid: am.Answer(level=0) for qid in PRESS.question_by_id}
    road = planned(assess_with(PRESS, nothing, block="magazine"), PRESS, PRESS_PROFILE)
    beyond = road.in_phase(rm.BEYOND)
    assert beyond and road.phases[-1].id == rm.BEYOND
    assert all(x.start > date(2030, 12, 31) for x in beyond)
    assert not any(x.overdue for x in beyond)  # overdue work is never what is left over


def test_a_late_assessment_drops_phases_that_have_passed(
    mini: qm.Questionnaire, mini_profile: scoring.Profile
) -> None:
    a = assess_with(mini, {"G1.1": am.Answer(level=0)}, on=date(2030, 9, 1))
    road = planned(a, mini, mini_profile)
    assert [p.id for p in road.phases][:2] == ["now", "next"]  # 'later' would end before 'next'
    assert road.phases[0].end == date(2031, 3, 1)
    assert road.phases[1].end == date(2031, 12, 31)
    # G1.1, G2.1 and G2.2 each climb 0 -> 3: nine steps, every one placed
    assert len(road.actions) == 9


def test_quarters() -> None:
    assert rm.first_quarter(date(2026, 11, 18)) == date(2027, 1, 1)  # 43 days left in Q4
    assert rm.first_quarter(date(2026, 10, 2)) == date(2026, 10, 1)
    assert rm.quarter_end(date(2027, 2, 10)) == date(2027, 3, 31)


def test_add_months_clamps_to_month_end() -> None:
    assert rm.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert rm.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert rm.add_months(date(2026, 11, 26), 6) == date(2027, 5, 26)
