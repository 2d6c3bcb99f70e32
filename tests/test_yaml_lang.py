"""The problems of the YAML data files a ministry edits (questionnaires, scoring profiles, report
labels) are worded in the chosen language, with the same facts: file, line, key, id, limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from assess import report, resources
from assess.errors import InvalidContentError
from tests import submission_files
from tests.conftest import FIXTURES, MINI

Cli = Callable[..., Result]
MINI_PROFILE = FIXTURES / "mini-scoring.yaml"
PRESS_PROFILE = resources.scoring_dir() / "press-dx.yaml"


def edited(tmp_path: Path, source: Path, old: str, new: str, name: str = "edited.yaml") -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in row)


def validate(cli: Cli, path: Path, lang: str, *extra: str | Path) -> Result:
    return cli("questionnaire", "validate", path, *extra, "--lang", lang)


# name, edit (old -> new) of the mini questionnaire, the line to find, location, Vietnamese, English
QUESTIONNAIRE_PROBLEMS = [
    (
        "unknown key",
        ("    group: G1\n", "    group: G1\n    bogus: 1\n"),
        "bogus: 1",
        "questions[G1.1].bogus",
        "khóa không xác định 'bogus'",
        "unknown key 'bogus'",
    ),
    (
        "value above its limit",
        ("    weight: 1\n", "    weight: 30\n"),
        "weight: 30",
        "questions[G1.1].weight",
        "phải nhỏ hơn hoặc bằng 10",
        "must be at most 10",
    ),
    (
        "missing translation",
        ("{id: G1, title: {vi: Lãnh đạo, en: Leadership}", "{id: G1, title: {vi: Lãnh đạo}"),
        "{id: G1, title:",
        "groups[G1].title",
        "thiếu bản dịch 'en'",
        "missing translation 'en'",
    ),
    (
        "duplicate id",
        ("  - {id: audience, name:", "  - {id: strategy, name:"),
        "{id: strategy, name: {vi: Độc giả",
        "pillars[strategy]",
        "id 'strategy' bị trùng (đã có ở mục thứ 1)",
        "duplicate id 'strategy' (first at item 1)",
    ),
    (
        "unknown group",
        ("    group: G1\n", "    group: G9\n"),
        "group: G9",
        "questions[G1.1].group",
        "nhóm không xác định 'G9'",
        "unknown group 'G9'",
    ),
    (
        "unknown platform",
        ("effort: M, platform: shared,", "effort: M, platform: cloud,"),
        "platform: cloud",
        "questions[G1.1].recommendations.3.platform",
        "nền tảng không xác định 'cloud'",
        "unknown platform 'cloud'",
    ),
    (
        "unknown target",
        ("target: {id: newsroom, level: 3}", "target: {id: cms, level: 3}"),
        "target: {id: cms",
        "questions[G2.1].target.id",
        "chỉ tiêu chiến lược không xác định 'cms'",
        "unknown strategy target 'cms'",
    ),
    (
        "rubric gap",
        ("      5: {vi: Dẫn đầu., en: Leading.}\n", ""),
        "rubric: &rubric",
        "questions[G1.1].rubric",
        "rubric thiếu mức 5",
        "rubric has no level 5",
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "needle", "where", "vi", "en"),
    QUESTIONNAIRE_PROBLEMS,
    ids=[p[0] for p in QUESTIONNAIRE_PROBLEMS],
)
def test_questionnaire_problems_in_both_languages(
    cli: Cli, tmp_path: Path, name: str, edit: tuple[str, str], needle: str, where: str, vi: str, en: str
) -> None:
    path = edited(tmp_path, MINI, *edit)
    line = line_of(path, needle)
    res_vi, res_en = validate(cli, path, "vi"), validate(cli, path, "en")
    assert res_vi.exit_code == res_en.exit_code == 1, (res_vi.output, res_en.output)
    assert f"{path}:{line}: {where}: {vi}" in res_vi.stderr, res_vi.stderr
    assert f"{path}:{line}: {where}: {en}" in res_en.stderr, res_en.stderr
    assert en not in res_vi.stderr
    assert "không hợp lệ" in res_vi.stderr and "invalid" in res_en.stderr
    # a list whose items all failed is not reported as too short as well
    assert "0 mục" not in res_vi.stderr and "0 items" not in res_en.stderr


# name, the file's bytes, Vietnamese, English (after the path), the Vietnamese and English hint
def _bomb() -> bytes:
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7)]
    return ("\n".join(rows) + "\n").encode()


UNREADABLE = [
    (
        "syntax error",
        b"id: x\nquestions: [\n  - a\n",
        ":3: không phải YAML hợp lệ (trình đọc YAML báo: ",
        ":3: not valid YAML: ",
        None,
    ),
    (
        "duplicate key",
        b"id: x\nversion: '1'\nid: y\n",
        ":3: không phải YAML hợp lệ: khóa 'id' xuất hiện hai lần",
        ":3: not valid YAML: duplicate key 'id'",
        None,
    ),
    (
        "not UTF-8",
        b"title: T\xe1p ch\xed\n",
        ": không phải văn bản UTF-8 (byte tiếp nối không hợp lệ tại byte 8)",
        ": not UTF-8 text (invalid continuation byte at byte 8)",
        None,
    ),
    (
        "too large",
        b"a: " + b"x" * ((8 << 20) + 1),
        ": lớn hơn 8 MiB, mức tối đa của một tệp dữ liệu YAML",
        ": larger than 8 MiB, the most a YAML data file may be",
        ("hãy kiểm tra đây có đúng là tệp cần dùng", "check that this is the right file"),
    ),
    (
        "alias bomb",
        _bomb(),
        ": từ chối đọc: tệp chứa hơn 500.000 giá trị khi mở rộng các bí danh",
        ": refused: it holds more than 500,000 values once its aliases are expanded",
        ("bí danh (*tên)", "aliases (*name)"),
    ),
    (
        "not a mapping",
        b"- a\n- b\n",
        ": cấp cao nhất của tệp phải là một ánh xạ (khóa: giá trị)",
        ": expected a mapping at the top level",
        None,
    ),
]


@pytest.mark.parametrize(("name", "data", "vi", "en", "hint"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_files_in_both_languages(
    cli: Cli, tmp_path: Path, name: str, data: bytes, vi: str, en: str, hint: tuple[str, str] | None
) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes(data)
    res_vi, res_en = validate(cli, path, "vi"), validate(cli, path, "en")
    assert res_vi.exit_code == res_en.exit_code == 2, (res_vi.output, res_en.output)
    assert f"{path}{vi}" in res_vi.stderr, res_vi.stderr
    assert f"{path}{en}" in res_en.stderr, res_en.stderr
    if hint is not None:
        assert hint[0] in res_vi.stderr and hint[1] in res_en.stderr


def test_a_missing_file_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    res_vi, res_en = validate(cli, path, "vi"), validate(cli, path, "en")
    assert res_vi.exit_code == res_en.exit_code == 2
    assert f"{path}: không có tệp này" in res_vi.stderr
    assert f"{path}: no such file" in res_en.stderr


def test_profile_cross_references_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    path = edited(tmp_path, MINI_PROFILE, "G1: 1, G2: 3", "G1: 1, G3: 3")
    line = line_of(path, "G1: 1, G3: 3")
    res_vi = validate(cli, path, "vi", "-q", MINI)
    res_en = validate(cli, path, "en", "-q", MINI)
    assert res_vi.exit_code == res_en.exit_code == 1
    assert f"{path}:{line}: weights.groups.G3: nhóm không xác định 'G3'" in res_vi.stderr, res_vi.stderr
    assert "không có trọng số cho nhóm G2" in res_vi.stderr
    assert f"{path}:{line}: weights.groups.G3: unknown group 'G3'" in res_en.stderr, res_en.stderr
    assert "no weight for group G2" in res_en.stderr


def test_a_cycle_in_prerequisites_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    path = edited(
        tmp_path, MINI_PROFILE, "    G1.1: {G2.1: 2}\n", "    G1.1: {G2.1: 2}\n    G2.1: {G1.1: 1}\n"
    )
    line = line_of(path, "G1.1: {G2.1: 2}")  # a mapping is located at its first key
    res_vi = validate(cli, path, "vi", "-q", MINI)
    res_en = validate(cli, path, "en", "-q", MINI)
    assert res_vi.exit_code == res_en.exit_code == 1
    assert (
        f"{path}:{line}: roadmap.prerequisites: các điều kiện tiên quyết tạo thành vòng lặp: G1.1 → G2.1 → G1.1"
        in res_vi.stderr
    ), res_vi.stderr
    assert f"{path}:{line}: roadmap.prerequisites: prerequisites form a cycle: G1.1 → G2.1 → G1.1" in (
        res_en.stderr
    ), res_en.stderr


def test_a_profile_model_rule_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    text = MINI_PROFILE.read_text(encoding="utf-8")
    old = next(row for row in text.splitlines() if "min: 0" in row)
    path = edited(tmp_path, MINI_PROFILE, old, old.replace("min: 0", "min: 5"))
    res_vi = validate(cli, path, "vi", "-q", MINI)
    res_en = validate(cli, path, "en", "-q", MINI)
    assert res_vi.exit_code == res_en.exit_code == 1
    assert "mức xếp loại đầu tiên phải bắt đầu từ 0" in res_vi.stderr, res_vi.stderr
    assert "the first band must start at 0" in res_en.stderr, res_en.stderr


def test_the_cache_keeps_a_valid_file_and_words_each_error_in_the_language_asked(
    cli: Cli, tmp_path: Path
) -> None:
    path = edited(tmp_path, MINI, "    group: G1\n", "    group: G9\n")
    for lang, text in (
        ("en", "unknown group 'G9'"),
        ("vi", "nhóm không xác định 'G9'"),
        ("en", "unknown group"),
    ):
        res = validate(cli, path, lang)
        assert res.exit_code == 1 and text in res.stderr, (lang, res.stderr)
    profile = edited(tmp_path, MINI_PROFILE, "G1: 1, G2: 3", "G1: 1, G3: 3", "profile.yaml")
    for lang, text in (("en", "unknown group 'G3'"), ("vi", "nhóm không xác định 'G3'")):
        res = validate(cli, profile, lang, "-q", MINI)
        assert res.exit_code == 1 and text in res.stderr, (lang, res.stderr)
    ok = validate(cli, MINI, "en")
    assert ok.exit_code == 0 and validate(cli, MINI, "vi").exit_code == 0


def test_unknown_ids_in_both_languages(cli: Cli) -> None:
    res_vi = cli("questionnaire", "show", "no-such-id", "--lang", "vi")
    res_en = cli("questionnaire", "show", "no-such-id", "--lang", "en")
    assert res_vi.exit_code == res_en.exit_code == 2
    assert "không có bộ câu hỏi nào có mã 'no-such-id' (có sẵn: press-dx)" in res_vi.stderr
    assert "no questionnaire with id 'no-such-id' (bundled: press-dx)" in res_en.stderr


# --- the same problems where batch loads the files --------------------------------------------


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    return submission_files.write_csv(tmp_path / "subs.csv", [submission_files.agency()])


def test_batch_with_an_invalid_questionnaire(cli: Cli, tmp_path: Path, submissions: Path) -> None:
    path = edited(
        tmp_path,
        MINI,
        "    group: G1\n    area: internal\n",
        "    group: G1\n    bogus: 1\n    area: internal\n",
    )
    line = line_of(path, "bogus: 1")
    res_vi = cli("batch", submissions, "--out", tmp_path / "out-vi", "-q", path, "--lang", "vi")
    res_en = cli("batch", submissions, "--out", tmp_path / "out-en", "-q", path, "--lang", "en")
    assert res_vi.exit_code == res_en.exit_code == 1, (res_vi.output, res_en.output)
    assert f"{path}: 1 lỗi trong bộ câu hỏi" in res_vi.stderr, res_vi.stderr
    assert f"{path}:{line}: questions[G1.1].bogus: khóa không xác định 'bogus'" in res_vi.stderr
    assert f"{path}: 1 problem(s) in the questionnaire" in res_en.stderr, res_en.stderr
    assert f"{path}:{line}: questions[G1.1].bogus: unknown key 'bogus'" in res_en.stderr
    assert not (tmp_path / "out-vi").exists()


def test_batch_with_an_invalid_profile(cli: Cli, tmp_path: Path, submissions: Path) -> None:
    path = edited(
        tmp_path,
        PRESS_PROFILE,
        "    G2.2: {G2.1: 2}\n",
        "    G2.2: {G2.1: 2}\n    G2.1: {G2.2: 1}\n",
        "p.yaml",
    )
    line = line_of(path, "G2.2: {G2.1: 2}")
    res_vi = cli("batch", submissions, "--out", tmp_path / "out-vi", "-p", path, "--lang", "vi")
    res_en = cli("batch", submissions, "--out", tmp_path / "out-en", "-p", path, "--lang", "en")
    assert res_vi.exit_code == res_en.exit_code == 1, (res_vi.output, res_en.output)
    assert f"{path}: 1 lỗi trong hồ sơ chấm điểm" in res_vi.stderr, res_vi.stderr
    assert (
        f"{path}:{line}: roadmap.prerequisites: các điều kiện tiên quyết tạo thành vòng lặp: G2.1 → G2.2 → G2.1"
        in (res_vi.stderr)
    )
    assert f"{path}: 1 problem(s) in the scoring profile" in res_en.stderr, res_en.stderr
    assert (
        f"{path}:{line}: roadmap.prerequisites: prerequisites form a cycle: G2.1 → G2.2 → G2.1"
        in res_en.stderr
    )


def test_batch_with_an_unreadable_profile(cli: Cli, tmp_path: Path, submissions: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"id: x\nroadmap: [\n")
    res_vi = cli("batch", submissions, "--out", tmp_path / "out", "-p", path, "--lang", "vi")
    res_en = cli("batch", submissions, "--out", tmp_path / "out", "-p", path, "--lang", "en")
    assert res_vi.exit_code == res_en.exit_code == 2
    assert f"{path}:3: không phải YAML hợp lệ" in res_vi.stderr, res_vi.stderr
    assert f"{path}:3: not valid YAML" in res_en.stderr, res_en.stderr


# --- report labels ----------------------------------------------------------------------------


def test_invalid_report_labels_in_both_languages(tmp_path: Path) -> None:
    override = tmp_path / "templates"
    (override / "_base").mkdir(parents=True)
    labels = override / "_base" / "labels.yaml"
    labels.write_text("title: {vi: Báo cáo}\nbogus: {vi: a, en: b, fr: c}\n", encoding="utf-8")
    roots = report.template_roots(override)
    messages = {}
    for lang in ("vi", "en"):
        with pytest.raises(InvalidContentError) as caught:
            report.load_labels(roots, lang)  # type: ignore[arg-type]
        messages[lang] = caught.value
    assert messages["vi"].message == f"{labels.resolve()}: nhãn báo cáo không hợp lệ"
    assert messages["en"].message == f"{labels.resolve()}: invalid labels"
    assert f"{labels.resolve()}:1: title: thiếu bản dịch 'en'" in messages["vi"].problems
    assert f"{labels.resolve()}:2: bogus.fr: khóa không xác định 'fr'" in messages["vi"].problems
    assert f"{labels.resolve()}:1: title: missing translation 'en'" in messages["en"].problems
    assert f"{labels.resolve()}:2: bogus.fr: unknown key 'fr'" in messages["en"].problems
