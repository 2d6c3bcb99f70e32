"""Docs that cannot drift: every command is in the README and has help text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer

from assess.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: object, prefix: str = "assess") -> Iterator[tuple[str, object]]:
    for name, command in sorted(getattr(group, "commands", {}).items()):
        path = f"{prefix} {name}"
        yield path, command
        yield from commands(command, path)


def test_every_command_is_documented_and_has_help() -> None:
    root = typer.main.get_command(app)
    found = list(commands(root))
    assert found, "no commands found"
    for path, command in found:
        assert f"`{path}" in README, f"{path} is not in the README"
        assert (getattr(command, "help", None) or "").strip(), f"{path} has no help text"


def test_readme_lists_the_exit_codes() -> None:
    from assess.errors import ExitCode

    for code in ExitCode:
        assert f"| {int(code)} |" in README, code
