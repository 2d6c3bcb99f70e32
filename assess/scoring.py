"""Reads scoring/: the scoring-profile model, its loader, and the pure scoring engine."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from assess import resources
from assess.assessment import Assessment
from assess.bilingual import DataId, Lang, Strict, Text, Version
from assess.datafile import Loc, YamlDocument, raise_if_problems, read_yaml
from assess.datafile import validation_problems as pydantic_problems
from assess.errors import UsageError, VersionMismatchError
from assess.messages import t
from assess.questionnaire import Question, Questionnaire, Scope, Target

Horizon = Literal["2025", "2030"]
HORIZONS: tuple[Horizon, ...] = ("2025", "2030")
Size = Literal["key", "sme"]
Level = Annotated[int, Field(ge=0, le=5)]

# --- named rules the profile refers to ------------------------------------------------------


def level_floor(score: float) -> int:
    """A group is at level L when its weighted mean answer is at least L (score >= 20 x L)."""
    return min(5, math.floor(score / 20 + 1e-9))


def level_nearest(score: float) -> int:
    """The weighted mean answer rounded to the nearest level, halves up."""
    return min(5, math.floor(score / 20 + 0.5 + 1e-9))


LEVEL_RULES: dict[str, Callable[[float], int]] = {"floor": level_floor, "nearest": level_nearest}


def priority_gap_x_weight(gap: int, weight: float) -> float:
    """Priority of a question's next step: levels still to climb times the question's weight."""
    return gap * weight


PRIORITY_RULES: dict[str, Callable[[int, float], float]] = {"gap_x_weight": priority_gap_x_weight}


# --- the profile ----------------------------------------------------------------------------


class ProfileQuestionnaire(Strict):
    id: str
    version: str


class Weights(Strict):
    groups: dict[str, Annotated[float, Field(gt=0, le=10)]]
    questions: dict[str, Annotated[float, Field(gt=0, le=10)]] = Field(default_factory=dict)


class Unanswered(Strict):
    """Unanswered questions score 0 and are always listed; past this share the result is incomplete."""

    incomplete_above: float = Field(ge=0, le=1)


class GroupLevel(Strict):
    rule: Literal["floor", "nearest"]


class Band(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    min: float = Field(ge=0, le=100)
    name: Text


def _ascending_from_zero(bands: tuple[Band, ...]) -> tuple[Band, ...]:
    mins = [b.min for b in bands]
    if not bands or mins[0] != 0:
        raise PydanticCustomError("band_start", "the first band must start at 0")
    if any(b <= a for a, b in pairwise(mins)):
        raise PydanticCustomError("band_order", "band thresholds must increase strictly")
    return bands


class BandSet(Strict):
    """The bands in force for assessments from `from_year` on (the official index revises them)."""

    from_year: int = Field(ge=2000, le=2100)
    source: Text
    bands: tuple[Band, ...]

    @model_validator(mode="after")
    def _check(self) -> BandSet:
        _ascending_from_zero(self.bands)
        return self


class OfficialIndex(Strict):
    """The indicative estimate on the official index's five pillars (never the official score)."""

    pillars: dict[str, Annotated[float, Field(gt=0)]]
    note: Text


class HorizonDef(Strict):
    id: Horizon
    due: date
    name: Text


GroupTargets = dict[str, Level]  # group id -> target level


class SizeTargets(Strict):
    key: dict[Horizon, GroupTargets]
    sme: dict[Horizon, GroupTargets]

    def for_size(self, key_agency: bool) -> dict[Horizon, GroupTargets]:
        return self.key if key_agency else self.sme


class PhaseEnd(Strict):
    """How a phase's end date follows from the assessment date: exactly one of these."""

    months: int | None = Field(default=None, ge=1, le=60)
    end_of_year: int | None = Field(default=None, ge=0, le=10)  # 31 Dec of assessment year + n
    date: dt.date | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> PhaseEnd:
        if sum(v is not None for v in (self.months, self.end_of_year, self.date)) != 1:
            raise PydanticCustomError("phase_end", "give exactly one of months, end_of_year, date")
        return self


class Phase(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    ends: PhaseEnd


class EffortClass(Strict):
    """How much one step of this size takes: effort points, spread evenly over its quarters."""

    name: Text
    description: Text
    points: float = Field(gt=0, le=100)
    quarters: int = Field(ge=1, le=12)


class Capacity(Strict):
    """Effort points an agency of each kind can put into its DX steps in one quarter."""

    key: float = Field(gt=0)
    sme: float = Field(gt=0)

    def of(self, key_agency: bool) -> float:
        return self.key if key_agency else self.sme


class Role(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text


class InitiativeDef(Strict):
    """A named package of work: the steps of its questions, under one owner."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    owner: str
    questions: tuple[str, ...] = Field(min_length=1)


class CostBand(Strict):
    """An indicative cost band for an initiative, by its total effort points."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    up_to_points: float | None = Field(default=None, gt=0)  # None: everything above the previous band
    name: Text
    description: Text


class PriorityClass(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    min: float = Field(ge=0)
    name: Text


class Priority(Strict):
    rule: Literal["gap_x_weight"]
    classes: tuple[PriorityClass, ...]

    @model_validator(mode="after")
    def _descending(self) -> Priority:
        mins = [c.min for c in self.classes]
        if not mins or mins[-1] != 0 or any(b >= a for a, b in pairwise(mins)):
            raise PydanticCustomError(
                "priority_order", "priority classes must go from the highest threshold down to 0"
            )
        return self


class RoadmapPolicy(Strict):
    phases: tuple[Phase, ...] = Field(min_length=1)
    beyond: Text  # the name of the steps that no longer fit in the last phase at the agency's capacity
    effort: dict[Literal["S", "M", "L"], EffortClass]
    capacity: Capacity
    priority: Priority
    # question -> {prerequisite question: the level it must reach before the question's first step}
    prerequisites: dict[str, dict[str, Level]] = Field(default_factory=dict)
    roles: tuple[Role, ...] = Field(min_length=1)
    initiatives: tuple[InitiativeDef, ...] = Field(min_length=1, max_length=10)
    cost_bands: tuple[CostBand, ...] = Field(min_length=1)
    # the support platforms a key agency is still sent to (it builds its own systems otherwise)
    key_agency_platforms: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> RoadmapPolicy:
        limits = [c.up_to_points for c in self.cost_bands]
        if limits[-1] is not None or any(x is None for x in limits[:-1]):
            raise PydanticCustomError(
                "cost_band_open", "every cost band but the last needs up_to_points; the last takes the rest"
            )
        if any(b <= a for a, b in pairwise(x for x in limits if x is not None)):
            raise PydanticCustomError("cost_band_order", "cost bands' up_to_points must increase")
        if max(self.effort[e].points / self.effort[e].quarters for e in self.effort) > min(
            self.capacity.key, self.capacity.sme
        ):
            raise PydanticCustomError(
                "effort_capacity", "a step's effort per quarter must fit in the capacity of every agency"
            )
        return self

    @property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    def cost_band(self, points: float) -> CostBand:
        return next(b for b in self.cost_bands if b.up_to_points is None or points <= b.up_to_points + 1e-9)


class NeedsHelpRule(Strict):
    """Which agencies a sector report lists as needing the ministry's help."""

    bands: tuple[str, ...] = Field(min_length=1)  # agencies whose index falls in these bands
    # and agencies that missed at least this many binding strategy targets after their deadline
    overdue_targets: int | None = Field(default=None, ge=1)


class Profile(Strict):
    id: DataId
    version: Version
    title: Text
    source: Text
    questionnaire: ProfileQuestionnaire
    weights: Weights
    unanswered: Unanswered
    group_level: GroupLevel
    bands: tuple[BandSet, ...] = Field(min_length=1)
    official_index: OfficialIndex
    horizons: tuple[HorizonDef, ...]
    recommended_levels: dict[str, SizeTargets]  # block id -> this tool's recommended group levels
    roadmap: RoadmapPolicy
    needs_help: NeedsHelpRule | None = None  # default: the lowest band

    @model_validator(mode="after")
    def _check(self) -> Profile:
        if [h.id for h in self.horizons] != list(HORIZONS):
            raise PydanticCustomError("horizons", "horizons must be 2025 then 2030")
        years = [s.from_year for s in self.bands]
        if any(b <= a for a, b in pairwise(years)):
            raise PydanticCustomError("band_set_years", "band sets must be in increasing from_year")
        ids = [[b.id for b in s.bands] for s in self.bands]
        if any(i != ids[0] for i in ids):
            raise PydanticCustomError(
                "band_set_ids", "every band set must have the same band ids in the same order"
            )
        unknown = [b for b in self.help_rule.bands if b not in ids[0]]
        if unknown:
            raise PydanticCustomError(
                "needs_help_band",
                "needs_help.bands: no band '{band}' (bands: {bands})",
                {"band": unknown[0], "bands": ", ".join(ids[0])},
            )
        return self

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the validated profile, as the questionnaire's content hash is made."""
        return "sha256:" + hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    @property
    def help_rule(self) -> NeedsHelpRule:
        if self.needs_help is not None:
            return self.needs_help
        return NeedsHelpRule(bands=(self.bands[0].bands[0].id,))

    def bands_for(self, assessed_on: date) -> BandSet:
        """The band set in force in the assessment's year (the earliest set before its first year)."""
        chosen = self.bands[0]
        for band_set in self.bands:
            if assessed_on.year >= band_set.from_year:
                chosen = band_set
        return chosen

    def band_by_id(self, band_id: str, assessed_on: date) -> Band:
        return next(b for b in self.bands_for(assessed_on).bands if b.id == band_id)

    def question_weight(self, question: Question) -> float:
        return self.weights.questions.get(question.id, question.weight)

    def horizon(self, horizon: Horizon) -> HorizonDef:
        return next(h for h in self.horizons if h.id == horizon)

    def recommended_for(self, block: str, key_agency: bool) -> dict[Horizon, GroupTargets]:
        return self.recommended_levels[block].for_size(key_agency)


def band_for(bands: Sequence[Band], value: float) -> Band:
    chosen = bands[0]
    for band in bands:
        if value >= band.min:
            chosen = band
    return chosen


def _cycle(graph: Mapping[str, Collection[str]]) -> list[str] | None:
    """A dependency cycle in `graph`, if there is one."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def problems_against(profile: Profile, q: Questionnaire, lang: Lang = "vi") -> list[tuple[Loc, str]]:
    """Everything in the profile that does not fit its questionnaire, worded in `lang`."""
    out: list[tuple[Loc, str]] = []
    if (profile.questionnaire.id, profile.questionnaire.version) != (q.id, q.version):
        out.append(
            (
                ("questionnaire",),
                t(
                    "yaml.profile_mismatch",
                    lang,
                    id=profile.questionnaire.id,
                    version=profile.questionnaire.version,
                    qid=q.id,
                    qversion=q.version,
                ),
            )
        )
    groups = list(q.group_by_id)
    for gid in groups:
        if gid not in profile.weights.groups:
            out.append((("weights", "groups"), t("yaml.no_group_weight", lang, id=gid)))
    for gid in profile.weights.groups:
        if gid not in q.group_by_id:
            out.append((("weights", "groups", gid), t("yaml.unknown_group", lang, id=gid)))
    for qid in profile.weights.questions:
        if qid not in q.question_by_id:
            out.append((("weights", "questions", qid), t("yaml.unknown_question", lang, id=qid)))
    for pid in q.pillar_by_id:
        if pid not in profile.official_index.pillars:
            out.append((("official_index", "pillars"), t("yaml.no_pillar_points", lang, id=pid)))
    for pid in profile.official_index.pillars:
        if pid not in q.pillar_by_id:
            out.append((("official_index", "pillars", pid), t("yaml.unknown_pillar", lang, id=pid)))
    for block in q.block_by_id:
        if block not in profile.recommended_levels:
            out.append((("recommended_levels",), t("yaml.no_block_levels", lang, id=block)))
    for block, sizes in profile.recommended_levels.items():
        if block not in q.block_by_id:
            out.append((("recommended_levels", block), t("yaml.unknown_block", lang, id=block)))
            continue
        for size in ("key", "sme"):
            by_horizon: dict[Horizon, GroupTargets] = getattr(sizes, size)
            for horizon in HORIZONS:
                loc: Loc = ("recommended_levels", block, size)
                levels = by_horizon.get(horizon)
                if levels is None:
                    out.append((loc, t("yaml.no_horizon", lang, horizon=horizon)))
                    continue
                loc += (horizon,)
                for gid in groups:
                    if gid not in levels:
                        out.append((loc, t("yaml.no_group_level", lang, id=gid)))
                for gid in levels:
                    if gid not in q.group_by_id:
                        out.append((loc + (gid,), t("yaml.unknown_group", lang, id=gid)))
            early, late = by_horizon.get("2025", {}), by_horizon.get("2030", {})
            for gid, level in early.items():
                if gid in late and late[gid] < level:
                    out.append(
                        (
                            ("recommended_levels", block, size, "2030", gid),
                            t("yaml.level_drops", lang, late=late[gid], early=level),
                        )
                    )
    roadmap = profile.roadmap
    for effort in ("S", "M", "L"):
        if effort not in roadmap.effort:
            out.append((("roadmap", "effort"), t("yaml.no_effort", lang, id=effort)))
    prereqs = roadmap.prerequisites
    for qid, needs in prereqs.items():
        if qid not in q.question_by_id:
            out.append((("roadmap", "prerequisites", qid), t("yaml.unknown_question", lang, id=qid)))
        for need in needs:
            if need not in q.question_by_id:
                out.append((("roadmap", "prerequisites", qid), t("yaml.unknown_question", lang, id=need)))
    roles = roadmap.role_by_id
    seen: dict[str, str] = {}
    for i, init in enumerate(roadmap.initiatives):
        loc = ("roadmap", "initiatives", i)
        if init.owner not in roles:
            out.append((loc + ("owner",), t("yaml.unknown_role", lang, id=init.owner)))
        for qid in init.questions:
            if qid not in q.question_by_id:
                out.append((loc + ("questions",), t("yaml.unknown_question", lang, id=qid)))
            elif qid in seen:
                out.append(
                    (loc + ("questions",), t("yaml.in_two_initiatives", lang, id=qid, initiative=seen[qid]))
                )
            seen[qid] = init.id
    for question in q.questions:
        if question.id not in seen:
            out.append((("roadmap", "initiatives"), t("yaml.no_initiative", lang, id=question.id)))
    for pid in roadmap.key_agency_platforms:
        if pid not in q.platform_by_id:
            out.append((("roadmap", "key_agency_platforms"), t("yaml.unknown_platform", lang, id=pid)))
    cycle = _cycle(prereqs)
    if cycle:
        out.append((("roadmap", "prerequisites"), t("yaml.cycle", lang, cycle=" → ".join(cycle))))
    return out


def parse(doc: YamlDocument, questionnaire: Questionnaire | None = None) -> Profile:
    """Validate a scoring profile, and check it against its questionnaire (bundled by default);
    problems are worded in the language the document was read in."""
    problems: list[tuple[Loc, str]] = []
    profile: Profile | None = None
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        problems += pydantic_problems(doc, exc)
    if profile is not None:
        if questionnaire is None:
            from assess import questionnaire as qm

            _, questionnaire = qm.resolve(profile.questionnaire.id, doc.lang)
        problems += problems_against(profile, questionnaire, doc.lang)
    raise_if_problems(doc, problems, "yaml.what.profile")
    assert profile is not None
    return profile


# Only profiles that parsed are kept (valid in any language): an invalid file is read again, and its
# problems worded in the language asked, every time.
_CACHE: dict[tuple[Path, int, str | None], Profile] = {}


def load(path: Path, questionnaire: Questionnaire | None = None, lang: Lang = "vi") -> Profile:
    """Load and validate a profile (cached while the file and the questionnaire are unchanged);
    its problems are worded in `lang`."""
    resolved = Path(path).resolve()
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError:
        return parse(read_yaml(path, lang), questionnaire)
    key = (resolved, mtime, questionnaire.content_hash if questionnaire is not None else None)
    if key not in _CACHE:
        _CACHE[key] = parse(read_yaml(path, lang), questionnaire)
    return _CACHE[key]


def bundled_paths() -> list[Path]:
    return sorted(resources.scoring_dir().glob("*.yaml"))


def resolve(ref: str | Path | None, questionnaire: Questionnaire, lang: Lang = "vi") -> Profile:
    """The profile given by id or path, or else the bundled profile made for this questionnaire;
    problems are worded in `lang`."""
    if ref is not None:
        candidate = Path(ref)
        if candidate.suffix in (".yaml", ".yml") or candidate.exists():
            profile = load(candidate, questionnaire, lang)
        else:
            matches = [p for p in bundled_paths() if p.stem == str(ref)]
            if not matches:
                known = ", ".join(p.stem for p in bundled_paths()) or t("yaml.none", lang)
                raise UsageError(
                    t("yaml.no_profile", lang, ref=ref, known=known), hint=t("yaml.no_profile.hint", lang)
                )
            profile = load(matches[0], questionnaire, lang)
        return profile
    for path in bundled_paths():
        doc = read_yaml(path, lang)
        made_for = doc.data.get("questionnaire")
        if (
            isinstance(made_for, dict)
            and made_for.get("id") == questionnaire.id
            and str(made_for.get("version")) == questionnaire.version
        ):
            return load(path, questionnaire, lang)
    raise VersionMismatchError(
        t("yaml.no_bundled_profile", lang, id=questionnaire.id, version=questionnaire.version),
        hint=t("yaml.no_bundled_profile.hint", lang),
    )


# --- the engine -------------------------------------------------------------------------------


class QuestionScore(Strict):
    id: str
    group: str
    status: Literal["answered", "na", "unanswered"]
    level: int | None
    weight: float
    points: float  # level x weight; 0 when unanswered; 0 of 0 when N/A
    max_points: float
    rubric: Text | None  # what the chosen level looks like


class GroupScore(Strict):
    id: str
    title: Text
    weight: float
    score: float | None  # 0..100; None when every question is N/A
    level: int | None
    answered: int
    na: int
    unanswered: int
    # The levels this tool's profile recommends for the group (not strategy targets), and the gaps.
    recommended_2025: int
    recommended_2030: int
    gap_2025: int | None
    gap_2030: int | None
    formula: str


class PillarScore(Strict):
    id: str
    name: Text
    max_points: float
    points: float | None
    formula: str


class OfficialEstimate(Strict):
    indicative: Literal[True] = True
    pillars: tuple[PillarScore, ...]
    total: float
    band: Band
    formula: str


TargetState = Literal["met", "not_met", "unanswered", "not_binding", "not_applicable"]


class TargetStatus(Strict):
    """A strategy target (Decision 348/QĐ-TTg) as it stands for this agency."""

    id: str
    name: Text
    binds: Scope  # whom the strategy sets it for
    status: TargetState  # not_binding: the strategy does not set it for this agency
    questions: tuple[str, ...]
    share_2025: float | None  # the share of the agencies it binds expected to meet it by then
    share_2030: float | None
    due: Horizon | None  # the first horizon with a share
    overdue: bool  # binding, not met, assessed after the due horizon's deadline


class Scores(Strict):
    index: float
    band: Band
    bands_from: int  # the year from which the band thresholds used are in force
    complete: bool
    applicable: int
    unanswered: tuple[str, ...]
    questions: tuple[QuestionScore, ...]
    groups: tuple[GroupScore, ...]
    official: OfficialEstimate
    targets: tuple[TargetStatus, ...]
    formula: str


def _num(value: float) -> str:
    return f"{value:g}"


def _ratio(scores: Iterable[QuestionScore]) -> tuple[float, float]:
    items = list(scores)
    return sum(s.points for s in items), sum(s.max_points for s in items)


def score_questions(assessment: Assessment, q: Questionnaire, profile: Profile) -> list[QuestionScore]:
    out = []
    for question in q.applicable(assessment.agency.block):
        answer = assessment.answer(question.id)
        weight = profile.question_weight(question)
        status: Literal["answered", "na", "unanswered"] = (
            "na" if answer.na else "unanswered" if answer.level is None else "answered"
        )
        out.append(
            QuestionScore(
                id=question.id,
                group=question.group,
                status=status,
                level=answer.level,
                weight=weight,
                points=(answer.level or 0) * weight if status == "answered" else 0.0,
                max_points=0.0 if status == "na" else 5 * weight,
                rubric=question.rubric[answer.level] if answer.level is not None else None,
            )
        )
    return out


def _group_formula(items: Sequence[QuestionScore], score: float | None) -> str:
    counted = [s for s in items if s.status != "na"]
    if not counted:
        return "N/A"
    num = " + ".join(f"{s.level or 0}×{_num(s.weight)}" for s in counted)
    den = " + ".join(f"5×{_num(s.weight)}" for s in counted)
    return f"100 × ({num}) / ({den}) = {_num(score or 0)}"


def score(assessment: Assessment, q: Questionnaire, profile: Profile) -> Scores:
    """Score one assessment. Pure: the same inputs always give the same value."""
    questions = score_questions(assessment, q, profile)
    level_rule = LEVEL_RULES[profile.group_level.rule]
    targets = profile.recommended_for(assessment.agency.block, assessment.agency.key_agency)
    band_set = profile.bands_for(assessment.assessed_on)

    groups: list[GroupScore] = []
    for group in q.groups:
        items = [s for s in questions if s.group == group.id]
        points, maximum = _ratio(items)
        value = round(100 * points / maximum, 2) if maximum else None
        level = level_rule(value) if value is not None else None
        t25, t30 = targets["2025"][group.id], targets["2030"][group.id]
        groups.append(
            GroupScore(
                id=group.id,
                title=group.title,
                weight=profile.weights.groups[group.id],
                score=value,
                level=level,
                answered=sum(s.status == "answered" for s in items),
                na=sum(s.status == "na" for s in items),
                unanswered=sum(s.status == "unanswered" for s in items),
                recommended_2025=t25,
                recommended_2030=t30,
                gap_2025=max(0, t25 - level) if level is not None else None,
                gap_2030=max(0, t30 - level) if level is not None else None,
                formula=_group_formula(items, value),
            )
        )

    scored = [g for g in groups if g.score is not None]
    total_weight = sum(g.weight for g in scored)
    index = round(sum((g.score or 0) * g.weight for g in scored) / total_weight, 2) if total_weight else 0.0
    formula = (
        (
            "("
            + " + ".join(f"{_num(g.score or 0)}×{_num(g.weight)}" for g in scored)
            + ") / ("
            + " + ".join(_num(g.weight) for g in scored)
            + f") = {_num(index)}"
        )
        if scored
        else "0"
    )

    unanswered = tuple(s.id for s in questions if s.status == "unanswered")
    applicable = len(questions)
    complete = applicable > 0 and len(unanswered) / applicable <= profile.unanswered.incomplete_above

    return Scores(
        index=index,
        band=band_for(band_set.bands, index),
        bands_from=band_set.from_year,
        complete=complete,
        applicable=applicable,
        unanswered=unanswered,
        questions=tuple(questions),
        groups=tuple(groups),
        official=_official(questions, q, profile, band_set.bands),
        targets=_targets(assessment, questions, q, profile),
        formula=formula,
    )


def _official(
    questions: Sequence[QuestionScore], q: Questionnaire, profile: Profile, bands: Sequence[Band]
) -> OfficialEstimate:
    pillars: list[PillarScore] = []
    for pillar in q.pillars:
        maximum = profile.official_index.pillars[pillar.id]
        items = [s for s in questions if q.question_by_id[s.id].pillar == pillar.id]
        points, possible = _ratio(items)
        if possible:
            value = round(maximum * points / possible, 2)
            formula = f"{_num(maximum)} × {_num(points)} / {_num(possible)} = {_num(value)}"
        else:
            value, formula = None, "N/A"
        pillars.append(
            PillarScore(id=pillar.id, name=pillar.name, max_points=maximum, points=value, formula=formula)
        )
    measured = [p for p in pillars if p.points is not None]
    got = sum(p.points or 0 for p in measured)
    possible_total = sum(p.max_points for p in measured)
    full = sum(p.max_points for p in pillars)
    # Pillars with nothing measurable (all N/A) are left out and the rest scaled to the full total.
    total = round(got * full / possible_total, 2) if possible_total else 0.0
    formula = " + ".join(_num(p.points or 0) for p in measured)
    if possible_total != full:
        formula = f"({formula}) × {_num(full)} / {_num(possible_total)}"
    return OfficialEstimate(
        pillars=tuple(pillars),
        total=total,
        band=band_for(bands, total),
        formula=f"{formula} = {_num(total)}",
    )


def target_state(binds: bool, measured: Iterable[tuple[int | None, int]]) -> TargetState:
    """A strategy target's status for one agency. `measured`: for each question that measures it
    and is not N/A, its level (None: unanswered) and the threshold that meets the target."""
    if not binds:
        return "not_binding"
    pairs = list(measured)
    if not pairs:
        return "not_applicable"
    if any(level is not None and level < threshold for level, threshold in pairs):
        return "not_met"
    if any(level is None for level, _ in pairs):
        return "unanswered"
    return "met"


def target_due(target: Target) -> Horizon | None:
    """The first horizon the strategy sets a share for."""
    return "2025" if target.share_2025 is not None else "2030" if target.share_2030 is not None else None


def is_overdue(state: TargetState, due: Horizon | None, assessed_on: date, profile: Profile) -> bool:
    """Binding, not met (or not known to be met), and assessed after the due horizon's deadline."""
    return due is not None and state in ("not_met", "unanswered") and assessed_on > profile.horizon(due).due


def _targets(
    assessment: Assessment, questions: Sequence[QuestionScore], q: Questionnaire, profile: Profile
) -> tuple[TargetStatus, ...]:
    by_id = {s.id: s for s in questions}
    agency = assessment.agency
    binding = q.binding_targets(agency.block, agency.key_agency, agency.electronic_press)
    out = []
    for target in q.targets:
        tagged = [x for x in q.questions if x.target is not None and x.target.id == target.id]
        status = target_state(
            target.id in binding,
            (
                (by_id[x.id].level, x.target.level)
                for x in tagged
                if x.id in by_id and by_id[x.id].status != "na" and x.target is not None
            ),
        )
        due = target_due(target)
        out.append(
            TargetStatus(
                id=target.id,
                name=target.name,
                binds=target.binds,
                status=status,
                questions=tuple(x.id for x in tagged),
                share_2025=target.share_2025,
                share_2030=target.share_2030,
                due=due,
                overdue=is_overdue(status, due, assessment.assessed_on, profile),
            )
        )
    return tuple(out)


# --- peers ------------------------------------------------------------------------------------


class Standing(Strict):
    """Where one agency stands among a set of peers (itself included) on one measure."""

    rank: int  # 1 = best; equal scores share a rank (1, 2, 2, 4)
    of: int
    below: int  # other agencies with a lower value
    equal: int  # other agencies with the same value
    median: float

    @property
    def share_below(self) -> float | None:
        """The share of the *other* agencies this one is above, 0..1 (None when it is alone)."""
        return self.below / (self.of - 1) if self.of > 1 else None


class Ranking:
    """A set of peer values, sorted once so each standing costs a binary search."""

    def __init__(self, values: Iterable[float]) -> None:
        self.values = sorted(values)
        self.median = round(statistics.median(self.values), 2) if self.values else 0.0

    def locate(self, value: float) -> Position:
        """The standing of a value that is one of the set's values."""
        n = len(self.values)
        below = bisect.bisect_left(self.values, value)
        not_above = bisect.bisect_right(self.values, value)
        return (n - not_above + 1, n, below, max(0, not_above - below - 1), self.median)

    def standing(self, value: float) -> Standing:
        return standing_of(self.locate(value))


Position = tuple[int, int, int, int, float]  # rank, of, below, equal, median: a Standing, compactly


def percent_below(position: Position) -> float | None:
    """The percentage of the other agencies with a lower value (None when there are no others)."""
    _, of, below, _, _ = position
    return round(100 * below / (of - 1), 1) if of > 1 else None


def standing_of(position: Position) -> Standing:
    rank, of, below, equal, median = position
    return Standing(rank=rank, of=of, below=below, equal=equal, median=median)


def standing(value: float, peers: Sequence[float]) -> Standing:
    return Ranking(peers).standing(value)


class PeerStats(Strict):
    """One agency's standing within its block and overall, on the index and on each group."""

    block: str
    in_block: Standing
    overall: Standing
    groups_in_block: dict[str, Standing]


PeerInput = tuple[str, float, Mapping[str, float | None]]  # block, index, group id -> score


@dataclass(frozen=True, slots=True)
class Peers:
    """PeerStats kept compactly, for batches of many thousands of agencies."""

    block: str
    in_block: Position
    overall: Position
    groups: tuple[tuple[str, Position], ...]

    def stats(self) -> PeerStats:
        return PeerStats(
            block=self.block,
            in_block=standing_of(self.in_block),
            overall=standing_of(self.overall),
            groups_in_block={gid: standing_of(p) for gid, p in self.groups},
        )


def peer_positions(items: Sequence[PeerInput]) -> list[Peers]:
    """Each item's standing among all items and within its block, in the items' order.
    Groups with no score (all N/A) are left out of the group rankings."""
    overall = Ranking(index for _, index, _ in items)
    blocks: dict[str, list[PeerInput]] = {}
    for item in items:
        blocks.setdefault(item[0], []).append(item)
    block_rank = {b: Ranking(index for _, index, _ in members) for b, members in blocks.items()}
    group_rank = {
        (b, gid): Ranking(v for _, _, groups in members if (v := groups.get(gid)) is not None)
        for b, members in blocks.items()
        for gid in {g for _, _, groups in members for g in groups}
    }
    return [
        Peers(
            block,
            block_rank[block].locate(index),
            overall.locate(index),
            tuple((gid, group_rank[(block, gid)].locate(v)) for gid, v in groups.items() if v is not None),
        )
        for block, index, groups in items
    ]


def peer_statistics(items: Sequence[PeerInput]) -> list[PeerStats]:
    """Each item's standing among all items and within its block, in the items' order.
    Groups with no score (all N/A) are left out of the group rankings."""
    return [p.stats() for p in peer_positions(items)]
