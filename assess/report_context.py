"""The typed context the agency report template receives: every value ready to print, in one language.

Templates only lay these values out; numbers, dates and level names are formatted here, so the
same result reads the same in every template a ministry writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from assess import __version__, formatting
from assess.assessment import Assessment
from assess.bilingual import Lang
from assess.questionnaire import Questionnaire
from assess.result import Result
from assess.scoring import Profile


class Labels(dict[str, str]):
    """The report's words in one language; `L.key` in templates, `L.fill(key, ...)` with values."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no label '{key}' in labels.yaml") from None

    def fill(self, key: str, **values: object) -> str:
        return self.__getattr__(key).format(**values)


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    weight: str
    status: str  # answered | na | unanswered
    level: int | None
    level_name: str
    rubric: str  # what the chosen level looks like
    note: str
    evidence: tuple[str, ...]
    na_reason: str
    target_note: str  # the strategy target this question measures, or ""


@dataclass(frozen=True)
class GroupView:
    id: str
    title: str
    description: str
    weight: str
    score: str  # formatted, "—" when every question is N/A
    score_value: float | None
    level: int | None
    level_name: str
    level_meaning: str
    target_line: str
    gap_line: str
    formula: str
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True)
class PillarView:
    name: str
    points: str
    max_points: str
    formula: str


@dataclass(frozen=True)
class TargetView:
    name: str
    status: str  # met | not_met | unanswered | not_applicable
    status_label: str
    overdue: bool
    questions: str
    national_2025: str
    national_2030: str


@dataclass(frozen=True)
class ActionView:
    text: str
    question: str
    group: str
    group_title: str
    step: str
    priority: str
    priority_class: str
    effort: str
    platform: str
    overdue: bool
    unanswered: bool


@dataclass(frozen=True)
class PhaseView:
    name: str
    dates: str
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AgencyReport:
    """Everything `agency/report.html` may use. Text is plain and escaped by the template;
    charts are referred to by the relative path the PDF renderer serves them under."""

    lang: Lang
    L: Labels
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
    unanswered: tuple[tuple[str, str], ...]  # (question id, question text)
    index: str
    band: str
    band_id: str
    official_note: str
    official_pillars: tuple[PillarView, ...]
    official_total: str
    official_band: str
    official_formula: str
    strongest: tuple[GroupView, ...]
    weakest: tuple[GroupView, ...]
    targets: tuple[TargetView, ...]
    overdue_any: bool
    peer_lines: tuple[str, ...]  # empty when no peer statistics were supplied
    horizon: str
    radar: str
    bars: str
    groups: tuple[GroupView, ...]
    roadmap_intro: str
    phases: tuple[PhaseView, ...]
    effort_legend: str
    method: tuple[str, ...]
    weights_table: tuple[Row, ...]
    question_weights: tuple[Row, ...]
    bands_table: tuple[Row, ...]
    index_formula: str
    extra: Mapping[str, str] = field(default_factory=dict)


def localize_formula(formula: str, lang: Lang) -> str:
    """Formulas are stored with decimal points; Vietnamese writes decimal commas."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", formula) if lang == "vi" else formula


def _share(value: float | None, lang: Lang) -> str:
    return "—" if value is None else formatting.percent(value, lang)


def build(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    labels: Labels,
    lang: Lang,
    radar: str,
    bars: str,
) -> AgencyReport:
    """Turn a result into what the template prints, in one language."""
    L = labels
    s = r.scores
    num = formatting.number
    by_question = {x.id: x for x in s.questions}
    groups: list[GroupView] = []
    for g in s.groups:
        views = []
        for question in q.questions_in(g.id):
            scored = by_question.get(question.id)
            if scored is None:
                continue  # not for this block
            answer = a.answer(question.id)
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
                    text=question.text(lang),
                    weight=num(scored.weight, lang, 1),
                    status=scored.status,
                    level=scored.level,
                    level_name=q.level_name(scored.level, lang) if scored.level is not None else "",
                    rubric=scored.rubric(lang) if scored.rubric is not None else "",
                    note=answer.note,
                    evidence=answer.evidence,
                    na_reason=answer.na_reason,
                    target_note=target_note,
                )
            )
        level_name = q.level_name(g.level, lang) if g.level is not None else ""
        meaning = q.scale[g.level].description(lang) if g.level is not None else ""
        groups.append(
            GroupView(
                id=g.id,
                title=g.title(lang),
                description=q.group_by_id[g.id].description(lang),
                weight=num(g.weight, lang, 1),
                score="—" if g.score is None else num(g.score, lang, 1),
                score_value=g.score,
                level=g.level,
                level_name=level_name,
                level_meaning=meaning,
                target_line=L.fill("group_target", t2025=g.target_2025, t2030=g.target_2030),
                gap_line=(
                    L.group_all_na
                    if g.gap_2030 is None
                    else L.group_gap_none
                    if g.gap_2030 == 0
                    else L.fill("group_gap", gap=g.gap_2030)
                ),
                formula=localize_formula(g.formula, lang),
                questions=tuple(views),
            )
        )

    scored_groups = [g for g in groups if g.score_value is not None]
    strongest = tuple(sorted(scored_groups, key=lambda g: -(g.score_value or 0))[:3])
    weakest = tuple(sorted(scored_groups, key=lambda g: g.score_value or 0)[:3])

    status_labels = {
        "met": L.status_met,
        "not_met": L.status_not_met,
        "unanswered": L.status_unanswered,
        "not_applicable": L.status_not_applicable,
    }
    targets = tuple(
        TargetView(
            name=t.name(lang),
            status=t.status,
            status_label=status_labels[t.status],
            overdue=t.overdue,
            questions=", ".join(t.questions),
            national_2025=_share(t.share_2025, lang),
            national_2030=_share(t.share_2030, lang),
        )
        for t in s.targets
    )

    peer_lines: tuple[str, ...] = ()
    if r.peers is not None:
        block = q.block_by_id[r.agency.block].name(lang)
        peer_lines = (
            L.fill(
                "peers_in_block",
                rank=r.peers.in_block.rank,
                of=r.peers.in_block.of,
                block=block,
                percentile=num(r.peers.in_block.percentile, lang, 0),
                median=num(r.peers.in_block.median, lang, 1),
            ),
            L.fill(
                "peers_overall",
                rank=r.peers.overall.rank,
                of=r.peers.overall.of,
                median=num(r.peers.overall.median, lang, 1),
            ),
        )

    phases = []
    for phase in r.roadmap.phases:
        actions = tuple(
            ActionView(
                text=a.text(lang),
                question=a.question,
                group=a.group,
                group_title=q.group_by_id[a.group].title(lang),
                step=L.fill("step_levels", from_level=a.from_level, to_level=a.to_level),
                priority=next(
                    c.name(lang) for c in profile.roadmap.priority.classes if c.id == a.priority_class
                ),
                priority_class=a.priority_class,
                effort=profile.roadmap.effort[a.effort].name(lang),
                platform=q.platform_by_id[a.platform].name(lang) if a.platform else "",
                overdue=a.overdue,
                unanswered=a.unanswered,
            )
            for a in phase.actions
        )
        phases.append(
            PhaseView(
                name=phase.name(lang),
                dates=L.fill(
                    "phase_dates",
                    start=formatting.short_date(phase.start, lang),
                    end=formatting.short_date(phase.end, lang),
                ),
                actions=actions,
            )
        )
    effort_legend = L.fill(
        "legend_effort",
        items="; ".join(
            f"{cls.name(lang)}: {cls.description(lang)}" for cls in profile.roadmap.effort.values()
        ),
    )

    method = (
        L.fill(
            "method_intro",
            questionnaire=q.id,
            qversion=q.version,
            profile=profile.id,
            pversion=profile.version,
        ),
        L.method_question,
        L.method_group,
        L.method_index,
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
                (x.level_name and f"{x.level}") or ("N/A" if x.status == "na" else "0"),
                q.pillar_by_id[q.question_by_id[x.id].pillar].name(lang),
            )
        )
        for g in groups
        for x in g.questions
    )
    bands_table = tuple(
        Row((b.name(lang), L.fill("method_from", min=num(b.min, lang, 0)))) for b in profile.bands
    )

    return AgencyReport(
        lang=lang,
        L=L,
        assess_version=__version__,
        title=f"{L.report_title} — {r.agency.name}",
        agency_name=r.agency.name,
        agency_id=r.agency.id,
        block=q.block_by_id[r.agency.block].name(lang),
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
        unanswered=tuple((qid, q.question_by_id[qid].text(lang)) for qid in s.unanswered),
        index=num(s.index, lang, 1),
        band=s.band.name(lang),
        band_id=s.band.id,
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
        strongest=strongest,
        weakest=weakest,
        targets=targets,
        overdue_any=any(t.overdue for t in targets),
        peer_lines=peer_lines,
        horizon="2030" if r.assessed_on > date(2025, 12, 31) else "2025",
        radar=radar,
        bars=bars,
        groups=tuple(groups),
        roadmap_intro=L.roadmap_intro_key if r.agency.key_agency else L.roadmap_intro_sme,
        phases=tuple(phases),
        effort_legend=effort_legend,
        method=method,
        weights_table=weights_table,
        question_weights=question_weights,
        bands_table=bands_table,
        index_formula=localize_formula(s.formula, lang),
    )
