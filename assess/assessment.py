"""The assessment file: what an interview writes and every other command reads."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from assess import atomicfile
from assess.bilingual import Lang, Strict
from assess.errors import InvalidContentError, UnreadableFileError, VersionMismatchError
from assess.messages import t
from assess.questionnaire import Questionnaire

SCHEMA_VERSION: Literal[1] = 1

# Text limits, defined here once: the models below and the batch reader (submissions) use them.
ID_MAX = 64  # agency ids end up in file names, CSV cells and PDF headers
SHORT_MAX = 300  # names, provinces, governing bodies, assessors
NOTE_MAX = 20_000
REASON_MAX = 2_000  # an N/A justification, one piece of evidence
EVIDENCE_MAX = 50  # pieces of evidence for one answer

# Limits of the file itself: far above anything an interview or a batch writes, low enough that a
# hostile file cannot exhaust memory, the stack or Python's integer parser.
FILE_MAX_BYTES = 16 * 1024 * 1024
DEPTH_MAX = 16  # nesting of objects and arrays (an assessment uses 5)
DIGITS_MAX = 18  # digits of a whole number (the largest an assessment holds is a row number)
NUMBER_CHARS_MAX = 32  # characters of a number with a fraction or exponent
# Dates an assessment may carry: none after LATEST (the method plans to 2030; Python's dates end in
# 9999, and a roadmap from a date near that end would overflow), and times of writing within these
# years (an interview or a batch stamps the time it writes).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

# Control characters (Unicode category Cc: C0, DEL, C1) are never part of a one-line text: they end
# up in file names, CSV cells, PDF headers and terminals. Notes and N/A justifications may hold
# line feeds and tabs, nothing else of the kind.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ONE_LINE_SCHEMA = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"  # the same rules, for JSON Schema readers
_NOTE_SCHEMA = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why a text may not be stored (the first control character in it and where), or None."""
    found = (NOTE_CONTROL if multiline else CONTROL).search(text)
    if found is None:
        return None
    allowed = " (line breaks and tabs are allowed)" if multiline else ""
    return f"control character U+{ord(found.group()):04X} at character {found.start() + 1}{allowed}"


def _refuse_control(value: object, multiline: bool) -> object:
    """Our own rules raise errors of their own types, worded in either language by problem_text."""
    found = (NOTE_CONTROL if multiline else CONTROL).search(value) if isinstance(value, str) else None
    if found is not None:
        raise PydanticCustomError(
            "control_character_note" if multiline else "control_character",
            control_problem(str(value), multiline=multiline) or "",
            {"code": f"{ord(found.group()):04X}", "at": found.start() + 1},
        )
    return value


def _one_line(value: object) -> object:
    return _refuse_control(value, multiline=False)


def _multi_line(value: object) -> object:
    return _refuse_control(value, multiline=True)


def _in_range(day: date) -> date:
    if day > LATEST:
        raise PydanticCustomError(
            "date_too_late", "the date must not be after {latest}", {"latest": LATEST.isoformat()}
        )
    return day


def _stamp_in_range(stamp: datetime) -> datetime:
    if not EARLIEST <= stamp.date() <= LATEST:
        raise PydanticCustomError(
            "time_out_of_range",
            "the time must lie between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return stamp


# The control-character rule looks at the text as given, before surrounding spaces are stripped
# (a trailing U+0085 is "whitespace" to str.strip, and would vanish unnoticed).
_ONE_LINE = (BeforeValidator(_one_line), Field(json_schema_extra={"pattern": _ONE_LINE_SCHEMA}))
_MULTI_LINE = (BeforeValidator(_multi_line), Field(json_schema_extra={"pattern": _NOTE_SCHEMA}))
_STRIPPED = {"strip_whitespace": True}
OneLine = Annotated[str, *_ONE_LINE]
AgencyId = Annotated[str, StringConstraints(**_STRIPPED, min_length=1, max_length=ID_MAX), *_ONE_LINE]
Name = Annotated[str, StringConstraints(**_STRIPPED, min_length=1, max_length=SHORT_MAX), *_ONE_LINE]
ShortText = Annotated[str, StringConstraints(**_STRIPPED, max_length=SHORT_MAX), *_ONE_LINE]
LongText = Annotated[str, StringConstraints(max_length=NOTE_MAX), *_MULTI_LINE]
Reason = Annotated[str, StringConstraints(**_STRIPPED, max_length=REASON_MAX), *_MULTI_LINE]
# a piece of evidence: a document name, URL or file path, recorded as text
Evidence = Annotated[str, StringConstraints(max_length=REASON_MAX), *_ONE_LINE]
Day = Annotated[date, AfterValidator(_in_range)]
Stamp = Annotated[AwareDatetime, AfterValidator(_stamp_in_range)]  # with its UTC offset, as written
Status = Literal["in_progress", "complete"]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Agency(Strict):
    id: AgencyId
    name: Name
    block: OneLine
    province: ShortText = ""
    governing_body: ShortText = ""
    key_agency: bool = False
    # None: as its block usually is (the questionnaire's blocks say); targets for e-press depend on it
    electronic_press: bool | None = None


class QuestionnaireRef(Strict):
    id: OneLine
    version: OneLine
    hash: OneLine

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> QuestionnaireRef:
        return cls(id=questionnaire.id, version=questionnaire.version, hash=questionnaire.content_hash)


class Origin(Strict):
    """Where the answers came from, so a result can be traced back to its source."""

    kind: Literal["interview", "batch"]
    file: OneLine | None = None
    row: int | None = Field(default=None, ge=1)  # the physical row as a spreadsheet shows it (header = 1)
    # a form tool's export: which tool (kobo, odk_central, limesurvey) and its id of the submission
    tool: Literal["kobo", "odk_central", "limesurvey"] | None = None
    submission: OneLine | None = None


class Answer(Strict):
    """One question's answer: a level 0-5, or N/A with a justification, or nothing yet."""

    level: int | None = Field(default=None, ge=0, le=5, strict=True)  # 3, never "3", 3.0 or true
    na: bool = False
    na_reason: Reason = ""
    skipped: bool = False  # seen and deliberately left for later
    flagged: bool = False  # marked for follow-up by the consultant (written only when true)
    note: LongText = ""
    evidence: Annotated[tuple[Evidence, ...], Field(max_length=EVIDENCE_MAX)] = ()
    answered_at: Stamp | None = None
    updated_at: Stamp | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        if self.na and self.level is not None:
            raise PydanticCustomError("level_and_na", "an answer cannot have both a level and N/A")
        if self.na and not self.na_reason:
            raise PydanticCustomError("na_needs_reason", "N/A needs a justification (na_reason)")
        if self.na_reason and not self.na:
            raise PydanticCustomError("reason_without_na", "na_reason is only for N/A answers")
        return self

    @property
    def answered(self) -> bool:
        return self.level is not None or self.na


class Assessment(Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    questionnaire: QuestionnaireRef
    agency: Agency
    assessor: ShortText = ""
    assessed_on: Day
    created_at: Stamp
    updated_at: Stamp
    status: Status = "in_progress"
    position: OneLine | None = None  # the question the consultant was on
    origin: Origin | None = None
    # the interview's time over every session, in whole seconds (written only when not 0: batch
    # files and files from before it are unchanged)
    interview_seconds: int = Field(default=0, ge=0, le=10**9, strict=True)
    answers: dict[OneLine, Answer] = Field(default_factory=dict)

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
    # fields added later are written only when set, so that files without them read back the same
    exclude: dict[str, Any] = {"answers": {qid: {"flagged"} for qid, x in ordered.items() if not x.flagged}}
    if not assessment.interview_seconds:
        exclude["interview_seconds"] = True
    origin = assessment.origin
    if origin is not None and origin.tool is None and origin.submission is None:
        exclude["origin"] = {"tool", "submission"}
    copy = assessment.model_copy(update={"answers": ordered})
    return copy.model_dump_json(indent=indent, exclude=exclude) + "\n"


def save(assessment: Assessment, path: Path, *, durable: bool = True) -> None:
    """Write atomically: a crash leaves the previous version of the file intact."""
    atomicfile.write_text(path, dumps(assessment), durable=durable)


def _where(path: tuple[str | int, ...], lang: Lang = "vi") -> str:
    return ".".join(str(p) for p in path) or t("afile.top_level", lang)


def problem_text(error: ErrorDetails, lang: Lang) -> str:
    """One pydantic error in the user's language: its type (pydantic's, or one of our rules')
    picks the message, its ctx fills in the numbers; a type without a message of ours keeps
    pydantic's English text."""
    from assess.messages import CATALOGUE

    kind = error["type"]
    context = dict(error.get("ctx") or {})
    try:
        message = t(f"pyd.{kind}", lang, **context) if f"pyd.{kind}" in CATALOGUE else None
    except (KeyError, IndexError):  # a ctx without the value our wording needs
        message = None
    if message is None:
        message = str(error["msg"]).removeprefix("Value error, ")
    if kind.endswith("_type"):  # the type is wrong: say what was found ("3", true, 3.0)
        found = json.dumps(error["input"], ensure_ascii=False, default=str)
        message = t("pyd.found", lang, message=message, found=found if len(found) <= 40 else found[:39] + "…")
    return message


def validation_problems(
    exc: ValidationError, prefix: tuple[str | int, ...] = (), lang: Lang = "vi"
) -> list[str]:
    """A model's errors as 'json.path: message' lines (the path below `prefix`), in `lang`."""
    return [
        f"{_where((*prefix, *error['loc']), lang)}: {problem_text(error, lang)}"
        for error in exc.errors(include_url=False)
    ]


class _Refused:
    """A number the file may not hold, left in its place so that its path can be named."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key  # a message of assess.messages, filled in by `values`
        self.values = values


class _Repeated(dict[str, Any]):
    """An object in which some keys appear more than once (json keeps the last silently)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    repeated = _Repeated(out)
    repeated.repeated = []
    for key, _ in pairs:
        if key in seen and key not in repeated.repeated:
            repeated.repeated.append(key)
        seen.add(key)
    return repeated


def _integer(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > DIGITS_MAX:
        return _Refused("afile.digits", digits=digits, limit=DIGITS_MAX)
    return int(text)


def _decimal(text: str) -> float | _Refused:
    if len(text) > NUMBER_CHARS_MAX:
        return _Refused("afile.number_chars", chars=len(text), limit=NUMBER_CHARS_MAX)
    value = float(text)
    if not math.isfinite(value):
        return _Refused("afile.number_infinite", text=text)
    return value


def _constant(text: str) -> _Refused:
    return _Refused("afile.number_constant", text=text)


def strict_json(text: str, source: str, what: str = "assessment", lang: Lang = "vi") -> Any:
    """JSON read strictly: a key twice in one object, NaN or Infinity, a whole number of more than
    DIGITS_MAX digits (or a decimal longer than NUMBER_CHARS_MAX characters) is an error naming
    its JSON path, every one of them listed (InvalidContentError); text that is not JSON, or nests
    deeper than DEPTH_MAX, cannot be read (UnreadableFileError). `what` names the kind of file
    (afile.what.* in assess.messages); messages are in `lang`."""
    kind = t(f"afile.what.{what}", lang)
    too_deep = t("afile.too_deep", lang, path=source, what=kind, limit=DEPTH_MAX)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_decimal,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            t(
                "afile.not_json",
                lang,
                path=source,
                what=kind,
                reason=exc.msg,
                line=exc.lineno,
                column=exc.colno,
            ),
            hint=t("afile.not_json.hint", lang),
        ) from None
    except RecursionError:
        raise UnreadableFileError(too_deep) from None
    problems = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:  # depth first, in the file's order, without recursion
        value, path = stack.pop()
        if isinstance(value, _Refused):
            problems.append(f"{_where(path, lang)}: {t(value.key, lang, **value.values)}")
            continue
        if isinstance(value, dict | list) and len(path) >= DEPTH_MAX:
            raise UnreadableFileError(
                t(
                    "afile.too_deep_at",
                    lang,
                    path=source,
                    what=kind,
                    limit=DEPTH_MAX,
                    where=_where(path, lang),
                ),
            )
        if isinstance(value, _Repeated):
            repeated = t("afile.repeated_key", lang)
            problems += [f"{_where((*path, key), lang)}: {repeated}" for key in value.repeated]
        if isinstance(value, dict):
            stack += [(v, (*path, k)) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, (*path, i)) for i, v in reversed(list(enumerate(value)))]
    if problems:
        raise InvalidContentError(t("afile.invalid", lang, path=source, what=kind), problems)
    return data


def parse(text: str, source: str, lang: Lang = "vi") -> Assessment:
    """An assessment file's text, checked strictly: strict JSON (strict_json), then the models with
    strict types (a level is 3, never "3" or true; key_agency is true or false, never "yes").
    Problems are worded in `lang`."""
    data = strict_json(text, source, lang=lang)
    if not isinstance(data, dict):
        raise UnreadableFileError(t("afile.not_object", lang, path=source))
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UnreadableFileError(
            t("afile.version", lang, path=source, version=repr(version), supported=SCHEMA_VERSION),
            hint=t("afile.version.hint", lang),
        )
    try:
        return Assessment.model_validate_json(text, strict=True)
    except ValidationError as exc:
        what = t("afile.what.assessment", lang)
        raise InvalidContentError(
            t("afile.invalid", lang, path=source, what=what), validation_problems(exc, lang=lang)
        ) from None


def read_json_text(
    path: Path,
    lang: Lang,
    what: str,
    *,
    folder: str = "afile.is_folder",
    limit: int | None = FILE_MAX_BYTES,
    too_large: str = "afile.too_large",
) -> str:
    """A JSON file's text (`what`: the afile.what.* kind it should be), at most `limit` bytes read;
    a missing file, a folder (message `folder`), one over the limit (`too_large`, with its hint
    when the catalogue has one), or one that is not UTF-8 is an UnreadableFileError in `lang`."""
    from assess.messages import CATALOGUE

    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(limit + 1) if limit is not None else handle.read()
    except FileNotFoundError:
        raise UnreadableFileError(t("afile.missing", lang, path=path)) from None
    except IsADirectoryError:
        raise UnreadableFileError(t(folder, lang, path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(t("afile.cannot_read", lang, path=path, reason=exc.strerror)) from None
    if limit is not None and len(raw) > limit:
        hint = t(f"{too_large}.hint", lang) if f"{too_large}.hint" in CATALOGUE else None
        raise UnreadableFileError(t(too_large, lang, path=path, mib=limit >> 20), hint=hint)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        kind = t(f"afile.what.{what}", lang)
        raise UnreadableFileError(t("afile.not_utf8", lang, path=path, what=kind)) from None


def load(path: Path, lang: Lang = "vi") -> Assessment:
    return parse(read_json_text(path, lang, "assessment"), str(path), lang)


def compatibility_problems(
    assessment: Assessment, questionnaire: Questionnaire, lang: Lang = "vi"
) -> list[str]:
    """What stops this assessment from being read with this questionnaire, if anything."""
    ref = assessment.questionnaire
    if ref.id != questionnaire.id:
        return [t("afile.other_questionnaire", lang, made_for=ref.id, loaded=questionnaire.id)]
    if ref.version != questionnaire.version:
        return [t("afile.other_version", lang, id=ref.id, version=ref.version, loaded=questionnaire.version)]
    if ref.hash != questionnaire.content_hash:
        return [t("afile.questionnaire_changed", lang, id=ref.id, version=ref.version)]
    return []


def content_problems(assessment: Assessment, questionnaire: Questionnaire, lang: Lang = "vi") -> list[str]:
    problems = []
    block = assessment.agency.block
    if block not in questionnaire.block_by_id:
        known = ", ".join(questionnaire.block_by_id)
        problems.append(f"agency.block: {t('afile.unknown_block', lang, block=block, known=known)}")
    for qid, answer in assessment.answers.items():
        question = questionnaire.question_by_id.get(qid)
        if question is None:
            problems.append(f"answers.{qid}: {t('afile.no_question', lang, questionnaire=questionnaire.id)}")
            continue
        if answer.answered and not question.applies(block):
            problems.append(f"answers.{qid}: {t('afile.not_for_block', lang, block=block)}")
        if answer.na and not question.na_allowed:
            problems.append(f"answers.{qid}: {t('afile.na_not_allowed', lang)}")
    if assessment.position is not None and assessment.position not in questionnaire.question_by_id:
        problems.append(f"position: {t('afile.no_position', lang, question=assessment.position)}")
    return problems


def check(assessment: Assessment, questionnaire: Questionnaire, source: str, lang: Lang = "vi") -> Assessment:
    """Raise a clear error unless the assessment belongs to this questionnaire and fits it."""
    mismatch = compatibility_problems(assessment, questionnaire, lang)
    if mismatch:
        raise VersionMismatchError(f"{source}: {mismatch[0]}", hint=t("afile.other_questionnaire.hint", lang))
    problems = content_problems(assessment, questionnaire, lang)
    if problems:
        raise InvalidContentError(t("afile.does_not_fit", lang, path=source), problems)
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
