"""The plain views the sector and compare reports' templates render: cells, rows, tables and key
figures. Text is plain; the templates escape it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool = False
    css: str = ""  # extra classes: "nowrap", "muted", "up", "down", "ok", "short", "heat b0".."b9"…
    sub: str = ""  # a second, smaller line
    span: int = 1
    to: str | None = None  # then and now: `text`, an arrow drawn by CSS (the fonts have none), `to`


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    css: str = ""  # "group": a heading row spanning the table; "total": the row of all agencies


@dataclass(frozen=True)
class Table:
    head: tuple[Cell, ...]
    rows: tuple[Row, ...]
    css: str = ""


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""
    note_to: str | None = None  # the note is then, this is now
