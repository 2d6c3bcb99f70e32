"""compare.pdf: two batch rounds compared, for a ministry official asking "what changed since last
year?", in the sector report's design (report_templates/compare/, on report_templates/_base).

It reads a BatchComparison (assess/compare.py) and nothing else of the two rounds; names of bands,
blocks, groups and targets come from the questionnaire and scoring profile of the newer round."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assess import __version__, atomicfile, charts, formatting
from assess.bilingual import Lang
from assess.compare import AgencyChange, AgencyRef, BatchComparison, BatchSide, NotComparable
from assess.formatting import number_or_dash as _num
from assess.formatting import percent_or_dash as _pct
from assess.formatting import share as _share
from assess.formatting import signed as _signed
from assess.questionnaire import Questionnaire
from assess.report import GENERATED, Html, load_labels, pdf_from_html, render_template, template_roots
from assess.report_context import Labels
from assess.report_tables import Cell, Kpi, Row, Table
from assess.scoring import Profile
from assess.summary import ALL, Attainment

STABLE = 2.0  # points: a change of the index within ±STABLE counts as stable
BIG_FALL = 10.0  # points: a fall larger than this is named in the key messages
MOVERS_SHOWN = 5  # risers and fallers listed per block
KEY = "key"  # TargetThenNow.block of the key agencies
SMALL_MEDIUM = "small_medium"

RISE_COLOUR = charts.BAND_COLOURS[-1]
FALL_COLOUR = charts.BAND_COLOURS[0]
STABLE_COLOUR = charts.MUTED


@dataclass(frozen=True)
class MoversView:
    block: str
    table: Table


@dataclass(frozen=True)
class CompareReport:
    """Everything `compare/report.html` may use; text is plain and escaped by the template."""

    lang: Lang
    L: Labels
    assess_version: str
    title: str
    doctitle: str
    date_iso: str
    rounds: Table
    kpis: tuple[Kpi, ...]
    messages: tuple[str, ...]
    blocks: Table
    targets: Table
    targets_by_block: Table
    targets_chart: str
    targets_left_out: str
    movers: tuple[MoversView, ...]
    changes: Table
    changes_chart: str
    groups: Table
    new_agencies: Table
    missing_agencies: Table
    mapping: Table
    not_comparable: Table
    method: tuple[str, ...]
    annex: Table


# --- numbers ----------------------------------------------------------------------------------


def _trend(value: float | None) -> str:
    if value is None:
        return ""
    return "up" if value > STABLE else "down" if value < -STABLE else ""


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _period(side: BatchSide, lang: Lang) -> str:
    if side.period is None:
        return "—"
    first, last = (formatting.short_date(d, lang) for d in (side.period.first, side.period.last))
    return first if first == last else f"{first} – {last}"


def _delta(a: AgencyChange) -> float | None:
    return None if a.index is None else a.index.delta


# --- names from the questionnaire and profile ---------------------------------------------------


@dataclass(frozen=True)
class _Names:
    q: Questionnaire
    profile: Profile
    lang: Lang
    day: date

    def block(self, block_id: str, L: Labels) -> str:
        if block_id == ALL:
            return L.all_agencies
        if block_id == KEY:
            return L.cmp_key
        if block_id == SMALL_MEDIUM:
            return L.cmp_small_medium
        found = self.q.block_by_id.get(block_id)
        return found.name(self.lang) if found else block_id

    def band(self, band_id: str) -> str:
        for band in self.profile.bands_for(self.day).bands:
            if band.id == band_id:
                return band.name(self.lang)
        return band_id

    def bands(self, old: str, new: str) -> Cell:
        return Cell(self.band(new)) if old == new else Cell(self.band(old), to=self.band(new))

    def target(self, target_id: str) -> str:
        found = self.q.target_by_id.get(target_id)
        return found.name(self.lang) if found else target_id

    def group(self, group_id: str) -> str:
        found = self.q.group_by_id.get(group_id)
        return f"{group_id} · {found.title(self.lang)}" if found else group_id

    def item(self, item: NotComparable, L: Labels) -> str:
        if item.kind == "question":
            question = self.q.question_by_id.get(item.id)
            return f"{item.id} · {question.title(self.lang)}" if question else item.id
        if item.kind == "group":
            return self.group(item.id)
        if item.kind == "pillar":
            pillar = self.q.pillar_by_id.get(item.id)
            return pillar.name(self.lang) if pillar else item.id
        if item.kind == "target":
            return self.target(item.id)
        return L.cmp_index


def _resolve(comparison: BatchComparison, lang: Lang) -> tuple[Questionnaire, Profile]:
    from assess import questionnaire, scoring

    _, q = questionnaire.resolve(comparison.new.questionnaire.id, lang)
    return q, scoring.resolve(None, q, lang)


# --- the parts of the report --------------------------------------------------------------------


def _rounds(c: BatchComparison, L: Labels, lang: Lang) -> Table:
    def versions(ref_id: str, version: str) -> str:
        return f"{ref_id} {L.version} {version}"

    rows = [
        (L.source_file, c.old.source, c.new.source),
        (L.cmp_results_file, c.old.file, c.new.file),
        (L.cmp_period, _period(c.old, lang), _period(c.new, lang)),
        (L.rows_scored, str(c.old.scored), str(c.new.scored)),
        (
            L.questionnaire,
            versions(c.old.questionnaire.id, c.old.questionnaire.version),
            versions(c.new.questionnaire.id, c.new.questionnaire.version),
        ),
        (
            L.scoring_profile,
            versions(c.old.profile.id, c.old.profile.version),
            versions(c.new.profile.id, c.new.profile.version),
        ),
    ]
    return Table(
        (Cell(""), Cell(L.cmp_old_round), Cell(L.cmp_new_round)),
        tuple(Row((Cell(k, css="key"), Cell(a), Cell(b))) for k, a, b in rows),
    )


def _index_pairs(agencies: Sequence[AgencyChange]) -> list[tuple[float, float, float]]:
    """(old, new, delta) of the agencies whose index compares."""
    out = []
    for a in agencies:
        if a.index is not None and a.index.old is not None and a.index.new is not None:
            delta = a.index.delta if a.index.delta is not None else a.index.new - a.index.old
            out.append((a.index.old, a.index.new, delta))
    return out


@dataclass(frozen=True)
class _Spread:
    """How the agencies of a block moved."""

    rose: int
    stable: int
    fell: int
    not_comparable: int
    mean_old: float | None
    mean_new: float | None
    mean_delta: float | None

    @classmethod
    def of(cls, agencies: Sequence[AgencyChange]) -> _Spread:
        pairs = _index_pairs(agencies)
        deltas = [d for _, _, d in pairs]
        return cls(
            rose=sum(d > STABLE for d in deltas),
            stable=sum(abs(d) <= STABLE for d in deltas),
            fell=sum(d < -STABLE for d in deltas),
            not_comparable=len(agencies) - len(pairs),
            mean_old=_mean([o for o, _, _ in pairs]),
            mean_new=_mean([n for _, n, _ in pairs]),
            mean_delta=_mean(deltas),
        )


def _block_ids(c: BatchComparison, q: Questionnaire) -> list[str]:
    """The questionnaire's blocks, then any other block a round names, in order of appearance."""
    seen = [b.id for b in q.blocks]
    for block in [a.block for a in c.agencies] + [a.block for a in (*c.new_agencies, *c.missing_agencies)]:
        if block not in seen:
            seen.append(block)
    return seen


def _blocks_table(c: BatchComparison, blocks: Sequence[str], names: _Names, L: Labels, lang: Lang) -> Table:
    rows = []
    for block in [*blocks, ALL]:
        members = [a for a in c.agencies if block in (ALL, a.block)]
        new = sum(block in (ALL, a.block) for a in c.new_agencies)
        missing = sum(block in (ALL, a.block) for a in c.missing_agencies)
        if not members and not new and not missing:
            continue
        s = _Spread.of(members)
        rows.append(
            Row(
                (
                    Cell(names.block(block, L)),
                    Cell(str(len(members)), True),
                    Cell(str(new), True),
                    Cell(str(missing), True),
                    Cell(_num(s.mean_old, lang), True),
                    Cell(_num(s.mean_new, lang), True),
                    Cell(_signed(s.mean_delta, lang), True, _trend(s.mean_delta)),
                ),
                "total" if block == ALL else "",
            )
        )
    return Table(
        (
            Cell(L.block),
            Cell(L.cmp_in_both, True),
            Cell(L.cmp_new, True),
            Cell(L.cmp_missing, True),
            Cell(L.cmp_mean_then, True),
            Cell(L.cmp_mean_now, True),
            Cell(L.cmp_change, True),
        ),
        tuple(rows),
    )


def _attainment(a: Attainment | None) -> float | None:
    return None if a is None else a.share


def _then_now(old: Attainment | None, new: Attainment | None, lang: Lang) -> Cell:
    o, n = _attainment(old), _attainment(new)
    if o is None and n is None:
        return Cell("—", True)
    return Cell(_pct(o, lang), True, to=_pct(n, lang))


def _targets(
    c: BatchComparison, blocks: Sequence[str], names: _Names, L: Labels, lang: Lang
) -> tuple[Table, Table, list[tuple[str, float | None, float | None, float | None, float | None]], str]:
    """The targets table (overall, key, small-medium, national shares), the table by block, the
    chart's rows and the names of the targets left out because they bind no agency."""
    cells = {(t.target, t.block): t for t in c.targets}
    order = [t.id for t in names.q.targets]
    order += sorted({t.target for t in c.targets} - set(order))
    shown, left_out = [], []
    for tid in order:
        overall = cells.get((tid, ALL))
        if overall is None:
            continue
        if _attainment(overall.old) is None and _attainment(overall.new) is None:
            left_out.append(names.target(tid))
        else:
            shown.append(tid)

    rows, block_rows, chart = [], [], []
    for tid in shown:
        target = names.q.target_by_id.get(tid)
        goal_2025 = target.share_2025 if target else None
        goal_2030 = target.share_2030 if target else None
        overall = cells[(tid, ALL)]

        def then_now(block: str, tid: str = tid) -> Cell:
            found = cells.get((tid, block))
            return Cell("—", True) if found is None else _then_now(found.old, found.new, lang)

        rows.append(
            Row(
                (
                    Cell(names.target(tid)),
                    then_now(ALL),
                    then_now(KEY),
                    then_now(SMALL_MEDIUM),
                    Cell(_pct(goal_2025, lang), True),
                    Cell(_pct(goal_2030, lang), True),
                )
            )
        )
        block_rows.append(Row((Cell(names.target(tid)), *(then_now(b) for b in blocks))))
        chart.append(
            (names.target(tid), _attainment(overall.old), _attainment(overall.new), goal_2025, goal_2030)
        )
    table = Table(
        (
            Cell(L.target),
            Cell(L.all_agencies, True),
            Cell(L.cmp_key, True),
            Cell(L.cmp_small_medium, True),
            Cell(L.national_2025, True),
            Cell(L.national_2030, True),
        ),
        tuple(rows),
    )
    by_block = Table(
        (Cell(L.target), *(Cell(names.block(b, L), True) for b in blocks)), tuple(block_rows), "narrow"
    )
    return table, by_block, chart, ", ".join(left_out)


def _movers(
    c: BatchComparison, blocks: Sequence[str], names: _Names, L: Labels, lang: Lang
) -> tuple[MoversView, ...]:
    by_id = {a.agency_id: a for a in c.agencies}
    given = {m.block: m for m in c.movers}
    views = []
    for block in [ALL, *blocks]:
        movers = given.get(block)
        if movers is None:
            continue
        up = [by_id[i] for i in movers.up if i in by_id and (_delta(by_id[i]) or 0) > 0][:MOVERS_SHOWN]
        down = [by_id[i] for i in movers.down if i in by_id and (_delta(by_id[i]) or 0) < 0][:MOVERS_SHOWN]
        if not up and not down:
            continue
        rows: list[Row] = []
        for heading, members in ((L.cmp_risers, up), (L.cmp_fallers, down)):
            rows.append(Row((Cell(heading, span=6),), "group"))
            if not members:
                rows.append(Row((Cell(L.cmp_none, css="muted", span=6),)))
            for a in members:
                index = a.index
                rows.append(
                    Row(
                        (
                            Cell(a.agency_id, css="nowrap"),
                            Cell(a.name if block != ALL else f"{a.name} · {names.block(a.block, L)}"),
                            Cell(_num(index.old if index else None, lang), True),
                            Cell(_num(index.new if index else None, lang), True),
                            Cell(_signed(_delta(a), lang), True, _trend(_delta(a))),
                            names.bands(a.old_band, a.new_band),
                        )
                    )
                )
        views.append(
            MoversView(
                names.block(block, L),
                Table(
                    (
                        Cell(L.agency_id),
                        Cell(L.agency),
                        Cell(L.cmp_then, True),
                        Cell(L.cmp_now, True),
                        Cell(L.cmp_change, True),
                        Cell(L.cmp_band),
                    ),
                    tuple(rows),
                    "movers",
                ),
            )
        )
    return tuple(views)


def _changes(
    c: BatchComparison, blocks: Sequence[str], names: _Names, L: Labels, lang: Lang
) -> tuple[Table, list[tuple[str, _Spread]]]:
    stable = formatting.number(STABLE, lang, 0)
    rows, chart = [], []
    for block in [*blocks, ALL]:
        members = [a for a in c.agencies if block in (ALL, a.block)]
        if not members:
            continue
        s = _Spread.of(members)
        n = len(members)
        rows.append(
            Row(
                (
                    Cell(names.block(block, L)),
                    Cell(str(n), True),
                    Cell(f"{s.rose} ({_share(s.rose, n, lang)})", True),
                    Cell(f"{s.stable} ({_share(s.stable, n, lang)})", True),
                    Cell(f"{s.fell} ({_share(s.fell, n, lang)})", True),
                    Cell(str(s.not_comparable), True),
                ),
                "total" if block == ALL else "",
            )
        )
        chart.append((names.block(block, L), s))
    table = Table(
        (
            Cell(L.block),
            Cell(L.cmp_in_both, True),
            Cell(L.fill("cmp_rose", n=stable), True),
            Cell(L.fill("cmp_stable", n=stable), True),
            Cell(L.fill("cmp_fell", n=stable), True),
            Cell(L.cmp_no_index, True),
        ),
        tuple(rows),
    )
    return table, chart


def _groups(c: BatchComparison, names: _Names, L: Labels, lang: Lang) -> Table:
    order = [g.id for g in names.q.groups]
    present = {g for a in c.agencies for g in a.groups}
    order += sorted(present - set(order))
    rows = []
    for gid in order:
        if gid not in present:
            continue
        changes = [a.groups[gid] for a in c.agencies if gid in a.groups]
        pairs = [(x.old, x.new) for x in changes if x.old is not None and x.new is not None]
        old = _mean([o for o, _ in pairs])
        new = _mean([n for _, n in pairs])
        delta = None if old is None or new is None else new - old
        rows.append(
            Row(
                (
                    Cell(names.group(gid)),
                    Cell(str(len(pairs)), True),
                    Cell(_num(old, lang), True),
                    Cell(_num(new, lang), True),
                    Cell(_signed(delta, lang), True, _trend(delta)),
                )
            )
        )
    return Table(
        (
            Cell(L.cmp_group),
            Cell(L.cmp_in_both, True),
            Cell(L.cmp_mean_then, True),
            Cell(L.cmp_mean_now, True),
            Cell(L.cmp_change, True),
        ),
        tuple(rows),
    )


def _refs(agencies: Sequence[AgencyRef], names: _Names, L: Labels, lang: Lang) -> Table:
    return Table(
        (Cell(L.agency_id), Cell(L.agency), Cell(L.block), Cell(L.cmp_index, True), Cell(L.cmp_band_one)),
        tuple(
            Row(
                (
                    Cell(a.agency_id, css="nowrap"),
                    Cell(a.name),
                    Cell(names.block(a.block, L)),
                    Cell(_num(a.index, lang), True),
                    Cell(names.band(a.band)),
                )
            )
            for a in agencies
        ),
    )


def _annex(c: BatchComparison, blocks: Sequence[str], names: _Names, L: Labels, lang: Lang) -> Table:
    rows: list[Row] = []
    for block in blocks:
        members = [a for a in c.agencies if a.block == block]
        if not members:
            continue
        rows.append(Row((Cell(f"{names.block(block, L)} ({len(members)})", span=7),), "group"))
        for a in members:
            index = a.index
            rows.append(
                Row(
                    (
                        Cell(a.agency_id, sub="" if a.old_id is None else f"{L.cmp_was} {a.old_id}"),
                        Cell(a.name),
                        Cell(_num(index.old if index else None, lang), True),
                        Cell(_num(index.new if index else None, lang), True),
                        Cell(_signed(_delta(a), lang), True, _trend(_delta(a))),
                        Cell(names.band(a.old_band)),
                        Cell(names.band(a.new_band)),
                    )
                )
            )
    return Table(
        (
            Cell(L.agency_id),
            Cell(L.agency),
            Cell(L.cmp_then, True),
            Cell(L.cmp_now, True),
            Cell(L.cmp_change, True),
            Cell(L.cmp_band_then),
            Cell(L.cmp_band_now),
        ),
        tuple(rows),
        "annex",
    )


def _messages(
    c: BatchComparison,
    names: _Names,
    chart: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    L: Labels,
    lang: Lang,
) -> tuple[str, ...]:
    """Three to five sentences, worded from the numbers, most telling first."""
    out = []
    s = _Spread.of(c.agencies)
    compared = s.rose + s.stable + s.fell
    stable = formatting.number(STABLE, lang, 0)
    if compared:
        out.append(
            L.fill(
                "cmp_msg_rose",
                rose=s.rose,
                n=compared,
                share=_share(s.rose, compared, lang),
                fell=s.fell,
                fell_share=_share(s.fell, compared, lang),
                points=stable,
            )
        )
    if s.mean_old is not None and s.mean_new is not None and s.mean_delta is not None:
        key = "cmp_msg_mean_up" if s.mean_delta >= 0.05 else "cmp_msg_mean_down"
        if abs(s.mean_delta) < 0.05:
            key = "cmp_msg_mean_same"
        out.append(
            L.fill(
                key,
                old=_num(s.mean_old, lang),
                new=_num(s.mean_new, lang),
                delta=formatting.number(abs(s.mean_delta), lang),
            )
        )
    elif c.agencies:
        out.append(L.cmp_msg_index_not_comparable)
    moved = [(name, o, n) for name, o, n, _, _ in chart if o is not None and n is not None and o != n]
    if moved:
        name, o, n = max(moved, key=lambda m: (m[2] - m[1], m[0]))
        if n > o:
            out.append(L.fill("cmp_msg_target_up", target=name, old=_pct(o, lang), new=_pct(n, lang)))
        name, o, n = min(moved, key=lambda m: (m[2] - m[1], m[0]))
        if n < o:
            out.append(L.fill("cmp_msg_target_down", target=name, old=_pct(o, lang), new=_pct(n, lang)))
    big = sum(d < -BIG_FALL for _, _, d in _index_pairs(c.agencies))
    if big:
        out.append(L.count("cmp_msg_big_fall", big, points=formatting.number(BIG_FALL, lang, 0)))
    bands = names.profile.bands_for(names.day).bands
    if c.agencies and bands:
        lowest = bands[0].id
        old = sum(a.old_band == lowest for a in c.agencies)
        new = sum(a.new_band == lowest for a in c.agencies)
        if old != new:
            out.append(L.fill("cmp_msg_lowest_band", band=names.band(lowest), old=old, new=new))
    if c.new_agencies or c.missing_agencies:
        out.append(L.fill("cmp_msg_entries", new=len(c.new_agencies), missing=len(c.missing_agencies)))
    if c.not_comparable:
        out.append(L.count("cmp_msg_not_comparable", len(c.not_comparable)))
    return tuple(out[:5])


# --- charts ---------------------------------------------------------------------------------


def targets_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    names: tuple[str, str, str, str],
) -> str:
    """Per target, the share of agencies meeting it then (grey) and now (blue) as bars, the 2025
    and 2030 national shares as ticks across both, and then and now in a column right of the axis
    (so no tick ever covers a number)."""
    plt = charts._pyplot()
    fig, ax = plt.subplots(figsize=(6.6, 0.62 * len(rows) + 1.0))
    positions = list(range(len(rows)))[::-1]
    old = [100 * (o or 0) for _, o, _, _, _ in rows]
    new = [100 * (n or 0) for _, _, n, _, _ in rows]
    ax.barh([p + 0.17 for p in positions], old, height=0.32, color=charts.MUTED, zorder=2, label=names[0])
    ax.barh([p - 0.17 for p in positions], new, height=0.32, color=charts.ACCENT, zorder=2, label=names[1])
    for goal_at, colour, name in ((3, charts.TARGET, names[2]), (4, charts.INK, names[3])):
        first = True
        for pos, row in zip(positions, rows, strict=True):
            goal = row[goal_at]
            if goal is None:
                continue
            ax.plot(
                [100 * goal, 100 * goal],
                [pos - 0.42, pos + 0.42],
                color=colour,
                linewidth=2.2,
                zorder=4,
                label=name if first else None,
                solid_capstyle="butt",
            )
            first = False
    for pos, (_, o, n, _, _) in zip(positions, rows, strict=True):  # "31% ▸ 44%", the arrow a marker
        ax.text(109, pos, "—" if o is None else f"{100 * o:.0f}%", va="center", ha="right", fontsize=7.5)
        ax.plot([110.6], [pos], marker=">", markersize=3.5, color=charts.MUTED, clip_on=False, zorder=3)
        ax.text(112.2, pos, "—" if n is None else f"{100 * n:.0f}%", va="center", ha="left", fontsize=7.5)
    charts._share_axis(ax, positions, [charts.wrap(r[0], 38) for r in rows], 101.5, 7.5)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, frameon=False, fontsize=7.5)
    return charts._svg(fig)


def changes_chart(rows: Sequence[str], counts: Sequence[tuple[int, int, int]], series: Sequence[str]) -> str:
    """Per block, the agencies that fell, stayed and rose, as one bar split in proportion."""
    plt = charts._pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(rows) + 1.1))
    positions = list(range(len(rows)))[::-1]
    totals = [sum(c) or 1 for c in counts]
    left = [0.0] * len(rows)
    for i, (name, colour) in enumerate(zip(series, (FALL_COLOUR, STABLE_COLOUR, RISE_COLOUR), strict=True)):
        shares = [100 * c[i] / t for c, t in zip(counts, totals, strict=True)]
        ax.barh(positions, shares, left=left, height=0.6, label=name, color=colour, zorder=2)
        for pos, share, start, c in zip(positions, shares, left, counts, strict=True):
            if share >= 6:
                ax.text(
                    start + share / 2, pos, str(c[i]), ha="center", va="center", fontsize=7, color="white"
                )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    charts._share_axis(ax, positions, [charts.wrap(r, 28) for r in rows], 100, 8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=8)
    return charts._svg(fig)


# --- the report -------------------------------------------------------------------------------


def build(
    c: BatchComparison, labels: Labels, lang: Lang, q: Questionnaire, profile: Profile
) -> tuple[CompareReport, dict[str, bytes]]:
    L = labels
    period = c.new.period or c.old.period
    day = period.last if period is not None else date.today()  # the band names in force then
    names = _Names(q, profile, lang, day)
    blocks = _block_ids(c, q)
    generated: dict[str, bytes] = {}

    s = _Spread.of(c.agencies)
    mean = "—"
    mean_note = ""
    if s.mean_old is not None and s.mean_new is not None:
        mean = _signed(s.mean_delta, lang)
        mean_note = _num(s.mean_old, lang)
    kpis = (
        Kpi(L.cmp_in_both, str(len(c.agencies))),
        Kpi(L.cmp_new, str(len(c.new_agencies))),
        Kpi(L.cmp_missing, str(len(c.missing_agencies))),
        Kpi(L.cmp_renamed, str(len(c.mapped))),
        Kpi(L.cmp_mean_change, mean, mean_note, _num(s.mean_new, lang) if mean_note else None),
    )

    targets, targets_by_block, chart_rows, left_out = _targets(c, blocks, names, L, lang)
    if chart_rows:
        generated[f"{GENERATED}/targets.svg"] = targets_chart(
            chart_rows,
            (
                L.cmp_old_round,
                L.cmp_new_round,
                L.fill("chart_goal", year=2025),
                L.fill("chart_goal", year=2030),
            ),
        ).encode()

    changes, change_rows = _changes(c, blocks, names, L, lang)
    stable = formatting.number(STABLE, lang, 0)
    if change_rows:
        generated[f"{GENERATED}/changes.svg"] = changes_chart(
            [name for name, _ in change_rows],
            [(x.fell, x.stable, x.rose) for _, x in change_rows],
            (L.fill("cmp_fell", n=stable), L.fill("cmp_stable", n=stable), L.fill("cmp_rose", n=stable)),
        ).encode()

    reason = {
        "changed": L.cmp_reason_changed,
        "only_old": L.cmp_reason_only_old,
        "only_new": L.cmp_reason_only_new,
    }
    kind = {
        "question": L.cmp_kind_question,
        "group": L.cmp_kind_group,
        "pillar": L.cmp_kind_pillar,
        "target": L.cmp_kind_target,
        "index": L.cmp_kind_index,
    }
    title = L.cmp_title
    context = CompareReport(
        lang=lang,
        L=L,
        assess_version=__version__,
        title=title,
        doctitle=L.fill("cmp_doctitle", old=c.old.file, new=c.new.file),
        date_iso=day.isoformat(),
        rounds=_rounds(c, L, lang),
        kpis=kpis,
        messages=_messages(c, names, chart_rows, L, lang),
        blocks=_blocks_table(c, blocks, names, L, lang),
        targets=targets,
        targets_by_block=targets_by_block,
        targets_chart=f"{GENERATED}/targets.svg" if chart_rows else "",
        targets_left_out=left_out,
        movers=_movers(c, blocks, names, L, lang),
        changes=changes,
        changes_chart=f"{GENERATED}/changes.svg" if change_rows else "",
        groups=_groups(c, names, L, lang),
        new_agencies=_refs(c.new_agencies, names, L, lang),
        missing_agencies=_refs(c.missing_agencies, names, L, lang),
        mapping=Table(
            (Cell(L.cmp_old_id), Cell(L.cmp_new_id)),
            tuple(Row((Cell(m.old_id), Cell(m.new_id))) for m in c.mapped),
        ),
        not_comparable=Table(
            (Cell(L.cmp_kind), Cell(L.cmp_item), Cell(L.cmp_reason)),
            tuple(
                Row((Cell(kind[x.kind]), Cell(names.item(x, L)), Cell(reason[x.reason])))
                for x in c.not_comparable
            ),
        ),
        method=(
            L.cmp_method_match,
            L.fill("cmp_method_change", points=stable),
            L.cmp_method_comparable,
            L.cmp_method_targets,
        ),
        annex=_annex(c, blocks, names, L, lang),
    )
    return context, generated


def compare_html(
    comparison: BatchComparison,
    lang: Lang,
    template_dir: Path | None = None,
    q: Questionnaire | None = None,
    profile: Profile | None = None,
) -> Html:
    """compare.pdf's HTML. The names of blocks, bands, groups and targets come from `q` and
    `profile`, by default the bundled questionnaire of the newer round and its scoring profile."""
    if q is None:
        q, profile = _resolve(comparison, lang)
    elif profile is None:
        from assess import scoring

        profile = scoring.resolve(None, q, lang)
    assert profile is not None
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    context, generated = build(comparison, labels, lang, q, profile)
    return render_template("compare/report.html", roots, lang, context, labels, generated)


def write_pdf(
    comparison: BatchComparison,
    path: Path,
    lang: Lang,
    template_dir: Path | None = None,
    q: Questionnaire | None = None,
    profile: Profile | None = None,
) -> tuple[str, ...]:
    """Render compare.pdf and write it atomically; returns what WeasyPrint warned about."""
    html = compare_html(comparison, lang, template_dir, q, profile)
    rendered = pdf_from_html(html, f"compare {comparison.old.file} {comparison.new.file}")
    atomicfile.write_bytes(path, rendered.pdf)
    return rendered.warnings
