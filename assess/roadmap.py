"""Gaps to targets become prioritised, dated actions placed in the profile's phases."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from assess.assessment import Assessment
from assess.bilingual import Strict, Text
from assess.questionnaire import Question, Questionnaire
from assess.scoring import PRIORITY_RULES, Horizon, Phase, PriorityClass, Profile, Scores


class Action(Strict):
    """One step of one question: what to do to move from `from_level` to `to_level`."""

    question: str
    group: str
    from_level: int
    to_level: int
    text: Text
    variant: Literal["key", "sme", "common"]  # which recommendation text applies to this agency
    effort: Literal["S", "M", "L"]
    platform: str | None
    priority: float
    priority_class: str
    horizon: Horizon  # the strategy horizon whose target level this step reaches
    overdue: bool  # the horizon's deadline had passed on the assessment date
    depends_on: tuple[str, ...]  # prerequisite questions with actions of their own
    unanswered: bool  # the question was not answered, so it counted as level 0


class PlannedPhase(Strict):
    id: str
    name: Text
    start: date
    end: date
    actions: tuple[Action, ...]


class Roadmap(Strict):
    key_agency: bool
    phases: tuple[PlannedPhase, ...]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def phase_end(phase: Phase, assessed_on: date) -> date:
    ends = phase.ends
    if ends.months is not None:
        return add_months(assessed_on, ends.months)
    if ends.end_of_year is not None:
        return date(assessed_on.year + ends.end_of_year, 12, 31)
    assert ends.date is not None
    return ends.date


def dated_phases(profile: Profile, assessed_on: date) -> list[tuple[Phase, date, date]]:
    """Phases with start and end dates; a phase that would end no later than the one before it
    (an assessment late in the strategy period) is dropped, and the last kept phase takes the rest."""
    out: list[tuple[Phase, date, date]] = []
    start = assessed_on
    for phase in profile.roadmap.phases:
        end = phase_end(phase, assessed_on)
        if end <= start:
            continue
        out.append((phase, start, end))
        start = end + timedelta(days=1)
    if not out:  # every horizon lies in the past: one phase of a year from the assessment
        last = profile.roadmap.phases[-1]
        out.append((last, assessed_on, add_months(assessed_on, 12)))
    return out


def target_level(question: Question, group_target: int, horizon: Horizon, q: Questionnaire) -> int:
    """The level a question should reach by a horizon: its group's target, or higher when the
    question measures a strategy target set for that horizon."""
    level = group_target
    if question.target is not None:
        target = q.target_by_id[question.target.id]
        share = target.share_2025 if horizon == "2025" else (target.share_2030 or target.share_2025)
        if share:
            level = max(level, question.target.level)
    return level


def aims(question: Question, targets: dict[Horizon, dict[str, int]], q: Questionnaire) -> tuple[int, int]:
    """The levels a question should reach by 2025 and by 2030 for this agency."""
    goal_2025 = target_level(question, targets["2025"][question.group], "2025", q)
    goal_2030 = max(goal_2025, target_level(question, targets["2030"][question.group], "2030", q))
    return goal_2025, goal_2030


def below_aim(scores: Scores, q: Questionnaire, profile: Profile, block: str, key_agency: bool) -> list[str]:
    """Questions (not N/A) below their 2030 aim: the gaps a sector report counts."""
    targets = profile.targets_for(block, key_agency)
    return [
        s.id
        for s in scores.questions
        if s.status != "na" and (s.level or 0) < aims(q.question_by_id[s.id], targets, q)[1]
    ]


def priority_class(classes: Sequence[PriorityClass], value: float) -> str:
    return next(c.id for c in classes if value >= c.min)


def _depths(prereqs: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How many layers of prerequisites stand below each question (0: none)."""
    memo: dict[str, int] = {}

    def depth(qid: str) -> int:
        if qid not in memo:
            memo[qid] = 1 + max((depth(p) for p in prereqs.get(qid, ())), default=-1)
        return memo[qid]

    for qid in prereqs:
        depth(qid)
    return memo


def candidate_actions(
    assessment: Assessment, q: Questionnaire, profile: Profile, scores: Scores
) -> list[Action]:
    agency = assessment.agency
    targets = profile.targets_for(agency.block, agency.key_agency)
    rule = PRIORITY_RULES[profile.roadmap.priority.rule]
    overdue_2025 = assessment.assessed_on > profile.horizon("2025").due
    by_id = {s.id: s for s in scores.questions}
    actions: list[Action] = []
    for qs in scores.questions:
        if qs.status == "na":
            continue
        question = q.question_by_id[qs.id]
        current = qs.level or 0
        goal_2025, goal_2030 = aims(question, targets, q)
        gap = goal_2030 - current
        needs = tuple(
            p
            for p in profile.roadmap.prerequisites.get(question.id, ())
            if p in by_id and by_id[p].status != "na"
        )
        for step, level in enumerate(range(current, goal_2030)):
            rec = question.recommendations[level]
            variant: Literal["key", "sme", "common"] = "common"
            text = rec.common
            if agency.key_agency and rec.key is not None:
                variant, text = "key", rec.key
            elif not agency.key_agency and rec.sme is not None:
                variant, text = "sme", rec.sme
            priority = round(rule(gap - step, qs.weight), 2)
            horizon: Horizon = "2025" if level + 1 <= goal_2025 else "2030"
            actions.append(
                Action(
                    question=question.id,
                    group=question.group,
                    from_level=level,
                    to_level=level + 1,
                    text=text,
                    variant=variant,
                    effort=rec.effort,
                    platform=rec.platform,
                    priority=priority,
                    priority_class=priority_class(profile.roadmap.priority.classes, priority),
                    horizon=horizon,
                    overdue=horizon == "2025" and overdue_2025,
                    depends_on=needs,
                    unanswered=qs.status == "unanswered",
                )
            )
    return actions


def plan(assessment: Assessment, q: Questionnaire, profile: Profile, scores: Scores) -> Roadmap:
    """Place every action in a phase.

    Order of consideration: steps toward the 2025 targets first, then by priority (highest
    first), then questionnaire order. An action goes in the first phase that has room and where
    (a) its effort class may start, (b) the previous step of the same question sits in an earlier
    phase, and (c) every prerequisite question's first step sits in this phase or an earlier one.
    The last phase has no limit and takes whatever remains. Within a phase, prerequisites come
    before what depends on them, then higher priority first.
    """
    actions = candidate_actions(assessment, q, profile, scores)
    phases = dated_phases(profile, assessment.assessed_on)
    phase_ids = [p.id for p, _, _ in phases]
    order = {qq.id: i for i, qq in enumerate(q.questions)}
    depth = _depths(dict(profile.roadmap.prerequisites))

    def earliest_for_effort(action: Action) -> int:
        wanted = profile.roadmap.effort[action.effort].earliest_phase
        # a dropped phase (already in the past) allows the first kept one
        return phase_ids.index(wanted) if wanted in phase_ids else 0

    pending = sorted(actions, key=lambda a: (a.horizon, -a.priority, order[a.question], a.from_level))
    placed: dict[tuple[str, int], int] = {}  # (question, from_level) -> phase index
    first_step: dict[str, int] = {}
    for a in actions:
        first_step[a.question] = min(first_step.get(a.question, a.from_level), a.from_level)

    buckets: list[list[Action]] = [[] for _ in phases]
    last = len(phases) - 1

    def fits(action: Action, index: int) -> bool:
        first = action.from_level == first_step[action.question]
        if index == last:  # takes everything left, keeping each question's steps in order
            return first or (action.question, action.from_level - 1) in placed
        if earliest_for_effort(action) > index:
            return False
        if not first:
            prev = placed.get((action.question, action.from_level - 1))
            if prev is None or prev >= index:
                return False
        # prerequisites already at their target have no steps, and nothing to wait for
        return all(
            (need_phase := placed.get((need, first_step[need]))) is not None and need_phase <= index
            for need in action.depends_on
            if need in first_step
        )

    for index, (phase, _, _) in enumerate(phases):
        room = phase.max_actions if index < last else None
        bucket = buckets[index]
        progress = True
        # Repeat while something was placed: placing a prerequisite can unblock what waited for it.
        while progress and pending:
            progress = False
            waiting = []
            for action in pending:
                if (room is None or len(bucket) < room) and fits(action, index):
                    bucket.append(action)
                    placed[(action.question, action.from_level)] = index
                    progress = True
                else:
                    waiting.append(action)
            pending = waiting
    assert not pending, "the last phase takes every remaining action"

    planned = []
    for (phase, start, end), bucket in zip(phases, buckets, strict=True):
        bucket.sort(key=lambda a: (depth.get(a.question, 0), a.from_level, -a.priority, order[a.question]))
        planned.append(
            PlannedPhase(id=phase.id, name=phase.name, start=start, end=end, actions=tuple(bucket))
        )
    return Roadmap(key_agency=assessment.agency.key_agency, phases=tuple(planned))
