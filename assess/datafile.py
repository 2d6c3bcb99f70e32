"""Reading YAML data files strictly, and turning validation errors into `file:line: where: what` lines."""

from __future__ import annotations

import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assess.errors import InvalidContentError, UnreadableFileError

Loc = tuple[int | str, ...]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, mark: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
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

    def __init__(self, path: Path, text: str, data: Any) -> None:
        self.path = path
        self.text = text
        self.data = data
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
        return "".join(parts) or "(top level)"

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
_SMALLER = "a questionnaire or scoring profile is far smaller and flatter; check that this is the right file"
_ALIASES = "share fewer values through anchors and aliases (*name), or write them out"


def _too_big(text: str) -> tuple[str, str] | None:
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
                    return f"the alias *{name} stands for a value that holds it (recursion)", _ALIASES
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
                return f"lists and mappings are nested deeper than {DEPTH_MAX} levels", _SMALLER
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            anchor, before = open_.pop()
            if anchor is not None:
                sizes[anchor] = count - before
        if count > VALUES_MAX:
            return f"it holds more than {VALUES_MAX:,} values once its aliases are expanded", _ALIASES
    return None


def _read_text(path: Path) -> str:
    """The file's text: only a regular file of at most YAML_MAX bytes is read (a FIFO or a device
    such as /dev/zero is refused before it is opened)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(f"{path}: not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(YAML_MAX + 1)
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > YAML_MAX:
        raise UnreadableFileError(
            f"{path}: larger than {YAML_MAX >> 20} MiB, the most a YAML data file may be",
            hint=_SMALLER,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_yaml(path: Path) -> YamlDocument:
    """Parse a YAML file; unreadable, malformed or too big files raise UnreadableFileError."""
    text = _read_text(path)
    try:
        too_big = _too_big(text)
        if too_big is not None:
            raise UnreadableFileError(f"{path}: refused: {too_big[0]}", hint=too_big[1])
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise UnreadableFileError(f"{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise UnreadableFileError(f"{path}: expected a mapping at the top level")
    return YamlDocument(path, text, data)


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        last = loc[-1] if loc else ""
        if last in ("vi", "en"):
            return f"missing translation '{last}'"
        return f"missing required key '{last}'"
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'"
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")


def validation_problems(doc: YamlDocument, exc: ValidationError) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # "missing key" and "unknown key" point at the key; report them against their parent
        if error["type"] in ("missing", "extra_forbidden"):
            out.append((loc[:-1] if error["type"] == "missing" else loc, _message(error)))
        else:
            out.append((loc, _message(error)))
    return out


def raise_if_problems(doc: YamlDocument, problems: Iterable[tuple[Loc, str]], what: str) -> None:
    lines = sorted(set(problems), key=lambda p: (doc.line_of(p[0]) or 0, str(p[0])))
    if lines:
        rendered = [doc.problem(loc, msg) for loc, msg in lines]
        raise InvalidContentError(f"{doc.path}: {len(rendered)} problem(s) in {what}", rendered)


def duplicates(items: Sequence[Any], key: str, loc: Loc) -> list[tuple[Loc, str]]:
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
            out.append((loc + (index,), f"duplicate {key} '{value}' (first at item {seen[value] + 1})"))
        else:
            seen[value] = index
    return out
