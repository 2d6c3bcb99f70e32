"""`assess questionnaire list|show|validate` and `assess schema` through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from typer.testing import Result

from assess import assessment as am
from tests.conftest import MINI

Cli = Callable[..., Result]


def test_list_shows_the_bundled_questionnaire(cli: Cli) -> None:
    result = cli("questionnaire", "list")
    assert result.exit_code == 0, result.output
    assert "press-dx" in result.stdout
    assert "Bộ câu hỏi đánh giá mức độ sẵn sàng chuyển đổi số" in result.stdout
    english = cli("questionnaire", "list", "--lang", "en")
    assert "Press agency digital-transformation readiness questionnaire" in english.stdout


def test_show_renders_rubrics_in_the_chosen_language(cli: Cli) -> None:
    vi = cli("questionnaire", "show", MINI, "--group", "G2")
    assert vi.exit_code == 0, vi.output
    assert "Có tòa soạn hội tụ không?" in vi.stdout
    assert "Hình thành" in vi.stdout and "Chính thức." in vi.stdout
    assert "Lãnh đạo có cam kết không?" not in vi.stdout  # G1 was not asked for
    en = cli("questionnaire", "show", MINI, "--lang", "en", "-r")
    assert "Is there a converged newsroom?" in en.stdout
    assert "Connect to the shared platform." in en.stdout


def test_show_bundled_by_id(cli: Cli) -> None:
    result = cli("questionnaire", "show", "press-dx", "--group", "g4", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "converged newsroom" in result.stdout.lower()


def test_show_unknown_group_is_a_usage_error(cli: Cli) -> None:
    result = cli("questionnaire", "show", MINI, "--group", "G9")
    assert result.exit_code == 2
    assert "G9" in result.stderr


def test_show_unknown_questionnaire(cli: Cli) -> None:
    result = cli("questionnaire", "show", "no-such-id", "--lang", "en")
    assert result.exit_code == 2
    assert "no questionnaire with id 'no-such-id'" in result.stderr


def test_validate_exit_codes(cli: Cli, tmp_path: Path) -> None:
    ok = cli("questionnaire", "validate", MINI)
    assert ok.exit_code == 0, ok.output
    assert "mini 0.1" in ok.stdout

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        MINI.read_text(encoding="utf-8").replace("group: G2\n", "group: G7\n", 1), encoding="utf-8"
    )
    bad = cli("questionnaire", "validate", MINI, broken, "--lang", "en")
    assert bad.exit_code == 1
    assert "unknown group 'G7'" in bad.stderr
    assert "mini 0.1" in bad.stdout  # the valid file is still reported

    missing = cli("questionnaire", "validate", broken, tmp_path / "missing.yaml", "--lang", "en")
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr
    assert "unknown group 'G7'" in missing.stderr


def test_validate_the_shipped_questionnaire(cli: Cli) -> None:
    from assess import resources

    result = cli("questionnaire", "validate", resources.questionnaires_dir() / "press-dx.yaml")
    assert result.exit_code == 0, result.output


def test_schema_commands_describe_real_files(cli: Cli, tmp_path: Path, mini) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema", "assessment")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    agency = am.Agency(id="B1", name="Báo Sông Hồng", block="newspaper")
    instance = json.loads(am.dumps(am.new(mini, agency)))
    jsonschema.validate(instance, schema)
    bad = dict(instance, status="finished")
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted an unknown status")

    out = tmp_path / "q.schema.json"
    result = cli("schema", "questionnaire", "-o", out)
    assert result.exit_code == 0, result.output
    import yaml

    jsonschema.validate(yaml.safe_load(MINI.read_text(encoding="utf-8")), json.loads(out.read_text()))


def test_help_works_everywhere(cli: Cli) -> None:
    for args in (
        [],
        ["questionnaire"],
        ["questionnaire", "list"],
        ["questionnaire", "show"],
        ["questionnaire", "validate"],
        ["schema"],
    ):
        result = cli(*args, "--help")
        assert result.exit_code == 0, (args, result.output)
        assert "Usage" in result.stdout


def test_validate_checks_scoring_profiles_against_their_questionnaire(cli: Cli, tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    profile = FIXTURES / "mini-scoring.yaml"
    ok = cli("questionnaire", "validate", profile, "--questionnaire", MINI)
    assert ok.exit_code == 0, ok.output
    assert "mini 0.1" in ok.stdout

    broken = tmp_path / "profile.yaml"
    broken.write_text(
        profile.read_text(encoding="utf-8").replace("G1: 1, G2: 3", "G1: 1, G3: 3"), encoding="utf-8"
    )
    bad = cli("questionnaire", "validate", broken, "-q", MINI, "--lang", "en")
    assert bad.exit_code == 1
    assert "no weight for group G2" in bad.stderr and "unknown group 'G3'" in bad.stderr

    # without -q the profile names questionnaire 'mini', which is not bundled
    lost = cli("questionnaire", "validate", profile, "--lang", "en")
    assert lost.exit_code == 2
    assert "no questionnaire with id 'mini'" in lost.stderr


def test_validate_the_shipped_profile(cli: Cli) -> None:
    from assess import resources

    result = cli("questionnaire", "validate", resources.scoring_dir() / "press-dx.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "scoring profile press-dx 1.1.0 for press-dx 1.1.0" in result.stdout
