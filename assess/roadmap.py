"""Gaps become dated steps, urgent work first, grouped into a handful of owned initiatives.

The planner is pure and reads its policy from the scoring profile:

- Every question below the level this agency should reach by 2030 gets one step per level.
- A step that closes a strategy target binding the agency is *target* work; if the target's
  deadline has passed on the assessment date it is *overdue*. Order of urgency: overdue target
  work, other target work, then the rest; within each, priority class, then priority.
- A prerequisite that the agency already meets (its level is at least the one required) blocks
  nothing; one it does not meet is pulled forward: its steps up to the required level take the
  urgency of what needs them and end before the dependant's first step starts.
- Time runs in quarters from the first full planning quarter. A step of effort E lasts
  `quarters(E)` and loads each of them with `points(E) / quarters(E)`; a quarter holds at most
  the agency's capacity (key or small/medium). A step starts in the earliest quarter where it
  fits, after its own previous step and its prerequisites, and a low-priority step never starts
  before overdue high- or medium-priority work.
- Phases are date windows from the profile; a step belongs to the phase in which it starts.
  Steps that start after the last phase are listed under the profile's `beyond` name: the work
  does not fit the period at the agency's usual capacity.
- Steps are grouped into the profile's initiatives (at most ten), each with an owner role,
  quarters, effort, an indicative cost band and "done when": the rubric of the level it reaches.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from assess.assessment import Assessment
from assess.bilingual import Strict, Text
from assess.questionnaire import Question, Questionnaire
from assess.scoring import PRIORITY_RULES, Horizon, Phase, PriorityClass, Profile, Scores

BEYOND = "beyond"  # the id of the phase that holds what does not fit by the end of the last one


class Action(Strict):
    """One step of one question: what to do to move from `from_level` to `to_level`, and when."""

    question: str
    group: str
    from_level: int
    to_level: int
    text: Text
    variant: Literal["key", "sme", "common"]  # which recommendation text applies to this agency
    effort: Literal["S", "M", "L"]
    points: float
    platform: str | None
    priority: float
    priority_class: str  # after pulling forward: the class of the most urgent work that needs it
    target: str | None  # the binding strategy target this step helps close
    overdue: bool  # that target's deadline had passed on the assessment date
    recommended_by: Horizon  # the horizon whose recommended level this step reaches
    needed_for: tuple[str, ...]  # questions whose first step waits for this one
    unanswered: bool  # the question was not answered, so it counted as level 0
    start: date  # first day of the quarter it starts in
    end: date  # last day of the quarter it ends in
    phase: str
    initiative: str


class PlannedPhase(Strict):
    id: str
    name: Text
    start: date
    end: date
    points: float  # effort points of the work done in it (long steps spread over their quarters)
    capacity: float  # what the agency can do in it at its usual capacity


class DoneWhen(Strict):
    """An initiative is done when each of its questions reaches this level, as its rubric says."""

    question: str
    level: int
    rubric: Text


class Initiative(Strict):
    id: str
    name: Text
    owner: str  # role id
    start: date
    end: date
    points: float  # effort: the sum of its steps' points (about a person-month each)
    cost_band: str
    platforms: tuple[str, ...]
    targets: tuple[str, ...]  # binding strategy targets its steps close
    overdue: bool
    priority_class: str  # of its most urgent step
    steps: int
    done_when: tuple[DoneWhen, ...]


class Roadmap(Strict):
    key_agency: bool
    capacity: float  # effort points a quarter
    phases: tuple[PlannedPhase, ...]
    initiatives: tuple[Initiative, ...]  # most urgent first
    actions: tuple[Action, ...]  # by start, then urgency

    def in_phase(self, phase: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.phase == phase)

    def of_initiative(self, initiative: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.initiative == initiative)


# --- dates ------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    return add_months(quarter_start(day), 3) - timedelta(days=1)


def first_quarter(assessed_on: date) -> date:
    """Planning starts in the assessment's quarter while at least half of it is left, else the next."""
    start = quarter_start(assessed_on)
    if (quarter_end(assessed_on) - assessed_on).days >= 45:
        return start
    return add_months(start, 3)


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


# --- aims -------------------------------------------------------------------------------------


def target_level(
    question: Question, group_target: int, horizon: Horizon, q: Questionnaire, binding: Collection[str]
) -> int:
    """The level a question should reach by a horizon: its group's recommended level, or higher
    when the question measures a strategy target that binds the agency, set for that horizon."""
    level = group_target
    if question.target is not None and question.target.id in binding:
        target = q.target_by_id[question.target.id]
        share = target.share_2025 if horizon == "2025" else (target.share_2030 or target.share_2025)
        if share:
            level = max(level, question.target.level)
    return level


def aims(
    question: Question, recommended: dict[Horizon, dict[str, int]], q: Questionnaire, binding: Collection[str]
) -> tuple[int, int]:
    """The levels a question should reach by 2025 and by 2030 for this agency, given the strategy
    targets that bind it."""
    goal_2025 = target_level(question, recommended["2025"][question.group], "2025", q, binding)
    goal_2030 = max(
        goal_2025, target_level(question, recommended["2030"][question.group], "2030", q, binding)
    )
    return goal_2025, goal_2030


def binding_ids(scores: Scores) -> set[str]:
    return {t.id for t in scores.targets if t.status != "not_binding"}


def below_aim(scores: Scores, q: Questionnaire, profile: Profile, block: str, key_agency: bool) -> list[str]:
    """Questions (not N/A) below their 2030 aim: the gaps a sector report counts."""
    recommended = profile.recommended_for(block, key_agency)
    binding = binding_ids(scores)
    return [
        s.id
        for s in scores.questions
        if s.status != "na" and (s.level or 0) < aims(q.question_by_id[s.id], recommended, q, binding)[1]
    ]


def platforms_needed(roadmap: Roadmap, q: Questionnaire) -> tuple[str, ...]:
    """The support platforms the plan's steps use, in the questionnaire's order."""
    used = {a.platform for a in roadmap.actions}
    return tuple(p.id for p in q.platforms if p.id in used)


def priority_class(classes: Sequence[PriorityClass], value: float) -> str:
    return next(c.id for c in classes if value >= c.min)


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class _Step:
    """A step while it is being planned."""

    question: str
    group: str
    from_level: int
    to_level: int
    text: Text
    variant: Literal["key", "sme", "common"]
    effort: Literal["S", "M", "L"]
    platform: str | None
    priority: float
    target: str | None
    overdue: bool
    recommended_by: Horizon
    unanswered: bool
    urgency: tuple[int, int, float] = (0, 0, 0.0)  # tier, class rank, priority: larger is more urgent
    own: tuple[int, int, float] = (0, 0, 0.0)  # the urgency before pulling forward
    needed_for: set[str] = field(default_factory=set)
    start: int = -1  # quarter index once placed

    @property
    def key(self) -> tuple[str, int]:
        return (self.question, self.from_level)


def _steps(assessment: Assessment, q: Questionnaire, profile: Profile, scores: Scores) -> list[_Step]:
    agency = assessment.agency
    targets = profile.recommended_for(agency.block, agency.key_agency)
    rule = PRIORITY_RULES[profile.roadmap.priority.rule]
    binding = {t.id: t for t in scores.targets if t.status not in ("not_binding", "not_applicable")}
    aimed = binding_ids(scores)
    steps: list[_Step] = []
    for qs in scores.questions:
        if qs.status == "na":
            continue
        question = q.question_by_id[qs.id]
        current = qs.level or 0
        goal_2025, goal_2030 = aims(question, targets, q, aimed)
        tag = question.target
        closes = binding.get(tag.id) if tag is not None else None
        for step, level in enumerate(range(current, goal_2030)):
            rec = question.recommendations[level]
            variant: Literal["key", "sme", "common"] = "common"
            text = rec.common
            if agency.key_agency and rec.key is not None:
                variant, text = "key", rec.key
            elif not agency.key_agency and rec.sme is not None:
                variant, text = "sme", rec.sme
            platform = rec.platform
            if variant == "key" and platform not in profile.roadmap.key_agency_platforms:
                platform = None  # a key agency builds its own system
            target = closes if closes is not None and tag is not None and level < tag.level else None
            steps.append(
                _Step(
                    question=question.id,
                    group=question.group,
                    from_level=level,
                    to_level=level + 1,
                    text=text,
                    variant=variant,
                    effort=rec.effort,
                    platform=platform,
                    priority=round(rule(goal_2030 - current - step, qs.weight), 2),
                    target=target.id if target is not None else None,
                    overdue=target is not None and target.overdue,
                    recommended_by="2025" if level + 1 <= goal_2025 else "2030",
                    unanswered=qs.status == "unanswered",
                )
            )
    return steps


def _urgency(steps: list[_Step], profile: Profile, prerequisites: dict[str, dict[str, int]]) -> None:
    """Each step's own urgency, then raised to that of the work that needs it: later steps of
    its question, and the questions it is an unmet prerequisite of (to a fixed point)."""
    classes = profile.roadmap.priority.classes
    rank = {c.id: len(classes) - i for i, c in enumerate(classes)}
    for s in steps:
        tier = 2 if s.overdue else 1 if s.target else 0
        s.urgency = s.own = (tier, rank[priority_class(classes, s.priority)], s.priority)
    by_question: dict[str, list[_Step]] = {}
    for s in steps:
        by_question.setdefault(s.question, []).append(s)
    changed = True
    while changed:
        changed = False
        for qid, own in by_question.items():
            for earlier, later in pairwise(own):
                if later.urgency > earlier.urgency:
                    earlier.urgency, changed = later.urgency, True
            for need, level in prerequisites.get(qid, {}).items():
                for s in by_question.get(need, []):
                    if s.to_level <= level:
                        s.needed_for.add(qid)
                        if own[0].urgency > s.urgency:
                            s.urgency, changed = own[0].urgency, True


def plan(assessment: Assessment, q: Questionnaire, profile: Profile, scores: Scores) -> Roadmap:
    """The dated roadmap and its initiatives. Pure: the same inputs give the same plan."""
    policy = profile.roadmap
    key_agency = assessment.agency.key_agency
    capacity = policy.capacity.of(key_agency)
    steps = _steps(assessment, q, profile, scores)
    first_level: dict[str, int] = {}  # the level each question's first step starts from
    for s in steps:
        first_level[s.question] = min(first_level.get(s.question, s.from_level), s.from_level)
    # Unmet prerequisites only: one already at the level asked, or at its aim (no steps), blocks nothing.
    prerequisites = {
        qid: {need: level for need, level in needs.items() if first_level.get(need, level) < level}
        for qid, needs in policy.prerequisites.items()
    }
    _urgency(steps, profile, prerequisites)

    order = {x.id: i for i, x in enumerate(q.questions)}
    classes = policy.priority.classes
    by_key = {s.key: s for s in steps}
    load: list[float] = []
    # Work is placed most urgent first, so later work only fills room that urgent work left; and a
    # low-priority step never starts before overdue high- or medium-priority work.
    lowest = classes[-1].id
    urgent_starts = [0]

    def fits(start: int, quarters: int, per_quarter: float) -> bool:
        while len(load) < start + quarters:
            load.append(0.0)
        return all(load[t] + per_quarter <= capacity + 1e-9 for t in range(start, start + quarters))

    def ends(s: _Step) -> int:
        return s.start + policy.effort[s.effort].quarters

    def place(s: _Step) -> None:
        if s.start >= 0:
            return
        earliest = 0
        before = [by_key[(s.question, s.from_level - 1)]] if (s.question, s.from_level - 1) in by_key else []
        if s.from_level == first_level[s.question]:
            for need, level in prerequisites.get(s.question, {}).items():
                before += [x for x in steps if x.question == need and x.to_level <= level]
        for other in before:
            place(other)
            earliest = max(earliest, ends(other))
        low = priority_class(classes, s.urgency[2]) == lowest
        if low:
            earliest = max(earliest, max(urgent_starts))
        effort = policy.effort[s.effort]
        start = earliest
        while not fits(start, effort.quarters, effort.points / effort.quarters):
            start += 1
        for t in range(start, start + effort.quarters):
            load[t] += effort.points / effort.quarters
        s.start = start
        if s.urgency[0] == 2 and not low:
            urgent_starts.append(start)

    depth = _depths(prerequisites)
    queue = sorted(
        steps,
        key=lambda s: (
            tuple(-x for x in s.urgency),
            depth.get(s.question, 0),
            order[s.question],
            s.from_level,
        ),
    )
    for s in queue:
        place(s)

    first = first_quarter(assessment.assessed_on)

    def quarter(index: int) -> date:
        return add_months(first, 3 * index)

    phases = dated_phases(profile, assessment.assessed_on)
    planned_phases: list[PlannedPhase] = []
    windows: list[tuple[str, date]] = []  # phase id, last day
    for phase, start, end in phases:
        quarters = sum(1 for i in range(len(load) + 40) if start <= quarter(i) <= end) or 1
        planned_phases.append(
            PlannedPhase(
                id=phase.id, name=phase.name, start=start, end=end, points=0.0, capacity=quarters * capacity
            )
        )
        windows.append((phase.id, end))

    def window_of(day: date) -> str:
        day = max(day, assessment.assessed_on)
        return next((pid for pid, end in windows if day <= end), BEYOND)

    def phase_of(s: _Step) -> str:
        return window_of(quarter(s.start))

    initiative_of = {qid: init.id for init in policy.initiatives for qid in init.questions}
    queue_rank = {s.key: i for i, s in enumerate(queue)}
    # Initiatives rank by their own most urgent step (a prerequisite pulled forward ranks its
    # dependant's initiative, not its own), then by when they start.
    own_rank = {s.key: (tuple(-x for x in s.own), s.start, queue_rank[s.key]) for s in steps}
    actions = [
        Action(
            question=s.question,
            group=s.group,
            from_level=s.from_level,
            to_level=s.to_level,
            text=s.text,
            variant=s.variant,
            effort=s.effort,
            points=policy.effort[s.effort].points,
            platform=s.platform,
            priority=s.priority,
            priority_class=priority_class(classes, s.urgency[2]),
            target=s.target,
            overdue=s.overdue,
            recommended_by=s.recommended_by,
            needed_for=tuple(sorted(s.needed_for, key=order.__getitem__)),
            unanswered=s.unanswered,
            start=quarter(s.start),
            end=quarter_end(quarter(ends(s) - 1)),
            phase=phase_of(s),
            initiative=initiative_of[s.question],
        )
        for s in sorted(steps, key=lambda s: (s.start, queue_rank[s.key]))
    ]
    if any(a.phase == BEYOND for a in actions):
        beyond_start = windows[-1][1] + timedelta(days=1)
        planned_phases.append(
            PlannedPhase(
                id=BEYOND,
                name=policy.beyond,
                start=beyond_start,
                end=max(a.end for a in actions),
                points=0.0,
                capacity=0.0,
            )
        )
    # The work each phase holds: the effort of the quarters that start in it (a long step counts in
    # every phase it runs through, in proportion).
    held: dict[str, float] = {}
    for i, v in enumerate(load):
        pid = window_of(quarter(i))
        held[pid] = held.get(pid, 0.0) + v
    planned_phases = [p.model_copy(update={"points": round(held.get(p.id, 0.0), 2)}) for p in planned_phases]
    return Roadmap(
        key_agency=key_agency,
        capacity=capacity,
        phases=tuple(planned_phases),
        initiatives=_initiatives(actions, own_rank, q, profile),
        actions=tuple(actions),
    )


def _initiatives(
    actions: Sequence[Action],
    rank: dict[tuple[str, int], tuple[tuple[float, ...], int, int]],
    q: Questionnaire,
    profile: Profile,
) -> tuple[Initiative, ...]:
    policy = profile.roadmap
    classes = [c.id for c in policy.priority.classes]
    order = {x.id: i for i, x in enumerate(q.questions)}
    out: list[tuple[tuple[tuple[float, ...], int, int], Initiative]] = []
    for init in policy.initiatives:
        own = [a for a in actions if a.initiative == init.id]
        if not own:
            continue
        points = sum(a.points for a in own)
        reached: dict[str, int] = {}
        for a in own:
            reached[a.question] = max(reached.get(a.question, 0), a.to_level)
        out.append(
            (
                min(rank[(a.question, a.from_level)] for a in own),
                Initiative(
                    id=init.id,
                    name=init.name,
                    owner=init.owner,
                    start=min(a.start for a in own),
                    end=max(a.end for a in own),
                    points=points,
                    cost_band=policy.cost_band(points).id,
                    platforms=tuple(sorted({a.platform for a in own if a.platform})),
                    targets=tuple(sorted({a.target for a in own if a.target})),
                    overdue=any(a.overdue for a in own),
                    priority_class=min((a.priority_class for a in own), key=classes.index),
                    steps=len(own),
                    done_when=tuple(
                        DoneWhen(question=qid, level=level, rubric=q.question_by_id[qid].rubric[level])
                        for qid, level in sorted(reached.items(), key=lambda x: order[x[0]])
                    ),
                ),
            )
        )
    return tuple(init for _, init in sorted(out, key=lambda x: x[0]))


def _depths(prereqs: dict[str, dict[str, int]]) -> dict[str, int]:
    """How many layers of prerequisites stand below each question (0: none)."""
    memo: dict[str, int] = {}

    def depth(qid: str) -> int:
        if qid not in memo:
            memo[qid] = 1 + max((depth(p) for p in prereqs.get(qid, {})), default=-1)
        return memo[qid]

    for qid in prereqs:
        depth(qid)
    return memo
