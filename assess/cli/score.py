"""`assess score`: score assessment files as a table, JSON or CSV."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assess.cli import options, render
from assess.cli.console import check_output, markup, report, stderr, stdout, writing
from assess.errors import ExitCode, UsageError
from assess.messages import t

# Characters a JSON text may carry raw inside its strings that a terminal acts on or reorders
# (DEL, C1 controls, line separators, bidirectional marks); written as \u escapes, the JSON holds
# the same data.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _terminal_json(text: str) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command("score")(score_command)


def score_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Assessment JSON files.")],
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="table (default), json or csv.")
    ] = ScoreFormat.table,
    lang: options.Lang = options.LangChoice.vi,
    questionnaire: options.QuestionnaireRef = None,
    profile: options.ProfileRef = None,
    output: options.Output = None,
) -> None:
    """Score assessment files: overall index, band, the seven group scores and levels.

    A file that cannot be scored is reported and the others are still scored; the exit code is
    then 1 (2 if a file could not be read at all).
    """
    from assess import atomicfile, result, tabular

    lg = options.lang_code(lang)
    if output is not None:
        if output_format is ScoreFormat.table:
            raise UsageError(t("score.output_table", lg), hint=t("score.output_table.hint", lg))
        inputs = [*files, *(Path(p) for p in (questionnaire, profile) if p is not None)]
        check_output(output, inputs, lg, Path(f"scores.{output_format.value}"))
    loaded, failed = result.try_load(files, questionnaire, profile, lg)
    for _, exc in failed:
        report(exc)
    results = [result.evaluate(x.assessment, x.questionnaire, x.profile) for x in loaded]
    import json

    if output_format is ScoreFormat.json:
        if len(results) == 1 and len(files) == 1:
            text = result.dumps(results[0])
        else:
            text = (
                json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2) + "\n"
            )
    elif output_format is ScoreFormat.csv:
        groups = [g.id for g in results[0].scores.groups] if results else []
        rows = [[str(x.path), *result.summary_row(r, lg)] for x, r in zip(loaded, results, strict=True)]
        text = tabular.csv_text(["file", *result.summary_header(groups)], rows)
    else:
        text = ""
        if len(results) == 1:
            stdout().print(render.summary(results[0], lg))
        elif results:
            stdout().print(render.overview(results, lg))
    if text:
        if output is None:
            typer.echo(_terminal_json(text) if output_format is ScoreFormat.json else text, nl=False)
        else:
            with writing(output, lg):
                atomicfile.write_text(output, text)
    for x, r in zip(loaded, results, strict=True):
        if not r.scores.complete:
            stderr().print(
                f"[yellow]{markup(t('score.incomplete', lg, file=x.path, count=len(r.scores.unanswered)))}[/]"
            )
    if failed:
        raise typer.Exit(int(max(exc.exit_code for _, exc in failed)))
    if not results:
        raise typer.Exit(int(ExitCode.INVALID))
