"""The assessment file: round trip, atomic save, and clear errors for damaged or foreign files."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from assess import assessment as am
from assess import questionnaire as qm
from assess.errors import InvalidContentError, UnreadableFileError, VersionMismatchError

STAMP = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def sample(q: qm.Questionnaire, block: str = "journal") -> am.Assessment:
    agency = am.Agency(
        id="TCKH-07",
        name="Tạp chí Khoa học Đồng Tháp Mười",
        block=block,
        province="Đồng Tháp",
        governing_body="Trường Đại học Đồng Tháp Mười",
    )
    a = am.new(q, agency, assessor="Nguyễn Thị Hạnh", assessed_on=date(2026, 11, 20), clock=lambda: STAMP)
    return a.model_copy(
        update={
            "answers": {
                "G1.1": am.Answer(
                    level=3,
                    note="Có nghị quyết 2026",
                    evidence=("NQ-12/2026.pdf",),
                    answered_at=STAMP,
                    updated_at=STAMP,
                ),
                "G2.2": am.Answer(
                    na=True,
                    na_reason="Tạp chí chỉ xuất bản bản in theo hợp đồng với nhà in",
                    answered_at=STAMP,
                    updated_at=STAMP,
                ),
            }
        }
    )


def test_round_trip_keeps_everything(tmp_path: Path, mini: qm.Questionnaire) -> None:
    original = sample(mini)
    path = tmp_path / "a.json"
    am.save(original, path)
    loaded = am.load(path)
    assert loaded == original
    assert am.check(loaded, mini, str(path)) == original
    text = path.read_text(encoding="utf-8")
    assert "Tạp chí Khoa học Đồng Tháp Mười" in text  # readable UTF-8, not \u escapes
    assert json.loads(text)["questionnaire"] == {
        "id": "mini",
        "version": "0.1",
        "hash": mini.content_hash,
    }


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path, mini: qm.Questionnaire) -> None:
    path = tmp_path / "a.json"
    am.save(sample(mini), path)
    am.save(sample(mini).model_copy(update={"status": "complete"}), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
    assert am.load(path).status == "complete"


def test_na_needs_a_justification() -> None:
    with pytest.raises(ValidationError, match="N/A needs a justification"):
        am.Answer(na=True)
    with pytest.raises(ValidationError, match="both a level and N/A"):
        am.Answer(level=2, na=True, na_reason="x")
    with pytest.raises(ValidationError):
        am.Answer(level=6)


def test_damaged_json_is_named(tmp_path: Path, mini: qm.Questionnaire) -> None:
    path = tmp_path / "a.json"
    am.save(sample(mini), path)
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"damaged assessment file: not valid JSON .*line \d+"):
        am.load(path, "en")


def test_invalid_content_lists_locations(tmp_path: Path, mini: qm.Questionnaire) -> None:
    data = json.loads(am.dumps(sample(mini)))
    data["answers"]["G1.1"]["level"] = 9
    data["agency"]["colour"] = "blue"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidContentError) as info:
        am.load(path, "en")
    assert "answers.G1.1.level: must be at most 5" in info.value.problems
    assert "agency.colour: unknown key" in info.value.problems


def test_newer_schema_version_is_refused(tmp_path: Path, mini: qm.Questionnaire) -> None:
    data = json.loads(am.dumps(sample(mini)))
    data["schema_version"] = 2
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="schema version 2 is not supported"):
        am.load(path, "en")


def test_another_questionnaire_version_is_a_clear_error(mini: qm.Questionnaire) -> None:
    a = sample(mini)
    other = a.model_copy(
        update={"questionnaire": am.QuestionnaireRef(id="mini", version="0.0", hash="sha256:x")}
    )
    with pytest.raises(
        VersionMismatchError, match=r"made for questionnaire mini version 0\.0, but version 0\.1"
    ):
        am.check(other, mini, "a.json", "en")
    changed = a.model_copy(
        update={"questionnaire": am.QuestionnaireRef(id="mini", version="0.1", hash="sha256:x")}
    )
    with pytest.raises(VersionMismatchError, match="has changed since the assessment was made"):
        am.check(changed, mini, "a.json", "en")
    foreign = a.model_copy(
        update={"questionnaire": am.QuestionnaireRef(id="press-dx", version="0.1", hash="x")}
    )
    with pytest.raises(VersionMismatchError, match="made for questionnaire 'press-dx', not 'mini'"):
        am.check(foreign, mini, "a.json", "en")


def test_answers_must_fit_the_questionnaire(mini: qm.Questionnaire) -> None:
    a = sample(mini, block="newspaper")  # G2.2 applies to journals only
    a = a.model_copy(
        update={
            "answers": {
                **a.answers,
                "G9.9": am.Answer(level=1),
                "G1.1": am.Answer(na=True, na_reason="x"),
            }
        }
    )
    with pytest.raises(InvalidContentError) as info:
        am.check(a, mini, "a.json", "en")
    assert info.value.problems == [
        "answers.G1.1: N/A is not allowed for this question",
        "answers.G2.2: the question does not apply to block 'newspaper'",
        "answers.G9.9: no such question in mini",
    ]


def test_unknown_block(mini: qm.Questionnaire) -> None:
    a = sample(mini).model_copy(update={"agency": am.Agency(id="X", name="X", block="tv")})
    with pytest.raises(InvalidContentError) as info:
        am.check(a, mini, "a.json", "en")
    assert info.value.problems[0].startswith("agency.block: unknown block 'tv'")


def test_agency_id_rejects_control_characters() -> None:
    with pytest.raises(ValidationError):
        am.Agency(id="A\x00B", name="x", block="journal")
    assert am.Agency(id="  BĐP-01 ", name=" x ", block="journal").id == "BĐP-01"


def test_unanswered_lists_only_applicable_questions(mini: qm.Questionnaire) -> None:
    a = sample(mini)
    assert am.unanswered(a, mini) == ["G2.1"]
    a_news = sample(mini, block="newspaper").model_copy(update={"answers": {}})
    assert am.unanswered(a_news, mini) == ["G1.1", "G2.1"]
