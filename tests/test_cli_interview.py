"""`assess interview` driven by scripted input: intake, every key, review, resume and finish."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from assess import assessment as am
from tests import factories

Cli = Callable[..., Result]

INTAKE = [
    "BDP-014",
    "Báo Đồng Phú",
    "2",
    "Đồng Nai",
    "Tỉnh ủy Đồng Nai",
    "k",
    "Nguyễn Thị Hạnh",
    "2026-11-20",
]


def script(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def applicable(block: str) -> list[str]:
    return [q.id for q in factories.press().applicable(block)]


def test_a_whole_interview_from_intake_to_summary(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bdp.json"
    ids = applicable("local_newspaper")
    answers = []
    for qid in ids:
        if qid == "G2.6":
            answers.append("na Báo không nhận quảng cáo số theo quy định của cơ quan chủ quản")
        else:
            answers.append(str(sum(map(ord, qid)) % 6))
    res = cli("interview", "-o", path, input=script(*INTAKE, *answers, "f"))
    assert res.exit_code == 0, res.output
    a = am.load(path)
    assert a.status == "complete"
    assert a.agency == am.Agency(
        id="BDP-014",
        name="Báo Đồng Phú",
        block="local_newspaper",
        province="Đồng Nai",
        governing_body="Tỉnh ủy Đồng Nai",
        key_agency=False,
    )
    assert a.assessor == "Nguyễn Thị Hạnh" and a.assessed_on.isoformat() == "2026-11-20"
    assert set(a.answers) == set(ids)
    assert a.answers["G2.6"].na_reason.startswith("Báo không nhận quảng cáo")
    assert a.answers["G1.1"].level == sum(map(ord, "G1.1")) % 6
    # the scoring summary and the next command
    assert "Chỉ số:" in res.stdout and "G7 Hợp tác và huy động nguồn lực" in res.stdout
    assert f"assess report {path} -o bdp.pdf" in res.stdout
    # and the finished file scores
    scored = cli("score", path, "-f", "json")
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["assessment_status"] == "complete"
    assert not list(tmp_path.glob(".*intake*"))  # the intake draft is gone


def test_intake_re_asks_bad_values_with_the_reason(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    lines = [
        "",
        "BDP-014",
        "Báo Đồng Phú",
        "báo huyện",
        "9",
        "Báo địa phương",
        "Đồng Nai",
        "Tỉnh ủy",
        "có lẽ",
        "c",
        "Hạnh",
        "31/02/2026",
        "20/11/2026",
        "q",
    ]
    res = cli("interview", "-o", path, input=script(*lines))
    assert res.exit_code == 0, res.output
    assert "Không được để trống." in res.stdout
    assert 'Không có khối "báo huyện". Chọn một số từ 1 đến 5.' in res.stdout
    assert 'Không có khối "9"' in res.stdout
    assert "Trả lời c (có) hoặc k (không)." in res.stdout
    assert 'Ngày không hợp lệ: "31/02/2026"' in res.stdout
    a = am.load(path)
    assert a.agency.block == "local_newspaper" and a.agency.key_agency is True
    assert a.assessed_on.isoformat() == "2026-11-20"


def test_every_command_key(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    lines = [
        *INTAKE,
        "b",  # at the first question: explained, nothing moves
        "7",  # not a level
        "3",  # G1.1 = 3, on to G1.2
        "na",  # N/A not allowed for G1.2
        "n Đã có quyết định phân công",  # inline note
        "e QĐ-15/BĐP",  # inline evidence
        "e",  # evidence by prompt
        "https://dongphu.example.vn/cdx",
        "e -1",  # remove the first item
        "e -9",  # no such item
        "s",  # skip G1.2 -> G1.3
        "b",  # back to G1.2
        "n",  # note by prompt
        "-",  # clears it
        "2",  # G1.2 = 2 -> G1.3
        "?",  # help
        "g G2.6",  # go to a question
        "na",  # allowed here: asks why
        "",  # empty reason cancels
        "na Báo không có quảng cáo số",
        "g G3.9",  # science journals only
        "g G8",  # unknown
        "g",  # by prompt
        "G4",  # first question of G4
        "5",
        "r",  # review
        "G6.3",  # jump from the review
        "1",
        "q",
    ]
    res = cli("interview", "-o", path, "--lang", "en", input=script(*lines))
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "This is the first question." in out
    assert '"7" is not a level: a level is a whole number from 0 to 5.' in out
    assert "N/A is not allowed for G1.2." in out
    assert "There is no evidence item 9." in out
    assert re.search(r"^0–5 +answer with this level", out, re.M)
    assert "Nothing changed." in out
    assert "G3.9 does not apply to this agency's block." in out
    assert 'No group or question "G8".' in out
    assert "Review" in out and "Unanswered questions:" in out
    assert f"assess interview --resume {path}" in out

    a = am.load(path)
    assert a.status == "in_progress" and a.position == "G6.4"
    assert a.answers["G1.1"].level == 3
    g12 = a.answers["G1.2"]
    assert (g12.level, g12.note, g12.evidence, g12.skipped) == (
        2,
        "",
        ("https://dongphu.example.vn/cdx",),
        False,
    )
    assert a.answers["G2.6"].na and a.answers["G2.6"].na_reason == "Báo không có quảng cáo số"
    assert a.answers["G4.1"].level == 5
    assert a.answers["G6.3"].level == 1
    assert "G3.9" not in a.answers


def test_block_specific_questions_are_asked_only_of_their_block(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "tv.json"
    intake = [
        "PTTH-31",
        "Đài Phát thanh và Truyền hình Ngọc Lĩnh",
        "5",
        "Quảng Ngãi",
        "UBND tỉnh",
        "c",
        "Phạm Đức Anh",
        "2026-11-24",
    ]
    res = cli("interview", "-o", path, input=script(*intake, "g G3.8", "4", "g G3.9", "q"))
    assert res.exit_code == 0, res.output
    assert "Câu G3.9 không áp dụng cho khối của cơ quan." in res.stdout
    assert (
        "45 câu hỏi áp dụng cho khối Phát thanh, truyền hình; 1 câu không áp dụng được bỏ qua." in res.stdout
    )
    assert am.load(path).answers["G3.8"].level == 4


def test_finishing_with_unanswered_questions_asks_first(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    res = cli("interview", "-o", path, input=script(*INTAKE, "4", "r", "f", "k", "f", "c"))
    assert res.exit_code == 0, res.output
    assert "43 câu chưa trả lời sẽ được tính 0 điểm. Vẫn kết thúc? (c/k)" in res.stdout
    a = am.load(path)
    assert a.status == "complete" and len(a.answers) == 1
    assert "Chưa đầy đủ" in res.stdout


def test_resume_asks_then_continues_where_it_stopped(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    cli("interview", "-o", path, input=script(*INTAKE, "3", "2", "q"))
    declined = cli("interview", "-o", path, input=script("k"))
    assert declined.exit_code == 0 and "Không tiếp tục" in declined.stdout
    assert am.load(path).position == "G1.3"
    res = cli("interview", "-o", path, input=script("c", "4", "q"))
    assert res.exit_code == 0, res.output
    assert "là đánh giá đang làm dở (Báo Đồng Phú, 2/44 câu)" in res.stdout
    a = am.load(path)
    assert [a.answers[q].level for q in ("G1.1", "G1.2", "G1.3")] == [3, 2, 4]
    # --resume does not ask
    res = cli("interview", "--resume", path, input=script("1", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(path).answers["G1.4"].level == 1


def test_a_completed_file_is_never_overwritten_without_confirmation(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered()
    path = factories.write(a, tmp_path)
    before = path.read_bytes()
    quit_ = cli("interview", "-o", path, input=script("t"))
    assert quit_.exit_code == 0 and path.read_bytes() == before
    refused = cli("interview", "-o", path, input=script("g", "không"))
    assert "Không ghi đè" in refused.stdout and path.read_bytes() == before
    # reopen: a change makes it in progress again until finished
    reopened = cli("interview", "--resume", path, input=script("m", "g G1.1", "0", "q"))
    assert reopened.exit_code == 0, reopened.output
    after = am.load(path)
    assert after.status == "in_progress" and after.answers["G1.1"].level == 0
    # overwrite, confirmed
    new = cli(
        "interview", "-o", path, "--lang", "en", input=script("r", "q")
    )  # reopen again, then quit: still in progress
    assert new.exit_code == 0
    done = factories.write(factories.answered(agency_id="X-1"), tmp_path, "done.json")
    replaced = cli(
        "interview",
        "-o",
        done,
        "--lang",
        "en",
        input=script(
            "o",
            "overwrite",
            "NEW-1",
            "Tạp chí Mới",
            "3",
            "Huế",
            "Hội Nhà báo",
            "n",
            "Lê Văn B",
            "2026-11-25",
            "q",
        ),
    )
    assert replaced.exit_code == 0, replaced.output
    assert am.load(done).agency.id == "NEW-1" and am.load(done).answers == {}


def test_end_of_input_saves_and_says_how_to_resume(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    res = cli("interview", "-o", path, input=script(*INTAKE, "3", "n Ghi chú"))
    assert res.exit_code == 0, res.output
    assert "Hết dữ liệu vào." in res.stdout and "--resume" in res.stdout
    a = am.load(path)
    assert a.answers["G1.1"].level == 3 and a.answers["G1.2"].note == "Ghi chú"


def test_a_crash_during_intake_loses_nothing_typed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    first = cli("interview", "-o", path, input=script(*INTAKE[:4]))
    assert first.exit_code == 0 and not path.exists()
    assert (tmp_path / ".a.json.intake.json").exists()
    second = cli(
        "interview",
        "-o",
        path,
        input=script("", "", "", "", "Tỉnh ủy Đồng Nai", "k", "Hạnh", "2026-11-20", "q"),
    )
    assert second.exit_code == 0, second.output
    assert "Đã khôi phục thông tin nhập dở từ lần trước." in second.stdout
    a = am.load(path)
    assert (a.agency.id, a.agency.name, a.agency.block, a.agency.province) == (
        "BDP-014",
        "Báo Đồng Phú",
        "local_newspaper",
        "Đồng Nai",
    )
    assert not (tmp_path / ".a.json.intake.json").exists()


def test_default_file_name_comes_from_the_agency_id(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    intake = ["../BĐP/014", *INTAKE[1:]]
    res = cli("interview", input=script(*intake, "2", "q"))
    assert res.exit_code == 0, res.output
    assert am.load(tmp_path / "BDP-014.json").agency.id == "../BĐP/014"


def test_a_damaged_file_is_refused_and_left_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{not json", encoding="utf-8")
    res = cli("interview", "-o", path, input=script("c"))
    assert res.exit_code == 2
    assert "tệp đánh giá bị hỏng" in res.stderr
    assert path.read_text(encoding="utf-8") == "{not json"
    res = cli("interview", "--resume", tmp_path / "missing.json")
    assert res.exit_code == 2 and "không có tệp để tiếp tục" in res.stderr
    res = cli("interview", "-o", path, "--resume", path)
    assert res.exit_code == 2 and "either --output or --resume" in res.stderr


def test_narrow_screen_still_shows_everything(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    res = cli("interview", "-o", path, input=script(*INTAKE, "q"), env={"COLUMNS": "40", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    assert "G1.1" in res.stdout and "Dẫn dắt" in res.stdout
    assert "\x1b[" not in res.stdout  # no colour codes when output is not a terminal


def test_review_lists_the_few_unanswered_questions_with_their_text(cli: Cli, tmp_path: Path) -> None:
    missing = {"G2.4", "G5.5", "G7.2"}
    a = factories.answered(level=lambda qid: None if qid in missing else 3, status="in_progress")
    path = factories.write(a, tmp_path)
    res = cli("interview", "--resume", path, "--lang", "en", input=script("r", "G5.5", "4", "r", "q"))
    assert res.exit_code == 0, res.output
    q = factories.press()
    assert f"G2.4  {q.question_by_id['G2.4'].text.en[:40]}" in res.stdout
    assert am.load(path).answers["G5.5"].level == 4
    assert res.stdout.count("Unanswered questions:") == 2
