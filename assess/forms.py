"""Exports of form tools read as submission files: KoboToolbox (XML values or labels, with or
without group names in the headers), ODK Central's CSV and LimeSurvey's CSV.

A form tool's export is turned, row by row, into the layout `assess template` writes (the same
columns, the same cells), so that every rule of `assess batch` applies to it unchanged:

- the tool is recognised by its meta columns (`_uuid`, `_submission_time` for Kobo;
  `SubmissionDate` and `KEY` for ODK Central; `id`, `submitdate`, `lastpage`, `startlanguage` for
  LimeSurvey), which are then set aside;
- a header names a field of the form (assess/formfields.py: `G1_1`, `G1_1_note`,
  `G1_1_na_reason`, the identity fields, the calculated questionnaire fields), after its group
  path (`G1/G1_1`, `G1-G1_1`) or, for LimeSurvey, as a code of letters and digits
  (formfields.limesurvey_codes: `G1x1`, `G1x1note`, `G1x1na`, `agencyid`); a column mapping file
  can name any other header;
- a level given by its label (an export "with labels", in either language) becomes its value; an
  N/A answer's justification becomes the note an N/A answer needs;
- each submission says which questionnaire it answered (the calculated `questionnaire_hash`): a
  submission made with another version is rejected (`form_other_version`);
- a re-submission of the same agency (the same agency id) is resolved by `--keep`: `reject` (the
  default: every copy is rejected as a duplicate id, as for any file), `latest` or `first` (by the
  tool's submission time; the others are set aside with `superseded_submission`);
- the tool's submission id is kept as each result's source."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assess import formfields as ff
from assess.bilingual import Lang
from assess.errors import UnreadableFileError
from assess.findings import Finding, clip, message
from assess.messages import t
from assess.questionnaire import Questionnaire
from assess.submissions import (
    IDENTITY,
    NA_WORDS,
    NOTE_SUFFIX,
    Forced,
    Row,
    Sheet,
    SpanningCells,
    header_key,
)

Keep = Literal["reject", "latest", "first"]
Tool = ff.Source

# Meta columns each tool adds (compared as header_key gives them: casefolded). Kobo's own columns
# all start with "_"; any other such column is meta too.
_KOBO_META = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "formhub/uuid",
    "meta/instanceid",
    "meta/rootuuid",
    "meta/deprecatedid",
    "meta/instancename",
}
_CENTRAL_META = {
    "submissiondate",
    "key",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "deviceid",
    "edits",
    "formversion",
    "start",
    "end",
    "today",
    "instanceid",
}
_LIME_META = {
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "interviewtime",
}
# Where each tool keeps a submission's id and its time (header keys).
_SUBMISSION = {
    "kobo": ("_uuid", "_submission_time"),
    "odk_central": ("key", "submissiondate"),
    "limesurvey": ("id", "submitdate"),
}
TOOL_NAMES = {"kobo": "KoboToolbox", "odk_central": "ODK Central", "limesurvey": "LimeSurvey"}


def detect(header: Sequence[str]) -> Tool | None:
    """The form tool whose export this header is, or None (assess's own layout, or unknown)."""
    keys = {header_key(h) for h in header}
    if {"submissiondate", "key"} <= keys:
        return "odk_central"
    if keys & {"_uuid", "_submission_time"}:
        return "kobo"
    if {"id", "submitdate", "lastpage", "startlanguage"} <= keys:
        return "limesurvey"
    return None


def _is_meta(key: str, tool: Tool) -> bool:
    if tool == "kobo":
        return key.startswith("_") or key in _KOBO_META or key.startswith("meta/")
    if tool == "odk_central":
        return key in _CENTRAL_META or key.startswith("meta-")
    return key in _LIME_META or (key.endswith("time") and key[:-4].isalnum())  # LimeSurvey's timings


@dataclass(frozen=True)
class Target:
    """What a form column holds, in assess's terms."""

    kind: Literal["identity", "answer", "note", "na_reason", "calculated"]
    name: str  # the identity column, the question id, or the calculated field


def _targets(q: Questionnaire) -> dict[str, Target]:
    """Every name a form column may have (header keys) -> what it holds."""
    out: dict[str, Target] = {}
    for name in IDENTITY:
        out[name] = Target("identity", name)
    for name in ff.CALCULATED:
        out[name] = Target("calculated", name)
    for question in q.questions:
        qid = question.id
        for spelled, target in (
            (qid, Target("answer", qid)),
            (ff.field(qid), Target("answer", qid)),
            (qid + NOTE_SUFFIX, Target("note", qid)),
            (ff.note_field(qid), Target("note", qid)),
            (ff.na_field(qid), Target("na_reason", qid)),
        ):
            out[spelled.casefold()] = target
    by_field = dict(out)
    for name, code in ff.limesurvey_codes(q).items():
        out.setdefault(code.casefold(), by_field[name.casefold()])
    return out


def read_column_map(path: Path, q: Questionnaire, lang: Lang) -> dict[str, Target]:
    """A column mapping file: a CSV (or .xlsx) with the header `form_column,assess_column`, one row
    per form column to read as an assess column (`agency_id`, `G1.1`, `G1.1_note`,
    `G1.1_na_reason`, `questionnaire_hash`…)."""
    from assess.submissions import cell_text, read

    sheet = read(path, lang=lang)
    keys = [header_key(h) for h in sheet.header]
    if keys[:2] != ["form_column", "assess_column"]:
        raise UnreadableFileError(
            t("forms.map_header", lang, path=path, found=", ".join(sheet.header[:2])),
            hint=t("forms.map_header.hint", lang),
        )
    known = _targets(q)
    out: dict[str, Target] = {}
    for row in sheet.rows():
        cells = [cell_text(c) for c in row.cells[:2]] + ["", ""]
        form, assess = cells[0], cells[1]
        if not form and not assess:
            continue
        target = known.get(assess.casefold())
        if not form or target is None:
            raise UnreadableFileError(
                t("forms.map_row", lang, path=path, row=row.number, form=form, assess=assess),
                hint=t("forms.map_header.hint", lang),
            )
        if header_key(form) in out:
            raise UnreadableFileError(t("forms.map_twice", lang, path=path, row=row.number, form=form))
        out[header_key(form)] = target
    return out


def _submitted_at(cell: Any) -> datetime | None:
    """A submission time as the tools write it (ISO 8601, with or without an offset; Kobo's and
    Central's are UTC), or a workbook's date cell."""
    if isinstance(cell, datetime):
        return cell if cell.tzinfo else cell.replace(tzinfo=UTC)
    text = str(cell or "").strip().replace("Z", "+00:00")
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


@dataclass(frozen=True)
class FormSheet(Sheet):
    """A form tool's export, read as a submission file in assess's layout (see the module)."""

    inner: Sheet | None = None
    tool: Tool | None = None
    plan: tuple[tuple[int, Target], ...] = ()  # (form column, what it holds)
    unknown: tuple[int, ...] = ()  # form columns kept as they are (reported as unknown columns)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    forced: Mapping[int, tuple[Forced, ...]] = field(default_factory=dict)  # row -> its findings
    submissions: Mapping[int, str] = field(default_factory=dict)  # row -> the tool's submission id
    times: Mapping[int, datetime] = field(default_factory=dict)  # row -> when it was submitted
    notes: tuple[Finding, ...] = ()  # findings about the file as a whole

    def rows(self) -> Iterator[Row]:
        assert self.inner is not None
        out_index = {name: i for i, name in enumerate(self.header)}
        answer_at: dict[str, int] = {}
        note_at: dict[str, int] = {}
        reason_at: dict[str, int] = {}
        moves: list[tuple[int, int]] = []  # form column -> assess column, for cells taken as they are
        for j, target in self.plan:
            if target.kind == "identity":
                moves.append((j, out_index[target.name]))
            elif target.kind == "answer":
                answer_at[target.name] = j
            elif target.kind == "note":
                note_at[target.name] = j
            elif target.kind == "na_reason":
                reason_at[target.name] = j
        base = len(self.header) - len(self.unknown)
        moves += [(j, base + k) for k, j in enumerate(self.unknown)]
        width = len(self.header)
        for row in self.inner.rows():
            cells = row.cells
            if row.number == 2 and self.tool == "kobo" and _hxl(cells):
                continue  # Kobo's row of HXL hashtags under the header: not a submission
            n = len(cells)
            out: list[Any] = [None] * width
            for j, i in moves:
                if j < n:
                    out[i] = cells[j]
            for qid, j in answer_at.items():
                value = cells[j] if j < n else None
                if isinstance(value, str):
                    text = unicodedata.normalize("NFC", value).strip()
                    value = self.labels[qid].get(text, value)
                out[out_index[qid]] = value
                na = isinstance(value, str) and value.strip().casefold() in NA_WORDS
                note = cells[note_at[qid]] if qid in note_at and note_at[qid] < n else None
                reason = cells[reason_at[qid]] if qid in reason_at and reason_at[qid] < n else None
                out[out_index[qid + NOTE_SUFFIX]] = reason if na and reason not in (None, "") else note
            if type(cells) is SpanningCells:
                spanning = SpanningCells(out)
                spanning.column = next((i for j, i in moves if j == cells.column), 0)
                spanning.first_line, spanning.last_line = cells.first_line, cells.last_line
                spanning.swallowed = cells.swallowed
                yield Row(row.number, spanning)
                continue
            damage = getattr(cells, "damage", None)
            if damage is not None:
                from assess.safe_xlsx import DamagedCells

                where = dict(moves) | {answer_at[q]: out_index[q] for q in answer_at}
                moved = tuple(
                    d._replace(column=where.get(d.column)) if d.column is not None else d for d in damage
                )
                yield Row(row.number, DamagedCells(tuple(out), moved))
                continue
            yield Row(row.number, tuple(out))


def _hxl(cells: Sequence[Any]) -> bool:
    """A row of HXL hashtags (`#org`, `#date +reported`): what Kobo writes under the header when a
    form's fields carry them."""
    filled = [c for c in cells if c not in (None, "")]
    return bool(filled) and all(isinstance(c, str) and c.lstrip().startswith("#") for c in filled)


def adapt(
    sheet: Sheet,
    q: Questionnaire,
    lang: Lang,
    keep: Keep = "reject",
    column_map: Mapping[str, Target] | None = None,
) -> Sheet:
    """The sheet as assess's layout when it is a form tool's export (or a column map is given);
    otherwise the sheet itself."""
    tool = detect(sheet.header)
    if tool is None and not column_map:
        return sheet
    known = _targets(q)
    plan: list[tuple[int, Target]] = []
    unknown: list[int] = []
    taken: dict[tuple[str, str], int] = {}
    for j, cell in enumerate(sheet.header):
        key = header_key(cell)
        if not key:
            continue
        target = (column_map or {}).get(key) or known.get(key)
        if target is None:
            for sep in ("/", "-"):  # a group path: the field is its last part
                if sep in key and (found := known.get(key.rsplit(sep, 1)[1])) is not None:
                    target = found
                    break
        if target is None:
            if tool is None or not _is_meta(key, tool):
                unknown.append(j)
            continue
        if (target.kind, target.name) in taken:
            unknown.append(j)  # a second column for the same field: reported as a duplicate
            continue
        taken[(target.kind, target.name)] = j
        plan.append((j, target))
    header = [*IDENTITY]
    for question in q.questions:
        header += [question.id, question.id + NOTE_SUFFIX]
    header += [sheet.header[j] for j in unknown]

    keys = [header_key(h) for h in sheet.header]
    calculated = {tg.name: j for j, tg in plan if tg.kind == "calculated"}
    submission_key, time_key = _SUBMISSION[tool] if tool is not None else ("", "")
    submission_column = keys.index(submission_key) if submission_key in keys else None
    time_column = keys.index(time_key) if time_key in keys else None

    forced: dict[int, list[Forced]] = {}
    submissions: dict[int, str] = {}
    times: dict[int, datetime] = {}
    version_column = calculated.get(ff.QUESTIONNAIRE_HASH, calculated.get(ff.QUESTIONNAIRE_VERSION))
    expected = q.content_hash if ff.QUESTIONNAIRE_HASH in calculated else q.version
    notes: list[Finding] = []
    if tool is not None and version_column is None:
        notes.append(
            Finding("form_version_unknown", str(sheet.path), 1, "", "", message("form_version_unknown", lang))
        )
    if version_column is not None or submission_column is not None or time_column is not None:
        version_name = sheet.header[version_column] if version_column is not None else ""
        for row in sheet.rows():
            cells, n = row.cells, len(row.cells)
            if submission_column is not None and submission_column < n:
                sid = str(cells[submission_column] or "").strip()
                if sid:
                    submissions[row.number] = sid
            if time_column is not None and time_column < n:
                when = _submitted_at(cells[time_column])
                if when is not None:
                    times[row.number] = when
            if version_column is not None and version_column < n:
                said = str(cells[version_column] or "").strip()
                if said and said != expected:
                    forced.setdefault(row.number, []).append(
                        Forced(
                            "form_other_version",
                            version_name,
                            clip(said),
                            {
                                "found": said,
                                "expected": expected,
                                "questionnaire": q.id,
                                "version": q.version,
                            },
                        )
                    )
    return FormSheet(
        sheet.path,
        sheet.kind,
        tuple(header),
        sheet.encoding,
        sheet.delimiter,
        sheet.lang,
        inner=sheet,
        tool=tool,
        plan=tuple(plan),
        unknown=tuple(unknown),
        labels=ff.label_values(q),
        forced={row: tuple(found) for row, found in forced.items()},
        submissions=submissions,
        times=times,
        notes=tuple(notes),
    )


def keep_order(keep: Keep, rows: Sequence[int], times: Mapping[int, datetime]) -> int | None:
    """Of rows with one agency id, the one to score under --keep (None: reject them all). Rows
    without a submission time count as submitted last, in file order."""
    if keep == "reject":
        return None
    latest = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(rows, key=lambda r: (times.get(r, latest), r))
    return ordered[-1] if keep == "latest" else ordered[0]
