"""`assess batch`: score a whole sector's submissions, rank them and report to the ministry."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from assess.cli import options
from assess.cli.console import stderr, stdout
from assess.errors import ExitCode
from assess.messages import t

if TYPE_CHECKING:
    from assess.batch import Progress as Tick
    from assess.batch import Run
    from assess.bilingual import Lang


class AssessmentsChoice(StrEnum):
    files = "files"
    jsonl = "jsonl"


class XlsxOption(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class KeepChoice(StrEnum):
    reject = "reject"
    latest = "latest"
    first = "first"


def register(app: typer.Typer) -> None:
    app.command(
        "batch",
        short_help="Score a whole file of submissions (assess's own, or a form tool's export); "
        "rank, report and compare with the previous round.",
    )(batch_command)


def batch_command(
    submissions: Annotated[
        Path,
        typer.Argument(
            metavar="SUBMISSIONS",
            help="A .csv (UTF-8, UTF-16, UTF-32 or Windows-1258; comma, "
            "semicolon or tab) or .xlsx file, one agency per row.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write the results.")] = Path(
        "assess-out"
    ),
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also render one PDF per agency and sector-report.pdf.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes to use (default: every core).")
    ] = None,
    lang: options.Lang = options.LangChoice.vi,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail, writing no results, if there is any finding at all.")
    ] = False,
    max_errors: Annotated[
        int | None, typer.Option("--max-errors", min=1, metavar="N", help="Stop reading after N errors.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", metavar="NAME", help="The CSV's encoding, e.g. utf-8, cp1258.")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", metavar="CHAR", help="The CSV's delimiter: , ; or tab.")
    ] = None,
    detail: options.Detail = options.DetailChoice.summary,
    assessments: Annotated[
        AssessmentsChoice,
        typer.Option(
            "--assessments",
            help="How each scored row is kept: files (default), one assessment file per agency in "
            "DIR/assessments/; or jsonl, one line per agency in DIR/assessments.jsonl (for very large "
            "batches: a million rows make one file, not a million).",
            case_sensitive=False,
        ),
    ] = AssessmentsChoice.files,
    template_dir: options.TemplateDir = None,
    questionnaire: options.QuestionnaireRef = None,
    profile: options.ProfileRef = None,
    roadmaps: Annotated[
        bool,
        typer.Option(
            "--roadmaps",
            help="Also write each agency's roadmap tracker (an Excel workbook) to DIR/roadmaps/.",
        ),
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="OLD_RESULTS.json",
            help="The previous round's results.json (in its batch folder): writes compare.json and "
            "compare.xlsx; with --pdf each report gets a 'progress since' page and the sector report "
            "the national progress.",
        ),
    ] = None,
    xlsx: Annotated[
        XlsxOption,
        typer.Option(
            "--xlsx",
            help="Write results.xlsx: auto (default: up to 100,000 scored rows; past that it takes "
            "minutes and Excel can hardly open it, results.csv has them all), always, or never.",
            case_sensitive=False,
        ),
    ] = XlsxOption.auto,
    keep: Annotated[
        KeepChoice,
        typer.Option(
            "--keep",
            help="An agency submitted more than once (the same agency id): reject every copy (default), "
            "or score the latest or the first by the form tool's submission time.",
            case_sensitive=False,
        ),
    ] = KeepChoice.reject,
    column_map: Annotated[
        Path | None,
        typer.Option(
            "--column-map",
            metavar="FILE",
            help="A CSV of form_column,assess_column naming the file's columns that assess does not "
            "recognise (e.g. LimeSurvey question codes).",
        ),
    ] = None,
    id_map: Annotated[
        Path | None,
        typer.Option(
            "--id-map",
            metavar="FILE",
            help="With --previous: a CSV of old_id,new_id for agencies whose id changed between rounds.",
        ),
    ] = None,
) -> None:
    """Score every row of a submission file: each is scored or rejected with precise findings,
    ranked within its block, and written to DIR (results.csv/json/xlsx, findings.csv, assessments/;
    with --pdf, reports/ and sector-report.pdf; with --detail full, each agency's annex, and the
    rubrics every agency shares, laid out once and joined to every report; with --roadmaps,
    roadmaps/; with --previous, compare.json and compare.xlsx, and progress in every PDF).

    Exit 0 when every row was scored, 1 when some were rejected or none was scored (or --strict
    found anything), 2 when the file cannot be read or DIR cannot be written, 130 on Ctrl-C and 143
    on SIGTERM (DIR then still holds the previous run). DIR is replaced as a whole at the end of
    the run; a folder holding files assess did not write is refused.
    """
    from assess import batch as batch_module
    from assess import outdir, scoring
    from assess import questionnaire as qm

    lg = options.lang_code(lang)
    started = time.monotonic()
    _, q = qm.resolve(questionnaire, lg)
    prof = scoring.resolve(profile, q, lg)
    if id_map is not None and previous is None:
        from assess.errors import UsageError

        raise UsageError(t("batch.id_map_alone", lg), hint=t("batch.id_map_alone.hint", lg))
    before = batch_module.Previous.read(previous, id_map, lg) if previous is not None else None

    # One output transaction: everything is written into a fresh folder beside --out and swapped
    # in at the end (outdir), so --out holds this run complete or the previous one untouched.
    tx = outdir.Transaction(out, lg)
    try:
        with _terminable(), tx, _progress(lg) as update:
            try:
                run = batch_module.run(
                    submissions,
                    q,
                    prof,
                    encoding=encoding,
                    delimiter=delimiter,
                    max_errors=max_errors,
                    jobs=jobs,
                    lang=lg,
                    progress=update,
                    keep=keep.value,
                    column_map=column_map,
                )
                found = sum(run.finding_counts.values())
                failed = strict and bool(found)
                written = None
                warnings: list[str] = []
                if failed:
                    batch_module.write_findings(run, tx.path)
                else:
                    written = batch_module.write_results(
                        run,
                        tx.path,
                        lg,
                        progress=update,
                        jobs=jobs,
                        assessments_as="jsonl" if assessments is AssessmentsChoice.jsonl else "files",
                        xlsx=xlsx.value,
                    )
                    comparison = None
                    if before is not None:
                        comparison = before.compared(written, lg)
                        batch_module.write_comparison(comparison, run, tx.path, lg)
                    if pdf or roadmaps:
                        warnings = batch_module.render_reports(
                            run,
                            written,
                            lg,
                            jobs,
                            template_dir,
                            options.detail_code(detail),
                            progress=update,
                            pdf=pdf,
                            roadmaps=roadmaps,
                            previous=before,
                            comparison=comparison,
                        )
                tx.commit(batch_module.run_record(run, "strict" if failed else "written"))
            except BaseException:
                batch_module.stop_workers()  # before the folder they write in is removed
                raise
    except KeyboardInterrupt as exc:
        key = "batch.interrupted_late" if tx.committed else "batch.interrupted"
        stderr().print(f"[yellow]{escape(t(key, lg, out=out))}[/]")
        code = ExitCode.TERMINATED if isinstance(exc, Terminated) else ExitCode.INTERRUPTED
        raise typer.Exit(int(code)) from None
    except BrokenProcessPool:
        # A worker was killed from outside (most often by the kernel, for want of memory): the
        # machine's problem, not a bug; DIR is left as it was (the transaction was rolled back).
        from assess.errors import UsageError

        raise UsageError(t("batch.worker_died", lg, out=out), hint=t("batch.worker_died.hint", lg)) from None

    _summary(run, lg)
    if failed:
        path = out / "findings.csv"
        stderr().print(f"[red]{escape(t('batch.strict_failed', lg, count=found, path=path))}[/]")
        raise typer.Exit(int(ExitCode.INVALID))
    assert written is not None
    console = stdout()
    console.print(escape(t("batch.outputs", lg, out=out)))
    outputs = (written.results_csv, written.results_xlsx, written.results_json, written.findings_csv)
    for path in (*(p for p in outputs if p is not None), written.assessments):
        console.print(f"  {escape(str(out / path.relative_to(tx.path)))}")
    if pdf:
        console.print(f"  {escape(str(out / 'reports'))}")
        console.print(f"  {escape(str(out / 'sector-report.pdf'))}")
    if roadmaps:
        console.print(f"  {escape(str(out / 'roadmaps'))}")
    if before is not None:
        console.print(f"  {escape(str(out / 'compare.json'))}")
        console.print(f"  {escape(str(out / 'compare.xlsx'))}")
    for warning in sorted(set(warnings)):
        stderr().print(f"[dim]weasyprint: {escape(warning)}[/]")
    console.print(f"[dim]{time.monotonic() - started:.1f} s[/]")
    if not run.scored_count:
        key = "batch.no_rows" if not run.rows_read and not found else "batch.none_scored"
        stderr().print(f"[red]{escape(t(key, lg, path=out / 'findings.csv'))}[/]")
        raise typer.Exit(int(ExitCode.INVALID))
    if run.rejected or run.stopped_at is not None:
        raise typer.Exit(int(ExitCode.INVALID))


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopped as Ctrl-C stops a batch (exit 143 rather than 130)."""


@contextmanager
def _terminable() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread while the batch runs; a second one, while the
    first is being handled (workers stopped, the unfinished folder removed), is ignored."""

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    try:
        before = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding application): its handler stays
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before if before is not None else signal.SIG_DFL)


@contextmanager
def _progress(lg: Lang) -> Iterator[Tick]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    console = stderr()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    ) as progress:
        tasks: dict[str, TaskID] = {}
        labels = {
            "read": t("batch.read", lg),
            "score": t("batch.read", lg),
            "write": t("batch.write", lg),
            "render": t("batch.render", lg),
        }

        def update(stage: str, done: int, total: int | None) -> None:
            name = "read" if stage == "score" else stage
            if name not in tasks:
                tasks[name] = progress.add_task(labels[name], total=total)
            progress.update(tasks[name], completed=done, total=total if total is not None else None)

        yield update


def _summary(run: Run, lg: Lang) -> None:
    from rich import box
    from rich.table import Table

    console = stdout()
    console.print(f"[bold]{escape(t('batch.title', lg, file=run.sheet.path.name))}[/]")
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column("")
    table.add_column("", justify="right")
    from assess.findings import CATALOGUE

    codes = run.finding_counts
    warnings = sum(n for code, n in codes.items() if CATALOGUE[code][0] != "error")
    table.add_row(t("batch.rows_read", lg), str(run.rows_read))
    table.add_row(t("batch.scored", lg), f"[green]{run.scored_count}[/]")
    table.add_row(t("batch.rejected", lg), f"[red]{run.rejected}[/]" if run.rejected else "0")
    if run.superseded:
        table.add_row(t("batch.superseded", lg), str(run.superseded))
    table.add_row(t("batch.warnings", lg), str(warnings))
    console.print(table)
    if run.sheet.kind == "csv":
        delimiter = {"\t": "tab", ",": ",", ";": ";"}.get(
            run.sheet.delimiter or ",", run.sheet.delimiter or ""
        )
        console.print(
            f"[dim]{escape(t('batch.encoding', lg, encoding=run.sheet.encoding, delimiter=delimiter))}[/]"
        )
    if run.tool is not None:
        from assess.forms import TOOL_NAMES

        console.print(escape(t("batch.form_tool", lg, tool=TOOL_NAMES[run.tool])))
    if run.superseded:
        accounting = t(
            "batch.accounting_superseded",
            lg,
            scored=run.scored_count,
            superseded=run.superseded,
            rejected=run.rejected,
            read=run.rows_read,
        )
    else:
        accounting = t(
            "batch.accounting", lg, scored=run.scored_count, rejected=run.rejected, read=run.rows_read
        )
    console.print(escape(accounting))
    if run.stopped_at is not None:
        console.print(f"[yellow]{escape(t('batch.stopped', lg, row=run.stopped_at))}[/]")
    blocks = run.scored_by_block
    if blocks:
        console.print(
            f"{t('batch.by_block', lg)}: "
            + ", ".join(
                f"{run.q.block_by_id[b.id].name(lg)} {blocks[b.id]}" for b in run.q.blocks if blocks[b.id]
            )
        )
    if codes:
        found = Table(title=t("batch.findings", lg), title_justify="left", box=box.SIMPLE_HEAD)
        found.add_column(t("batch.code", lg))
        found.add_column(t("batch.count", lg), justify="right")
        found.add_column(t("batch.example", lg), overflow="fold")
        for code, count in codes.most_common():
            example = run.example(code)
            where = t("batch.row", lg, row=example.row) if example.row else ""
            style = "red" if example.is_error else "yellow"
            found.add_row(
                f"[{style}]{code}[/]",
                str(count),
                escape(f"{where} {example.column}: {example.message}".strip()),
            )
        console.print(found)
