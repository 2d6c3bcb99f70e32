"""`assess compare OLD NEW`: two assessments of one agency, or two batch rounds, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assess.cli import options
from assess.cli.console import check_output, markup, stderr, stdout, writing
from assess.errors import ExitCode, InvalidContentError, UsageError, VersionMismatchError
from assess.messages import t

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from assess import compare as cm
    from assess import result
    from assess.bilingual import Lang
    from assess.questionnaire import Questionnaire
    from assess.scoring import Profile
    from assess.summary import Attainment, ResultsFile


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command(
        "compare", short_help="Compare two assessments of one agency, or two batch rounds: what changed."
    )(compare_command)


def _ref_option(name: str, what: str) -> Any:
    side = name.split("-")[2]
    default = "the bundled one the file names" if what == "questionnaire" else "the one for its questionnaire"
    return typer.Option(
        name,
        metavar="ID|PATH",
        help=f"Bundled id or path of the {what} for the {side} file (default: {default}).",
    )


def compare_command(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier assessment file or results.json.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later one, of the same kind.")],
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="table (default), json or csv.")
    ] = CompareFormat.table,
    output: options.Output = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--map",
            metavar="FILE",
            help="A CSV (or .xlsx) with the columns old_id,new_id: agencies whose id changed.",
        ),
    ] = None,
    old_questionnaire: Annotated[str | None, _ref_option("--old-questionnaire", "questionnaire")] = None,
    old_profile: Annotated[str | None, _ref_option("--old-profile", "scoring profile")] = None,
    new_questionnaire: Annotated[str | None, _ref_option("--new-questionnaire", "questionnaire")] = None,
    new_profile: Annotated[str | None, _ref_option("--new-profile", "scoring profile")] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Batches only: write compare.json, compare.csv and compare.xlsx (and with --pdf "
            "compare.pdf) into DIR.",
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="With --out: also write compare.pdf.")] = False,
    template_dir: options.TemplateDir = None,
    lang: options.Lang = options.LangChoice.vi,
) -> None:
    """Compare two assessments of one agency (per group and pillar: score and level; strategy
    targets newly met or lost; the earlier roadmap's initiatives done, in progress, not started or
    regressed; answers changed) or two batch rounds' results.json (per agency the change; new and
    missing agencies; movers per block; target attainment then and now). Only what both
    questionnaire versions ask and score the same way is compared; the rest is listed.

    Exit 0 when compared, 2 when an input cannot be used.
    """
    from assess import compare as cm

    lg = options.lang_code(lang)
    inputs = [Path(p) for p in (old, new, mapping) if p is not None]
    inputs += [Path(p) for p in (old_questionnaire, old_profile, new_questionnaire, new_profile) if p]
    if output is not None:
        if output_format is CompareFormat.table:
            raise UsageError(t("score.output_table", lg), hint=t("score.output_table.hint", lg))
        check_output(output, inputs, lg, Path(f"compare.{output_format.value}"))
    if pdf and out is None:
        raise UsageError(t("compare.pdf_needs_out", lg))
    refs = (old_questionnaire, old_profile, new_questionnaire, new_profile)
    try:
        comparison, names = _compare(old, new, mapping, out, refs, lg)
    except InvalidContentError as exc:
        exc.exit_code = ExitCode.USAGE  # an input that cannot be compared, however it is damaged
        raise
    if out is not None:
        assert isinstance(comparison, cm.BatchComparison)
        _write_out(comparison, out, inputs, names, pdf, template_dir, lg)
    if output_format is CompareFormat.table:
        if isinstance(comparison, cm.AssessmentComparison):
            stdout().print(assessment_view(comparison, names))
        else:
            stdout().print(batch_view(comparison, names))
        return
    text = _json(comparison) if output_format is CompareFormat.json else _csv(comparison, names)
    if output is None:
        from assess.cli.score import _terminal_json

        typer.echo(_terminal_json(text) if output_format is CompareFormat.json else text, nl=False)
    else:
        from assess import atomicfile

        with writing(output, lg):
            atomicfile.write_text(output, text)


def _compare(
    old: Path,
    new: Path,
    mapping: Path | None,
    out: Path | None,
    refs: tuple[str | None, str | None, str | None, str | None],
    lg: Lang,
) -> tuple[cm.AssessmentComparison | cm.BatchComparison, cm.Names]:
    """The inputs read (each strictly) and compared."""
    from assess import compare as cm

    old_questionnaire, old_profile, new_questionnaire, new_profile = refs
    (old_kind, old_text), (new_kind, new_text) = cm.kind_of(old, lg), cm.kind_of(new, lg)
    kinds = old_kind, new_kind
    if kinds[0] != kinds[1]:
        raise UsageError(
            t(
                "compare.mixed",
                lg,
                old=old,
                old_kind=t(f"compare.kind.{kinds[0]}", lg),
                new=new,
                new_kind=t(f"compare.kind.{kinds[1]}", lg),
            ),
            hint=t("compare.mixed.hint", lg),
        )
    ids = cm.read_mapping(mapping, lg) if mapping is not None else {}
    comparison: cm.AssessmentComparison | cm.BatchComparison
    if kinds[0] == "assessment":
        if out is not None:
            raise UsageError(t("compare.out_batch_only", lg), hint=t("compare.out_batch_only.hint", lg))
        before = _load(old, old_questionnaire, old_profile, "old", lg)
        after = _load(new, new_questionnaire, new_profile, "new", lg)
        comparison = cm.assessments(before, after, ids, lg)
        names = cm.Names(lg, [after.questionnaire, before.questionnaire], [after.profile, before.profile])
    else:
        old_results = cm.parse_results(old_text, str(old), lg)
        new_results = cm.parse_results(new_text, str(new), lg)
        cm.check_mapping(old_results, ids, str(mapping), lg)
        q_new, p_new = _versions(new_results, new_questionnaire, new_profile, lg)
        q_old, p_old = _versions(old_results, old_questionnaire, old_profile, lg)
        both = (q_old, q_new) if q_old is not None and q_new is not None else None
        comparison = cm.batches(old_results, new_results, str(old), str(new), ids, both)
        found = [x for x in (q_new, q_old) if x is not None]
        names = cm.Names(lg, found, [x for x in (p_new, p_old) if x is not None])
        unused = [x for x in ids if x not in {e.agency.id for e in old_results.results}]
        if unused:
            stderr().print(
                f"[yellow]{markup(t('compare.map.unused', lg, count=len(unused), ids=_few(unused)))}[/]"
            )
    return comparison, names


def _few(ids: Sequence[str]) -> str:
    return ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")


def _load(path: Path, questionnaire: str | None, profile: str | None, side: str, lang: Lang) -> result.Loaded:
    """An assessment with its own questionnaire and profile; a version that is not at hand is a
    usage problem (exit 2) with the option that supplies it."""
    from assess import result

    try:
        return result.load(path, questionnaire, profile, lang)
    except VersionMismatchError as exc:
        raise UsageError(
            exc.message,
            hint=t("compare.version_hint", lang, q=f"--{side}-questionnaire", p=f"--{side}-profile"),
        ) from None


def _versions(
    results: ResultsFile, q_ref: str | None, p_ref: str | None, lang: Lang = "vi"
) -> tuple[Questionnaire | None, Profile | None]:
    """The questionnaire and profile of a round: given by the options, or bundled as the file names
    them; None when not at hand (the comparison then reads by ids and the file's hashes alone).
    What the options name must load."""
    from assess import questionnaire as qm
    from assess import scoring
    from assess.errors import AssessError

    try:
        _, q = qm.resolve(q_ref or results.questionnaire.id, lang)
    except AssessError:
        if q_ref:
            raise
        return None, None
    try:
        return q, scoring.resolve(p_ref, q, lang)
    except AssessError:
        if p_ref:
            raise
        return q, None


def _json(comparison: cm.AssessmentComparison | cm.BatchComparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


def _csv(comparison: cm.AssessmentComparison | cm.BatchComparison, names: cm.Names) -> str:
    from assess import compare as cm
    from assess import tabular

    if isinstance(comparison, cm.AssessmentComparison):
        return tabular.csv_text(ASSESSMENT_CSV, assessment_rows(comparison, names))
    header, rows = batch_table(comparison, names)
    return tabular.csv_text(header, rows)


ASSESSMENT_CSV = (
    "kind",
    "id",
    "name",
    "old",
    "new",
    "change",
    "old_level",
    "new_level",
    "old_status",
    "new_status",
    "status",
)


def assessment_rows(c: cm.AssessmentComparison, names: cm.Names) -> list[list[Any]]:
    """One row per index, group, pillar, target, initiative, changed answer and item not compared."""
    lang = names.lang
    rows: list[list[Any]] = []
    if c.index is not None:
        i = c.index
        rows.append(["index", "index", t("compare.index", lang), i.old, i.new, i.delta, None, None])
        rows[-1] += [c.old.band, c.new.band, None]
    for g in c.groups:
        level = g.level
        rows.append(["group", g.id, names.of("group", g.id), g.score.old, g.score.new, g.score.delta])
        rows[-1] += [level.old if level else None, level.new if level else None, None, None, None]
    for p in c.pillars:
        rows.append(["pillar", p.id, names.of("pillar", p.id), p.score.old, p.score.new, p.score.delta])
        rows[-1] += [None] * 5
    for x in c.targets:
        rows.append(["target", x.target, names.of("target", x.target), None, None, None, None, None])
        rows[-1] += [x.old, x.new, x.change]
    for n in c.initiatives:
        rows.append(["initiative", n.initiative, n.name(lang), None, None, None, None, None, None, None])
        rows[-1].append(n.status)
    for q in c.questions:
        old = "na" if q.old_na else None
        new = "na" if q.new_na else None
        rows.append(["question", q.question, names.of("question", q.question), None, None, None])
        rows[-1] += [q.old_level, q.new_level, old, new, "changed"]
    for nc in c.not_comparable:
        rows.append([nc.kind, nc.id, names.of(nc.kind, nc.id), *[None] * 7, f"not_comparable_{nc.reason}"])
    return rows


def _comparable_groups(c: cm.BatchComparison) -> list[str]:
    seen: dict[str, None] = {}
    for a in c.agencies:
        seen |= dict.fromkeys(a.groups)
    return list(seen)


def batch_table(c: cm.BatchComparison, names: cm.Names) -> tuple[list[str], list[list[Any]]]:
    """One row per agency of either round: in both (with its changes), new, or missing."""
    groups = _comparable_groups(c)
    header = ["status", "agency_id", "old_id", "agency_name", "block", "key_agency", "province"]
    header += ["old_index", "new_index", "index_change", "old_band", "new_band"]
    header += [f"{g}_change" for g in groups]
    header += ["targets_newly_met", "targets_lost"]
    rows: list[list[Any]] = []
    for a in c.agencies:
        i = a.index
        row: list[Any] = ["both", a.agency_id, a.old_id, a.name, a.block, a.key_agency, a.province]
        row += [i.old if i else None, i.new if i else None, i.delta if i else None]
        row += [names.of("band", a.old_band), names.of("band", a.new_band)]
        row += [a.groups[g].delta if g in a.groups else None for g in groups]
        row += ["; ".join(a.targets_newly_met), "; ".join(a.targets_lost)]
        rows.append(row)
    for status, refs in (("new", c.new_agencies), ("missing", c.missing_agencies)):
        for r in refs:
            old, new = (None, r.index) if status == "new" else (r.index, None)
            row = [status, r.agency_id, None, r.name, r.block, None, None, old, new, None]
            band = names.of("band", r.band)
            row += [None, band] if status == "new" else [band, None]
            row += [None] * len(groups) + [None, None]
            rows.append(row)
    return header, rows


# --- terminal views --------------------------------------------------------------------------------


def _num(value: float | None, lang: Lang) -> str:
    from assess import formatting

    return formatting.number_or_dash(value, lang)


def _delta(value: float | None, lang: Lang) -> str:
    from assess import formatting

    if value is None:
        return "—"
    text = formatting.number(abs(value), lang)
    if value > 0:
        return f"[green]+{text}[/]"
    if value < 0:
        return f"[red]−{text}[/]"
    return f"[dim]{text}[/]"


def _table(title: str, *columns: tuple[str, str]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), title=title, title_justify="left")
    for name, justify in columns:
        if justify == "left":
            table.add_column(name, overflow="fold", ratio=1)
        else:
            table.add_column(name, justify="right", no_wrap=True)
    return table


def _not_comparable(items: Sequence[cm.NotComparable], names: cm.Names) -> RenderableType | None:
    if not items:
        return None
    lang = names.lang
    table = _table(
        t("compare.not_comparable", lang), (t("compare.what", lang), "left"), (t("compare.why", lang), "left")
    )
    for x in items:
        name = names.of(x.kind, x.id)
        label = x.id if name == x.id else f"{x.id} {name}"
        table.add_row(
            f"{t(f'compare.nc.{x.kind}', lang)} {markup(label)}", t(f"compare.reason.{x.reason}", lang)
        )
    return table


def assessment_view(c: cm.AssessmentComparison, names: cm.Names) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    from assess import formatting

    lang = names.lang
    head = Text()
    head.append(c.agency.name, style="bold")
    head.append(f"  ({c.agency.id})", style="dim")
    dates = t(
        "compare.dates",
        lang,
        old=formatting.short_date(c.old.assessed_on, lang),
        new=formatting.short_date(c.new.assessed_on, lang),
    )
    parts: list[RenderableType] = [head, Text(dates, style="dim")]
    bands = f"{markup(names.of('band', c.old.band))} → {markup(names.of('band', c.new.band))}"
    if c.index is None:
        parts.append(Text(t("compare.index_not_comparable", lang), style="yellow"))
    else:
        parts.append(
            f"{t('compare.index', lang)}: {_num(c.index.old, lang)} → [bold]{_num(c.index.new, lang)}[/]"
            f" ({_delta(c.index.delta, lang)}) · {bands}"
        )
    right = "right"
    groups = _table(
        t("compare.groups", lang),
        (t("score.group", lang), "left"),
        (t("compare.old", lang), right),
        (t("compare.new", lang), right),
        (t("compare.change", lang), right),
        (t("col.level", lang), right),
    )
    for g in c.groups:
        level = "—" if g.level is None else f"{_level(g.level.old)} → {_level(g.level.new)}"
        groups.add_row(
            f"{g.id} {markup(names.of('group', g.id))}",
            _num(g.score.old, lang),
            _num(g.score.new, lang),
            _delta(g.score.delta, lang),
            level,
        )
    parts.append(groups)
    if c.pillars:
        pillars = _table(
            t("compare.pillars", lang),
            (t("compare.pillar", lang), "left"),
            (t("compare.old", lang), right),
            (t("compare.new", lang), right),
            (t("compare.change", lang), right),
        )
        for p in c.pillars:
            pillars.add_row(
                markup(names.of("pillar", p.id)),
                _num(p.score.old, lang),
                _num(p.score.new, lang),
                _delta(p.score.delta, lang),
            )
        parts.append(pillars)
    binding = [x for x in c.targets if x.change != "not_binding"]
    if binding:
        targets = _table(
            t("compare.targets", lang),
            (t("compare.target", lang), "left"),
            (t("compare.old", lang), right),
            (t("compare.new", lang), right),
            (t("compare.change", lang), right),
        )
        styles = {"newly_met": "green", "lost": "red"}
        for x in binding:
            word = t(f"compare.target_change.{x.change}", lang)
            style = styles.get(x.change)
            targets.add_row(
                markup(names.of("target", x.target)),
                t(f"compare.state.{x.old}", lang),
                t(f"compare.state.{x.new}", lang),
                f"[{style}]{word}[/]" if style else f"[dim]{word}[/]",
            )
        parts.append(targets)
    if c.initiatives:
        initiatives = _table(
            t("compare.initiatives", lang),
            (t("compare.initiative", lang), "left"),
            (t("compare.done_when", lang), "left"),
            (t("compare.status", lang), right),
        )
        styles = {"done": "green", "regressed": "red", "in_progress": "yellow", "not_started": "dim"}
        for n in c.initiatives:
            steps = ", ".join(
                f"{d.question} {_level(d.old_level)}→{_level(d.new_level)}/{d.level}" for d in n.done_when
            )
            initiatives.add_row(
                markup(n.name(lang)),
                steps,
                f"[{styles[n.status]}]{t(f'compare.initiative.{n.status}', lang)}[/]",
            )
        parts.append(initiatives)
    if c.questions:
        questions = _table(
            t("compare.questions", lang),
            (t("compare.question", lang), "left"),
            (t("compare.old", lang), right),
            (t("compare.new", lang), right),
        )
        for q in c.questions:
            questions.add_row(
                f"{q.question} {markup(names.of('question', q.question))}",
                "N/A" if q.old_na else _level(q.old_level),
                "N/A" if q.new_na else _level(q.new_level),
            )
        parts.append(questions)
    else:
        parts.append(Text(t("compare.no_answer_changed", lang), style="dim"))
    nc = _not_comparable(c.not_comparable, names)
    if nc is not None:
        parts.append(nc)
    return Group(*parts)


def _level(level: int | None) -> str:
    return "—" if level is None else str(level)


def _share(a: Attainment | None, lang: Lang) -> str:
    from assess import formatting

    if a is None or a.share is None:
        return "—"
    return f"{formatting.percent(a.share, lang)} ({a.met}/{a.bound})"


def batch_view(c: cm.BatchComparison, names: cm.Names) -> RenderableType:
    """The headline, the movers, target attainment then and now and what is not compared; every
    agency's row is in compare.csv / compare.xlsx."""
    from rich.console import Group
    from rich.text import Text

    from assess import formatting
    from assess.summary import ALL

    lang = names.lang
    right = "right"

    def period(side: cm.BatchSide) -> str:
        if side.period is None:
            return t("compare.round_empty", lang, file=side.file)
        return t(
            "compare.round",
            lang,
            file=side.file,
            first=formatting.short_date(side.period.first, lang),
            last=formatting.short_date(side.period.last, lang),
            scored=side.scored,
        )

    parts: list[RenderableType] = [
        Text(t("compare.title.batch", lang), style="bold"),
        Text(f"{t('compare.old', lang)}: {period(c.old)}", style="dim"),
        Text(f"{t('compare.new', lang)}: {period(c.new)}", style="dim"),
    ]
    headline = _table(
        t("compare.headline", lang),
        (t("compare.block", lang), "left"),
        (t("compare.both", lang), right),
        (t("compare.new_agencies", lang), right),
        (t("compare.missing_agencies", lang), right),
        (t("compare.mean_change", lang), right),
    )
    means = {m.block: m.mean_change for m in c.movers}
    blocks = [m.block for m in c.movers if m.block != ALL]
    blocks += sorted({r.block for r in (*c.new_agencies, *c.missing_agencies)} - set(blocks) - {ALL})
    for block in (ALL, *blocks):

        def count(items: Sequence[Any], block: str = block) -> int:
            return sum(block == ALL or x.block == block for x in items)

        headline.add_row(
            markup(names.of("block", block)),
            str(count(c.agencies)),
            str(count(c.new_agencies)),
            str(count(c.missing_agencies)),
            _delta(means.get(block), lang),
            style="bold" if block == ALL else None,
        )
    parts.append(headline)
    by_id = {a.agency_id: a for a in c.agencies}
    movers = _table(
        t("compare.movers", lang),
        (t("compare.block", lang), "left"),
        (t("compare.agency", lang), "left"),
        (t("compare.new", lang), right),
        (t("compare.change", lang), right),
    )
    for m in c.movers:
        for n, agency_id in enumerate((*m.up, *m.down)):
            a = by_id[agency_id]
            movers.add_row(
                markup(names.of("block", m.block)) if n == 0 else "",
                f"{markup(a.name)} [dim]{markup(a.agency_id)}[/]",
                _num(a.index.new if a.index else None, lang),
                _delta(a.index.delta if a.index else None, lang),
            )
        if m.up or m.down:
            movers.add_section()
    if any(m.up or m.down for m in c.movers):
        parts.append(movers)
    if c.targets:
        targets = _table(
            t("compare.targets_then_now", lang),
            (t("compare.target", lang), "left"),
            (t("compare.among", lang), "left"),
            (t("compare.then", lang), right),
            (t("compare.now", lang), right),
        )
        last = None
        for x in c.targets:
            if not ((x.old and x.old.bound) or (x.new and x.new.bound)):
                continue
            name = markup(names.of("target", x.target)) if x.target != last else ""
            if x.target != last and last is not None:
                targets.add_section()
            last = x.target
            targets.add_row(
                name, markup(names.of("block", x.block)), _share(x.old, lang), _share(x.new, lang)
            )
        parts.append(targets)
    nc = _not_comparable(c.not_comparable, names)
    if nc is not None:
        parts.append(nc)
    parts.append(Text(t("compare.rows_elsewhere", lang, count=len(c.agencies)), style="dim"))
    return Group(*parts)


# --- the output folder ----------------------------------------------------------------------------


def _write_out(
    c: cm.BatchComparison,
    out: Path,
    inputs: Sequence[Path],
    names: cm.Names,
    pdf: bool,
    template_dir: Path | None,
    lang: Lang,
) -> None:
    """compare.json, compare.csv, compare.xlsx (and compare.pdf) in DIR, each written atomically."""
    from assess import atomicfile, compare_xlsx, tabular

    if out.exists() and not out.is_dir():
        raise UsageError(t("compare.out_not_folder", lang, path=out))
    with writing(out, lang):
        out.mkdir(parents=True, exist_ok=True)
    files = {x: out / f"compare.{x}" for x in ("json", "csv", "xlsx", *(("pdf",) if pdf else ()))}
    for path in files.values():
        check_output(path, inputs, lang, path)
    header, rows = batch_table(c, names)
    with writing(files["json"], lang):
        atomicfile.write_text(files["json"], _json(c))
    with writing(files["csv"], lang):
        tabular.write_csv(str(files["csv"]), header, rows)
    with writing(files["xlsx"], lang):
        compare_xlsx.write(c, files["xlsx"], names)
    warnings: tuple[str, ...] = ()
    if pdf:
        from assess import compare_report

        q = names.questionnaires[0] if names.questionnaires else None
        profile = names.profiles[0] if names.profiles else None
        with writing(files["pdf"], lang):
            warnings = compare_report.write_pdf(c, files["pdf"], lang, template_dir, q, profile)
    console = stdout()
    for path in files.values():
        console.print(markup(t("compare.written", lang, path=path)))
    for warning in warnings:
        stderr().print(f"[dim]weasyprint: {markup(warning)}[/]")
