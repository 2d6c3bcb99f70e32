"""Bilingual text: the two languages every piece of content exists in, and the strict base model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# The id and version of a data file (questionnaire, scoring profile): recorded in every result.
DataId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]


class Strict(BaseModel):
    """Every file-backed model: unknown keys are errors and values are frozen once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Vietnamese and English; both are required."""

    vi: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en
