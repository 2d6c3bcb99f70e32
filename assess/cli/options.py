"""Option types shared by several commands, so each is spelled and documented once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assess.bilingual import Lang as LangCode
    from assess.report_context import Detail as DetailCode


class LangChoice(StrEnum):
    vi = "vi"
    en = "en"


def lang_code(choice: LangChoice) -> LangCode:
    return "en" if choice is LangChoice.en else "vi"


Lang = Annotated[
    LangChoice,
    typer.Option(
        "--lang",
        "-l",
        envvar="ASSESS_LANG",
        help="Language of the output: vi (default) or en.",
        case_sensitive=False,
    ),
]

QuestionnaireRef = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="ID|PATH",
        help="Bundled questionnaire id or path to a questionnaire YAML file "
        "(default: the one the file names, or press-dx).",
    ),
]

ProfileRef = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="ID|PATH",
        help="Bundled scoring profile id or path to a scoring YAML file "
        "(default: the profile for the questionnaire).",
    ),
]


class DetailChoice(StrEnum):
    summary = "summary"
    full = "full"


def detail_code(choice: DetailChoice) -> DetailCode:
    return "full" if choice is DetailChoice.full else "summary"


Detail = Annotated[
    DetailChoice,
    typer.Option(
        "--detail",
        help="summary (default): the report of at most 8 pages; full: adds the annex with every "
        "answer, note and evidence, every question's full rubric, and every weight and formula.",
        case_sensitive=False,
    ),
]

Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
]

TemplateDir = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help="Report templates that override the bundled ones, file by file "
        "(e.g. DIR/agency/report.html, DIR/_base/labels.yaml).",
    ),
]
