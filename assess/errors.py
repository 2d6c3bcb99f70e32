"""The exception hierarchy and the exit codes every command uses."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """What a command's exit status means; the README lists these."""

    OK = 0
    INVALID = 1  # the input was read, but some of it is invalid (findings were reported)
    USAGE = 2  # bad usage, or a file that cannot be read at all
    INTERNAL = 3  # a bug in assess; --debug shows the traceback
    INTERRUPTED = 130  # Ctrl-C; work was saved first
    TERMINATED = 143  # SIGTERM (128 + 15): stopped as by Ctrl-C


class AssessError(Exception):
    """Base class: a problem the user can act on, shown without a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AssessError):
    """The command was called wrongly (bad option value, unknown id)."""

    exit_code = ExitCode.USAGE


class UnreadableFileError(AssessError):
    """A file is missing, unreadable, not the expected format, or damaged beyond use."""

    exit_code = ExitCode.USAGE


class InvalidContentError(AssessError):
    """A file was read, but its content breaks the rules; every problem is listed."""

    exit_code = ExitCode.INVALID

    def __init__(self, message: str, problems: Iterable[str], *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.problems = list(problems)


class VersionMismatchError(AssessError):
    """An assessment was made for another questionnaire or scoring version."""

    exit_code = ExitCode.INVALID


class RenderError(AssessError):
    """A report could not be rendered (template error, missing system library)."""

    exit_code = ExitCode.USAGE
