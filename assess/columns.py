"""Column-wise scoring: many assessments at once with numpy, for batches.

`scoring.score` stays the reference: this module computes the numbers a batch keeps for each row
(index and band, group scores, levels and gaps, the official-index estimate and band, strategy
targets, the questions below their aim) from a matrix of answer codes, and gives exactly the same
values, bit for bit (a property test holds it to that). Sums run question by question in
questionnaire order, as the reference's do, and rounding is Python's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
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
    platforms: tuple[str, ...]  # support platforms the steps to its aims would use (roadmap.platforms_needed)


def round2(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Python's round(v, 2) of each value, bit for bit, a whole array at a time.

    Python rounds the exact binary value to two decimals and returns the nearest double to that;
    rint(v × 100) / 100 gives the same number unless v × 100 lies within rounding error of a half,
    where the last bit of the product decides. Those few values are rounded by Python itself."""
    scaled = values * 100
    out: np.ndarray[Any, Any] = np.rint(scaled) / 100
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    if len(near):
        out[near] = [round(v, 2) for v in values[near].tolist()]
    return out


@dataclass
class Layout:
    """A questionnaire and its scoring profile as arrays, made once for a batch."""

    q: Questionnaire
    profile: Profile
    _aims: dict[tuple[str, bool, bool], np.ndarray[Any, Any]] = field(default_factory=dict)
    # Values met again and again in a batch, worked out once (each is bounded: scores have two
    # decimals between 0 and 100)
    _levels: dict[float, int] = field(default_factory=dict)
    _bands: dict[int, str] = field(default_factory=dict)
    overdue: defaultdict[int, dict[int, bool]] = field(default_factory=lambda: defaultdict(dict))

    def rounded(
        self, values: np.ndarray[Any, Any], defined: np.ndarray[Any, Any], empty: float
    ) -> np.ndarray[Any, Any]:
        """Python's round(v, 2) of each value where `defined`, else `empty` (as the reference)."""
        result = round2(np.nan_to_num(values))
        result[~defined] = empty
        return result

    def level_of(self, score: float) -> int:
        if score not in self._levels:
            self._levels[score] = LEVEL_RULES[self.profile.group_level.rule](score)
        return self._levels[score]

    def bands(self, assessed_on: Sequence[date], values: np.ndarray[Any, Any]) -> list[str]:
        """The band of each value, in the band set of its assessment's year (values have two
        decimals, so a year and a value in hundredths name one band)."""
        years = np.array([d.year for d in assessed_on], dtype=np.int64)
        keys = (years * 100_000 + np.round(values * 100).astype(np.int64)).tolist()
        memo = self._bands
        out: list[str | None] = list(map(memo.get, keys))
        if None in out:
            plain = values.tolist()
            for i, name in enumerate(out):
                if name is None:
                    band_set = self.profile.bands_for(assessed_on[i])
                    out[i] = memo[keys[i]] = band_for(band_set.bands, plain[i]).id
        return out  # type: ignore[return-value]

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
    def platform_bits(self) -> np.ndarray[Any, Any]:
        """The support platforms (one bit each) that the steps of a question from one level up to
        an aim use, as the planner assigns them: indexed by kind of agency (0: small or medium,
        1: key), question, current level (0-5) and aim (0-5); 0 where the aim is not above."""
        bit = {p.id: 1 << i for i, p in enumerate(self.q.platforms)}
        kept = set(self.profile.roadmap.key_agency_platforms)
        table = np.zeros((2, len(self.ids), 6, 6), dtype=np.int64)
        for key_agency in (0, 1):
            for j, x in enumerate(self.q.questions):
                step = [0] * 5  # the platform bit of the step from each level
                for level, rec in x.recommendations.items():
                    platform = rec.platform
                    if key_agency and rec.key is not None and platform not in kept:
                        platform = None
                    step[level] = bit[platform] if platform is not None else 0
                for current in range(6):
                    used = 0
                    for aim in range(current + 1, 6):
                        used |= step[aim - 1]
                        table[key_agency, j, current, aim] = used
        return table.reshape(-1)

    def platform_names(self, bits: int) -> tuple[str, ...]:
        return tuple(p.id for i, p in enumerate(self.q.platforms) if bits >> i & 1)

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


@dataclass(frozen=True)
class Agencies:
    """Who the rows of a level matrix are: what scoring needs to know of each agency."""

    blocks: Sequence[str]
    key_agency: Sequence[bool]
    electronic_press: Sequence[bool | None]  # the agency's own record; None: as its block usually is
    assessed_on: Sequence[date]


@dataclass
class Scores:
    """A level matrix scored: one entry per row in each array (NaN or -1 where there is none)."""

    index: np.ndarray[Any, Any]  # float
    band: list[str]
    groups: np.ndarray[Any, Any]  # rows × groups, float, NaN: no score
    levels: np.ndarray[Any, Any]  # rows × groups, int, -1: no score
    gaps: np.ndarray[Any, Any]  # rows × groups, levels below the 2030 recommendation, -1: no score
    official_total: np.ndarray[Any, Any]
    official_band: list[str]
    unanswered: np.ndarray[Any, Any]
    complete: np.ndarray[Any, Any]
    targets: np.ndarray[Any, Any]  # rows × targets, index into TARGET_STATES
    overdue: np.ndarray[Any, Any]  # rows × targets, bool
    below: np.ndarray[Any, Any]  # rows × questions, bool: below the question's 2030 aim
    platforms: np.ndarray[Any, Any]  # int64 bits: support platforms the steps to the aims would use

    def __len__(self) -> int:
        return len(self.index)

    def take(self, rows: np.ndarray[Any, Any]) -> Scores:
        """These rows only, in this order."""
        picked = rows.tolist()
        return Scores(
            **{  # type: ignore[arg-type]
                f.name: list(map(getattr(self, f.name).__getitem__, picked))
                if isinstance(getattr(self, f.name), list)
                else getattr(self, f.name)[rows]
                for f in fields(Scores)
            }
        )

    @staticmethod
    def concat(parts: list[Scores]) -> Scores:
        """Parts one after the other; each part is emptied as it is joined (memory holds the
        parts and one joined field at a time, not the parts and the whole result)."""
        out: dict[str, Any] = {}
        for f in fields(Scores):
            values = [getattr(p, f.name) for p in parts]
            joined = (
                [v for part in values for v in part]
                if isinstance(values[0], list)
                else np.concatenate(values)
            )
            for p in parts:
                setattr(p, f.name, None)
            del values
            out[f.name] = joined
        return Scores(**out)

    def row(self, i: int, layout: Layout) -> RowScores:
        """Row i as the batch keeps it, in the reference's own types."""
        groups = []
        for g, (gid, _, _) in enumerate(layout.groups):
            score = float(self.groups[i, g])
            has = score == score
            groups.append(
                (
                    gid,
                    score if has else None,
                    int(self.levels[i, g]) if has else None,
                    int(self.gaps[i, g]) if has else None,
                )
            )
        return RowScores(
            index=float(self.index[i]),
            band=self.band[i],
            groups=tuple(groups),
            official_total=float(self.official_total[i]),
            official_band=self.official_band[i],
            unanswered=int(self.unanswered[i]),
            complete=bool(self.complete[i]),
            targets=tuple(
                (t.id, TARGET_STATES[int(self.targets[i, k])], bool(self.overdue[i, k]))
                for k, t in enumerate(layout.q.targets)
            ),
            below_aim=tuple(layout.ids[j] for j in np.flatnonzero(self.below[i]).tolist()),
            platforms=layout.platform_names(int(self.platforms[i])),
        )


TARGET_STATES: tuple[TargetState, ...] = ("met", "not_met", "unanswered", "not_binding", "not_applicable")


def score_rows(layout: Layout, assessments: Sequence[Assessment]) -> list[RowScores]:
    """Score many assessments at once: the same numbers as scoring.score and roadmap.below_aim."""
    if not assessments:
        return []
    levels = np.array([codes(a, layout) for a in assessments], dtype=np.int64)
    who = Agencies(
        [a.agency.block for a in assessments],
        [a.agency.key_agency for a in assessments],
        [a.agency.electronic_press for a in assessments],
        [a.assessed_on for a in assessments],
    )
    scores = score_matrix(layout, levels, who)
    return [scores.row(i, layout) for i in range(len(assessments))]


def score_matrix(layout: Layout, levels: np.ndarray[Any, Any], who: Agencies) -> Scores:
    """Score a level matrix (rows × questions, answer codes) column by column."""
    q, profile = layout.q, layout.profile
    n = levels.shape[0]
    levels = levels.astype(np.int64, copy=False)
    answered = levels >= 0
    na = levels == NA
    unanswered = levels == UNANSWERED
    asked = levels != NOT_ASKED
    counted = asked & ~na
    points = np.where(answered, levels, 0) * layout.weights
    maximum = np.where(counted, 5 * layout.weights, 0.0)

    # Groups: score, level, gap to the 2030 recommendation; the index is their weighted mean.
    kinds = list(zip(who.blocks, who.key_agency, strict=True))
    recommended = {k: profile.recommended_for(*k)["2030"] for k in set(kinds)}
    group_scores = np.empty((n, len(layout.groups)))
    group_levels = np.full((n, len(layout.groups)), -1, dtype=np.int64)
    total = np.zeros(n)
    weights = np.zeros(n)
    for g, (_, cols, weight) in enumerate(layout.groups):
        values = _shares(layout, points, maximum, cols, 100)
        group_scores[:, g] = values
        has = values == values
        total = total + np.where(has, values * weight, 0.0)  # adding 0.0 leaves a sum as it is
        weights = weights + np.where(has, weight, 0.0)
        scored = np.flatnonzero(has)
        distinct, back = np.unique(values[scored], return_inverse=True)
        found = np.array([layout.level_of(v) for v in distinct.tolist()], dtype=np.int64)
        group_levels[scored, g] = found[back.reshape(-1)]
    kind_list = list(recommended)
    kind_at = {k: i for i, k in enumerate(kind_list)}
    by_kind = np.array(
        [[recommended[k][gid] for gid, _, _ in layout.groups] for k in kind_list], dtype=np.int64
    )
    rec = by_kind[[kind_at[k] for k in kinds]]
    gaps = np.where(group_levels >= 0, np.maximum(0, rec - group_levels), -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / weights
    index = np.where(weights != 0, round2(np.nan_to_num(mean)), 0.0)

    measured = np.zeros(n)
    of = np.zeros(n)
    for cols, top in layout.pillars:
        values = _shares(layout, points, maximum, cols, top)
        has = values == values
        measured = measured + np.where(has, values, 0.0)
        of = of + np.where(has, top, 0.0)
    full = sum(top for _, top in layout.pillars)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = measured * full / of
    official = layout.rounded(ratio, of != 0, 0.0)

    n_asked = asked.sum(axis=1)
    n_unanswered = unanswered.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        complete = (n_asked > 0) & (
            n_unanswered / np.maximum(n_asked, 1) <= profile.unanswered.incomplete_above
        )

    e_press = [q.is_electronic_press(b, own) for b, own in zip(who.blocks, who.electronic_press, strict=True)]
    targets, overdue = _targets(layout, levels, who, e_press)
    agency_kinds = list(zip(who.blocks, who.key_agency, e_press, strict=True))
    kinds_seen = list(dict.fromkeys(agency_kinds))
    at = {k: i for i, k in enumerate(kinds_seen)}
    aims = np.array([layout.aims_2030(*k) for k in kinds_seen], dtype=np.int64).reshape(len(kinds_seen), -1)
    aims = aims[[at[k] for k in agency_kinds]].reshape(n, len(layout.ids))
    current = np.maximum(levels, 0)
    below = counted & (current < aims)
    platforms = np.zeros(n, dtype=np.int64)
    if layout.q.platforms:
        # one lookup per answer (kind, question, level, aim), then the union over a row's questions
        key = np.asarray(who.key_agency, dtype=np.int64)[:, None]
        at = ((key * len(layout.ids) + np.arange(len(layout.ids))) * 6 + np.minimum(current, 5)) * 6
        used = layout.platform_bits[at + np.clip(aims, 0, 5)]
        platforms = np.bitwise_or.reduce(np.where(below, used, 0), axis=1)
    small = np.int8  # levels, gaps, states and counts are small: a batch keeps many rows of them
    return Scores(
        index=index,
        band=layout.bands(who.assessed_on, index),
        groups=group_scores,
        levels=group_levels.astype(small),
        gaps=gaps.astype(small),
        official_total=official,
        official_band=layout.bands(who.assessed_on, official),
        unanswered=n_unanswered.astype(np.int16),
        complete=complete,
        targets=targets.astype(small),
        overdue=overdue,
        below=below,
        platforms=platforms,
    )


def _shares(
    layout: Layout,
    points: np.ndarray[Any, Any],
    maximum: np.ndarray[Any, Any],
    columns: Sequence[int],
    scale: float,
) -> np.ndarray[Any, Any]:
    """Per row: scale × the points its questions in `columns` earned / their maximum, rounded as
    the reference rounds (Python's round); NaN where nothing could be earned (every question N/A
    or not asked)."""
    got = np.zeros(points.shape[0])
    possible = np.zeros(points.shape[0])
    for c in columns:  # question by question, in the order the reference sums
        got = got + points[:, c]
        possible = possible + maximum[:, c]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = scale * got / possible
    return layout.rounded(np.nan_to_num(value), possible != 0, np.nan)


def _targets(
    layout: Layout, levels: np.ndarray[Any, Any], who: Agencies, e_press: Sequence[bool]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each strategy target's status (index into TARGET_STATES) and whether it is overdue: the
    reference's rules (target_state, is_overdue), run once per distinct combination of answers."""
    q, profile = layout.q, layout.profile
    n = levels.shape[0]
    states = np.empty((n, len(q.targets)), dtype=np.int64)
    overdue = np.zeros((n, len(q.targets)), dtype=bool)
    kinds = list(zip(who.blocks, who.key_agency, e_press, strict=True))
    distinct = list(dict.fromkeys(kinds))
    at = {k: i for i, k in enumerate(distinct)}
    kind_of = np.array([at[k] for k in kinds], dtype=np.int64)
    binding_of = [q.binding_targets(*k) for k in distinct]
    days = np.array([d.toordinal() for d in who.assessed_on], dtype=np.int64)
    position = {s: i for i, s in enumerate(TARGET_STATES)}
    for t, (target, tagged) in enumerate(zip(q.targets, layout.tagged, strict=True)):
        binds = np.array([target.id in b for b in binding_of], dtype=np.int64)[kind_of]
        # Each row's combination as one number (codes run from NOT_ASKED to 5), to find the
        # distinct ones quickly.
        key = binds.copy()
        for c, _ in tagged:
            key = key * 16 + (levels[:, c] - NOT_ASKED)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        found = []
        for row in first.tolist():
            status = target_state(
                bool(binds[row]),
                (
                    (None if c == UNANSWERED else c, level)
                    for c, level in ((int(levels[row, col]), level) for col, level in tagged)
                    if c not in (NA, NOT_ASKED)
                ),
            )
            found.append(position[status])
        states[:, t] = np.array(found, dtype=np.int64)[inverse.reshape(-1)]
        due = target_due(target)
        keys, first, back = np.unique(
            states[:, t] * 10_000_000 + days, return_index=True, return_inverse=True
        )
        memo = layout.overdue[t]  # a state on a day: few of them in a whole batch
        late = []
        for key, r in zip(keys.tolist(), first.tolist(), strict=True):
            if key not in memo:
                memo[key] = is_overdue(TARGET_STATES[int(states[r, t])], due, who.assessed_on[r], profile)
            late.append(memo[key])
        overdue[:, t] = np.array(late, dtype=bool)[back.reshape(-1)]
    return states, overdue
