"""The national picture of a batch as data: what the sector report, results.json, results.xlsx and
`assess compare` all read. Computed once, from the scored rows, by a pure builder.

Also the model of results.json itself (`ResultsFile`), so that the file a batch writes can be read
back strictly (by `assess compare` and `assess report --results`) and described by `assess schema`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field

from assess import assessment as am
from assess.bilingual import Strict
from assess.result import ProfileRef
from assess.scoring import PeerStats, TargetState

if TYPE_CHECKING:
    from assess.columns import Scores
    from assess.questionnaire import Question, Questionnaire
    from assess.scoring import NeedsHelpRule, Profile

SUMMARY_VERSION: Literal[1] = 1
RESULTS_VERSION: Literal[1] = 1

ALL = "all"  # the block key of the figures over every agency


class Spread(Strict):
    """How a score is spread among the agencies of a block: quartiles, extremes and mean."""

    min: float
    q1: float
    median: float
    q3: float
    max: float
    mean: float


class Attainment(Strict):
    """A strategy target among some agencies: how many it binds and could be measured, how many
    meet it, and whether that share reaches the national shares set for 2025 and 2030."""

    bound: int  # agencies the target binds (met, not met or unanswered)
    met: int
    unanswered: int  # bound, but a question measuring it was left unanswered
    share: float | None  # met / bound, None when it binds no one
    reaches_2025: bool | None  # None: the strategy sets no share for that year
    reaches_2030: bool | None


class BlockSummary(Strict):
    block: str  # a block id, or ALL
    assessed: int
    key_agencies: int
    index: Spread | None  # None when no agency of the block was scored
    bands: dict[str, int]  # band id -> agencies (every band id, zeros included)
    groups: dict[str, Spread | None]  # task group id -> spread of its scores


class TargetSummary(Strict):
    target: str
    share_2025: float | None
    share_2030: float | None
    overall: Attainment
    by_block: dict[str, Attainment]
    key: Attainment
    small_medium: Attainment


class Gap(Strict):
    """A question many agencies answer below their 2030 aim."""

    question: str
    group: str
    below: int
    asked: int
    share: float


HelpReasonKind = Literal["band", "target_overdue"]


class HelpReason(Strict):
    kind: HelpReasonKind
    band: str | None = None  # kind "band": the band the index falls in
    target: str | None = None  # kind "target_overdue": the strategy target missed after its deadline


class NeedsHelp(Strict):
    """Why an agency needs the ministry's help, and which of its support platforms fit it (kept in
    the agency's entry of results.json; the sector report lists every such agency)."""

    reasons: tuple[HelpReason, ...]
    platforms: tuple[str, ...]  # support platform ids its roadmap's steps would use


class HelpSummary(Strict):
    agencies: int
    by_block: dict[str, int]
    by_reason: dict[HelpReasonKind, int]
    by_target: dict[str, int]  # agencies that missed each strategy target after its deadline
    by_platform: dict[str, int]  # of the agencies needing help, how many each platform would serve


class FindingCount(Strict):
    code: str
    severity: Literal["error", "warning"]
    findings: int
    rows: int


class DataQuality(Strict):
    rows_read: int  # scored + superseded + rejected
    scored: int
    superseded: int = 0  # re-submissions set aside by --keep latest or first
    rejected: int
    stopped_at_row: int | None
    findings: tuple[FindingCount, ...]


class Period(Strict):
    """The reporting period: the first and the last assessment date among the scored agencies."""

    first: date
    last: date


class SectorSummary(Strict):
    summary_version: Literal[1] = SUMMARY_VERSION
    questionnaire: am.QuestionnaireRef
    profile: ProfileRef
    period: Period | None  # None when nothing was scored
    help_bands: tuple[str, ...]  # the bands whose agencies need help (the scoring profile's rule)
    overall: BlockSummary
    blocks: tuple[BlockSummary, ...]  # in the questionnaire's block order
    targets: tuple[TargetSummary, ...]
    gaps: tuple[Gap, ...]  # questions by share of agencies below their aim, most first
    needing_help: HelpSummary
    data_quality: DataQuality

    def block(self, block_id: str) -> BlockSummary:
        if block_id == ALL:
            return self.overall
        return next(b for b in self.blocks if b.block == block_id)


# --- results.json ------------------------------------------------------------------------------


class BandRef(Strict):
    id: str
    name: str


class GroupResult(Strict):
    score: float | None
    level: int | None
    gap_2030: int | None


class OfficialResult(Strict):
    total: float
    level: str
    indicative: Literal[True]


class TargetResult(Strict):
    status: TargetState
    overdue: bool


class ResultFiles(Strict):
    assessment: str
    report: str | None = None


class ResultEntry(Strict):
    """One scored agency in results.json (a row of results.csv, with its standing)."""

    agency: am.Agency
    assessed_on: date
    source_row: int
    source_submission: str | None = None  # the form tool's id of the submission (assess/forms.py)
    index: float
    band: BandRef
    groups: dict[str, GroupResult]
    official_estimate: OfficialResult
    targets: dict[str, TargetResult]
    unanswered: int
    complete: bool
    peers: PeerStats
    needs_help: NeedsHelp | None = None
    files: ResultFiles


class ResultsQuestionnaire(Strict):
    id: str
    version: str
    hash: str
    groups: dict[str, str] = Field(default_factory=dict)  # group id -> hash of what scores it


class ResultsFile(Strict):
    """results.json as `assess batch` writes it."""

    results_version: Literal[1] = RESULTS_VERSION
    source: str
    questionnaire: ResultsQuestionnaire
    profile: ProfileRef
    rows_read: int
    scored: int
    superseded: int = 0  # re-submissions set aside by --keep latest or first
    rejected: int
    stopped_at_row: int | None
    results: tuple[ResultEntry, ...]
    summary: SectorSummary


def spread(centi: np.ndarray[Any, Any]) -> Spread | None:
    """Extremes, quartiles (linear between closest ranks, numpy's default) and mean of scores
    given in hundredths, to two decimals."""
    if not len(centi):
        return None
    values = centi.astype(np.float64) / 100
    lo, q1, median, q3, hi = np.percentile(values, [0, 25, 50, 75, 100]).tolist()
    return Spread(
        min=round(lo, 2),
        q1=round(q1, 2),
        median=round(median, 2),
        q3=round(q3, 2),
        max=round(hi, 2),
        mean=round(float(values.mean()), 2),
    )


def needs_help(
    band: str, targets: Iterable[tuple[str, str, bool]], platforms: tuple[str, ...], rule: NeedsHelpRule
) -> dict[str, Any] | None:
    """An agency's `needs_help` entry in results.json (NeedsHelp's JSON), or None: whether its
    band or an overdue strategy target puts it on the list, by the scoring profile's rule."""
    late = [tid for tid, _, overdue in targets if overdue]
    qualifies = band in rule.bands or (rule.overdue_targets is not None and len(late) >= rule.overdue_targets)
    if not qualifies:
        return None
    reasons: list[dict[str, str]] = [{"kind": "band", "band": band}] if band in rule.bands else []
    reasons += [{"kind": "target_overdue", "target": tid} for tid in late]
    return {"reasons": reasons, "platforms": list(platforms)}


class Builder:
    """A SectorSummary built from the scored rows, a block's slice at a time (vectorised: a
    national batch can hold a million rows; what is kept is a few integers per row)."""

    def __init__(self, q: Questionnaire, profile: Profile) -> None:
        self.q, self.profile = q, profile
        self.rule = profile.help_rule
        self.band_ids = [b.id for b in profile.bands[0].bands]
        self.group_ids = [g.id for g in q.groups]
        self.target_ids = [t.id for t in q.targets]
        blocks = [b.id for b in q.blocks]
        self.index: dict[str, list[np.ndarray[Any, Any]]] = {b: [] for b in blocks}
        self.groups: dict[str, list[np.ndarray[Any, Any]]] = {b: [] for b in blocks}
        self.key: Counter[str] = Counter()
        self.assessed: Counter[str] = Counter()
        self.bands: dict[str, Counter[str]] = {b: Counter() for b in blocks}
        # block -> [small/medium, key] × target × state (TARGET_STATES)
        self.states = {b: np.zeros((2, len(self.target_ids), 5), dtype=np.int64) for b in blocks}
        self.below = {b: np.zeros(len(q.questions), dtype=np.int64) for b in blocks}
        self.help_blocks: Counter[str] = Counter()
        self.help_reasons: Counter[HelpReasonKind] = Counter()
        self.help_targets: Counter[str] = Counter()
        self.help_platforms: Counter[str] = Counter()
        self.days: tuple[int, int] | None = None

    def add(
        self, block: str, key_agency: np.ndarray[Any, Any], days: np.ndarray[Any, Any], s: Scores
    ) -> None:
        """Rows of one block: whether each is a key agency, its assessment date (ordinal), scores."""
        n = len(s)
        if not n:
            return
        key = np.asarray(key_agency, dtype=bool)
        self.index[block].append(np.rint(s.index * 100).astype(np.int32))
        self.groups[block].append(np.where(np.isnan(s.groups), -1, np.rint(s.groups * 100)).astype(np.int32))
        self.key[block] += int(key.sum())
        self.assessed[block] += n
        self.bands[block].update(s.band)
        for size in (0, 1):
            mine = key == bool(size)
            if mine.any():
                states = s.targets[mine].astype(np.int64)
                for k in range(len(self.target_ids)):
                    self.states[block][size, k] += np.bincount(states[:, k], minlength=5)[:5]
        self.below[block] += s.below.sum(axis=0)
        first, last = int(days.min()), int(days.max())
        self.days = (
            (first, last) if self.days is None else (min(self.days[0], first), max(self.days[1], last))
        )

        by_band = np.isin(np.array(s.band, dtype=object), list(self.rule.bands))
        late = s.overdue.astype(bool)
        enough = self.rule.overdue_targets
        helped = by_band | (late.sum(axis=1) >= enough) if enough is not None else by_band
        late = late & helped[:, None]
        count = int(helped.sum())
        if count:
            self.help_blocks[block] += count
            self.help_reasons["band"] += int(by_band.sum())  # every agency in the bands is helped
            self.help_reasons["target_overdue"] += int(late.any(axis=1).sum())
            for k, tid in enumerate(self.target_ids):
                self.help_targets[tid] += int(late[:, k].sum())
            bits = s.platforms[helped]
            for i, platform in enumerate(self.q.platforms):
                self.help_platforms[platform.id] += int(((bits >> i) & 1).sum())

    def _block(
        self, block: str, index: list[np.ndarray[Any, Any]], groups: list[np.ndarray[Any, Any]]
    ) -> BlockSummary:
        values = np.concatenate(index) if index else np.zeros(0, dtype=np.int32)
        matrix = np.concatenate(groups) if groups else np.zeros((0, len(self.group_ids)), dtype=np.int32)
        bands = self.bands[block] if block != ALL else sum(self.bands.values(), Counter())
        return BlockSummary(
            block=block,
            assessed=len(values),
            key_agencies=self.key[block] if block != ALL else sum(self.key.values()),
            index=spread(values),
            bands={b: bands[b] for b in self.band_ids},
            groups={g: spread(matrix[:, k][matrix[:, k] >= 0]) for k, g in enumerate(self.group_ids)},
        )

    def _attainment(self, counts: np.ndarray[Any, Any], k: int) -> Attainment:
        """counts: target × state, summed over the agencies meant."""
        met, not_met, unanswered = (int(v) for v in counts[k, :3])
        bound = met + not_met + unanswered
        share = met / bound if bound else None
        target = self.q.targets[k]

        def reaches(goal: float | None) -> bool | None:
            return None if goal is None or share is None else share >= goal

        return Attainment(
            bound=bound,
            met=met,
            unanswered=unanswered,
            share=None if share is None else round(share, 4),
            reaches_2025=reaches(target.share_2025),
            reaches_2030=reaches(target.share_2030),
        )

    def finish(self, quality: DataQuality) -> SectorSummary:
        blocks = [b.id for b in self.q.blocks]
        every = sum(self.states.values(), np.zeros((2, len(self.target_ids), 5), dtype=np.int64))
        targets = []
        for k, target in enumerate(self.q.targets):
            targets.append(
                TargetSummary(
                    target=target.id,
                    share_2025=target.share_2025,
                    share_2030=target.share_2030,
                    overall=self._attainment(every.sum(axis=0), k),
                    by_block={b: self._attainment(self.states[b].sum(axis=0), k) for b in blocks},
                    key=self._attainment(every[1], k),
                    small_medium=self._attainment(every[0], k),
                )
            )
        gaps = []
        for j, question in enumerate(self.q.questions):
            asked = sum(self.assessed[b] for b in blocks if question.applies(b))
            below = int(sum(self.below[b][j] for b in blocks))
            if below:
                gaps.append(
                    Gap(
                        question=question.id,
                        group=question.group,
                        below=below,
                        asked=asked,
                        share=round(below / asked, 4),
                    )
                )
        gaps.sort(key=lambda g: (-g.share, g.question))
        period = (
            None
            if self.days is None
            else Period(first=date.fromordinal(self.days[0]), last=date.fromordinal(self.days[1]))
        )
        return SectorSummary(
            questionnaire=am.QuestionnaireRef.of(self.q),
            profile=ProfileRef(id=self.profile.id, version=self.profile.version),
            period=period,
            help_bands=self.rule.bands,
            overall=self._block(
                ALL, [v for b in blocks for v in self.index[b]], [v for b in blocks for v in self.groups[b]]
            ),
            blocks=tuple(self._block(b, self.index[b], self.groups[b]) for b in blocks),
            targets=tuple(targets),
            gaps=tuple(gaps),
            needing_help=HelpSummary(
                agencies=sum(self.help_blocks.values()),
                by_block={b: self.help_blocks[b] for b in blocks},
                by_reason={
                    "band": self.help_reasons["band"],
                    "target_overdue": self.help_reasons["target_overdue"],
                },
                by_target={t: self.help_targets[t] for t in self.target_ids},
                by_platform={p.id: self.help_platforms[p.id] for p in self.q.platforms},
            ),
            data_quality=quality,
        )


def _digest(payload: str) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


def question_hash(question: Question) -> str:
    """What a question asks and how its levels read: two answers to questions with the same hash
    can be compared."""
    return _digest(question.model_dump_json())


def group_hashes(q: Questionnaire, profile: Profile) -> dict[str, str]:
    """Per task group: a hash of everything its score depends on (its questions and rubrics, their
    weights, and how a score becomes a level). Two group scores with the same hash compare."""
    import json

    out = {}
    for group in q.groups:
        questions = q.questions_in(group.id)
        payload = {
            "questions": [question_hash(x) for x in questions],
            "weights": [profile.question_weight(x) for x in questions],
            "group_weight": profile.weights.groups[group.id],
            "level": profile.group_level.model_dump(mode="json"),
        }
        out[group.id] = _digest(json.dumps(payload, sort_keys=True))
    return out
