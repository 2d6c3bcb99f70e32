"""How a questionnaire reads as a form in a form tool (KoboToolbox, ODK, LimeSurvey): field names,
choice values and labels. One definition, used both to write the XLSForm (`assess export
xlsform`) and to read the tools' exports back (`assess batch`), so the two always agree."""

from __future__ import annotations

from typing import Literal

from assess.bilingual import LANGS, Lang
from assess.questionnaire import Question, Questionnaire

# The identity fields: the same names as the columns of `assess template`'s file.
IDENTITY = ("agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on")
# Calculated fields every submission carries: which questionnaire it answered.
QUESTIONNAIRE_ID = "questionnaire_id"
QUESTIONNAIRE_VERSION = "questionnaire_version"
QUESTIONNAIRE_HASH = "questionnaire_hash"
CALCULATED = (QUESTIONNAIRE_ID, QUESTIONNAIRE_VERSION, QUESTIONNAIRE_HASH)

NA = "na"  # the choice value of "not applicable"
YES, NO = "yes", "no"
NOTE = "_note"  # an optional note on a question's answer
NA_REASON = "_na_reason"  # the justification an N/A answer requires

BLOCKS_LIST = "blocks"
YES_NO_LIST = "yes_no"

# A language column's suffix as XLSForm writes it: label::Tiếng Việt (vi)
LANGUAGE_NAMES: dict[Lang, str] = {"vi": "Tiếng Việt (vi)", "en": "English (en)"}

_NA_LABELS: dict[Lang, str] = {"vi": "Không áp dụng", "en": "Not applicable"}
_YES_NO_LABELS: dict[str, dict[Lang, str]] = {YES: {"vi": "Có", "en": "Yes"}, NO: {"vi": "Không", "en": "No"}}


def field(question_id: str) -> str:
    """A question's field name: its id with the dot made an underscore (G1.1 -> G1_1), an XML
    name that every form tool accepts."""
    return question_id.replace(".", "_")


def note_field(question_id: str) -> str:
    return field(question_id) + NOTE


def na_field(question_id: str) -> str:
    return field(question_id) + NA_REASON


def choice_list(question_id: str) -> str:
    """The name of a question's list of choices (its levels carry its own rubric)."""
    return "levels_" + field(question_id)


def level_label(q: Questionnaire, question: Question, level: int, lang: Lang) -> str:
    """A level choice's label: its number, the scale's name for it and this question's rubric."""
    return f"{level} – {q.level_name(level, lang)}: {question.rubric[level](lang)}"


def na_label(lang: Lang) -> str:
    return _NA_LABELS[lang]


def yes_no_label(value: str, lang: Lang) -> str:
    return _YES_NO_LABELS[value][lang]


def level_choices(q: Questionnaire, question: Question) -> list[tuple[str, dict[Lang, str]]]:
    """A question's choices in order: (value, label per language); "na" only where it is allowed."""
    out: list[tuple[str, dict[Lang, str]]] = [
        (str(level), {lang: level_label(q, question, level, lang) for lang in LANGS}) for level in range(6)
    ]
    if question.na_allowed:
        out.append((NA, {lang: na_label(lang) for lang in LANGS}))
    return out


def label_values(q: Questionnaire) -> dict[str, dict[str, str]]:
    """Per question id: each of its choice labels (in either language, as NFC text) -> the value
    it stands for, to read an export made with labels instead of values."""
    import unicodedata

    out: dict[str, dict[str, str]] = {}
    for question in q.questions:
        labels: dict[str, str] = {}
        for value, by_lang in level_choices(q, question):
            for label in by_lang.values():
                labels[unicodedata.normalize("NFC", label).strip()] = value
        out[question.id] = labels
    return out


Source = Literal["kobo", "odk_central", "limesurvey"]


def limesurvey_codes(q: Questionnaire) -> dict[str, str]:
    """Each field's LimeSurvey question code (codes are letters and digits only): a question's
    dot as `x` (G1.1 -> G1x1), its note and N/A justification with `note` and `na` after it
    (G1x1note, G1x1na); an identity or calculated field without its underscores (agencyid)."""
    out = {name: name.replace("_", "") for name in (*IDENTITY, *CALCULATED)}
    for question in q.questions:
        code = question.id.replace(".", "x").replace("_", "")
        out[field(question.id)] = code
        out[note_field(question.id)] = code + "note"
        out[na_field(question.id)] = code + "na"
    return out
