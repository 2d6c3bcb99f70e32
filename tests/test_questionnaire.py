"""Loading and validating questionnaires: every class of problem, all reported at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assess import questionnaire as qm
from assess.errors import InvalidContentError, UnreadableFileError
from tests.conftest import MINI, write_yaml


def problems_of(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = write_yaml(tmp_path / "broken.yaml", data)
    with pytest.raises(InvalidContentError) as info:
        qm.load(path, lang="en")
    return info.value.problems


def test_mini_loads_with_lookups(mini: qm.Questionnaire) -> None:
    assert mini.id == "mini"
    assert [q.id for q in mini.questions] == ["G1.1", "G2.1", "G2.2"]
    assert mini.question_by_id["G2.1"].target == qm.TargetTag(id="newsroom", level=3)
    assert mini.level_name(3, "vi") == "Hình thành"
    assert [q.id for q in mini.applicable("newspaper")] == ["G1.1", "G2.1"]
    assert [q.id for q in mini.applicable("journal")] == ["G1.1", "G2.1", "G2.2"]


def test_content_hash_ignores_formatting_but_not_content(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    original = qm.load(MINI).content_hash
    assert qm.load(write_yaml(tmp_path / "same.yaml", mini_data)).content_hash == original
    mini_data["questions"][0]["rubric"][3]["en"] = "Formally, everywhere."
    assert qm.load(write_yaml(tmp_path / "changed.yaml", mini_data)).content_hash != original


def test_recommendation_variant_follows_agency_size(mini: qm.Questionnaire) -> None:
    rec = mini.question_by_id["G1.1"].recommendations[3]
    assert rec.text("en", key_agency=True) == "Build your own."
    assert rec.text("en", key_agency=False) == "Connect to the shared platform."
    plain = mini.question_by_id["G1.1"].recommendations[2]
    assert plain.text("vi", key_agency=True) == plain.text("vi", key_agency=False) == "Ban hành quy chế."


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        node = data
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return mutate


def _duplicate_question(data: dict[str, Any]) -> None:
    data["questions"][2]["id"] = "G2.1"


def _duplicate_group(data: dict[str, Any]) -> None:
    data["groups"].append(dict(data["groups"][0]))


# (name, mutation, the problem line must contain)
BROKEN = [
    (
        "unknown key",
        _set(("questions", 0, "colour"), "red"),
        "questions[G1.1].colour: unknown key 'colour'",
    ),
    ("unknown top-level key", _set(("author",), "me"), "author: unknown key 'author'"),
    ("duplicate question id", _duplicate_question, "duplicate id 'G2.1'"),
    ("duplicate group id", _duplicate_group, "duplicate id 'G1'"),
    (
        "missing translation",
        _delete(("questions", 1, "help", "en")),
        "questions[G2.1].help: missing translation 'en'",
    ),
    (
        "empty translation",
        _set(("groups", 0, "title", "vi"), "  "),
        "groups[G1].title.vi: must not be empty",
    ),
    (
        "rubric gap",
        _delete(("questions", 0, "rubric", 4)),
        "questions[G1.1].rubric: rubric has no level 4",
    ),
    (
        "rubric level out of range",
        _set(("questions", 0, "rubric", 6), {"vi": "x", "en": "y"}),
        "rubric has level(s) outside 0-5: 6",
    ),
    (
        "recommendation gap",
        _delete(("questions", 0, "recommendations", 2)),
        "recommendations has no level 2",
    ),
    (
        "unknown group",
        _set(("questions", 0, "group"), "G9"),
        "questions[G1.1].group: unknown group 'G9'",
    ),
    (
        "id outside its group",
        _set(("questions", 0, "id"), "G2.9"),
        "question id 'G2.9' must start with its group 'G1.'",
    ),
    (
        "unknown block",
        _set(("questions", 2, "applies_to"), ["journal", "tv"]),
        "unknown block 'tv'",
    ),
    ("unknown pillar", _set(("questions", 0, "pillar"), "money"), "unknown pillar 'money'"),
    (
        "unknown target",
        _set(("questions", 1, "target", "id"), "paywall"),
        "unknown strategy target 'paywall'",
    ),
    (
        "unknown platform",
        _set(("questions", 0, "recommendations", 3, "platform"), "cloud"),
        "unknown platform 'cloud'",
    ),
    (
        "bad effort",
        _set(("questions", 0, "recommendations", 1, "effort"), "XL"),
        "must be 'S', 'M' or 'L'",
    ),
    ("weight not positive", _set(("questions", 0, "weight"), 0), "must be greater than 0"),
    (
        "group without questions",
        lambda d: d["groups"].append(
            {"id": "G3", "title": {"vi": "a", "en": "b"}, "description": {"vi": "a", "en": "b"}}
        ),
        "group 'G3' has no questions",
    ),
    (
        "target never measured",
        _delete(("questions", 1, "target")),
        "strategy target 'newsroom' is measured by no question",
    ),
    (
        "incomplete scale",
        _delete(("scale", 5)),
        "the scale must define each level 0 to 5 exactly once",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_kind_of_problem_is_reported_with_its_location(
    tmp_path: Path,
    mini_data: dict[str, Any],
    name: str,
    mutate: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    mutate(mini_data)
    problems = problems_of(tmp_path, mini_data)
    assert any(expected in p for p in problems), problems
    # every line reads `file:line: location: message`
    for problem in problems:
        assert problem.startswith(f"{tmp_path / 'broken.yaml'}:"), problem


def test_all_problems_are_reported_at_once(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    _delete(("questions", 0, "text", "vi"))(mini_data)
    _set(("questions", 1, "group"), "G8")(mini_data)
    _delete(("questions", 2, "rubric", 0))(mini_data)
    _set(("questions", 2, "applies_to"), ["radio"])(mini_data)
    problems = problems_of(tmp_path, mini_data)
    joined = "\n".join(problems)
    assert "missing translation 'vi'" in joined
    assert "unknown group 'G8'" in joined
    assert "rubric has no level 0" in joined
    assert "unknown block 'radio'" in joined


def test_problem_lines_carry_the_source_line_number(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "pillar: audience\n    weight: 2", "pillar: money\n    weight: 2"
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "pillar: money" in row)
    with pytest.raises(InvalidContentError) as info:
        qm.load(path, lang="en")
    assert f"{path}:{line}: questions[G2.1].pillar: unknown pillar 'money'" in info.value.problems


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("    weight: 2\n", "    weight: 2\n    weight: 3\n")
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="duplicate key 'weight'"):
        qm.load(path, lang="en")


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nquestions: [\n  - a\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"bad\.yaml:\d+: not valid YAML"):
        qm.load(path, lang="en")


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        qm.load(tmp_path / "nope.yaml", lang="en")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"title: T\xe1p ch\xed")  # Windows-1258 bytes
    with pytest.raises(UnreadableFileError, match="not UTF-8"):
        qm.load(latin, lang="en")


def test_resolve_by_id_and_by_path(tmp_path: Path) -> None:
    path, q = qm.resolve(MINI)
    assert q.id == "mini" and path == MINI
    with pytest.raises(Exception, match="no questionnaire with id 'nothing'"):
        qm.resolve("nothing", lang="en")
