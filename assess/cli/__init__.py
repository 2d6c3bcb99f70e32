"""The `assess` command line: a thin Typer layer over the library; the only place using typer and rich."""

from __future__ import annotations

from typing import Annotated

import typer

from assess import __version__
from assess.cli import batch, compare, export, interview, questionnaire, report, schema, score, template
from assess.cli.console import AssessGroup

app = typer.Typer(
    cls=AssessGroup,
    name="assess",
    help=(
        "Measure how ready a press agency is for digital transformation, and plan what to do next.\n\n"
        "Đánh giá mức độ sẵn sàng chuyển đổi số của cơ quan báo chí và lộ trình thực hiện."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # tracebacks must never print respondents' data
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"assess {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for errors (never local variables).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    ctx.obj = {"debug": debug}


app.add_typer(questionnaire.app, name="questionnaire")
app.add_typer(export.app, name="export")
schema.register(app)
score.register(app)
interview.register(app)
report.register(app)
template.register(app)
batch.register(app)
compare.register(app)


def main() -> None:
    app(prog_name="assess")
