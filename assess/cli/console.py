"""Consoles, and the one place where errors become messages on stderr and exit codes."""

from __future__ import annotations

import contextlib
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.markup import escape
from rich.segment import Segment
from typer.core import TyperGroup

from assess.errors import AssessError, ExitCode, InvalidContentError, UsageError
from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang

# What a terminal must never receive from data: every control character but the line feed (C0, DEL
# and C1: ESC starts the sequences that retitle a window, clear the screen or recolour text; 0x9B is
# an ESC [ of its own) and the marks that reorder what follows them on screen (bidirectional
# embeddings, overrides and isolates).
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    return "    " if code == 9 else (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def plain(text: str) -> str:
    """Text from data as a terminal may receive it: each control character (but the line feed, and
    a tab, which becomes spaces) and each bidirectional mark is shown as its escape (`\\x1b`,
    `\\u202e`), so that it can be seen and cannot act. The one definition; every console below
    applies it to all the text it prints."""
    return _UNPRINTABLE.sub(_shown, text) if _UNPRINTABLE.search(text) else text


def markup(text: object) -> str:
    """Text from data, to put in Rich markup: made plain, then its brackets escaped."""
    return escape(plain(str(text)))


class _Plain:
    """A renderable whose text segments are made plain; the console's own control segments
    (cursor moves, styles) are kept."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not _UNPRINTABLE.search(segment.text):
                yield segment
            else:
                yield Segment(plain(segment.text), segment.style)


class _PlainHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Plain(r) for r in renderables]


def console(**options: Any) -> Console:
    """A Rich console that never prints a control character from data, whatever it is given."""
    made = Console(highlight=False, **options)
    made.push_render_hook(_PlainHook())
    return made


def stdout() -> Console:
    # Created per call so that a redirected sys.stdout (tests, pipes) is honoured.
    return console()


def stderr() -> Console:
    return console(stderr=True)


def check_output(output: Path, inputs: Iterable[Path], lang: Lang, instead: Path) -> None:
    """Refuse to write `output` when it is a folder or one of the inputs under any name (the same
    file through a symlink or a hard link, compared by device and inode): writing would replace the
    input. `instead` is the name the hint suggests."""
    try:
        written = output.stat()
    except OSError:
        return  # nothing there yet (or nothing that can be looked at: writing will say why)
    if stat.S_ISDIR(written.st_mode):
        raise UsageError(
            t("output.is_folder", lang, path=output),
            hint=t("output.is_folder.hint", lang, suggestion=output / instead.name),
        )
    for path in inputs:
        try:
            read = path.stat()
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise UsageError(
                t("output.is_input", lang, path=output, input=path),
                hint=t("output.is_input.hint", lang, suggestion=instead),
            )


@contextlib.contextmanager
def writing(path: Path, lang: Lang) -> Iterator[None]:
    """Writing an output file the user named: a refusal of the machine's (no permission, disk
    full, read-only, a folder in the way) is a message and exit 2, not an internal error."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(
            t("output.cannot_write", lang, path=path, reason=reason),
            hint=t("output.cannot_write.hint", lang),
        ) from None


def report(exc: AssessError) -> None:
    err = stderr()
    err.print(f"[bold red]error:[/] {markup(exc.message)}")
    if isinstance(exc, InvalidContentError):
        for problem in exc.problems:
            err.print(f"  {markup(problem)}", soft_wrap=True)
    if exc.hint:
        err.print(f"[dim]hint:[/] {markup(exc.hint)}")


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
        except BrokenPipeError:
            raise  # the reader of the output went away (`| head`): click ends quietly, exit 1
        except Exception as exc:
            if _debug(ctx) or type(exc).__module__.startswith(("click", "typer")):
                raise
            stderr().print(
                f"[bold red]internal error:[/] {markup(type(exc).__name__)}: {markup(exc)}\n"
                "This is a bug in assess. Run the command again with --debug for a traceback "
                "and report it."
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _debug(ctx: Any) -> bool:
    obj = getattr(ctx, "obj", None)
    if isinstance(obj, dict):
        return bool(obj.get("debug"))
    return "--debug" in sys.argv
