"""`validate` for any data file: tells questionnaires from scoring profiles and checks each strictly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assess.bilingual import Lang
from assess.datafile import read_yaml
from assess.messages import t


@dataclass(frozen=True)
class Summary:
    key: str
    values: dict[str, object]

    def describe(self, lang: Lang) -> str:
        return t(self.key, lang, **self.values)


def validate_file(path: Path, questionnaire_ref: str | None = None, lang: Lang = "vi") -> Summary:
    """Validate one questionnaire or scoring profile; raises with every problem found, worded in
    `lang`.

    A profile is checked against `questionnaire_ref` when given, else the bundled questionnaire
    it names."""
    from assess import questionnaire as qm

    doc = read_yaml(path, lang)
    if "bands" in doc.data or "weights" in doc.data:
        from assess import scoring

        questionnaire = qm.resolve(questionnaire_ref, lang)[1] if questionnaire_ref else None
        profile = scoring.parse(doc, questionnaire)
        return Summary(
            "validate.profile_ok",
            {
                "id": profile.id,
                "version": profile.version,
                "questionnaire": profile.questionnaire.id,
                "qversion": profile.questionnaire.version,
            },
        )
    q = qm.parse(doc)
    return Summary(
        "validate.ok",
        {
            "id": q.id,
            "version": q.version,
            "groups": len(q.groups),
            "questions": len(q.questions),
        },
    )
