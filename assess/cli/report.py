"""`assess report`: the agency's PDF report and roadmap."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assess.cli import options
from assess.cli.console import check_output, markup, stderr, stdout, writing
from assess.errors import UsageError
from assess.messages import t

if TYPE_CHECKING:
    from assess import compare, result
    from assess.bilingual import Lang


def register(app: typer.Typer) -> None:
    app.command(
        "report", short_help="Render the agency's PDF report (at most 8 pages; --detail full adds the annex)."
    )(report_command)


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
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="OLD.json",
            help="The same agency's previous assessment (read with its own questionnaire): adds a "
            "'progress since <date>' section after the summary (index, band, task groups, targets newly met "
            "or lost, the previous roadmap's initiatives done or not, what could not be compared).",
        ),
    ] = None,
    roadmap_xlsx: Annotated[
        Path | None,
        typer.Option(
            "--roadmap-xlsx",
            metavar="FILE",
            help="Also write the agency's roadmap tracker (.xlsx): its initiatives and steps with empty "
            "status, progress and notes columns for the agency to keep.",
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
    inputs = [Path(p) for p in (assessment, results, questionnaire, profile, previous) if p is not None]
    check_output(target, inputs, lg, instead)
    if html:
        check_output(html_target, inputs, lg, instead.with_suffix(".html"))
    if roadmap_xlsx is not None:
        _check_tracker(
            roadmap_xlsx, target, inputs, lg, assessment.with_name(f"{assessment.stem}-roadmap.xlsx")
        )
    loaded = result.load(assessment, questionnaire, profile, lg)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    if results is not None:
        r = r.model_copy(update={"peers": result.peers_from_results(results, r, lg)})
    comparison = _compare(previous, loaded, lg) if previous is not None else None
    rendered = report.agency_pdf(
        r,
        loaded.assessment,
        loaded.questionnaire,
        loaded.profile,
        lg,
        template_dir,
        options.detail_code(detail),
        comparison=comparison,
    )
    with writing(target, lg):
        atomicfile.write_bytes(target, rendered.pdf)
    if html:
        with writing(html_target, lg):
            atomicfile.write_text(html_target, rendered.html.standalone())
    if roadmap_xlsx is not None:
        from assess import roadmap_xlsx as tracker

        with writing(roadmap_xlsx, lg):
            tracker.write(r, loaded.questionnaire, loaded.profile, roadmap_xlsx, lg)
    console = stdout()
    console.print(markup(t("report.written", lg, path=target)))
    if html:
        console.print(markup(t("report.html_written", lg, path=html_target)))
    if comparison is not None:
        from assess import formatting

        day = formatting.short_date(comparison.old.assessed_on, lg)
        console.print(markup(t("report.previous_compared", lg, day=day, path=previous)))
    if roadmap_xlsx is not None:
        console.print(markup(t("tracker.written", lg, path=roadmap_xlsx)))
    if not r.scores.complete:
        stderr().print(f"[yellow]{markup(t('report.incomplete', lg, count=len(r.scores.unanswered)))}[/]")
    elif r.scores.unanswered:
        stderr().print(f"[yellow]{markup(t('report.unanswered', lg, count=len(r.scores.unanswered)))}[/]")
    for warning in rendered.warnings:
        stderr().print(f"[dim]weasyprint: {markup(warning)}[/]")


def _check_tracker(path: Path, pdf: Path, inputs: list[Path], lang: Lang, instead: Path) -> None:
    """The tracker may not replace an input, be a folder, or be the report's PDF itself."""
    check_output(path, inputs, lang, instead)
    if path.resolve() == pdf.resolve():
        raise UsageError(
            t("tracker.same_as_pdf", lang, path=path),
            hint=t("tracker.same_as_pdf.hint", lang, suggestion=instead),
        )


def _compare(previous: Path, new: result.Loaded, lang: Lang) -> compare.AssessmentComparison:
    """The report's assessment against the same agency's earlier one (--previous), each read with
    its own questionnaire and profile. Another agency's file, or a later one, is refused (exit 2);
    a file that cannot be read or is invalid is refused as the assessment itself would be."""
    from assess import compare, formatting
    from assess import result as rs

    old = rs.load(previous, lang=lang)
    old_agency, new_agency = old.assessment.agency.id, new.assessment.agency.id
    if old_agency != new_agency:
        raise UsageError(
            t(
                "report.previous_other_agency",
                lang,
                old=previous,
                old_id=old_agency,
                new_id=new_agency,
                new=new.path,
            ),
            hint=t("report.previous_other_agency.hint", lang, new_id=new_agency),
        )
    old_day, new_day = old.assessment.assessed_on, new.assessment.assessed_on
    if old_day > new_day:
        raise UsageError(
            t(
                "report.previous_newer",
                lang,
                old=previous,
                old_day=formatting.short_date(old_day, lang),
                new=new.path,
                new_day=formatting.short_date(new_day, lang),
            ),
            hint=t("report.previous_newer.hint", lang),
        )
    return compare.assessments(old, new, lang=lang)
