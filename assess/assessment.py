"""The assessment file: what an interview writes and every other command reads."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from assess import atomicfile
from assess.bilingual import NonEmpty, Strict
from assess.errors import InvalidContentError, UnreadableFileError, VersionMismatchError
from assess.questionnaire import Questionnaire

SCHEMA_VERSION: Literal[1] = 1

# Text limits, defined here once: the models below and the batch reader (submissions) use them.
ID_MAX = 64  # agency ids end up in file names, CSV cells and PDF headers
SHORT_MAX = 300  # names, provinces, governing bodies, assessors
NOTE_MAX = 20_000
REASON_MAX = 2_000  # an N/A justification, one piece of evidence

# Printable text only: agency ids end up in file names, CSV cells and PDF headers.
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
AgencyId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX, pattern=_NO_CONTROL)
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_MAX)]
LongText = Annotated[str, StringConstraints(max_length=NOTE_MAX)]
Status = Literal["in_progress", "complete"]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Agency(Strict):
    id: AgencyId
    name: Annotated[NonEmpty, StringConstraints(max_length=SHORT_MAX)]
    block: str
    province: ShortText = ""
    governing_body: ShortText = ""
    key_agency: bool = False
    # None: as its block usually is (the questionnaire's blocks say); targets for e-press depend on it
    electronic_press: bool | None = None


class QuestionnaireRef(Strict):
    id: str
    version: str
    hash: str

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> QuestionnaireRef:
        return cls(id=questionnaire.id, version=questionnaire.version, hash=questionnaire.content_hash)


class Origin(Strict):
    """Where the answers came from, so a result can be traced back to its source."""

    kind: Literal["interview", "batch"]
    file: str | None = None
    row: int | None = None  # the physical row as a spreadsheet shows it (header = 1)


class Answer(Strict):
    """One question's answer: a level 0-5, or N/A with a justification, or nothing yet."""

    level: int | None = Field(default=None, ge=0, le=5)
    na: bool = False
    na_reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=REASON_MAX)] = ""
    skipped: bool = False  # seen and deliberately left for later
    note: LongText = ""
    evidence: tuple[Annotated[str, StringConstraints(max_length=REASON_MAX)], ...] = ()
    answered_at: datetime | None = None
    updated_at: datetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        if self.na and self.level is not None:
            raise ValueError("an answer cannot have both a level and N/A")
        if self.na and not self.na_reason:
            raise ValueError("N/A needs a justification (na_reason)")
        if self.na_reason and not self.na:
            raise ValueError("na_reason is only for N/A answers")
        return self

    @property
    def answered(self) -> bool:
        return self.level is not None or self.na


class Assessment(Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    questionnaire: QuestionnaireRef
    agency: Agency
    assessor: ShortText = ""
    assessed_on: date
    created_at: datetime
    updated_at: datetime
    status: Status = "in_progress"
    position: str | None = None  # the question the consultant was on
    origin: Origin | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)

    def answer(self, question_id: str) -> Answer:
        return self.answers.get(question_id) or Answer()


@lru_cache(maxsize=4096)
def question_sort_key(question_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", question_id))


def dumps(assessment: Assessment, indent: int | None = 2) -> str:
    """The file's text: answers in question order (G1.2 before G1.10), two-space indents (or one
    line, for JSON Lines), UTF-8 as is, a final newline. Serialised by pydantic's own (compiled)
    serialiser: the same text as `json.dumps` gives."""
    ordered = dict(sorted(assessment.answers.items(), key=lambda kv: question_sort_key(kv[0])))
    return assessment.model_copy(update={"answers": ordered}).model_dump_json(indent=indent) + "\n"


def save(assessment: Assessment, path: Path, *, durable: bool = True) -> None:
    """Write atomically: a crash leaves the previous version of the file intact."""
    atomicfile.write_text(path, dumps(assessment), durable=durable)


def _problems(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        kind = error["type"]
        if kind == "missing":
            message = "missing"
        elif kind == "extra_forbidden":
            message = "unknown key"
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        out.append(f"{where}: {message}")
    return out


def parse(text: str, source: str) -> Assessment:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            f"{source}: damaged assessment file: not valid JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno})",
            hint="restore it from a backup, or re-export it from the tool that wrote it",
        ) from None
    if not isinstance(data, dict):
        raise UnreadableFileError(f"{source}: not an assessment file (expected a JSON object)")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UnreadableFileError(
            f"{source}: assessment schema version {version!r} is not supported "
            f"(this assess reads version {SCHEMA_VERSION})",
            hint="a file from a newer assess needs that version to read it",
        )
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise InvalidContentError(f"{source}: invalid assessment file", _problems(exc)) from None


def load(path: Path) -> Assessment:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UnreadableFileError(f"{path}: damaged assessment file: not UTF-8 text") from None
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc.strerror}") from None
    return parse(text, str(path))


def compatibility_problems(assessment: Assessment, questionnaire: Questionnaire) -> list[str]:
    """What stops this assessment from being read with this questionnaire, if anything."""
    ref = assessment.questionnaire
    if ref.id != questionnaire.id:
        return [f"it was made for questionnaire '{ref.id}', not '{questionnaire.id}'"]
    if ref.version != questionnaire.version:
        return [
            f"it was made for questionnaire {ref.id} version {ref.version}, "
            f"but version {questionnaire.version} is loaded"
        ]
    if ref.hash != questionnaire.content_hash:
        return [
            f"questionnaire {ref.id} version {ref.version} has changed since the assessment was "
            "made (content hash differs); a changed questionnaire needs a new version"
        ]
    return []


def content_problems(assessment: Assessment, questionnaire: Questionnaire) -> list[str]:
    problems = []
    block = assessment.agency.block
    if block not in questionnaire.block_by_id:
        known = ", ".join(questionnaire.block_by_id)
        problems.append(f"agency.block: unknown block '{block}' (known: {known})")
    for qid, answer in assessment.answers.items():
        question = questionnaire.question_by_id.get(qid)
        if question is None:
            problems.append(f"answers.{qid}: no such question in {questionnaire.id}")
            continue
        if answer.answered and not question.applies(block):
            problems.append(f"answers.{qid}: the question does not apply to block '{block}'")
        if answer.na and not question.na_allowed:
            problems.append(f"answers.{qid}: N/A is not allowed for this question")
    if assessment.position is not None and assessment.position not in questionnaire.question_by_id:
        problems.append(f"position: no such question '{assessment.position}'")
    return problems


def check(assessment: Assessment, questionnaire: Questionnaire, source: str) -> Assessment:
    """Raise a clear error unless the assessment belongs to this questionnaire and fits it."""
    mismatch = compatibility_problems(assessment, questionnaire)
    if mismatch:
        raise VersionMismatchError(
            f"{source}: {mismatch[0]}",
            hint="score it with the questionnaire it was made for (--questionnaire PATH)",
        )
    problems = content_problems(assessment, questionnaire)
    if problems:
        raise InvalidContentError(f"{source}: the assessment does not fit its questionnaire", problems)
    return assessment


def new(
    questionnaire: Questionnaire,
    agency: Agency,
    *,
    assessor: str = "",
    assessed_on: date | None = None,
    origin: Origin | None = None,
    clock: Callable[[], datetime] = now,
) -> Assessment:
    stamp = clock()
    return Assessment(
        questionnaire=QuestionnaireRef.of(questionnaire),
        agency=agency,
        assessor=assessor,
        assessed_on=assessed_on or stamp.date(),
        created_at=stamp,
        updated_at=stamp,
        origin=origin,
    )


def unanswered(assessment: Assessment, questionnaire: Questionnaire) -> list[str]:
    block = assessment.agency.block
    return [q.id for q in questionnaire.applicable(block) if not assessment.answer(q.id).answered]
