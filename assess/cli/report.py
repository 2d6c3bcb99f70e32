"""`assess report`: the agency's PDF report and roadmap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from assess.cli import options
from assess.cli.console import stderr, stdout
from assess.messages import t


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    assessment: Annotated[Path, typer.Argument(metavar="ASSESSMENT.json", help="The assessment file.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The PDF to write (default: the assessment's name with .pdf).",
        ),
    ] = None,
    lang: options.Lang = options.LangChoice.vi,
    html: Annotated[
        bool, typer.Option("--html", help="Also write the report's HTML beside the PDF, for inspection.")
    ] = False,
    detail: options.Detail = options.DetailChoice.summary,
    template_dir: options.TemplateDir = None,
    questionnaire: options.QuestionnaireRef = None,
    profile: options.ProfileRef = None,
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            metavar="results.json",
            help="A batch's results.json: the agency's standing among its peers is taken from it.",
        ),
    ] = None,
) -> None:
    """Render the agency's PDF report: a one-page summary, where it stands, the roadmap of
    initiatives, each task group, and the sources; `--detail full` adds the annex.

    An incomplete assessment is rendered with a clear 'incomplete' marking and its unanswered
    questions listed.
    """
    from assess import atomicfile, report, result

    lg = options.lang_code(lang)
    loaded = result.load(assessment, questionnaire, profile)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    if results is not None:
        r = r.model_copy(update={"peers": result.peers_from_results(results, r)})
    rendered = report.agency_pdf(
        r,
        loaded.assessment,
        loaded.questionnaire,
        loaded.profile,
        lg,
        template_dir,
        options.detail_code(detail),
    )
    target = output or assessment.with_suffix(".pdf")
    atomicfile.write_bytes(target, rendered.pdf)
    if html:
        atomicfile.write_text(target.with_suffix(".html"), rendered.html.standalone())
    console = stdout()
    console.print(escape(t("report.written", lg, path=target)))
    if html:
        console.print(escape(t("report.html_written", lg, path=target.with_suffix(".html"))))
    if not r.scores.complete:
        stderr().print(f"[yellow]{escape(t('report.incomplete', lg, count=len(r.scores.unanswered)))}[/]")
    elif r.scores.unanswered:
        stderr().print(f"[yellow]{escape(t('report.unanswered', lg, count=len(r.scores.unanswered)))}[/]")
    for warning in rendered.warnings:
        stderr().print(f"[dim]weasyprint: {escape(warning)}[/]")
