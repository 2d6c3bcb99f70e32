"""Consoles, and the one place where errors become messages on stderr and exit codes."""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from assess.errors import AssessError, ExitCode, InvalidContentError


def stdout() -> Console:
    # Created per call so that a redirected sys.stdout (tests, pipes) is honoured.
    return Console(highlight=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def report(exc: AssessError) -> None:
    console = stderr()
    console.print(f"[bold red]error:[/] {escape(exc.message)}")
    if isinstance(exc, InvalidContentError):
        for problem in exc.problems:
            console.print(f"  {escape(problem)}", soft_wrap=True)
    if exc.hint:
        console.print(f"[dim]hint:[/] {escape(exc.hint)}")


class AssessGroup(TyperGroup):
    """Maps domain errors to messages and exit codes for every command below the root."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssessError as exc:
            if _debug(ctx):
                raise
            report(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _debug(ctx) or type(exc).__module__.startswith(("click", "typer")):
                raise
            stderr().print(
                f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                "This is a bug in assess. Run the command again with --debug for a traceback "
                "and report it."
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _debug(ctx: Any) -> bool:
    obj = getattr(ctx, "obj", None)
    if isinstance(obj, dict):
        return bool(obj.get("debug"))
    return "--debug" in sys.argv
