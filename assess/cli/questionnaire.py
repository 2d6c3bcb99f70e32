"""`assess questionnaire list|show|validate`: inspect and check what is asked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from assess.cli import options
from assess.cli.console import report, stderr, stdout
from assess.errors import AssessError, ExitCode, InvalidContentError, UsageError
from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang
    from assess.questionnaire import Question, Questionnaire

app = typer.Typer(help="List, show and validate questionnaires.", no_args_is_help=True)


@app.command("list")
def list_command(lang: options.Lang = options.LangChoice.vi) -> None:
    """List the bundled questionnaires: id, version, title, number of groups and questions."""
    from assess import questionnaire as qm
    from assess import resources

    lg = options.lang_code(lang)
    entries = qm.registry(lg)
    console = stdout()
    if not entries:
        console.print(t("questionnaire.none", lg, path=resources.questionnaires_dir()))
        return
    table = Table()
    for key in ("col.id", "col.version", "col.title", "col.groups", "col.questions"):
        table.add_column(t(key, lg), overflow="fold")
    for entry in entries:
        q = entry.questionnaire
        table.add_row(q.id, q.version, escape(q.title(lg)), str(len(q.groups)), str(len(q.questions)))
    console.print(table)


@app.command("show")
def show_command(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="Bundled id or path to a YAML file.")],
    lang: options.Lang = options.LangChoice.vi,
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Show only this task group, e.g. G4.")
    ] = None,
    recommendations: Annotated[
        bool, typer.Option("--recommendations", "-r", help="Also show each level's next step.")
    ] = False,
) -> None:
    """Show a questionnaire readably: groups, questions, guidance, evidence and every rubric level."""
    from assess import questionnaire as qm

    lg = options.lang_code(lang)
    _, q = qm.resolve(ref, lg)
    groups = q.groups
    if group is not None:
        wanted = group.strip().upper()
        groups = tuple(g for g in q.groups if g.id == wanted)
        if not groups:
            raise UsageError(t("show.unknown_group", lg, group=group, known=", ".join(q.group_by_id)))
    console = stdout()
    if group is None:
        console.print(f"[bold]{escape(q.title(lg))}[/] ({q.id} {q.version})")
        console.print(escape(q.description(lg)))
        console.print(f"[dim]{t('show.source', lg)}:[/] {escape(q.source(lg))}\n")
        scale = Table(title=t("show.scale", lg), title_justify="left")
        scale.add_column(t("col.level", lg), justify="right")
        scale.add_column(t("col.title", lg))
        scale.add_column(t("col.description", lg))
        for step in q.scale:
            scale.add_row(str(step.level), escape(step.name(lg)), escape(step.description(lg)))
        console.print(scale)
    for g in groups:
        console.rule(f"[bold]{g.id} · {escape(g.title(lg))}[/]", align="left")
        console.print(escape(g.description(lg)))
        for question in q.questions_in(g.id):
            console.print()
            console.print(f"[bold cyan]{question.id}[/]  [bold]{escape(question.text(lg))}[/]")
            facts = [
                f"{t('show.weight', lg)} {question.weight:g}",
                f"{t('show.area', lg)}: {t('area.' + question.area, lg)}",
                f"{t('show.pillar', lg)}: {q.pillar_by_id[question.pillar].name(lg)}",
                f"{t('show.applies_to', lg)}: "
                + (
                    ", ".join(q.block_by_id[b].name(lg) for b in question.applies_to)
                    if question.applies_to
                    else t("show.all_blocks", lg)
                ),
                f"{t('show.na_allowed', lg)}: {t('yes' if question.na_allowed else 'no', lg)}",
            ]
            if question.target is not None:
                target = q.target_by_id[question.target.id].name(lg)
                facts.append(
                    f"{t('show.target', lg)}: "
                    + t("show.target_met_at", lg, target=target, level=question.target.level)
                )
            console.print(Padding(f"[dim]{escape(' · '.join(facts))}[/]", (0, 0, 0, 2)))
            console.print(
                Padding(f"[italic]{t('show.help', lg)}:[/] {escape(question.help(lg))}", (0, 0, 0, 2))
            )
            console.print(
                Padding(
                    f"[italic]{t('show.evidence', lg)}:[/] {escape(question.evidence(lg))}",
                    (0, 0, 0, 2),
                )
            )
            rubric = Table(show_lines=True, expand=True, padding=(0, 1))
            rubric.add_column(t("col.level", lg), justify="right", width=5, no_wrap=True)
            rubric.add_column(t("show.rubric", lg), ratio=1)
            if recommendations:
                rubric.add_column(t("show.recommendation", lg), ratio=1)
            for level in range(6):
                name = q.level_name(level, lg)
                cells = [
                    f"[bold]{level}[/]",
                    f"[bold]{escape(name)}[/]\n{escape(question.rubric[level](lg))}",
                ]
                if recommendations:
                    cells.append(_recommendation(q, question, level, lg))
                rubric.add_row(*cells)
            console.print(Padding(rubric, (0, 0, 0, 2)))


def _recommendation(q: Questionnaire, question: Question, level: int, lg: Lang) -> str:
    if level == 5:
        return ""
    rec = question.recommendations[level]
    lines = [
        escape(rec.vi if lg == "vi" else rec.en),
        f"[dim]{t('show.effort', lg)}: {rec.effort}[/]",
    ]
    if rec.platform:
        lines.append(f"[dim]{t('show.platform', lg)}: {escape(q.platform_by_id[rec.platform].name(lg))}[/]")
    if rec.key is not None:
        lines.append(f"[dim]{t('show.key', lg)}:[/] {escape(rec.key(lg))}")
    if rec.sme is not None:
        lines.append(f"[dim]{t('show.sme', lg)}:[/] {escape(rec.sme(lg))}")
    return "\n".join(lines)


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Questionnaire or scoring profile YAML files."),
    ],
    lang: options.Lang = options.LangChoice.vi,
    questionnaire: options.QuestionnaireRef = None,
) -> None:
    """Check questionnaire files (and scoring profiles) strictly; list every problem of every file.

    Exit 0 when all are valid, 1 when any has problems, 2 when a file cannot be read at all.
    """
    from assess import validation

    lg = options.lang_code(lang)
    worst = ExitCode.OK
    out, err = stdout(), stderr()
    for path in paths:
        try:
            summary = validation.validate_file(path, questionnaire, lg)
        except InvalidContentError as exc:
            err.print(f"[red]✗[/] {escape(t('validate.invalid', lg, path=path, count=len(exc.problems)))}")
            for problem in exc.problems:
                err.print(f"  {escape(problem)}", soft_wrap=True)
            worst = max(worst, exc.exit_code)
            continue
        except AssessError as exc:
            report(exc)
            worst = max(worst, exc.exit_code)
            continue
        out.print(f"[green]✓[/] {escape(str(path))}: {escape(summary.describe(lg))}")
    if worst != ExitCode.OK:
        raise typer.Exit(int(worst))
