"""`assess schema`: JSON Schema of the files assess reads, so other tools can validate them."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assess.cli import options


class SchemaKind(StrEnum):
    questionnaire = "questionnaire"
    assessment = "assessment"
    scoring = "scoring"
    results = "results"


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_command)


def schema_command(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="Which file: questionnaire, assessment, scoring or results (a batch's results.json)."
        ),
    ],
    output: options.Output = None,
    lang: options.Lang = options.LangChoice.vi,
) -> None:
    """Print the JSON Schema of a questionnaire, assessment, scoring-profile or results.json file."""
    from assess import atomicfile
    from assess.cli.console import check_output, writing

    model: type
    if kind is SchemaKind.questionnaire:
        from assess.questionnaire import Questionnaire as model
    elif kind is SchemaKind.assessment:
        from assess.assessment import Assessment as model
    elif kind is SchemaKind.scoring:
        from assess.scoring import Profile as model
    else:
        from assess.summary import ResultsFile as model
    import json

    schema = model.model_json_schema()  # type: ignore[attr-defined]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://assess.invalid/schema/{kind.value}.json"
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        lg = options.lang_code(lang)
        check_output(output, (), lg, Path(f"{kind.value}.schema.json"))
        with writing(output, lg):
            atomicfile.write_text(output, text)
