"""Column-wise scoring: many assessments at once with numpy, for batches.

`scoring.score` stays the reference: this module computes the numbers a batch keeps for each row
(index and band, group scores, levels and gaps, the official-index estimate and band, strategy
targets, the questions below their aim) from a matrix of answer codes, and gives exactly the same
values, bit for bit (a property test holds it to that). Sums run question by question in
questionnaire order, as the reference's do, and rounding is Python's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from assess import roadmap
from assess.scoring import LEVEL_RULES, Profile, TargetState, band_for, is_overdue, target_due, target_state

if TYPE_CHECKING:
    from assess.assessment import Assessment
    from assess.questionnaire import Questionnaire

# Answer codes in the level matrix: 0-5 a level, and these.
UNANSWERED = -1
NA = -2
NOT_ASKED = -3  # the question does not apply to the agency's block


@dataclass(frozen=True)
class RowScores:
    """What a batch keeps of one scored row (the same values as scoring.score gives)."""

    index: float
    band: str
    groups: tuple[tuple[str, float | None, int | None, int | None], ...]  # id, score, level, gap 2030
    official_total: float
    official_band: str
    unanswered: int
    complete: bool
    targets: tuple[tuple[str, TargetState, bool], ...]  # id, status, overdue
    below_aim: tuple[str, ...]


@dataclass
class Layout:
    """A questionnaire and its scoring profile as arrays, made once for a batch."""

    q: Questionnaire
    profile: Profile
    _aims: dict[tuple[str, bool, bool], np.ndarray[Any, Any]] = field(default_factory=dict)

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(x.id for x in self.q.questions)

    @cached_property
    def column(self) -> dict[str, int]:
        return {qid: i for i, qid in enumerate(self.ids)}

    @cached_property
    def weights(self) -> np.ndarray[Any, Any]:
        return np.array([self.profile.question_weight(x) for x in self.q.questions], dtype=np.float64)

    @cached_property
    def groups(self) -> list[tuple[str, list[int], float]]:
        return [
            (g.id, [self.column[x.id] for x in self.q.questions_in(g.id)], self.profile.weights.groups[g.id])
            for g in self.q.groups
        ]

    @cached_property
    def pillars(self) -> list[tuple[list[int], float]]:
        return [
            (
                [i for i, x in enumerate(self.q.questions) if x.pillar == p.id],
                self.profile.official_index.pillars[p.id],
            )
            for p in self.q.pillars
        ]

    @cached_property
    def asked(self) -> dict[str, list[bool]]:
        """Per block: whether each question is asked of its agencies."""
        return {b.id: [x.applies(b.id) for x in self.q.questions] for b in self.q.blocks}

    @cached_property
    def tagged(self) -> list[list[tuple[int, int]]]:
        """Per strategy target: the columns of the questions measuring it, with their thresholds."""
        return [
            [
                (self.column[x.id], x.target.level)
                for x in self.q.questions
                if x.target is not None and x.target.id == target.id
            ]
            for target in self.q.targets
        ]

    def aims_2030(self, block: str, key_agency: bool, electronic_press: bool) -> np.ndarray[Any, Any]:
        """Each question's 2030 aim for an agency of this kind (the planner's own rule)."""
        combo = (block, key_agency, electronic_press)
        if combo not in self._aims:
            recommended = self.profile.recommended_for(block, key_agency)
            binding = self.q.binding_targets(block, key_agency, electronic_press)
            self._aims[combo] = np.array(
                [roadmap.aims(x, recommended, self.q, binding)[1] for x in self.q.questions], dtype=np.int64
            )
        return self._aims[combo]


def codes(assessment: Assessment, layout: Layout) -> list[int]:
    """One row of the level matrix: the assessment's answers as codes, in questionnaire order."""
    answers = assessment.answers
    out = []
    for qid, asked in zip(layout.ids, layout.asked[assessment.agency.block], strict=True):
        if not asked:
            out.append(NOT_ASKED)
            continue
        answer = answers.get(qid)
        if answer is None:
            out.append(UNANSWERED)
        elif answer.na:
            out.append(NA)
        else:
            out.append(UNANSWERED if answer.level is None else answer.level)
    return out


def score_rows(layout: Layout, assessments: Sequence[Assessment]) -> list[RowScores]:
    """Score many assessments at once: the same numbers as scoring.score and roadmap.below_aim."""
    if not assessments:
        return []
    q, profile = layout.q, layout.profile
    levels = np.array([codes(a, layout) for a in assessments], dtype=np.int64)
    answered = levels >= 0
    na = levels == NA
    unanswered = levels == UNANSWERED
    asked = levels != NOT_ASKED
    counted = asked & ~na
    points = np.where(answered, levels, 0) * layout.weights
    maximum = np.where(counted, 5 * layout.weights, 0.0)

    rule = LEVEL_RULES[profile.group_level.rule]
    group_scores = [_shares(points, maximum, columns, 100) for _, columns, _ in layout.groups]
    pillar_points = [_shares(points, maximum, columns, top) for columns, top in layout.pillars]
    pillar_max = [top for _, top in layout.pillars]
    full = sum(pillar_max)

    threshold = profile.unanswered.incomplete_above
    n_asked = asked.sum(axis=1).tolist()
    n_unanswered = unanswered.sum(axis=1).tolist()
    ids = layout.ids
    out = []
    for row, a in enumerate(assessments):
        agency = a.agency
        band_set = profile.bands_for(a.assessed_on).bands
        recommended = profile.recommended_for(agency.block, agency.key_agency)["2030"]
        groups = []
        total = weights = 0.0
        for (gid, _, weight), scores in zip(layout.groups, group_scores, strict=True):
            score = scores[row]
            level = rule(score) if score is not None else None
            gap = max(0, recommended[gid] - level) if level is not None else None
            groups.append((gid, score, level, gap))
            if score is not None:
                total += score * weight
                weights += weight
        index = round(total / weights, 2) if weights else 0.0
        measured = of = 0.0
        for values, top in zip(pillar_points, pillar_max, strict=True):
            pillar = values[row]
            if pillar is not None:
                measured += pillar
                of += top
        official = round(measured * full / of, 2) if of else 0.0
        e_press = q.is_electronic_press(agency.block, agency.electronic_press)
        below = layout.aims_2030(agency.block, agency.key_agency, e_press)
        gaps = counted[row] & (np.maximum(levels[row], 0) < below)
        complete = n_asked[row] > 0 and n_unanswered[row] / n_asked[row] <= threshold
        out.append(
            RowScores(
                index=index,
                band=band_for(band_set, index).id,
                groups=tuple(groups),
                official_total=official,
                official_band=band_for(band_set, official).id,
                unanswered=n_unanswered[row],
                complete=complete,
                targets=_targets(
                    layout, levels[row], a.assessed_on, agency.block, agency.key_agency, e_press
                ),
                below_aim=tuple(ids[i] for i in np.flatnonzero(gaps).tolist()),
            )
        )
    return out


def _shares(
    points: np.ndarray[Any, Any], maximum: np.ndarray[Any, Any], columns: Sequence[int], scale: float
) -> list[float | None]:
    """Per row: scale × the points its questions in `columns` earned / their maximum, rounded as
    the reference rounds; None where nothing could be earned (every question N/A or not asked)."""
    got = np.zeros(points.shape[0])
    possible = np.zeros(points.shape[0])
    for c in columns:  # question by question, in the order the reference sums
        got = got + points[:, c]
        possible = possible + maximum[:, c]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = scale * got / possible
    return [round(v, 2) if m else None for v, m in zip(value.tolist(), possible.tolist(), strict=True)]


def _targets(
    layout: Layout, row: np.ndarray[Any, Any], assessed_on: date, block: str, key: bool, e_press: bool
) -> tuple[tuple[str, TargetState, bool], ...]:
    q, profile = layout.q, layout.profile
    binding = q.binding_targets(block, key, e_press)
    out = []
    for target, tagged in zip(q.targets, layout.tagged, strict=True):
        status = target_state(
            target.id in binding,
            (
                (None if row[c] == UNANSWERED else int(row[c]), level)
                for c, level in tagged
                if row[c] not in (NA, NOT_ASKED)
            ),
        )
        out.append((target.id, status, is_overdue(status, target_due(target), assessed_on, profile)))
    return tuple(out)
