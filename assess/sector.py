"""The ministry's sector report: the national picture of a batch, against the strategy's targets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assess import __version__, charts, formatting
from assess.bilingual import Lang
from assess.findings import CATALOGUE, meaning
from assess.report import GENERATED, Html, load_labels, render_template, template_roots
from assess.report_context import Labels

if TYPE_CHECKING:
    from assess.batch import Run, Scored
    from assess.summary import SectorSummary


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool = False
    nowrap: bool = False


@dataclass(frozen=True)
class Table:
    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class HeatmapView:
    block: str
    image: str


@dataclass(frozen=True)
class SectorReport:
    """Everything `sector/report.html` may use; text is plain and escaped by the template."""

    lang: Lang
    L: Labels
    assess_version: str
    title: str
    source: str
    report_date: str
    date_iso: str
    questionnaire: str
    profile: str
    rows_read: int
    scored: int
    rejected: int
    stopped_at: int | None
    blocks: Table  # assessed per block, mean index, bands
    bands: Table  # band distribution overall and per block
    bands_chart: str
    targets: Table
    targets_chart: str
    heatmaps: tuple[HeatmapView, ...]
    gaps: Table
    furthest: Table
    quality: Table  # findings by code
    rejected_rows: Table
    official_note: str


def _goal(goal: float | None, share: float, L: Labels, lang: Lang) -> str:
    """A national target share, and whether the agencies assessed reach it."""
    if goal is None:
        return "—"
    return f"{formatting.percent(goal, lang)} · {L.reached if share >= goal else L.not_reached}"


def _share(part: int, whole: int, lang: Lang) -> str:
    return formatting.percent(part / whole, lang) if whole else "—"


def build(batch: Run, labels: Labels, lang: Lang) -> tuple[SectorReport, dict[str, bytes]]:
    from assess.batch import ordered

    L = labels
    q, profile = batch.q, batch.profile
    pairs = ordered(batch)
    scored = [s for s, _ in pairs]
    num = formatting.number
    latest = max((s.assessed_on for s in scored), default=date.today())
    bands = list(profile.bands_for(latest).bands)  # band ids are the same in every year's set
    generated: dict[str, bytes] = {}

    by_block: dict[str, list[Scored]] = {b.id: [] for b in q.blocks}
    for s in scored:
        by_block[s.agency.block].append(s)

    blocks_rows = []
    band_rows = []
    band_counts = []
    chart_rows = []
    for block in q.blocks:
        members = by_block[block.id]
        counts = Counter(s.band for s in members)
        mean = sum(s.index for s in members) / len(members) if members else None
        key = sum(s.agency.key_agency for s in members)
        blocks_rows.append(
            (
                Cell(block.name(lang)),
                Cell(str(len(members)), True),
                Cell(str(key), True),
                Cell("—" if mean is None else num(mean, lang), True),
            )
        )
        band_rows.append(
            (
                Cell(block.name(lang)),
                *(Cell(f"{counts[b.id]} ({_share(counts[b.id], len(members), lang)})", True) for b in bands),
            )
        )
        if members:
            chart_rows.append(block.name(lang))
            band_counts.append([counts[b.id] for b in bands])
    total = Counter(s.band for s in scored)
    overall_mean = sum(s.index for s in scored) / len(scored) if scored else None
    blocks_rows.append(
        (
            Cell(L.all_agencies),
            Cell(str(len(scored)), True),
            Cell(str(sum(s.agency.key_agency for s in scored)), True),
            Cell("—" if overall_mean is None else num(overall_mean, lang), True),
        )
    )
    band_rows.append(
        (
            Cell(L.all_agencies),
            *(Cell(f"{total[b.id]} ({_share(total[b.id], len(scored), lang)})", True) for b in bands),
        )
    )
    if scored:
        chart_rows.append(L.all_agencies)
        band_counts.append([total[b.id] for b in bands])
        generated[f"{GENERATED}/bands.svg"] = charts.stacked_shares(
            chart_rows, [b.name(lang) for b in bands], band_counts
        ).encode()

    target_rows = []
    shares, goals_2025, goals_2030, target_names = [], [], [], []
    for target in q.targets:
        statuses = Counter(next(st for tid, st, _ in s.targets if tid == target.id) for s in scored)
        measured = statuses["met"] + statuses["not_met"] + statuses["unanswered"]
        share = statuses["met"] / measured if measured else 0.0
        shares.append(share)
        goals_2025.append(target.share_2025)
        goals_2030.append(target.share_2030)
        target_names.append(target.name(lang))

        target_rows.append(
            (
                Cell(target.name(lang)),
                Cell(f"{statuses['met']}/{measured}", True),
                Cell(formatting.percent(share, lang) if measured else "—", True),
                Cell(_goal(target.share_2025, share, L, lang), True),
                Cell(_goal(target.share_2030, share, L, lang), True),
            )
        )
    if scored:
        generated[f"{GENERATED}/targets.svg"] = charts.target_shares(
            target_names,
            shares,
            goals_2025,
            goals_2030,
            (L.chart_share_met, L.fill("chart_goal", year=2025), L.fill("chart_goal", year=2030)),
        ).encode()

    heatmaps = []
    group_ids = [g.id for g in q.groups]
    for block in q.blocks:
        members = sorted(by_block[block.id], key=lambda s: (-s.index, s.agency.id))
        if not members:
            continue
        name = f"{GENERATED}/heatmap-{block.id}.svg"
        generated[name] = charts.heatmap(
            [s.agency.id for s in members],
            group_ids,
            [[g[1] for g in s.groups] for s in members],
            [b.min for b in bands],
            [b.name(lang) for b in bands],
        ).encode()
        heatmaps.append(HeatmapView(block.name(lang), name))

    below = Counter(qid for s in scored for qid in s.below_aim)
    asked = Counter(x.id for s in scored for x in q.applicable(s.agency.block))
    gap_rows = []
    for qid, count in sorted(below.items(), key=lambda kv: (-kv[1] / asked[kv[0]], kv[0]))[:12]:
        question = q.question_by_id[qid]
        gap_rows.append(
            (
                Cell(qid),
                Cell(question.text(lang)),
                Cell(f"{count}/{asked[qid]}", True),
                Cell(_share(count, asked[qid], lang), True),
            )
        )

    furthest_rows = []
    for s in sorted(scored, key=lambda s: (-s.total_gap, s.index, s.agency.id))[:12]:
        furthest_rows.append(
            (
                Cell(s.agency.id),
                Cell(s.agency.name),
                Cell(q.block_by_id[s.agency.block].name(lang)),
                Cell(num(s.index, lang), True),
                Cell(str(s.total_gap), True),
            )
        )

    codes, rows_with = batch.finding_counts, batch.finding_rows  # counted while the rows were read
    quality_rows = tuple(
        (
            Cell(code),
            Cell(L.severity_error if CATALOGUE[code][0] == "error" else L.severity_warning),
            Cell(str(codes[code]), True),
            Cell(str(rows_with[code]), True),
            Cell(meaning(code, lang)),
        )
        for code in sorted(codes, key=lambda c: (CATALOGUE[c][0] != "error", -codes[c], c))
    )
    rejected_rows = []
    for outcome in batch.outcomes:
        if not outcome.rejected:
            continue
        first = next((f for f in outcome.findings if f.is_error), None)
        if first is None:
            continue
        rejected_rows.append(
            (
                Cell(str(outcome.row), True),
                Cell(outcome.agency_id or "—", nowrap=True),
                Cell(first.code),
                Cell(first.message),
            )
        )
        if len(rejected_rows) >= 60:
            break

    dates = [s.assessed_on for s in scored]
    report_day = max(dates) if dates else date.today()
    band_head = (Cell(L.block), *(Cell(b.name(lang), True) for b in bands))
    context = SectorReport(
        lang=lang,
        L=L,
        assess_version=__version__,
        title=L.sector_title,
        source=batch.sheet.path.name,
        report_date=formatting.long_date(report_day, lang),
        date_iso=report_day.isoformat(),
        questionnaire=f"{q.title(lang)} ({q.id}, {L.version} {q.version})",
        profile=f"{profile.title(lang)} ({profile.id}, {L.version} {profile.version})",
        rows_read=batch.rows_read,
        scored=len(scored),
        rejected=batch.rejected,
        stopped_at=batch.stopped_at,
        blocks=Table(
            (
                Cell(L.block),
                Cell(L.assessed_count, True),
                Cell(L.key_agencies, True),
                Cell(L.mean_index, True),
            ),
            tuple(blocks_rows),
        ),
        bands=Table(band_head, tuple(band_rows)),
        bands_chart=f"{GENERATED}/bands.svg" if scored else "",
        targets=Table(
            (
                Cell(L.target),
                Cell(L.agencies_meeting, True),
                Cell(L.share, True),
                Cell(L.national_2025, True),
                Cell(L.national_2030, True),
            ),
            tuple(target_rows),
        ),
        targets_chart=f"{GENERATED}/targets.svg" if scored else "",
        heatmaps=tuple(heatmaps),
        gaps=Table(
            (Cell(L.question), Cell(""), Cell(L.agencies_below, True), Cell(L.share, True)), tuple(gap_rows)
        ),
        furthest=Table(
            (Cell(L.agency_id), Cell(L.agency), Cell(L.block), Cell(L.score, True), Cell(L.total_gap, True)),
            tuple(furthest_rows),
        ),
        quality=Table(
            (
                Cell(L.finding_code),
                Cell(L.severity),
                Cell(L.findings_count, True),
                Cell(L.rows, True),
                Cell(L.meaning),
            ),
            quality_rows,
        ),
        rejected_rows=Table(
            (Cell(L.row, True), Cell(L.agency_id), Cell(L.finding_code), Cell(L.message)),
            tuple(rejected_rows),
        ),
        official_note=profile.official_index.note(lang),
    )
    return context, generated


def sector_html(batch: Run, summary: SectorSummary, lang: Lang, template_dir: Path | None = None) -> Html:
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    context, generated = build(batch, labels, lang)
    return render_template("sector/report.html", roots, lang, context, labels, generated)
