"""Reading YAML data files strictly, and turning validation errors into `file:line: where: what` lines."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from assess.bilingual import Lang
from assess.errors import InvalidContentError, UnreadableFileError
from assess.messages import CATALOGUE, t

Loc = tuple[int | str, ...]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, mark: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.problem = f"duplicate key {key!r}"
        self.problem_mark = mark


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    """Safe loading (libyaml when available) that refuses duplicate mapping keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(key, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


class _LineLoader(yaml.SafeLoader):
    """Pure-Python loader used only to find line numbers and duplicate keys after a failure."""


def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_LineLoader)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: int | str = key_node.value
            if key_node.tag.endswith(":int"):
                key = int(key_node.value)
            _walk(value_node, loc + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines)


class YamlDocument:
    """A parsed YAML file with a map from data locations to source lines."""

    def __init__(self, path: Path, text: str, data: Any, lang: Lang = "vi") -> None:
        self.path = path
        self.text = text
        self.data = data
        self.lang = lang  # the language its problems are reported in
        self._lines: dict[Loc, int] | None = None

    def _index(self) -> dict[Loc, int]:
        # Built only when a problem must be located: the pure-Python composer is slow.
        if self._lines is None:
            self._lines = {}
            try:
                node = _compose(self.text)
            except yaml.YAMLError:
                node = None  # libyaml accepted what the pure-Python parser refuses: no lines then
            if node is not None:
                _walk(node, (), self._lines)
        return self._lines

    def line_of(self, loc: Loc) -> int | None:
        lines = self._index()
        while loc not in lines and loc:
            loc = loc[:-1]
        return lines.get(loc)

    def describe(self, loc: Loc) -> str:
        """`questions[G4.3].rubric.2` rather than `questions.17.rubric.2`: ids read better than indexes."""
        parts: list[str] = []
        node: Any = self.data
        for step in loc:
            if isinstance(step, int) and isinstance(node, list):
                item = node[step] if 0 <= step < len(node) else None
                ident = item.get("id") if isinstance(item, Mapping) else None
                parts.append(f"[{ident}]" if isinstance(ident, str) and ident else f"[{step}]")
                node = item
            else:
                parts.append(f".{step}" if parts else str(step))
                node = node.get(step) if isinstance(node, Mapping) else None
        return "".join(parts) or t("yaml.top_level", self.lang)

    def problem(self, loc: Loc, message: str) -> str:
        line = self.line_of(loc)
        where = f"{self.path}:{line}" if line else f"{self.path}"
        return f"{where}: {self.describe(loc)}: {message}"


# What a YAML data file may be. The bundled files are far inside these: the questionnaire is 0.6 MB
# of 7,159 values nested 6 deep; the scoring profile's 6 aliases (shared rubrics) expand it from
# 892 to 1,090 values. A "billion laughs" of 1 KB would expand to a billion.
YAML_MAX = 8 << 20  # bytes
VALUES_MAX = 500_000  # values (keys, scalars, lists, mappings) with every alias expanded
DEPTH_MAX = 64  # nesting of lists and mappings
_SMALLER = "yaml.hint.smaller"
_ALIASES = "yaml.hint.aliases"


def _too_big(text: str, lang: Lang) -> tuple[str, str] | None:
    """Why the document is too big to build and what to do, found from the parser's events, streamed
    one at a time (by libyaml when available) before any node is built; None when it is not.
    Aliases count as the values they stand for: shared rubrics pass, an alias bomb does not."""
    sizes: dict[str, int] = {}  # anchor -> the number of values its node stands for
    open_: list[tuple[str | None, int]] = []  # the lists and mappings being read: anchor, count before
    count = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            name = event.anchor or ""
            size = sizes.get(name)
            if size is None:
                if any(anchor == name for anchor, _ in open_):
                    return t("yaml.alias_recursion", lang, name=name), _ALIASES
                continue  # an undefined alias: loading says so
            count += size
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            open_.append((event.anchor, count))
            count += 1
            if len(open_) > DEPTH_MAX:
                return t("yaml.too_deep", lang, depth=DEPTH_MAX), _SMALLER
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            anchor, before = open_.pop()
            if anchor is not None:
                sizes[anchor] = count - before
        if count > VALUES_MAX:
            from assess.formatting import number

            return t("yaml.too_many_values", lang, count=number(VALUES_MAX, lang, 0)), _ALIASES
    return None


def _read_text(path: Path, lang: Lang) -> str:
    """The file's text: only a regular file of at most YAML_MAX bytes is read (a FIFO or a device
    such as /dev/zero is refused before it is opened)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(t("yaml.no_such_file", lang, path=path)) from None
    except OSError as exc:
        raise UnreadableFileError(t("yaml.cannot_read", lang, path=path, reason=exc.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(t("yaml.is_folder", lang, path=path))
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(t("yaml.not_regular", lang, path=path))
    try:
        with path.open("rb") as handle:
            data = handle.read(YAML_MAX + 1)
    except OSError as exc:
        raise UnreadableFileError(t("yaml.cannot_read", lang, path=path, reason=exc.strerror)) from None
    if len(data) > YAML_MAX:
        raise UnreadableFileError(
            t("yaml.too_large", lang, path=path, mib=YAML_MAX >> 20),
            hint=t(_SMALLER, lang),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            t("yaml.not_utf8", lang, path=path, reason=_utf8_reason(exc.reason, lang), at=exc.start)
        ) from None


_UTF8_REASONS = {
    "invalid start byte": "yaml.utf8.start",
    "invalid continuation byte": "yaml.utf8.continuation",
    "unexpected end of data": "yaml.utf8.end",
}


def _utf8_reason(reason: str, lang: Lang) -> str:
    key = _UTF8_REASONS.get(reason)
    return t(key, lang) if key else reason


def read_yaml(path: Path, lang: Lang = "vi") -> YamlDocument:
    """Parse a YAML file; unreadable, malformed or too big files raise UnreadableFileError, worded
    in `lang` (as are the problems the returned document reports)."""
    text = _read_text(path, lang)
    try:
        too_big = _too_big(text, lang)
        if too_big is not None:
            raise UnreadableFileError(
                t("yaml.refused", lang, path=path, reason=too_big[0]), hint=t(too_big[1], lang)
            )
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        if isinstance(exc, DuplicateKeyError):
            raise UnreadableFileError(
                t("yaml.duplicate_key", lang, where=where, name=repr(exc.key))
            ) from None
        problem = getattr(exc, "problem", None) or str(exc)  # the parser's own words, in English
        raise UnreadableFileError(t("yaml.syntax", lang, where=where, problem=problem)) from None
    if not isinstance(data, dict):
        raise UnreadableFileError(t("yaml.not_mapping", lang, path=path))
    return YamlDocument(path, text, data, lang)


def _message(error: ErrorDetails, lang: Lang) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        last = loc[-1] if loc else ""
        if last in ("vi", "en"):
            return t("yaml.missing_translation", lang, name=last)
        return t("yaml.missing_key", lang, name=last)
    if kind == "extra_forbidden":
        return t("yaml.unknown_key", lang, name=loc[-1])
    if f"yaml.pyd.{kind}" in CATALOGUE:  # YAML words for what pydantic calls a JSON object or array
        found = json.dumps(error["input"], ensure_ascii=False, default=str)
        found = found if len(found) <= 40 else found[:39] + "…"
        return t("pyd.found", lang, message=t(f"yaml.pyd.{kind}", lang), found=found)
    from assess.assessment import problem_text  # here: assess.assessment imports the questionnaire

    if error.get("ctx"):  # a limit of a float field reads 10, not 10.0
        context = {k: f"{v:g}" if isinstance(v, float) else v for k, v in error["ctx"].items()}
        error = {**error, "ctx": context}
    return problem_text(error, lang)


def validation_problems(doc: YamlDocument, exc: ValidationError) -> list[tuple[Loc, str]]:
    """The model's errors, located in the document and worded in its language."""
    out: list[tuple[Loc, str]] = []
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        # pydantic counts a list's length after its items are validated: a list whose items all
        # failed is also "too short"; its items' own problems say what is wrong
        if error["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors
        ):
            continue
        # "missing key" and "unknown key" point at the key; report them against their parent
        if error["type"] in ("missing", "extra_forbidden"):
            out.append((loc[:-1] if error["type"] == "missing" else loc, _message(error, doc.lang)))
        else:
            out.append((loc, _message(error, doc.lang)))
    return out


def raise_if_problems(doc: YamlDocument, problems: Iterable[tuple[Loc, str]], what: str) -> None:
    """`what`: the message key naming the document (yaml.what.questionnaire, yaml.what.profile)."""
    lines = sorted(set(problems), key=lambda p: (doc.line_of(p[0]) or 0, str(p[0])))
    if lines:
        rendered = [doc.problem(loc, msg) for loc, msg in lines]
        raise InvalidContentError(
            t("yaml.problems", doc.lang, path=doc.path, count=len(rendered), what=t(what, doc.lang)), rendered
        )


def duplicates(items: Sequence[Any], key: str, loc: Loc, lang: Lang = "vi") -> list[tuple[Loc, str]]:
    """Locations of list items whose `key` repeats an earlier item's."""
    seen: dict[str, int] = {}
    out: list[tuple[Loc, str]] = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            first = seen[value] + 1
            out.append((loc + (index,), t("yaml.duplicate", lang, field=key, value=value, first=first)))
        else:
            seen[value] = index
    return out
