"""The ministry's sector report: the national picture of a batch against the strategy's targets.

It renders a SectorSummary (assess/summary.py, computed once while results are written) and lists
the agencies themselves (those needing help, and the annex of every agency) from the run; it
computes no aggregate of its own. With a BatchComparison (`assess batch --previous`) it adds a page
of progress since the previous round."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assess import __version__, charts, formatting
from assess.bilingual import Lang
from assess.findings import CATALOGUE, meaning
from assess.formatting import number_or_dash as _num
from assess.formatting import percent_or_dash as _pct
from assess.formatting import share as _share
from assess.report import GENERATED, Html, load_labels, render_template, template_roots
from assess.report_context import Labels
from assess.report_tables import Cell, Kpi, Row, Table
from assess.summary import ALL, Attainment, BlockSummary, SectorSummary, Spread, needs_help

if TYPE_CHECKING:
    from assess.batch import Run, Scored
    from assess.compare import BatchComparison
    from assess.questionnaire import Questionnaire
    from assess.scoring import Band, Profile

LISTED = 1_000  # agencies at most in the PDF's list of those needing help, and in its annex
GAPS = 12  # questions shown among the most common gaps
REJECTED = 60  # rejected rows shown on the data-quality page
MOVERS = 5  # agencies shown rising and falling most since the previous round


@dataclass(frozen=True)
class Message:
    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Legend:
    name: str
    range: str
    css: str


@dataclass(frozen=True)
class Progress:
    """Progress since the previous round (from a BatchComparison)."""

    title: str
    intro: str
    kpis: tuple[Kpi, ...]
    blocks: Table
    targets: Table
    up: Table
    down: Table


@dataclass(frozen=True)
class SectorReport:
    """Everything `sector/report.html` may use; text is plain and escaped by the template."""

    lang: Lang
    L: Labels
    assess_version: str
    title: str
    source: str
    period: str
    date_iso: str
    questionnaire: str
    profile: str
    rows_read: int
    scored: int
    rejected: int
    stopped_at: int | None
    kpis: tuple[Kpi, ...]
    messages: tuple[Message, ...]
    blocks: Table  # agencies, key agencies and index spread per block
    bands: Table  # band distribution overall and per block
    bands_chart: str
    targets: Table  # overall attainment against 2025 and 2030
    targets_chart: str
    attainment: Table  # per block and key vs small/medium
    heatmap: Table  # per block × task group: median and interquartile range, coloured by band
    legend: tuple[Legend, ...]
    gaps: Table
    help_note: str
    help: Table
    help_legend: tuple[str, ...]  # what the target and platform columns' short names stand for
    help_more: str
    annex: Table
    annex_more: str
    quality: Table
    rejected_rows: Table
    official_note: str
    progress: Progress | None


# --- small formatting helpers --------------------------------------------------------------------


def _signed(value: float | None, lang: Lang) -> str:
    return formatting.signed(value, lang, zero="±")


def _points(share: float, goal: float, lang: Lang) -> str:
    """How far a share is from a goal, in percentage points (one decimal)."""
    return formatting.number(abs(goal - share) * 100, lang, 1)


def _period(first: date, last: date, lang: Lang) -> str:
    if first == last:
        return formatting.short_date(first, lang)
    return f"{formatting.short_date(first, lang)} – {formatting.short_date(last, lang)}"


def _joined(names: Sequence[str], L: Labels) -> str:
    """'A, B và C' / 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {L.sr_and} {names[-1]}"


def band_css(bands: Sequence[Band], band_id: str) -> str:
    """The colour class of a band: its place in the band set, lowest first."""
    return next((f"b{min(i, 9)}" for i, b in enumerate(bands) if b.id == band_id), "")


def band_of(score: float, bands: Sequence[Band]) -> Band:
    """The band a score 0-100 falls in."""
    chosen = bands[0]
    for band in bands:
        if score >= band.min:
            chosen = band
    return chosen


# --- the parts of the report ----------------------------------------------------------------------


class _Parts:
    def __init__(self, batch: Run, summary: SectorSummary, L: Labels, lang: Lang) -> None:
        self.batch, self.s, self.L, self.lang = batch, summary, L, lang
        self.q: Questionnaire = batch.q
        self.profile: Profile = batch.profile
        day = summary.period.last if summary.period else date.today()
        self.bands = list(self.profile.bands_for(day).bands)  # band ids are the same in every set
        self.band_names = {b.id: b.name(lang) for b in self.bands}
        self.block_names = {b.id: b.name(lang) for b in self.q.blocks}
        self.block_order = {b.id: i for i, b in enumerate(self.q.blocks)}
        self.target_names = {t.id: t.name(lang) for t in self.q.targets}
        self.platform_names = {p.id: p.name(lang) for p in self.q.platforms}

    # -- key messages ---------------------------------------------------------------------------

    def kpis(self) -> tuple[Kpi, ...]:
        L, lang, s = self.L, self.lang, self.s
        o = s.overall
        low = self.bands[0]
        help_n = s.needing_help.agencies
        return (
            Kpi(L.sr_kpi_assessed, str(o.assessed), self.period_text()),
            Kpi(L.sr_kpi_median, _num(o.index.median if o.index else None, lang), L.sr_kpi_median_note),
            Kpi(
                L.fill("sr_kpi_low", band=low.name(lang)),
                _share(o.bands.get(low.id, 0), o.assessed, lang),
                L.fill("sr_kpi_of", n=o.bands.get(low.id, 0), total=o.assessed),
            ),
            Kpi(
                L.sr_kpi_help, str(help_n), L.fill("sr_kpi_of_share", share=_share(help_n, o.assessed, lang))
            ),
        )

    def period_text(self) -> str:
        p = self.s.period
        return "—" if p is None else _period(p.first, p.last, self.lang)

    def messages(self, comparison: BatchComparison | None) -> tuple[Message, ...]:
        L, lang, s = self.L, self.lang, self.s
        o = s.overall
        out: list[Message] = []
        if not o.assessed:
            return (Message(L.sr_msg_nothing), self.quality_message())
        assert s.period is not None
        out.append(
            Message(
                L.fill(
                    "sr_msg_assessed",
                    n=o.assessed,
                    first=formatting.short_date(s.period.first, lang),
                    last=formatting.short_date(s.period.last, lang),
                    key_n=o.key_agencies,
                    sm=o.assessed - o.key_agencies,
                )
            )
        )
        low, top = self.bands[0], self.bands[-2:] if len(self.bands) > 2 else self.bands[-1:]
        top_n = sum(o.bands.get(b.id, 0) for b in top)
        out.append(
            Message(
                L.fill(
                    "sr_msg_bands",
                    low_n=o.bands.get(low.id, 0),
                    low_share=_share(o.bands.get(low.id, 0), o.assessed, lang),
                    low=low.name(lang),
                    top_n=top_n,
                    top_share=_share(top_n, o.assessed, lang),
                    top=f" {L.sr_or} ".join(b.name(lang) for b in top),
                    median=_num(o.index.median if o.index else None, lang),
                )
            )
        )
        reach, short = [], []
        for t in s.targets:
            a = t.overall
            if t.share_2025 is None or a.share is None:
                continue
            name = self.target_names[t.target]
            if a.reaches_2025:
                reach.append(f"{name} ({_pct(a.share, lang)})")
            else:
                short.append(
                    (
                        t.share_2025 - a.share,
                        L.fill(
                            "sr_msg_short_item",
                            name=name,
                            share=_pct(a.share, lang),
                            goal=_pct(t.share_2025, lang),
                            gap=_points(a.share, t.share_2025, lang),
                        ),
                    )
                )
        measured = len(reach) + len(short)
        if measured:
            out.append(
                Message(
                    L.fill("sr_msg_targets", k=len(reach), n=measured),
                    tuple(reach),
                )
            )
        if short:
            out.append(Message(L.sr_msg_short, tuple(text for _, text in sorted(short, key=lambda x: -x[0]))))
        behind = self.furthest_behind()
        if behind is not None and behind.index is not None and o.index is not None:
            out.append(
                Message(
                    L.fill(
                        "sr_msg_behind",
                        block=self.block_names[behind.block],
                        median=_num(behind.index.median, lang),
                        overall=_num(o.index.median, lang),
                        low_n=behind.bands.get(low.id, 0),
                        n=behind.assessed,
                        low=low.name(lang),
                    )
                )
            )
        out.append(self.help_message())
        if comparison is not None:
            out.append(self.progress_message(comparison))
        out.append(self.quality_message())
        return tuple(out)

    def furthest_behind(self) -> BlockSummary | None:
        """The block with the lowest median index (two or more agencies, or any if none has two)."""
        scored = [b for b in self.s.blocks if b.index is not None]
        several = [b for b in scored if b.assessed >= 2] or scored
        return min(several, key=lambda b: (b.index.median if b.index else 0, b.block), default=None)

    def help_rule_text(self) -> str:
        L = self.L
        rule = self.profile.help_rule
        bands = f" {L.sr_or} ".join(self.band_names.get(b, b) for b in self.s.help_bands)
        if rule.overdue_targets is None:
            return L.fill("sr_rule_bands", bands=bands)
        return L.fill("sr_rule_bands_targets", bands=bands, k=rule.overdue_targets)

    def help_message(self) -> Message:
        L, lang, h = self.L, self.lang, self.s.needing_help
        if not h.agencies:
            return Message(L.fill("sr_msg_help_none", rule=self.help_rule_text()))
        platforms = sorted(h.by_platform.items(), key=lambda kv: (-kv[1], kv[0]))
        text = L.fill(
            "sr_msg_help",
            n=h.agencies,
            share=_share(h.agencies, self.s.overall.assessed, lang),
            rule=self.help_rule_text(),
        )
        if platforms and platforms[0][1]:
            pid, count = platforms[0]
            text += " " + L.fill("sr_msg_platform", platform=self.platform_names.get(pid, pid), m=count)
        return Message(text)

    def quality_message(self) -> Message:
        L, q = self.L, self.s.data_quality
        errors = sum(f.findings for f in q.findings if f.severity == "error")
        warnings = sum(f.findings for f in q.findings if f.severity == "warning")
        text = L.fill(
            "sr_msg_quality",
            rows=q.rows_read,
            scored=q.scored,
            rejected=q.rejected,
            errors=errors,
            warnings=warnings,
        )
        if q.stopped_at_row is not None:
            text += " " + L.fill("stopped_note", row=q.stopped_at_row)
        return Message(text)

    def progress_message(self, c: BatchComparison) -> Message:
        overall = next((m for m in c.movers if m.block == ALL), None)
        up = sum(1 for a in c.agencies if a.index is not None and (a.index.delta or 0) > 0)
        down = sum(1 for a in c.agencies if a.index is not None and (a.index.delta or 0) < 0)
        return Message(
            self.L.fill(
                "sr_msg_progress",
                period=self.previous_period(c),
                n=len(c.agencies),
                delta=_signed(overall.mean_change if overall else None, self.lang),
                up=up,
                down=down,
            )
        )

    def previous_period(self, c: BatchComparison) -> str:
        p = c.old.period
        return c.old.source if p is None else _period(p.first, p.last, self.lang)

    # -- overview ---------------------------------------------------------------------------------

    def blocks_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = []
        for b in (*self.s.blocks, self.s.overall):
            name = L.all_agencies if b.block == ALL else self.block_names[b.block]
            i = b.index
            rows.append(
                Row(
                    (
                        Cell(name),
                        Cell(str(b.assessed), True),
                        Cell(str(b.key_agencies), True),
                        Cell(_num(i.median if i else None, lang), True),
                        Cell("—" if i is None else f"{_num(i.q1, lang)} – {_num(i.q3, lang)}", True),
                        Cell(_num(i.mean if i else None, lang), True),
                        Cell("—" if i is None else f"{_num(i.min, lang)} – {_num(i.max, lang)}", True),
                    ),
                    "total" if b.block == ALL else "",
                )
            )
        head = (
            Cell(L.block),
            Cell(L.assessed_count, True),
            Cell(L.key_agencies, True),
            Cell(L.sr_median, True),
            Cell(L.sr_iqr, True),
            Cell(L.mean_index, True),
            Cell(L.sr_range, True),
        )
        return Table(head, tuple(rows))

    def bands_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = []
        for b in (*self.s.blocks, self.s.overall):
            name = L.all_agencies if b.block == ALL else self.block_names[b.block]
            rows.append(
                Row(
                    (
                        Cell(name),
                        *(
                            Cell(
                                str(b.bands.get(band.id, 0)),
                                True,
                                sub=_share(b.bands.get(band.id, 0), b.assessed, lang),
                            )
                            for band in self.bands
                        ),
                    ),
                    "total" if b.block == ALL else "",
                )
            )
        head = (Cell(L.block), *(Cell(band.name(self.lang), True) for band in self.bands))
        return Table(head, tuple(rows))

    def bands_chart(self, generated: dict[str, bytes]) -> str:
        rows = [b for b in self.s.blocks if b.assessed] + (
            [self.s.overall] if self.s.overall.assessed else []
        )
        if not rows:
            return ""
        name = f"{GENERATED}/bands.svg"
        generated[name] = charts.stacked_shares(
            [self.L.all_agencies if b.block == ALL else self.block_names[b.block] for b in rows],
            [band.name(self.lang) for band in self.bands],
            [[b.bands.get(band.id, 0) for band in self.bands] for b in rows],
        ).encode()
        return name

    # -- targets ------------------------------------------------------------------------------------

    def _against(self, a: Attainment, goal: float | None, reaches: bool | None) -> Cell:
        if goal is None:
            return Cell("—", True, "muted")
        if a.share is None or reaches is None:
            return Cell(_pct(goal, self.lang), True, "muted")
        if reaches:
            return Cell(_pct(goal, self.lang), True, "ok", sub=self.L.reached)
        return Cell(
            _pct(goal, self.lang),
            True,
            "short",
            sub=self.L.fill("sr_short_by", gap=_points(a.share, goal, self.lang)),
        )

    def targets_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = []
        for t in self.s.targets:
            a = t.overall
            rows.append(
                Row(
                    (
                        Cell(self.target_names[t.target]),
                        Cell(f"{a.met}/{a.bound}", True),
                        Cell(_pct(a.share, lang), True),
                        self._against(a, t.share_2025, a.reaches_2025),
                        self._against(a, t.share_2030, a.reaches_2030),
                    )
                )
            )
        head = (
            Cell(L.target),
            Cell(L.agencies_meeting, True),
            Cell(L.share, True),
            Cell(L.national_2025, True),
            Cell(L.national_2030, True),
        )
        return Table(head, tuple(rows), "targets")

    def targets_chart(self, generated: dict[str, bytes]) -> str:
        shown = [t for t in self.s.targets if t.overall.share is not None]
        if not shown:
            return ""
        name = f"{GENERATED}/targets.svg"
        generated[name] = charts.target_shares(
            [self.target_names[t.target] for t in shown],
            [t.overall.share or 0.0 for t in shown],
            [t.share_2025 for t in shown],
            [t.share_2030 for t in shown],
            (
                self.L.chart_share_met,
                self.L.fill("chart_goal", year=2025),
                self.L.fill("chart_goal", year=2030),
            ),
        ).encode()
        return name

    def attainment_table(self) -> Table:
        """Each target's share met per block and per kind of agency; bold (and green) where it reaches
        the 2025 share, plain (and red) where it falls short."""
        L, lang = self.L, self.lang

        def cell(a: Attainment) -> Cell:
            if a.share is None:
                return Cell("—", True, "muted")
            css = "" if a.reaches_2025 is None else "ok" if a.reaches_2025 else "short"
            return Cell(_pct(a.share, lang), True, css, sub=f"{a.met}/{a.bound}")

        blocks = [b.block for b in self.s.blocks if b.assessed]
        rows = []
        for t in self.s.targets:
            rows.append(
                Row(
                    (
                        Cell(self.target_names[t.target]),
                        Cell(_pct(t.share_2025, lang), True, "muted"),
                        cell(t.overall),
                        *(cell(t.by_block[b]) for b in blocks),
                        cell(t.key),
                        cell(t.small_medium),
                    )
                )
            )
        head = (
            Cell(L.target),
            Cell(L.national_2025, True),
            Cell(L.all_agencies, True),
            *(Cell(self.block_names[b], True) for b in blocks),
            Cell(L.key_agencies, True),
            Cell(L.sr_small_medium, True),
        )
        return Table(head, tuple(rows), "attainment")

    # -- task groups by block -------------------------------------------------------------------------

    def heatmap(self) -> Table:
        L, lang = self.L, self.lang

        def cell(spread: Spread | None) -> Cell:
            if spread is None:
                return Cell("—", True, "na", sub=L.sr_not_applicable)
            band = band_of(spread.median, self.bands)
            return Cell(
                _num(spread.median, lang),
                True,
                f"heat {band_css(self.bands, band.id)}",
                sub=f"{_num(spread.q1, lang)}–{_num(spread.q3, lang)} · {band.name(lang)}",
            )

        rows = []
        for b in (*(b for b in self.s.blocks if b.assessed), self.s.overall):
            name = L.all_agencies if b.block == ALL else self.block_names[b.block]
            rows.append(
                Row(
                    (
                        Cell(name, sub=L.fill("sr_n_agencies", n=b.assessed)),
                        *(cell(b.groups.get(g.id)) for g in self.q.groups),
                    ),
                    "total" if b.block == ALL else "",
                )
            )
        head = (Cell(L.block), *(Cell(g.id, True, sub=g.title(lang)) for g in self.q.groups))
        return Table(head, tuple(rows), "heatmap")

    def legend(self) -> tuple[Legend, ...]:
        out = []
        for i, band in enumerate(self.bands):
            top = self.bands[i + 1].min if i + 1 < len(self.bands) else None
            span = (
                f"{formatting.number(band.min, self.lang, 0)}–{formatting.number(top, self.lang, 0)}"
                if top is not None
                else f"{formatting.number(band.min, self.lang, 0)}–100"
            )
            out.append(Legend(band.name(self.lang), span, f"heat {band_css(self.bands, band.id)}"))
        return tuple(out)

    # -- gaps ------------------------------------------------------------------------------------------

    def gaps_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = []
        for g in self.s.gaps[:GAPS]:
            question = self.q.question_by_id[g.question]
            rows.append(
                Row(
                    (
                        Cell(g.question, css="nowrap"),
                        Cell(question.title(lang), sub=self.q.group_by_id[g.group].title(lang)),
                        Cell(f"{g.below}/{g.asked}", True),
                        Cell(_pct(g.share, lang), True),
                    )
                )
            )
        return Table(
            (Cell(L.question), Cell(""), Cell(L.agencies_below, True), Cell(L.share, True)), tuple(rows)
        )

    # -- the agencies: those needing help, and every one in the annex ----------------------------------

    def agencies(self) -> tuple[tuple[Table, tuple[str, ...]], str, Table, str]:
        """One pass over the scored rows keeps, in list order (block, then index from the lowest,
        then agency id), the first LISTED of those needing help and the first LISTED of all."""
        rule = self.profile.help_rule
        helped, every = _First(LISTED), _First(LISTED)
        for _, s in self.batch.iter_scored():
            key = (self.block_order.get(s.agency.block, len(self.block_order)), s.index, s.agency.id, s.row)
            entry = needs_help(s.band, s.targets, s.platforms, rule)
            if entry is not None:
                helped.add((key, s, entry))
            every.add((key, s, None))
        L = self.L
        return (
            self.help_table([(s, e) for _, s, e in helped.items() if e is not None]),
            "" if helped.count <= LISTED else L.fill("sr_more", n=helped.count - LISTED),
            self.annex_table([s for _, s, _ in every.items()]),
            "" if every.count <= LISTED else L.fill("sr_more", n=every.count - LISTED),
        )

    def _with_blocks(
        self, items: Sequence[Scored], width: int, make: Callable[[Scored], Row]
    ) -> tuple[Row, ...]:
        """The rows, with a heading row where a block begins."""
        rows: list[Row] = []
        block = None
        for s in items:
            if s.agency.block != block:
                block = s.agency.block
                rows.append(Row((Cell(self.block_names.get(block, block), span=width),), "group"))
            rows.append(make(s))
        return tuple(rows)

    def help_table(self, items: Sequence[tuple[Scored, dict[str, Any]]]) -> tuple[Table, tuple[str, ...]]:
        """One row per agency and a column per strategy target overdue somewhere in the list and
        per support platform (a mark where it applies), so a row keeps to a line or two; the
        columns' short names (MT1, NT1 / T1, P1) are spelled out in the legend returned with it."""
        L = self.L
        entries = {id(s): e for s, e in items}
        late_ids = {r["target"] for _, e in items for r in e["reasons"] if r["kind"] == "target_overdue"}
        targets = [t.id for t in self.q.targets if t.id in late_ids]
        platforms = [p.id for p in self.q.platforms]
        mark = "×"

        def row(s: Scored) -> Row:
            entry = entries[id(s)]
            late = {r["target"] for r in entry["reasons"] if r["kind"] == "target_overdue"}
            where = " · ".join(x for x in (s.agency.governing_body, s.agency.province) if x)
            return Row(
                (
                    *self._agency_cells(s, where),
                    *(Cell(mark if t in late else "", css="mark late") for t in targets),
                    *(Cell(mark if p in entry["platforms"] else "", css="mark") for p in platforms),
                )
            )

        head = (
            Cell(L.agency_id),
            Cell(L.sr_agency_and_body),
            Cell(L.score, True),
            Cell(L.sr_band),
            *(Cell(L.fill("sr_target_short", n=i), css="mark") for i in range(1, len(targets) + 1)),
            *(Cell(L.fill("sr_platform_short", n=i), css="mark") for i in range(1, len(platforms) + 1)),
        )
        legend = []
        if targets:
            named = [
                f"{L.fill('sr_target_short', n=i)} {self.target_names[t]}" for i, t in enumerate(targets, 1)
            ]
            legend.append(f"{L.sr_overdue_legend} " + "; ".join(named) + ".")
        named = [
            f"{L.fill('sr_platform_short', n=i)} {self.platform_names[p]}" for i, p in enumerate(platforms, 1)
        ]
        legend.append(f"{L.sr_platforms_legend} " + "; ".join(named) + ".")
        return Table(head, self._with_blocks([s for s, _ in items], len(head), row), "help"), tuple(legend)

    def _agency_cells(self, s: Scored, sub: str = "") -> tuple[Cell, ...]:
        """An agency row's first cells: id, name (with `sub` under it), index and band."""
        band = self.profile.band_by_id(s.band, s.assessed_on)
        return (
            Cell(s.agency.id, css="nowrap"),
            Cell(s.agency.name, sub=sub),
            Cell(_num(s.index, self.lang), True),
            Cell(band.name(self.lang), css=f"heat {band_css(self.bands, s.band)}"),
        )

    def annex_table(self, items: Sequence[Scored]) -> Table:
        L, lang = self.L, self.lang

        def row(s: Scored) -> Row:
            groups = []
            for _, score, _, _ in s.groups:
                if score is None:
                    groups.append(Cell("—", True, "muted"))
                else:
                    css = band_css(self.bands, band_of(score, self.bands).id)
                    groups.append(Cell(formatting.number(score, lang, 0), True, f"heat {css}"))
            return Row((*self._agency_cells(s), *groups))

        head = (
            Cell(L.agency_id),
            Cell(L.agency),
            Cell(L.score, True),
            Cell(L.sr_band),
            *(Cell(g.id, True) for g in self.q.groups),
        )
        return Table(head, self._with_blocks(items, len(head), row), "annex")

    # -- data quality -----------------------------------------------------------------------------------

    def quality_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = tuple(
            Row(
                (
                    Cell(meaning(f.code, lang), sub=f.code),
                    Cell(L.severity_error if f.severity == "error" else L.severity_warning, css="nowrap"),
                    Cell(str(f.findings), True),
                    Cell(str(f.rows), True),
                )
            )
            for f in self.s.data_quality.findings
            if f.code in CATALOGUE
        )
        head = (Cell(L.sr_finding), Cell(L.severity), Cell(L.findings_count, True), Cell(L.rows, True))
        return Table(head, rows, "quality")

    def rejected_table(self) -> Table:
        L, lang = self.L, self.lang
        rows = []
        for outcome in self.batch.outcomes:
            if not outcome.rejected:
                continue
            first = next((f for f in outcome.findings if f.is_error), None)
            if first is None:
                continue
            rows.append(
                Row(
                    (
                        Cell(str(outcome.row), True),
                        Cell(outcome.agency_id or "—", css="nowrap"),
                        Cell(meaning(first.code, lang), sub=first.code),
                        Cell(first.message),
                    )
                )
            )
            if len(rows) >= REJECTED:
                break
        head = (Cell(L.row, True), Cell(L.agency_id), Cell(L.sr_finding), Cell(L.sr_detail))
        return Table(head, tuple(rows), "rejected")

    # -- progress since the previous round ------------------------------------------------------------

    def progress(self, c: BatchComparison) -> Progress:
        L, lang = self.L, self.lang
        period = self.previous_period(c)
        movers = {m.block: m for m in c.movers}
        overall = movers.get(ALL)
        kpis = (
            Kpi(
                L.sr_prog_both,
                str(len(c.agencies)),
                L.fill("sr_prog_scored", old=c.old.scored, new=c.new.scored),
            ),
            Kpi(L.sr_prog_mean, _signed(overall.mean_change if overall else None, lang), L.sr_prog_points),
            Kpi(L.sr_prog_new, str(len(c.new_agencies))),
            Kpi(L.sr_prog_missing, str(len(c.missing_agencies))),
        )
        block_rows = []
        for block in [b.id for b in self.q.blocks] + [ALL]:
            mine = [a for a in c.agencies if block == ALL or a.block == block]
            if not mine and block != ALL:
                continue
            deltas = [a.index.delta for a in mine if a.index is not None and a.index.delta is not None]
            m = movers.get(block)
            block_rows.append(
                Row(
                    (
                        Cell(L.all_agencies if block == ALL else self.block_names[block]),
                        Cell(str(len(mine)), True),
                        Cell(
                            _signed(m.mean_change if m else None, lang),
                            True,
                            _updown(m.mean_change if m else None),
                        ),
                        Cell(str(sum(d > 0 for d in deltas)), True),
                        Cell(str(sum(d < 0 for d in deltas)), True),
                    ),
                    "total" if block == ALL else "",
                )
            )
        blocks = Table(
            (
                Cell(L.block),
                Cell(L.sr_prog_both_short, True),
                Cell(L.sr_prog_mean_short, True),
                Cell(L.sr_prog_rose, True),
                Cell(L.sr_prog_fell, True),
            ),
            tuple(block_rows),
        )
        target_rows = []
        for tc in c.targets:
            if tc.block != ALL:
                continue
            old = tc.old.share if tc.old else None
            new = tc.new.share if tc.new else None
            delta = None if old is None or new is None else (new - old) * 100
            goal = next((t.share_2025 for t in self.q.targets if t.id == tc.target), None)
            target_rows.append(
                Row(
                    (
                        Cell(self.target_names.get(tc.target, tc.target)),
                        Cell(_pct(old, lang), True),
                        Cell(_pct(new, lang), True),
                        Cell(_signed(delta, lang), True, _updown(delta)),
                        Cell(_pct(goal, lang), True, "muted"),
                    )
                )
            )
        targets = Table(
            (
                Cell(L.target),
                Cell(L.fill("sr_prog_then", period=period), True),
                Cell(L.fill("sr_prog_now", period=self.period_text()), True),
                Cell(L.sr_prog_change_points, True),
                Cell(L.national_2025, True),
            ),
            tuple(target_rows),
        )
        by_id = {a.agency_id: a for a in c.agencies}

        def movers_table(ids: Sequence[str]) -> Table:
            rows = []
            for agency_id in ids[:MOVERS]:
                a = by_id.get(agency_id)
                if a is None or a.index is None:
                    continue
                rows.append(
                    Row(
                        (
                            Cell(a.agency_id, css="nowrap"),
                            Cell(a.name),
                            Cell(self.block_names.get(a.block, a.block)),
                            Cell(_num(a.index.old, lang), True),
                            Cell(_num(a.index.new, lang), True),
                            Cell(_signed(a.index.delta, lang), True, _updown(a.index.delta)),
                        )
                    )
                )
            head = (
                Cell(L.agency_id),
                Cell(L.agency),
                Cell(L.block),
                Cell(L.sr_prog_then_short, True),
                Cell(L.sr_prog_now_short, True),
                Cell(L.sr_prog_change, True),
            )
            return Table(head, tuple(rows), "movers")

        return Progress(
            title=L.fill("sr_section_progress", period=period),
            intro=L.fill(
                "sr_prog_intro",
                old=period,
                old_file=c.old.file,
                new=self.period_text(),
            ),
            kpis=kpis,
            blocks=blocks,
            targets=targets,
            up=movers_table(overall.up if overall else ()),
            down=movers_table(overall.down if overall else ()),
        )


Key = tuple[int, float, str, int]
Item = tuple[Key, "Scored", "dict[str, Any] | None"]


class _Backwards:
    """A heap entry ordered backwards: the heap's top is the largest key, the one to drop."""

    __slots__ = ("item",)

    def __init__(self, item: Item) -> None:
        self.item = item

    def __lt__(self, other: _Backwards) -> bool:
        return self.item[0] > other.item[0]


class _First:
    """The `n` items with the smallest keys among those added, and how many were added."""

    def __init__(self, n: int) -> None:
        self.n, self.count = n, 0
        self.heap: list[_Backwards] = []

    def add(self, item: Item) -> None:
        self.count += 1
        if len(self.heap) < self.n:
            heapq.heappush(self.heap, _Backwards(item))
        elif item[0] < self.heap[0].item[0]:
            heapq.heapreplace(self.heap, _Backwards(item))

    def items(self) -> list[Item]:
        return sorted((b.item for b in self.heap), key=lambda item: item[0])


def _updown(value: float | None) -> str:
    if value is None or value == 0:
        return ""
    return "up" if value > 0 else "down"


def build(
    batch: Run,
    summary: SectorSummary,
    labels: Labels,
    lang: Lang,
    comparison: BatchComparison | None = None,
) -> tuple[SectorReport, dict[str, bytes]]:
    L = labels
    parts = _Parts(batch, summary, L, lang)
    q, profile = batch.q, batch.profile
    generated: dict[str, bytes] = {}
    day = summary.period.last if summary.period else date.today()
    (help_table, help_legend), help_more, annex, annex_more = parts.agencies()
    context = SectorReport(
        lang=lang,
        L=L,
        assess_version=__version__,
        title=L.sector_title,
        source=batch.sheet.path.name,
        period=parts.period_text(),
        date_iso=day.isoformat(),
        questionnaire=f"{q.title(lang)} ({q.id}, {L.version} {q.version})",
        profile=f"{profile.title(lang)} ({profile.id}, {L.version} {profile.version})",
        rows_read=summary.data_quality.rows_read,
        scored=summary.data_quality.scored,
        rejected=summary.data_quality.rejected,
        stopped_at=summary.data_quality.stopped_at_row,
        kpis=parts.kpis(),
        messages=parts.messages(comparison),
        blocks=parts.blocks_table(),
        bands=parts.bands_table(),
        bands_chart=parts.bands_chart(generated),
        targets=parts.targets_table(),
        targets_chart=parts.targets_chart(generated),
        attainment=parts.attainment_table(),
        heatmap=parts.heatmap(),
        legend=parts.legend(),
        gaps=parts.gaps_table(),
        help_note=L.fill("sr_help_note", rule=parts.help_rule_text()),
        help=help_table,
        help_legend=help_legend,
        help_more=help_more,
        annex=annex,
        annex_more=annex_more,
        quality=parts.quality_table(),
        rejected_rows=parts.rejected_table(),
        official_note=profile.official_index.note(lang),
        progress=parts.progress(comparison) if comparison is not None else None,
    )
    return context, generated


def sector_html(
    batch: Run,
    summary: SectorSummary,
    lang: Lang,
    template_dir: Path | None = None,
    comparison: BatchComparison | None = None,
) -> Html:
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    context, generated = build(batch, summary, labels, lang, comparison)
    return render_template("sector/report.html", roots, lang, context, labels, generated)
