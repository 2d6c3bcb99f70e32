"""`assess template`: the blank submission file, as CSV or as an Excel workbook with drop-downs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assess.cli import options
from assess.cli.console import check_output, markup, stdout, writing
from assess.messages import t


class TemplateFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    xlsform = "xlsform"  # the form for KoboToolbox and ODK: the same file as `assess export xlsform`


def register(app: typer.Typer) -> None:
    app.command(
        "template", short_help="Write the blank submission file (xlsx or csv), or the XLSForm for Kobo/ODK."
    )(template_command)


def template_command(
    output_format: Annotated[
        TemplateFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx (default xlsx) or xlsform: the form to collect with KoboToolbox or ODK, "
            "as `assess export xlsform` writes it, opening in the --lang language.",
        ),
    ] = TemplateFormat.xlsx,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write it (default submissions.xlsx/.csv; for xlsform <id>-<version>.xlsx).",
        ),
    ] = None,
    lang: options.Lang = options.LangChoice.vi,
    questionnaire: options.QuestionnaireRef = None,
) -> None:
    """Write the blank submission file: agency columns, one column per question and a _note column
    for each. The xlsx adds a data dictionary (question, rubric, allowed values) and drop-downs;
    xlsform writes the form to collect answers with KoboToolbox or ODK instead."""
    from assess import questionnaire as qm
    from assess import submission_template

    lg = options.lang_code(lang)
    if output_format is TemplateFormat.xlsform:
        from assess.cli.export import write_form

        source, form_q = qm.resolve(questionnaire, lg)
        write_form(form_q, source, output, lg, lg)
        return
    target = output or Path(f"submissions.{output_format.value}")
    inputs = [Path(questionnaire)] if questionnaire is not None else []
    check_output(target, inputs, lg, Path(f"submissions.{output_format.value}"))
    _, q = qm.resolve(questionnaire, lg)
    with writing(target, lg):
        submission_template.write(q, target, output_format.value, lg)
    stdout().print(markup(t("template.written", lg, path=target, questions=len(q.questions))))
