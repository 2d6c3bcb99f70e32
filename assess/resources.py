"""Where the three data folders are: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A built wheel carries the data folders in assess/_data/ (hatchling force-include);
# a source checkout has them at the top level, next to the package.
_BUNDLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _data_root() -> Path:
    return _BUNDLED if (_BUNDLED / "questionnaires").is_dir() else _CHECKOUT


def questionnaires_dir() -> Path:
    return _data_root() / "questionnaires"


def scoring_dir() -> Path:
    return _data_root() / "scoring"


def templates_dir() -> Path:
    return _data_root() / "report_templates"
