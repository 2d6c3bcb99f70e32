"""Reads questionnaires/: the strict questionnaire model, its loader and the registry of bundled ones."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from assess import resources
from assess.bilingual import DataId, Lang, NonEmpty, Strict, Text, Version
from assess.datafile import Loc, YamlDocument, duplicates, raise_if_problems, read_yaml
from assess.datafile import validation_problems as pydantic_problems
from assess.errors import UsageError
from assess.messages import t

LEVELS = range(6)  # maturity levels 0..5
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
GroupId = Annotated[str, StringConstraints(pattern=r"^G[1-9]$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^G[1-9]\.[1-9][0-9]?$")]
Effort = Literal["S", "M", "L"]
Area = Literal["internal", "production"]


class ScaleLevel(Strict):
    level: int = Field(ge=0, le=5)
    name: Text
    description: Text


class Block(Strict):
    """A peer block agencies are ranked within (central newspapers, science journals, ...)."""

    id: Identifier
    name: Text
    aliases: tuple[NonEmpty, ...] = ()
    # Whether agencies of this block publish electronic press unless their own record says otherwise
    # (targets written for electronic press bind them).
    electronic_press: bool = True


class Pillar(Strict):
    """One of the five pillars of the official press DX maturity index."""

    id: Identifier
    name: Text


Scope = Literal["all", "key_agencies", "electronic_press", "training_institutions"]


class Target(Strict):
    """A strategy target: the share of the agencies it binds expected to meet it by 2025 and 2030."""

    id: Identifier
    name: Text
    binds: Scope
    share_2025: float | None = Field(default=None, ge=0, le=1)
    share_2030: float | None = Field(default=None, ge=0, le=1)

    def binds_agency(self, key_agency: bool, electronic_press: bool) -> bool:
        """Whether the strategy sets this target for such a press agency (never for training
        institutions: a press agency is not one)."""
        return {
            "all": True,
            "key_agencies": key_agency,
            "electronic_press": electronic_press,
            "training_institutions": False,
        }[self.binds]


class Platform(Strict):
    """One of the ministry's shared support platforms."""

    id: Identifier
    name: Text
    description: Text


class Group(Strict):
    id: GroupId
    title: Text
    description: Text


class TargetTag(Strict):
    """The question measures a strategy target; level >= `level` counts as meeting it."""

    id: Identifier
    level: int = Field(ge=1, le=5)


class Recommendation(Strict):
    """What to do to move from this level to the next."""

    vi: NonEmpty
    en: NonEmpty
    effort: Effort
    platform: Identifier | None = None
    key: Text | None = None  # the variant for key agencies: build own, seek project funding
    sme: Text | None = None  # the variant for small/medium agencies: connect to shared platforms

    @cached_property
    def common(self) -> Text:
        return Text(vi=self.vi, en=self.en)

    def text(self, lang: Literal["vi", "en"], *, key_agency: bool) -> str:
        variant = self.key if key_agency else self.sme
        return variant(lang) if variant is not None else (self.vi if lang == "vi" else self.en)


def _full_scale(value: Mapping[int, Any], what: str, levels: range) -> Mapping[int, Any]:
    missing = ", ".join(str(n) for n in levels if n not in value)
    extra = ", ".join(str(n) for n in value if n not in levels)
    context = {"what": what, "missing": missing, "extra": extra, "low": levels.start, "high": levels.stop - 1}
    # worded by assess.messages (pyd.scale_*) in the user's language; the English here is pydantic's
    if missing and extra:
        raise PydanticCustomError(
            "scale_missing_outside",
            "{what} has no level {missing}; {what} has level(s) outside {low}-{high}: {extra}",
            context,
        )
    if missing:
        raise PydanticCustomError("scale_missing", "{what} has no level {missing}", context)
    if extra:
        raise PydanticCustomError(
            "scale_outside", "{what} has level(s) outside {low}-{high}: {extra}", context
        )
    return value


class Question(Strict):
    id: QuestionId
    group: GroupId
    title: Text  # a short name (a few words) for reports, roadmaps and lists
    text: Text
    help: Text
    evidence: Text
    weight: float = Field(gt=0, le=10)
    applies_to: tuple[Identifier, ...] | None = None  # None: every block
    na_allowed: bool = False
    area: Area
    pillar: Identifier
    target: TargetTag | None = None
    rubric: dict[int, Text]
    recommendations: dict[int, Recommendation]

    @field_validator("rubric")
    @classmethod
    def _rubric_complete(cls, value: dict[int, Text]) -> dict[int, Text]:
        return dict(_full_scale(value, "rubric", LEVELS))

    @field_validator("recommendations")
    @classmethod
    def _recommendations_complete(cls, value: dict[int, Recommendation]) -> dict[int, Recommendation]:
        return dict(_full_scale(value, "recommendations", range(5)))

    def applies(self, block: str) -> bool:
        return self.applies_to is None or block in self.applies_to


class Questionnaire(Strict):
    id: DataId
    version: Version
    title: Text
    description: Text
    source: Text
    scale: tuple[ScaleLevel, ...]
    blocks: tuple[Block, ...] = Field(min_length=1)
    pillars: tuple[Pillar, ...] = Field(min_length=1)
    targets: tuple[Target, ...] = ()
    platforms: tuple[Platform, ...] = ()
    groups: tuple[Group, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the validated content: formatting and comments in the YAML do not change it."""
        return "sha256:" + hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def group_by_id(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @cached_property
    def block_by_id(self) -> dict[str, Block]:
        return {b.id: b for b in self.blocks}

    @cached_property
    def pillar_by_id(self) -> dict[str, Pillar]:
        return {p.id: p for p in self.pillars}

    @cached_property
    def target_by_id(self) -> dict[str, Target]:
        return {t.id: t for t in self.targets}

    @cached_property
    def platform_by_id(self) -> dict[str, Platform]:
        return {p.id: p for p in self.platforms}

    @cached_property
    def _block_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for block in self.blocks:
            for name in (block.id, block.name.vi, block.name.en, *block.aliases):
                names.setdefault(block_key(name), block.id)
        return names

    def match_block(self, text: str) -> Block | None:
        """The block a person meant: its id, Vietnamese or English name or an alias, in any case,
        with or without diacritics."""
        found = self._block_names.get(block_key(text))
        return self.block_by_id[found] if found else None

    def questions_in(self, group: str) -> list[Question]:
        return [q for q in self.questions if q.group == group]

    def applicable(self, block: str) -> list[Question]:
        return [q for q in self.questions if q.applies(block)]

    def level_name(self, level: int, lang: Literal["vi", "en"]) -> str:
        return self.scale[level].name(lang)

    def is_electronic_press(self, block: str, own: bool | None) -> bool:
        """An agency's own record wins; otherwise what agencies of its block usually are."""
        return own if own is not None else self.block_by_id[block].electronic_press

    def binding_targets(self, block: str, key_agency: bool, electronic_press: bool | None) -> set[str]:
        """The strategy targets that bind an agency of this kind."""
        e_press = self.is_electronic_press(block, electronic_press)
        return {t.id for t in self.targets if t.binds_agency(key_agency, e_press)}


def block_key(text: str) -> str:
    """'Phát thanh - Truyền hình', 'phat thanh truyen hinh' and 'PHÁT_THANH, TRUYỀN HÌNH' match."""
    from assess.filenames import ascii_fold

    folded = ascii_fold(unicodedata.normalize("NFC", text)).casefold()
    return " ".join(re.sub(r"[\s_\-/,;.&+]+", " ", folded).split())


def _reference_problems(data: Mapping[str, Any], lang: Lang) -> list[tuple[Loc, str]]:
    """Cross-references and uniqueness, checked on the raw data so they are reported with
    structural problems in one pass rather than after them."""

    def items(key: str) -> list[Any]:
        value = data.get(key)
        return value if isinstance(value, list) else []

    def ids(key: str) -> set[str]:
        return {i["id"] for i in items(key) if isinstance(i, Mapping) and isinstance(i.get("id"), str)}

    problems: list[tuple[Loc, str]] = []
    for key in ("blocks", "pillars", "targets", "platforms", "groups", "questions"):
        problems += duplicates(items(key), "id", (key,), lang)

    scale = items("scale")
    levels = [s.get("level") for s in scale if isinstance(s, Mapping)]
    if scale and sorted(x for x in levels if isinstance(x, int)) != list(LEVELS):
        problems.append((("scale",), t("yaml.scale_levels", lang)))

    groups, blocks, pillars = ids("groups"), ids("blocks"), ids("pillars")
    targets, platforms = ids("targets"), ids("platforms")
    used_groups: set[str] = set()
    used_pillars: set[str] = set()
    used_targets: set[str] = set()
    for index, q in enumerate(items("questions")):
        if not isinstance(q, Mapping):
            continue
        loc: Loc = ("questions", index)
        qid, group = q.get("id"), q.get("group")
        if isinstance(group, str):
            used_groups.add(group)
            if group not in groups:
                problems.append((loc + ("group",), t("yaml.unknown_group", lang, id=group)))
            elif isinstance(qid, str) and not qid.startswith(group + "."):
                problems.append((loc + ("id",), t("yaml.id_prefix", lang, id=qid, group=group)))
        pillar = q.get("pillar")
        if isinstance(pillar, str):
            used_pillars.add(pillar)
            if pillar not in pillars:
                problems.append((loc + ("pillar",), t("yaml.unknown_pillar", lang, id=pillar)))
        applies_to = q.get("applies_to")
        if isinstance(applies_to, list):
            if not applies_to:
                problems.append(
                    (
                        loc + ("applies_to",),
                        t("yaml.applies_to_empty", lang),
                    )
                )
            for i, block in enumerate(applies_to):
                if isinstance(block, str) and block not in blocks:
                    problems.append((loc + ("applies_to", i), t("yaml.unknown_block", lang, id=block)))
        target = q.get("target")
        if isinstance(target, Mapping) and isinstance(target.get("id"), str):
            used_targets.add(target["id"])
            if target["id"] not in targets:
                problems.append((loc + ("target", "id"), t("yaml.unknown_target", lang, id=target["id"])))
        recs = q.get("recommendations")
        if isinstance(recs, Mapping):
            for level, rec in recs.items():
                platform = rec.get("platform") if isinstance(rec, Mapping) else None
                if isinstance(platform, str) and platform not in platforms:
                    problems.append(
                        (
                            loc + ("recommendations", level, "platform"),
                            t("yaml.unknown_platform", lang, id=platform),
                        )
                    )
    for index, g in enumerate(items("groups")):
        if isinstance(g, Mapping) and isinstance(g.get("id"), str) and g["id"] not in used_groups:
            problems.append((("groups", index), t("yaml.group_unused", lang, id=g["id"])))
    for index, p in enumerate(items("pillars")):
        if isinstance(p, Mapping) and isinstance(p.get("id"), str) and p["id"] not in used_pillars:
            problems.append((("pillars", index), t("yaml.pillar_unused", lang, id=p["id"])))
    for index, tg in enumerate(items("targets")):
        if isinstance(tg, Mapping) and isinstance(tg.get("id"), str) and tg["id"] not in used_targets:
            problems.append((("targets", index), t("yaml.target_unused", lang, id=tg["id"])))
    return problems


def parse(doc: YamlDocument) -> Questionnaire:
    """Validate a parsed questionnaire document, reporting every problem at once (in the language
    the document was read in)."""
    problems = _reference_problems(doc.data, doc.lang)
    model: Questionnaire | None = None
    try:
        model = Questionnaire.model_validate(doc.data)
    except ValidationError as exc:
        problems += pydantic_problems(doc, exc)
    raise_if_problems(doc, problems, "yaml.what.questionnaire")
    assert model is not None
    return model


@dataclass(frozen=True)
class Entry:
    """A questionnaire as listed: where it is and what it is."""

    path: Path
    questionnaire: Questionnaire


# Valid questionnaires by (path, mtime, size): valid in any language. Only what parsed is kept, so a
# problem is found again, and worded in the language asked, on every load of an invalid file.
_CACHE: dict[tuple[Path, int, int], Questionnaire] = {}
_CACHE_MAX = 16


def load(path: Path, lang: Lang = "vi") -> Questionnaire:
    """Load and validate one questionnaire file (cached while the file is unchanged); its problems
    are worded in `lang`."""
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return parse(read_yaml(path, lang))  # let read_yaml report the problem
    key = (resolved, stat.st_mtime_ns, stat.st_size)
    found = _CACHE.get(key)
    if found is None:
        found = parse(read_yaml(resolved, lang))
        if len(_CACHE) >= _CACHE_MAX:
            del _CACHE[next(iter(_CACHE))]  # the oldest
        _CACHE[key] = found
    return found


def bundled_paths() -> list[Path]:
    return sorted(resources.questionnaires_dir().glob("*.yaml"))


def registry(lang: Lang = "vi") -> list[Entry]:
    return [Entry(p, load(p, lang)) for p in bundled_paths()]


DEFAULT_ID = "press-dx"


def resolve(ref: str | Path | None, lang: Lang = "vi") -> tuple[Path, Questionnaire]:
    """A questionnaire given by bundled id, or by path to a YAML file; problems worded in `lang`."""
    ref = ref or DEFAULT_ID
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate, load(candidate, lang)
    for path in bundled_paths():
        if path.stem == str(ref):
            return path, load(path, lang)
    for entry in registry(lang):
        if entry.questionnaire.id == str(ref):
            return entry.path, entry.questionnaire
    known = ", ".join(p.stem for p in bundled_paths()) or t("yaml.none", lang)
    raise UsageError(
        t("yaml.no_questionnaire", lang, ref=ref, known=known),
        hint=t("yaml.no_questionnaire.hint", lang),
    )
