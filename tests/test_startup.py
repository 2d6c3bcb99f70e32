"""Start-up stays instant: each command imports what it uses and nothing heavier."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import factories

HEAVY = ("pydantic", "weasyprint", "matplotlib", "openpyxl", "babel", "jinja2", "yaml", "numpy", "pypdf")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_imports_nothing_heavy() -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from assess.cli import app\n"
        "res = CliRunner().invoke(app, ['--help'])\n"
        "assert res.exit_code == 0, res.output\n"
    )
    heavy = {m for m in loaded_after(code) if m.split(".")[0] in HEAVY}
    assert heavy == set(), sorted(heavy)


def test_score_imports_no_rendering_or_spreadsheet_library(tmp_path: Path) -> None:
    path = factories.write(factories.answered(), tmp_path)
    code = (
        "from typer.testing import CliRunner\n"
        "from assess.cli import app\n"
        f"res = CliRunner().invoke(app, ['score', {str(path)!r}])\n"
        "assert res.exit_code == 0, res.output\n"
    )
    roots = {m.split(".")[0] for m in loaded_after(code)}
    assert {"weasyprint", "matplotlib", "openpyxl", "jinja2", "numpy", "pypdf"} & roots == set()
    assert "pydantic" in roots  # it does use the models
