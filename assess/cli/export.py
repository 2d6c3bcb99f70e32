"""`assess export xlsform`: a questionnaire as a form for KoboToolbox and ODK."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assess.cli import options
from assess.cli.console import check_output, markup, stdout, writing
from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang
    from assess.questionnaire import Questionnaire

app = typer.Typer(help="Export a questionnaire for other tools.", no_args_is_help=True)


def default_name(q: Questionnaire) -> Path:
    """press-dx-1.1.0.xlsx: a form's file names its questionnaire and version."""
    return Path(f"{q.id}-{q.version}.xlsx")


def write_form(q: Questionnaire, source: Path, output: Path | None, default_lang: Lang, lang: Lang) -> None:
    """Writes the XLSForm of `q` (read from `source`) to `output` and says so; shared with
    `assess template --format xlsform`."""
    from assess import xlsform

    target = output or default_name(q)
    check_output(target, [source], lang, default_name(q))
    with writing(target, lang):
        xlsform.write(q, target, default_lang)
    stdout().print(
        markup(
            t(
                "export.xlsform.written",
                lang,
                path=target,
                questions=len(q.questions),
                id=q.id,
                version=q.version,
            )
        )
    )


@app.command("xlsform")
def xlsform_command(
    questionnaire: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID|PATH]", help="Bundled questionnaire id or path to a YAML file (default press-dx)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Where to write it (default <id>-<version>.xlsx)."
        ),
    ] = None,
    default_lang: Annotated[
        options.LangChoice,
        typer.Option(
            "--default-lang",
            help="The language the form opens in: vi (default) or en; both are in the form.",
            case_sensitive=False,
        ),
    ] = options.LangChoice.vi,
    lang: options.Lang = options.LangChoice.vi,
) -> None:
    """Write the questionnaire as an XLSForm for KoboToolbox and ODK.

    Upload the file to KoboToolbox or ODK Central to collect answers on phones or the web; `assess
    batch` reads those tools' exports back. Labels are in Vietnamese and English."""
    from assess import questionnaire as qm

    lg = options.lang_code(lang)
    source, q = qm.resolve(questionnaire, lg)
    write_form(q, source, output, options.lang_code(default_lang), lg)
