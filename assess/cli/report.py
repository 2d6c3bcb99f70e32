"""`assess report`: the agency's PDF report and roadmap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assess.cli import options
from assess.cli.console import check_output, markup, stderr, stdout, writing
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
    target = output or assessment.with_suffix(".pdf")
    html_target = target.with_suffix(".html")
    instead = assessment.with_name(f"{assessment.stem}-report.pdf")
    inputs = [Path(p) for p in (assessment, results, questionnaire, profile) if p is not None]
    check_output(target, inputs, lg, instead)
    if html:
        check_output(html_target, inputs, lg, instead.with_suffix(".html"))
    loaded = result.load(assessment, questionnaire, profile, lg)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    if results is not None:
        r = r.model_copy(update={"peers": result.peers_from_results(results, r, lg)})
    rendered = report.agency_pdf(
        r,
        loaded.assessment,
        loaded.questionnaire,
        loaded.profile,
        lg,
        template_dir,
        options.detail_code(detail),
    )
    with writing(target, lg):
        atomicfile.write_bytes(target, rendered.pdf)
    if html:
        with writing(html_target, lg):
            atomicfile.write_text(html_target, rendered.html.standalone())
    console = stdout()
    console.print(markup(t("report.written", lg, path=target)))
    if html:
        console.print(markup(t("report.html_written", lg, path=html_target)))
    if not r.scores.complete:
        stderr().print(f"[yellow]{markup(t('report.incomplete', lg, count=len(r.scores.unanswered)))}[/]")
    elif r.scores.unanswered:
        stderr().print(f"[yellow]{markup(t('report.unanswered', lg, count=len(r.scores.unanswered)))}[/]")
    for warning in rendered.warnings:
        stderr().print(f"[dim]weasyprint: {markup(warning)}[/]")
