"""The built wheel carries the data folders and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the built wheel; dependencies come from the test environment."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        check=True,
        cwd=work,
    )
    wheel = next((work / "dist").glob("assess-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        cwd=work,
    )
    # Reuse the already-installed dependencies without their .pth hooks (an editable
    # install of this checkout must not leak in): a plain path entry, appended last.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "zz-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env_dir


def run_in(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(env_dir / "bin" / "assess"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_wheel_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import assess, assess.resources as r; print(assess.__file__); print(r.questionnaires_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(installed)), where
    assert where[1].startswith(str(installed)) and where[1].endswith("_data/questionnaires"), where

    result = run_in(installed, "questionnaire", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "press-dx" in result.stdout

    # a report renders from the installed package alone: templates, fonts, labels, profile
    example = ROOT / "examples" / "assessments" / "VD-BDP-014.json"
    (tmp_path / "a.json").write_bytes(example.read_bytes())
    result = run_in(installed, "report", "a.json", "-o", "a.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert result.stderr == ""  # no WeasyPrint warning: fonts and assets were all found
