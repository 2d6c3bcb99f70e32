"""`assess interview`: a consultant's terminal interview that saves after every change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assess.cli import options


def register(app: typer.Typer) -> None:
    app.command("interview")(interview_command)


def interview_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The assessment file (default: <agency id>.json in this folder).",
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", metavar="FILE", help="Resume this in-progress assessment without asking."),
    ] = None,
    questionnaire: options.QuestionnaireRef = None,
    profile: options.ProfileRef = None,
    lang: options.Lang = options.LangChoice.vi,
) -> None:
    """Interview an agency question by question, saving the file after every answer, note or move.

    On a terminal the questions are full screen, one key each: 0-5 answer, Up/Down and Enter
    answer with the selected level, a not applicable, n note (N edit), e evidence, b or Left back,
    s or Right skip, g go to, r review, ? help, q save and quit. Piped in on stdin, or with
    TERM=dumb, the same commands are typed as lines (na for not applicable, n= to edit the note).
    Ctrl-C also saves and quits.
    """
    from assess.cli.interview_session import Session, Terminal
    from assess.errors import UsageError

    if output is not None and resume is not None:
        raise UsageError("give either --output or --resume, not both")
    session = Session(Terminal(options.lang_code(lang)), questionnaire, profile)
    try:
        code = session.run(resume or output, resume=resume is not None)
    except KeyboardInterrupt:
        session.interrupted()
        raise typer.Exit(130) from None
    raise typer.Exit(code)
