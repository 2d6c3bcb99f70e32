"""Shared fixtures: paths to fixture files, a CLI runner, and loaders."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from assess import questionnaire as qm
from assess.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini-questionnaire.yaml"


@pytest.fixture
def mini() -> qm.Questionnaire:
    return qm.load(MINI)


@pytest.fixture
def press() -> qm.Questionnaire:
    return qm.resolve("press-dx")[1]


def run(*args: str | Path, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process, as a user would type it."""
    runner = CliRunner()
    # wide enough that Rich does not wrap table cells mid-phrase; tests of narrow screens set COLUMNS
    env = {"COLUMNS": "240", **(env or {})}
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


@pytest.fixture
def cli() -> Callable[..., Result]:
    return run


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """The mini questionnaire as plain data, for tests that break it on purpose."""
    # deep-copied: the fixture shares rubrics through YAML anchors
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))
    return data


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def missing_glyphs(html: str) -> set[str]:
    """Characters of a report's text that the bundled fonts cannot draw: WeasyPrint would take
    them from a system font, whose bytes differ from machine to machine (or that may be absent)."""
    import re
    from html import unescape

    from fontTools.ttLib import TTFont

    from assess.resources import templates_dir

    drawn: set[int] = set()
    for font in (templates_dir() / "_base" / "fonts").glob("*.ttf"):
        drawn |= set(TTFont(font).getBestCmap())
    body = html[html.find("<body") :]
    text = unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)))
    return {c for c in text if ord(c) > 32 and ord(c) not in drawn}
