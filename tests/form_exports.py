"""Fictional form-tool exports built from assess's own submission rows, the way KoboToolbox and ODK
Central export what a form collected (../shared/domain/form-tools.md sections 2 and 3): the
fields and their groups are read from the XLSForm `assess export xlsform` wrote, so a test of the
exports is a test of the form too."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook

from assess import formfields as ff
from assess.bilingual import Lang
from assess.questionnaire import Questionnaire
from assess.submissions import cell_text, is_na_word, key_agency, parse_level


@dataclass(frozen=True)
class Field:
    name: str
    groups: tuple[str, ...]  # the groups it is in, outermost first
    kind: str  # the XLSForm type


def form_fields(form: Path) -> list[Field]:
    """The survey sheet's fields in order, with their groups (notes and groups themselves left out)."""
    sheet = load_workbook(form)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    at_type, at_name = head.index("type"), head.index("name")
    groups: list[str] = []
    out = []
    for row in rows[1:]:
        kind, name = str(row[at_type] or ""), str(row[at_name] or "")
        if kind == "begin_group":
            groups.append(name)
        elif kind == "end_group":
            groups.pop()
        elif kind and kind != "note":
            out.append(Field(name, tuple(groups), kind))
    return out


def _level_cell(q: Questionnaire, qid: str, cell: Any, labels: Lang | None) -> Any:
    """An answer as the tool stores it: a choice's value ("0".."5", "na"), or its label; a cell no
    choice fits (a broken example row) as it was typed."""
    kind, level = parse_level(cell)
    if kind == "empty":
        return ""
    if kind == "na" or is_na_word(cell_text(cell)):
        return ff.na_label(labels) if labels else ff.NA
    if level is None or kind != "level":
        return cell
    if labels is None:
        return str(level)
    return ff.level_label(q, q.question_by_id[qid], level, labels)


def _convert(q: Questionnaire, row: dict[str, str], name: str, labels: Lang | None) -> Any:
    """One field of one submission, from an assess row (its columns by name)."""
    if name == ff.QUESTIONNAIRE_ID:
        return q.id
    if name == ff.QUESTIONNAIRE_VERSION:
        return q.version
    if name == ff.QUESTIONNAIRE_HASH:
        return q.content_hash
    if name == "block":
        block = q.match_block(row["block"])
        if block is None:
            return row["block"]
        return block.name(labels) if labels else block.id
    if name == "key_agency":
        found = key_agency(row["key_agency"])
        if found is None:
            return row["key_agency"]
        value = ff.YES if found else ff.NO
        return ff.yes_no_label(value, labels) if labels else value
    if name in ff.IDENTITY:
        return row[name]
    for question in q.questions:
        qid = question.id
        if name == ff.field(qid):
            return _level_cell(q, qid, row[qid], labels)
        na = is_na_word(cell_text(row[qid]))
        if name == ff.na_field(qid):
            return row[f"{qid}_note"] if na else ""
        if name == ff.note_field(qid):
            return "" if na and question.na_allowed else row[f"{qid}_note"]
    raise KeyError(name)


Style = Literal["kobo", "odk_central"]


def export(
    q: Questionnaire,
    form: Path,
    rows: Sequence[dict[str, str]],
    *,
    tool: Style = "kobo",
    groups: str | None = "/",
    labels: Lang | None = None,
    start: datetime = datetime(2026, 11, 1, 2, 0, tzinfo=UTC),
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows a tool's export of these submissions has."""
    fields = form_fields(form)

    def heading(f: Field) -> str:
        if tool == "odk_central":
            return "-".join((*f.groups, f.name))
        return (groups or "").join((*f.groups, f.name)) if groups else f.name

    if tool == "kobo":
        header = ["start", "end", *[heading(f) for f in fields]]
        header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]
        header += ["_submitted_by", "__version__", "_tags", "_index"]
    else:
        header = ["SubmissionDate", "start", "end", *[heading(f) for f in fields], "meta-instanceID"]
        header += ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected"]
        header += ["Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
    out = []
    for i, row in enumerate(rows):
        at = start + timedelta(minutes=17 * i)
        blank = not any((v or "").strip() for v in row.values())  # an empty row stays empty
        values = ["" if blank else _convert(q, row, f.name, labels) for f in fields]
        uuid = f"00000000-0000-4000-8000-{i:012d}"
        if tool == "kobo":
            began = (at - timedelta(minutes=40)).isoformat(timespec="milliseconds")
            out.append(
                [began, at.isoformat(timespec="milliseconds"), *values]
                + [1000 + i, uuid, at.strftime("%Y-%m-%dT%H:%M:%S"), "", "", "submitted_via_web"]
                + ["", "vXyZ2026", "", i + 1]
            )
        else:
            stamp = at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            out.append(
                [stamp, stamp, stamp, *values, f"uuid:{uuid}", f"uuid:{uuid}", 5, "Điều tra viên"]
                + [0, 0, "", "", "collect:fictional", 0, q.version]
            )
    return header, out


def write_csv(path: Path, header: list[str], rows: list[list[Any]], tool: Style = "kobo") -> Path:
    """As the tool writes its CSV: Kobo with ';', every field quoted, CRLF; Central with ',', LF."""
    buffer = io.StringIO()
    if tool == "kobo":
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    else:
        writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """Kobo's .xlsx export: digit choices as numbers (its default), dates as dates."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for name, value in zip(header, row, strict=True):
            if isinstance(value, str) and value.isdigit() and len(value) == 1:
                cells.append(int(value))
            elif name.endswith("assessed_on") and len(value) == 10 and value[4] == "-":
                try:
                    cells.append(datetime.strptime(value, "%Y-%m-%d"))
                except ValueError:
                    cells.append(value)
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(path)
    return path


def template_rows(path: Path) -> list[dict[str, str]]:
    """An assess submission file's rows, by column name."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
