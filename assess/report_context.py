"""The typed context the agency report template receives: every value ready to print, in one language.

Templates only lay these values out; numbers, dates, quarters and level names are formatted here,
so the same result reads the same in every template a ministry writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Literal

from assess import __version__, formatting
from assess.assessment import Assessment
from assess.bilingual import Lang
from assess.compare import AssessmentComparison, Change
from assess.questionnaire import Questionnaire
from assess.result import Result
from assess.roadmap import (
    BEYOND,
    Action,
    Initiative,
    add_months,
    aims,
    binding_ids,
    first_quarter,
    quarter_start,
)
from assess.scoring import Profile, Standing

Detail = Literal["summary", "full"]


@dataclass(frozen=True)
class Compactness:
    """How compactly the default report is laid out: how many of the roadmap's first steps (those
    starting before its last phase, in order of start and urgency) are printed with their text, and
    whether the task-group section prints the current level's rubric or only its name. The plan is
    made again every year, and the annex of --detail full has every step's text and every rubric."""

    detailed_steps: int
    current_rubric: bool


# Tried in order until the report fits its pages (report.MAX_PAGES).
COMPACT = (Compactness(14, True), Compactness(6, True), Compactness(0, True), Compactness(0, False))
ROMAN = ("I", "II", "III", "IV")  # quarters as Vietnamese plans number them


class Labels(dict[str, str]):
    """The report's words in one language; `L.key` in templates, `L.fill(key, ...)` with values."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no label '{key}' in labels.yaml") from None

    def fill(self, key: str, **values: object) -> str:
        return self.__getattr__(key).format(**values)

    def count(self, key: str, n: int, **values: object) -> str:
        """`key_one` when n is 1 and the language has such a form, else `key`; {n} is filled in."""
        form = f"{key}_one" if n == 1 and f"{key}_one" in self else key
        return self.fill(form, n=n, **values)


def localize_formula(formula: str, lang: Lang) -> str:
    """Formulas are stored with decimal points; Vietnamese writes decimal commas."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", formula) if lang == "vi" else formula


def quarter_label(day: date, lang: Lang) -> str:
    """'Quý I/2027' as Vietnamese plans write it; 'Q1 2027'."""
    n = (day.month - 1) // 3 + 1
    return f"Quý {['I', 'II', 'III', 'IV'][n - 1]}/{day.year}" if lang == "vi" else f"Q{n} {day.year}"


def quarter_span(start: date, end: date, lang: Lang) -> str:
    """'Quý I–III/2027', 'Quý IV/2027 – Quý I/2028'; 'Q1–Q3 2027', 'Q4 2027 – Q1 2028'."""
    first, last = quarter_label(start, lang), quarter_label(end, lang)
    if first == last:
        return first
    if start.year == end.year:
        if lang == "vi":
            return f"{first.split('/')[0]}–{last.removeprefix('Quý ')}"
        return f"{first.split(' ')[0]}–{last}"
    return f"{first} – {last}"


def ordinal_rank(rank: int, lang: Lang) -> str:
    if lang == "vi":
        return f"thứ {rank}"
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def peer_sentence(standing: Standing, block: str, L: Labels, lang: Lang) -> str:
    """'4th of 4 in its block; higher than 0 of the other 3 agencies (block median 61.2).'
    True for the first, the middle and the last: it counts the others strictly below."""
    others = standing.of - 1
    if others == 0:
        return L.fill("peers_alone", block=block)
    return L.fill(
        "peers_in_block",
        rank=ordinal_rank(standing.rank, lang),
        of=standing.of,
        block=block,
        below=standing.below,
        others=L.count("others", others),
        ties=L.count("ties", standing.equal) if standing.equal else "",
        median=formatting.number(standing.median, lang, 1),
    )


# --- views ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetView:
    name: str
    binds: str  # whom the strategy sets it for
    definition: str  # "80 % of agencies by 2025; 100 % by 2030"
    status: str  # met | not_met | unanswered | not_binding | not_applicable
    status_label: str
    overdue: bool
    overdue_label: str
    questions: str


@dataclass(frozen=True)
class BarView:
    """One task group in the chart: widths are percentages of the 0-100 track."""

    id: str
    title: str
    score: str
    width: float
    level: str
    recommended: int
    recommended_at: float  # where the recommended level's score (20 x level) sits on the track
    median_at: float | None
    below: bool  # the group is below its recommended level


@dataclass(frozen=True)
class QuestionView:
    id: str
    title: str
    text: str
    status: str  # answered | na | unanswered
    level: int | None
    level_name: str
    aim: int
    below_aim: bool
    rubric: str  # what the chosen level looks like
    next_level: int | None
    next_level_name: str
    next_rubric: str  # what the next level looks like: "to get there"
    # For a question measuring a strategy target, the level the roadmap takes it to when that is
    # beyond the next one, and what it looks like: its initiative's "done when".
    done_level: int | None
    done_rubric: str
    target_note: str
    weight: str
    pillar: str
    # annex only
    note: str
    evidence: tuple[str, ...]
    na_reason: str
    full_rubric: tuple[tuple[int, str, str], ...]  # level, name, text


@dataclass(frozen=True)
class GroupView:
    id: str
    title: str
    weight: str
    score: str  # formatted, "—" when every question is N/A
    level: str
    level_name: str
    recommended: int
    gap: str
    formula: str
    below: tuple[QuestionView, ...]  # below their aim
    at_aim: tuple[QuestionView, ...]  # at or above their aim, or not applicable
    questions: tuple[QuestionView, ...]  # all, questionnaire order


@dataclass(frozen=True)
class StepView:
    when: str  # quarters
    question: str
    title: str
    step: str
    levels: str  # "1–2", from level 1 to 2: the bundled fonts have no arrow, a system font would print it
    text: str
    effort: str
    priority: str
    priority_class: str
    platform: str
    overdue: bool
    target: str
    needed_for: str
    unanswered: bool
    detailed: bool  # one of the first steps: printed with its text; later ones in brief


@dataclass(frozen=True)
class DoneView:
    question: str
    title: str
    level: int
    level_name: str
    rubric: str


@dataclass(frozen=True)
class InitiativeView:
    number: int
    name: str
    owner: str
    quarters: str
    start: str
    effort: str
    cost: str
    cost_note: str
    platforms: str
    targets: str
    overdue: bool
    priority: str
    priority_class: str
    steps: tuple[StepView, ...]
    done_when: tuple[DoneView, ...]
    cells: tuple[str, ...]  # one per timeline column: "" | "on" | "urgent"
    runs: tuple[Run, ...]  # the cells merged: the same state within one year makes one table cell


@dataclass(frozen=True)
class Run:
    """Timeline columns side by side in one state, within one year: one cell of the timeline table
    (a cell per quarter costs the PDF renderer more than the whole rest of the timeline)."""

    state: str  # "" | "on" | "urgent"
    span: int
    year_start: bool  # its first column starts a year (or the timeline)


def runs_of(cells: Sequence[str], columns: Sequence[Column]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for cell, column in zip(cells, columns, strict=True):
        if runs and runs[-1].state == cell and not column.year_start:
            runs[-1] = Run(cell, runs[-1].span + 1, runs[-1].year_start)
        else:
            runs.append(Run(cell, 1, column.year_start))
    return tuple(runs)


@dataclass(frozen=True)
class PhaseView:
    id: str
    name: str
    dates: str
    load: str  # "14 of 18 effort points"
    over: bool
    initiatives: str  # the initiatives with steps starting in it


@dataclass(frozen=True)
class Column:
    label: str  # the quarter: "I" / "Q1"
    year_start: bool


@dataclass(frozen=True)
class Year:
    label: str
    span: int  # how many timeline columns it covers


@dataclass(frozen=True)
class PillarView:
    name: str
    points: str
    max_points: str
    formula: str


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AgencyReport:
    """Everything `agency/report.html` may use. Text is plain and escaped by the template."""

    lang: Lang
    L: Labels
    detail: Detail
    shared_annex: bool  # the full rubrics are in a separate annex shared by a batch, not here
    current_rubric: bool  # the task-group section prints the current level's rubric, not just its name
    assess_version: str
    title: str
    agency_name: str
    agency_id: str
    block: str
    province: str
    governing_body: str
    size: str
    key_agency: bool
    assessed_on: str
    date_iso: str
    assessor: str
    questionnaire: str
    questionnaire_hash: str
    profile: str
    in_progress: bool
    complete: bool
    unanswered: tuple[str, ...]  # question ids
    index: str
    band: str
    band_id: str
    bands_note: str  # which year's thresholds
    official_note: str
    official_pillars: tuple[PillarView, ...]
    official_total: str
    official_band: str
    official_formula: str
    targets: tuple[TargetView, ...]  # binding first
    targets_binding: int
    targets_met: int
    targets_overdue: int
    peer_line: str  # empty when no peer statistics were supplied
    overall_line: str
    horizon: str  # the horizon whose recommended levels apply on the assessment date
    bars: tuple[BarView, ...]
    groups: tuple[GroupView, ...]
    roadmap_intro: str
    initiatives: tuple[InitiativeView, ...]
    top: tuple[InitiativeView, ...]
    columns: tuple[Column, ...]
    years: tuple[Year, ...]  # the timeline's header above the quarters
    phases: tuple[PhaseView, ...]
    beyond_note: str  # empty when everything fits by the end of the last phase
    steps_total: int
    effort_legend: str
    capacity_note: str
    sources: tuple[str, ...]
    method: tuple[str, ...]
    index_formula: str
    weights_table: tuple[Row, ...]
    question_weights: tuple[Row, ...]
    bands_table: tuple[Row, ...]
    progress: ProgressView | None = None  # with a previous assessment to compare with (--previous)
    extra: Mapping[str, str] = field(default_factory=dict)


def _share(value: float | None, lang: Lang) -> str:
    return "—" if value is None else formatting.percent(value, lang)


def _timeline(assessed_on: date, actions: Sequence[Action], lang: Lang) -> list[date]:
    """The quarters the timeline shows: from the first planning quarter to the end of 2030, or to
    the last step's end when work runs past it (one column for all of that)."""
    first = first_quarter(assessed_on)
    last = max([date(max(2030, first.year), 10, 1), *(quarter_start(a.end) for a in actions)])
    quarters = []
    day = first
    while day <= last:
        quarters.append(day)
        day = add_months(day, 3)
    return quarters


def _initiative_views(
    r: Result,
    q: Questionnaire,
    profile: Profile,
    L: Labels,
    lang: Lang,
    columns_end: date,
    detailed_steps: int | None,
) -> tuple[list[InitiativeView], list[Column]]:
    road = r.roadmap
    policy = profile.roadmap
    classes = {c.id: c.name(lang) for c in policy.priority.classes}
    targets = {t.id: t.name(lang) for t in q.targets}
    quarters = _timeline(r.assessed_on, road.actions, lang)
    planned = [p.id for p in road.phases if p.id != BEYOND]
    near_phases = set(planned[:-1]) or set(planned)
    # road.actions runs in order of start, then urgency: the first few of the near phases get text
    # None: every step (the full detail)
    first_steps = [a for a in road.actions if detailed_steps is None or a.phase in near_phases][
        :detailed_steps
    ]
    near = {(a.question, a.from_level) for a in first_steps}
    # One column per quarter to the end of 2030; anything later shares one "after 2030" column.
    shown = [d for d in quarters if d <= columns_end]
    later = len(shown) < len(quarters)
    columns = [
        Column(
            label=(ROMAN[(d.month - 1) // 3] if lang == "vi" else f"Q{(d.month - 1) // 3 + 1}"),
            year_start=d.month == 1 or i == 0,
        )
        for i, d in enumerate(shown)
    ]
    if later:
        columns.append(Column(label="", year_start=True))
    views = []
    for number, init in enumerate(road.initiatives, 1):
        own = road.of_initiative(init.id)
        cells = []
        for d in shown:
            active = [a for a in own if a.start <= d <= a.end]
            cells.append("urgent" if any(a.overdue for a in active) else "on" if active else "")
        if later:
            cells.append("on" if any(a.end > columns_end for a in own) else "")
        views.append(
            _initiative_view(
                number,
                init,
                own,
                q,
                profile,
                L,
                lang,
                classes,
                targets,
                tuple(cells),
                runs_of(cells, columns),
                near,
            )
        )
    return views, columns


def _initiative_view(
    number: int,
    init: Initiative,
    own: Sequence[Action],
    q: Questionnaire,
    profile: Profile,
    L: Labels,
    lang: Lang,
    classes: dict[str, str],
    targets: dict[str, str],
    cells: tuple[str, ...],
    runs: tuple[Run, ...],
    near: set[tuple[str, int]],
) -> InitiativeView:
    policy = profile.roadmap
    cost = next(c for c in policy.cost_bands if c.id == init.cost_band)
    steps = tuple(
        StepView(
            when=quarter_span(a.start, a.end, lang),
            question=a.question,
            title=q.question_by_id[a.question].title(lang),
            step=L.fill("step_levels", from_level=a.from_level, to_level=a.to_level),
            levels=f"{a.from_level}–{a.to_level}",
            text=a.text(lang),
            effort=policy.effort[a.effort].name(lang),
            priority=classes[a.priority_class],
            priority_class=a.priority_class,
            platform=q.platform_by_id[a.platform].name(lang) if a.platform else "",
            overdue=a.overdue,
            target=targets[a.target] if a.target else "",
            needed_for=", ".join(a.needed_for),
            unanswered=a.unanswered,
            detailed=(a.question, a.from_level) in near,
        )
        for a in own
    )
    return InitiativeView(
        number=number,
        name=init.name(lang),
        owner=policy.role_by_id[init.owner].name(lang),
        quarters=quarter_span(init.start, init.end, lang),
        start=quarter_label(init.start, lang),
        effort=L.count("effort_points", round(init.points))
        if init.points >= 1
        else L.count("effort_points", 1),
        cost=cost.name(lang),
        cost_note=cost.description(lang),
        platforms=", ".join(q.platform_by_id[p].name(lang) for p in init.platforms),
        targets="; ".join(targets[t] for t in init.targets),
        overdue=init.overdue,
        priority=classes[init.priority_class],
        priority_class=init.priority_class,
        steps=steps,
        done_when=tuple(
            DoneView(
                question=d.question,
                title=q.question_by_id[d.question].title(lang),
                level=d.level,
                level_name=q.level_name(d.level, lang),
                rubric=d.rubric(lang),
            )
            for d in init.done_when
        ),
        cells=cells,
        runs=runs,
    )


def build(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    labels: Labels,
    lang: Lang,
    detail: Detail = "summary",
    shared_annex: bool = False,
    compact: int = 0,
    comparison: AssessmentComparison | None = None,
) -> AgencyReport:
    """Turn a result into what the template prints, in one language, as compactly as COMPACT[compact];
    with a comparison, the progress since the previous assessment too."""
    layout = COMPACT[compact]
    L = labels
    s = r.scores
    num = formatting.number
    horizon = "2030" if r.assessed_on > profile.horizon("2025").due else "2025"
    recommended = profile.recommended_for(r.agency.block, r.agency.key_agency)
    binding = binding_ids(r.scores)
    by_question = {x.id: x for x in s.questions}
    reached = {d.question: d.level for init in r.roadmap.initiatives for d in init.done_when}
    level_now = {x.id: x.level or 0 for x in s.questions}
    beyond_next = {
        qid
        for qid, level in reached.items()
        if level > level_now[qid] + 1 and q.question_by_id[qid].target is not None
    }
    medians = r.peers.groups_in_block if r.peers is not None else {}

    groups: list[GroupView] = []
    bars: list[BarView] = []
    for g in s.groups:
        views = []
        for question in q.questions_in(g.id):
            scored = by_question.get(question.id)
            if scored is None:
                continue  # not for this block
            answer = a.answer(question.id)
            aim = aims(question, recommended, q, binding)[1 if horizon == "2030" else 0]
            current = scored.level
            below_aim = scored.status != "na" and (current or 0) < aim
            nxt = (current or 0) + 1 if below_aim else None
            target_note = ""
            if question.target is not None:
                target_note = L.fill(
                    "measures_target",
                    target=q.target_by_id[question.target.id].name(lang),
                    level=question.target.level,
                )
            views.append(
                QuestionView(
                    id=question.id,
                    title=question.title(lang),
                    text=question.text(lang),
                    status=scored.status,
                    level=current,
                    level_name=q.level_name(current, lang) if current is not None else "",
                    aim=aim,
                    below_aim=below_aim,
                    rubric=scored.rubric(lang) if scored.rubric is not None else "",
                    next_level=nxt,
                    next_level_name=q.level_name(nxt, lang) if nxt is not None else "",
                    next_rubric=question.rubric[nxt](lang) if nxt is not None else "",
                    done_level=reached[question.id] if question.id in beyond_next else None,
                    done_rubric=question.rubric[reached[question.id]](lang)
                    if question.id in beyond_next
                    else "",
                    target_note=target_note,
                    weight=num(scored.weight, lang, 1),
                    pillar=q.pillar_by_id[question.pillar].name(lang),
                    note=answer.note,
                    evidence=answer.evidence,
                    na_reason=answer.na_reason,
                    full_rubric=tuple(
                        (level, q.level_name(level, lang), question.rubric[level](lang)) for level in range(6)
                    ),
                )
            )
        rec = g.recommended_2030 if horizon == "2030" else g.recommended_2025
        gap = g.gap_2030 if horizon == "2030" else g.gap_2025
        groups.append(
            GroupView(
                id=g.id,
                title=g.title(lang),
                weight=num(g.weight, lang, 1),
                score="—" if g.score is None else num(g.score, lang, 1),
                level="—" if g.level is None else str(g.level),
                level_name=q.level_name(g.level, lang) if g.level is not None else L.group_all_na,
                recommended=rec,
                gap="—" if gap is None else str(gap),
                formula=localize_formula(g.formula, lang),
                below=tuple(v for v in views if v.below_aim),
                at_aim=tuple(v for v in views if not v.below_aim),
                questions=tuple(views),
            )
        )
        bars.append(
            BarView(
                id=g.id,
                title=g.title(lang),
                score="—" if g.score is None else num(g.score, lang, 1),
                width=round(g.score or 0.0, 1),
                level="—" if g.level is None else str(g.level),
                recommended=rec,
                recommended_at=min(100.0, 20.0 * rec),
                median_at=round(medians[g.id].median, 1) if g.id in medians else None,
                below=g.level is not None and g.level < rec,
            )
        )

    scopes = {
        "all": L.binds_all,
        "key_agencies": L.binds_key,
        "electronic_press": L.binds_electronic,
        "training_institutions": L.binds_training,
    }
    status_labels = {
        "met": L.status_met,
        "not_met": L.status_not_met,
        "unanswered": L.status_unanswered,
        "not_binding": L.status_not_binding,
        "not_applicable": L.status_not_applicable,
    }
    ordered_targets = sorted(s.targets, key=lambda t: t.status == "not_binding")
    targets = tuple(
        TargetView(
            name=t.name(lang),
            binds=scopes[t.binds],
            definition="; ".join(
                L.fill("share_by", share=_share(share, lang), year=year)
                for share, year in ((t.share_2025, 2025), (t.share_2030, 2030))
                if share is not None
            ),
            status=t.status,
            status_label=status_labels[t.status],
            overdue=t.overdue,
            overdue_label=L.fill("overdue_since", year=t.due) if t.overdue else "",
            questions=", ".join(t.questions),
        )
        for t in ordered_targets
    )
    counted = [t for t in s.targets if t.status not in ("not_binding", "not_applicable")]

    block = q.block_by_id[r.agency.block].name(lang)
    peer_line = overall_line = ""
    if r.peers is not None:
        peer_line = peer_sentence(r.peers.in_block, block, L, lang)
        overall_line = L.fill(
            "peers_overall",
            rank=ordinal_rank(r.peers.overall.rank, lang),
            of=r.peers.overall.of,
            median=num(r.peers.overall.median, lang, 1),
        )

    road = r.roadmap
    columns_end = date(2030, 12, 31)
    detailed = None if detail == "full" else layout.detailed_steps
    initiatives, columns = _initiative_views(r, q, profile, L, lang, columns_end, detailed)
    first = first_quarter(r.assessed_on)
    years: list[Year] = []
    for i, column in enumerate(columns):
        year = L.after_2030 if column.label == "" else str(add_months(first, 3 * i).year)
        if years and years[-1].label == year:
            years[-1] = Year(year, years[-1].span + 1)
        else:
            years.append(Year(year, 1))
    phases = []
    for phase in road.phases:
        names = [
            v.name
            for v, init in zip(initiatives, road.initiatives, strict=True)
            if any(x.phase == phase.id for x in road.of_initiative(init.id))
        ]
        phases.append(
            PhaseView(
                id=phase.id,
                name=phase.name(lang),
                dates=L.fill(
                    "phase_dates",
                    start=formatting.short_date(phase.start, lang),
                    end=formatting.short_date(phase.end, lang),
                ),
                load=(
                    L.fill(
                        "phase_load", points=num(phase.points, lang, 0), capacity=num(phase.capacity, lang, 0)
                    )
                    if phase.id != BEYOND
                    else L.fill("phase_load_beyond", points=num(phase.points, lang, 0))
                ),
                over=phase.id == BEYOND,
                initiatives="; ".join(names),
            )
        )
    beyond = road.in_phase(BEYOND)
    beyond_note = (
        L.fill(
            "beyond_note",
            steps=len(beyond),
            total=len(road.actions),
            end=road.phases[-2].end.year if len(road.phases) > 1 else 2030,
        )
        if beyond
        else ""
    )
    effort_legend = "; ".join(
        f"{cls.name(lang)}: {cls.description(lang)} ({L.count('effort_points', round(cls.points))}, "
        f"{L.count('quarters', cls.quarters)})"
        for cls in profile.roadmap.effort.values()
    )
    capacity_note = L.fill(
        "capacity_note",
        capacity=num(road.capacity, lang, 0 if road.capacity == int(road.capacity) else 1),
        kind=L.key_agency_lower if r.agency.key_agency else L.sme_agency_lower,
    )

    band_set = profile.bands_for(r.assessed_on)
    bands_table = tuple(
        Row((b.name(lang), L.fill("method_from", min=num(b.min, lang, 0)))) for b in band_set.bands
    )
    sources = (
        L.source_strategy,
        L.source_index,
        L.fill(
            "source_versions",
            questionnaire=q.id,
            qversion=q.version,
            hash=r.questionnaire.hash.removeprefix("sha256:")[:16],
            profile=profile.id,
            pversion=profile.version,
        ),
        L.source_split,
    )
    method = (
        L.method_question,
        L.fill("method_index", year=band_set.from_year),
        L.method_official,
        L.method_targets,
        L.method_roadmap,
    )
    weights_table = tuple(Row((g.id, g.title, g.weight, g.score, g.formula)) for g in groups)
    question_weights = tuple(
        Row(
            (
                x.id,
                x.weight,
                str(x.level) if x.level is not None else (L.na_short if x.status == "na" else "0"),
                x.pillar,
            )
        )
        for g in groups
        for x in g.questions
    )

    return AgencyReport(
        lang=lang,
        L=L,
        detail=detail,
        shared_annex=shared_annex,
        current_rubric=layout.current_rubric,
        assess_version=__version__,
        title=f"{L.report_title} — {r.agency.name}",
        agency_name=r.agency.name,
        agency_id=r.agency.id,
        block=block,
        province=r.agency.province,
        governing_body=r.agency.governing_body,
        size=L.key_agency if r.agency.key_agency else L.sme_agency,
        key_agency=r.agency.key_agency,
        assessed_on=formatting.long_date(r.assessed_on, lang),
        date_iso=r.assessed_on.isoformat(),
        assessor=r.assessor,
        questionnaire=f"{q.title(lang)} ({q.id}, {L.version} {q.version})",
        questionnaire_hash=r.questionnaire.hash.removeprefix("sha256:")[:16],
        profile=f"{profile.title(lang)} ({profile.id}, {L.version} {profile.version})",
        in_progress=r.assessment_status != "complete",
        complete=s.complete,
        unanswered=s.unanswered,
        index=num(s.index, lang, 1),
        band=s.band.name(lang),
        band_id=s.band.id,
        bands_note=L.fill("bands_note", year=r.assessed_on.year, source=band_set.source(lang)),
        official_note=profile.official_index.note(lang),
        official_pillars=tuple(
            PillarView(
                name=p.name(lang),
                points="—" if p.points is None else num(p.points, lang, 1),
                max_points=num(p.max_points, lang, 0),
                formula=localize_formula(p.formula, lang),
            )
            for p in s.official.pillars
        ),
        official_total=num(s.official.total, lang, 1),
        official_band=s.official.band.name(lang),
        official_formula=localize_formula(s.official.formula, lang),
        targets=targets,
        targets_binding=len(counted),
        targets_met=sum(t.status == "met" for t in counted),
        targets_overdue=sum(t.overdue for t in counted),
        peer_line=peer_line,
        overall_line=overall_line,
        horizon=horizon,
        bars=tuple(bars),
        groups=tuple(groups),
        roadmap_intro=L.roadmap_intro_key if r.agency.key_agency else L.roadmap_intro_sme,
        initiatives=tuple(initiatives),
        top=tuple(initiatives[:3]),
        columns=tuple(columns),
        years=tuple(years),
        phases=tuple(phases),
        beyond_note=beyond_note,
        steps_total=len(road.actions),
        effort_legend=effort_legend,
        capacity_note=capacity_note,
        sources=sources,
        method=method,
        index_formula=localize_formula(s.formula, lang),
        weights_table=weights_table,
        question_weights=question_weights,
        bands_table=bands_table,
        progress=None if comparison is None else progress_view(comparison, q, profile, L, lang),
    )


# --- progress since the previous assessment (assess report --previous) -------------------------

Direction = Literal["up", "down", "same", "none"]
STATUSES = ("done", "in_progress", "not_started", "regressed")


@dataclass(frozen=True)
class Delta:
    """A number then and now, ready to print: the change signed ("+5,2", "–3,1", "0,0") and which
    way it went, judged at the printed precision; the template draws the arrow."""

    old: str
    new: str
    text: str
    direction: Direction


@dataclass(frozen=True)
class ProgressGroupView:
    id: str
    title: str
    score: Delta
    level_old: str
    level_new: str
    level_direction: Direction
    old_at: float | None  # the scores' places on a 0-100 track
    new_at: float | None


@dataclass(frozen=True)
class StatusView:
    """The previous roadmap's initiatives in one status, by name."""

    status: str  # done | in_progress | not_started | regressed
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class ProgressView:
    """What the "progress since <date>" section prints (report_templates/agency/report.html)."""

    title: str  # "Progress since 12 March 2025"
    intro: str
    previous_on: str
    index: Delta
    band_old: str
    band_new: str
    band_direction: Direction
    targets_met: Delta
    targets_binding: int  # the targets that bind the agency now
    groups: tuple[ProgressGroupView, ...]
    answers: str  # how many answers rose and fell
    newly_met: tuple[str, ...]
    lost: tuple[str, ...]
    still: str  # how many targets stayed met, and stayed not met
    initiatives: tuple[StatusView, ...]  # every status, in the order of STATUSES
    not_compared_intro: str
    not_compared: tuple[str, ...]  # one line per kind and reason; empty when everything was compared
    previous_incomplete: bool


def _direction(delta: float | None, digits: int) -> Direction:
    if delta is None:
        return "none"
    shown = round(delta, digits)
    return "up" if shown > 0 else "down" if shown < 0 else "same"


def _delta(change: Change | None, lang: Lang, digits: int = 1) -> Delta:
    def show(value: float | None) -> str:
        return "—" if value is None else formatting.number(value, lang, digits)

    if change is None:
        return Delta("—", "—", "—", "none")
    direction = _direction(change.delta, digits)
    magnitude = formatting.number(abs(change.delta or 0.0), lang, digits)
    text = {"up": f"+{magnitude}", "down": f"–{magnitude}", "same": magnitude, "none": "—"}[direction]
    return Delta(show(change.old), show(change.new), text, direction)


def _level_direction(old: int | None, new: int | None) -> Direction:
    if old is None or new is None:
        return "none"
    return "up" if new > old else "down" if new < old else "same"


def _band(profile: Profile, band_id: str, on: date, lang: Lang) -> tuple[str, int | None]:
    """A band's name and its rank among the bands in force on that day; a band no longer in force
    is named from the year that has it, and one that no year has by its id."""
    for rank, band in enumerate(profile.bands_for(on).bands):
        if band.id == band_id:
            return band.name(lang), rank
    for band_set in profile.bands:
        for band in band_set.bands:
            if band.id == band_id:
                return band.name(lang), None
    return band_id, None


def _part_name(kind: str, part_id: str, q: Questionnaire, profile: Profile, lang: Lang) -> str:
    """What a part left out of the comparison is called in this questionnaire and profile (its id
    alone when only the other one has it)."""
    initiatives = {i.id: i for i in profile.roadmap.initiatives}
    if kind == "initiative" and part_id in initiatives:
        return initiatives[part_id].name(lang)
    if kind == "group" and part_id in q.group_by_id:
        return f"{part_id} {q.group_by_id[part_id].title(lang)}"
    if kind == "target" and part_id in q.target_by_id:
        return q.target_by_id[part_id].name(lang)
    if kind == "pillar" and part_id in q.pillar_by_id:
        return q.pillar_by_id[part_id].name(lang)
    return part_id


def progress_view(
    c: AssessmentComparison, q: Questionnaire, profile: Profile, L: Labels, lang: Lang
) -> ProgressView:
    """The comparison with the previous assessment, in one language. Names come from this (the
    newer) questionnaire; the previous roadmap's initiatives carry their own."""
    old_band, old_rank = _band(profile, c.old.band, c.old.assessed_on, lang)
    new_band, new_rank = _band(profile, c.new.band, c.new.assessed_on, lang)
    groups = tuple(
        ProgressGroupView(
            id=g.id,
            title=q.group_by_id[g.id].title(lang) if g.id in q.group_by_id else g.id,
            score=_delta(g.score, lang),
            level_old="—" if g.level is None or g.level.old is None else str(g.level.old),
            level_new="—" if g.level is None or g.level.new is None else str(g.level.new),
            level_direction=_level_direction(g.level.old, g.level.new) if g.level else "none",
            old_at=None if g.score.old is None else round(g.score.old, 1),
            new_at=None if g.score.new is None else round(g.score.new, 1),
        )
        for g in c.groups
    )

    def target_name(target_id: str) -> str:
        return _part_name("target", target_id, q, profile, lang)

    met_old = sum(t.old == "met" for t in c.targets)
    met_new = sum(t.new == "met" for t in c.targets)
    binding = sum(t.new not in ("not_binding", "not_applicable") for t in c.targets)
    rose = sum((x.new_level or 0) > (x.old_level or 0) for x in c.questions)
    fell = sum((x.new_level or 0) < (x.old_level or 0) for x in c.questions)
    answers = (
        L.fill("progress_answers", n=len(c.questions), up=rose, down=fell)
        if c.questions
        else L.progress_answers_none
    )
    kinds = ("index", "group", "pillar", "target", "initiative", "question")
    not_compared = []
    for kind in kinds:
        for reason in ("changed", "only_old", "only_new"):
            parts = [n.id for n in c.not_comparable if n.kind == kind and n.reason == reason]
            if not parts:
                continue
            label = f"{L[f'progress_kind_{kind}']} ({L[f'progress_reason_{reason}']})"
            if kind == "index":
                not_compared.append(label)
                continue
            separator = ", " if kind == "question" else "; "
            names = separator.join(_part_name(kind, p, q, profile, lang) for p in parts)
            not_compared.append(f"{label}: {names}")
    return ProgressView(
        title=L.fill("section_progress", date=formatting.long_date(c.old.assessed_on, lang)),
        intro=L.fill(
            "progress_intro",
            new=formatting.short_date(c.new.assessed_on, lang),
            old=formatting.short_date(c.old.assessed_on, lang),
            file=PurePath(c.old.file).name,
        ),
        previous_on=formatting.long_date(c.old.assessed_on, lang),
        index=_delta(c.index, lang)
        if c.index is not None
        else Delta("—", formatting.number(c.new.index, lang, 1), L.progress_not_comparable_short, "none"),
        band_old=old_band,
        band_new=new_band,
        band_direction=_level_direction(old_rank, new_rank),
        targets_met=_delta(Change(old=met_old, new=met_new, delta=met_new - met_old), lang, 0),
        targets_binding=binding,
        groups=groups,
        answers=answers,
        newly_met=tuple(target_name(t.target) for t in c.targets if t.change == "newly_met"),
        lost=tuple(target_name(t.target) for t in c.targets if t.change == "lost"),
        still=L.fill(
            "progress_targets_still",
            met=sum(t.change == "still_met" for t in c.targets),
            not_met=sum(t.change == "still_not_met" for t in c.targets),
        ),
        initiatives=tuple(
            StatusView(
                status=status,
                label=L[f"progress_status_{status}"],
                names=tuple(i.name(lang) for i in c.initiatives if i.status == status),
            )
            for status in STATUSES
        ),
        not_compared_intro=L.fill(
            "progress_not_compared_intro",
            old=f"{c.old.questionnaire.id} {c.old.questionnaire.version}",
            new=f"{c.new.questionnaire.id} {c.new.questionnaire.version}",
        ),
        not_compared=tuple(not_compared),
        previous_incomplete=not c.old.complete,
    )


def flow_size(report: AgencyReport) -> float:
    """A cheap estimate of how much the pages after "where it stands" must hold (the roadmap, the
    task groups, the sources), in characters of task-group text: every other item is weighed by
    the height it takes in the bundled template (a step's text runs in a narrower, larger table
    cell; each paragraph, table row and initiative adds its margins and its last line's end).
    report.agency_pdf compares it with report.FLOW_LIMIT to skip compactness steps that cannot fit."""
    below = [x for g in report.groups for x in g.below]
    at_aim = [x for g in report.groups for x in g.at_aim]
    steps = [s for i in report.initiatives for s in i.steps]
    detailed = [s for s in steps if s.detailed]
    done_when = [d for i in report.initiatives for d in i.done_when]
    return (
        sum(
            len(x.title)
            + len(x.rubric if report.current_rubric and x.level else x.level_name)
            + len(x.next_rubric)
            + len(x.done_rubric)
            + len(x.target_note)
            + 100
            for x in below
        )
        + sum(len(x.title) + 8 for x in at_aim)
        + sum(1.6 * (len(s.title) + len(s.text) + len(s.needed_for)) + 150 for s in detailed)
        + 25 * (len(steps) - len(detailed))
        + sum(len(d.title) + 20 for d in done_when)
        + 500 * len(report.initiatives)
    )


@dataclass(frozen=True)
class RubricQuestion:
    id: str
    text: str
    blocks: str  # the blocks it is asked of, or "" for every block
    levels: tuple[tuple[int, str, str], ...]  # level, name, text


@dataclass(frozen=True)
class RubricGroup:
    id: str
    title: str
    questions: tuple[RubricQuestion, ...]


@dataclass(frozen=True)
class RubricsAnnex:
    """What `agency/rubrics.html` may use: the questionnaire's rubrics, the same for every agency."""

    lang: Lang
    L: Labels
    assess_version: str
    title: str
    date_iso: str
    questionnaire: str
    groups: tuple[RubricGroup, ...]


def rubrics_context(q: Questionnaire, labels: Labels, lang: Lang) -> RubricsAnnex:
    return RubricsAnnex(
        lang=lang,
        L=labels,
        assess_version=__version__,
        title=f"{labels.rubrics_title} — {q.title(lang)}",
        date_iso="2000-01-01",  # fixed: the annex depends on the questionnaire alone
        questionnaire=f"{q.title(lang)} ({q.id}, {labels.version} {q.version})",
        groups=tuple(
            RubricGroup(
                id=g.id,
                title=g.title(lang),
                questions=tuple(
                    RubricQuestion(
                        id=x.id,
                        text=x.text(lang),
                        blocks=", ".join(q.block_by_id[b].name(lang) for b in x.applies_to or ()),
                        levels=tuple((n, q.level_name(n, lang), x.rubric[n](lang)) for n in range(6)),
                    )
                    for x in q.questions_in(g.id)
                ),
            )
            for g in q.groups
        ),
    )
