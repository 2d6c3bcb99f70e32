"""Limits of the assessment JSON and of what `assess score` / `assess report` print and write:
strict JSON, strict types, bounded numbers, depth and dates, control characters refused in files
and never sent to a terminal, outputs that would replace an input refused."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from assess import assessment as am
from assess import questionnaire as qm
from assess.cli.console import plain, stdout
from assess.errors import InvalidContentError, UnreadableFileError
from assess.interview import Interview, InterviewError
from tests import factories

Cli = Callable[..., Result]
ESC = "\x1b]0;PWNED\x07\x1b[2J\x9b31m"  # retitle the window, clear the screen, a C1 CSI


def data_of(a: am.Assessment | None = None) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(am.dumps(a or factories.answered()))
    return parsed


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidContentError) as info:
        am.load(path, "en")
    return info.value.problems


# --- 2: nothing from data reaches a terminal as a control character -----------------------------


def test_terminal_output_never_carries_control_characters_from_data(cli: Cli, tmp_path: Path) -> None:
    # a file name is data too: it is printed in errors and in what was written
    name = tmp_path / f"VD{ESC}\u202eevil.json"
    res = cli("score", name)
    assert res.exit_code == 2
    assert "\x1b" not in res.output and "\x9b" not in res.output and "\u202e" not in res.output
    assert "\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202eevil.json" in res.stderr  # shown, not acted on

    # an agency name with escape sequences is refused when the file is read (19), and the
    # message names the field without passing the sequence on
    data = data_of()
    data["agency"]["name"] = f"Báo {ESC} Đồng Phú"
    res = cli("score", write(tmp_path / "a.json", data), "--lang", "en")
    assert res.exit_code == 1
    assert "agency.name: control character U+001B at character 5" in res.stderr
    assert "\x1b" not in res.output and "\x9b" not in res.output

    # whatever reaches a console (a result built in memory, a table cell): made plain
    a = factories.answered(name="Báo Đồng Phú")
    a = a.model_copy(update={"agency": a.agency.model_copy(update={"name": f"Báo{ESC}\u202e"})})
    from rich.table import Table

    from assess import result, scoring
    from assess.cli import render

    q = factories.press()
    table = Table()
    table.add_column("x")
    table.add_row(f"cell{ESC}")
    import io

    console = stdout()
    console.file = io.StringIO()
    console.print(render.summary(result.evaluate(a, q, scoring.resolve(None, q)), "vi"))
    console.print(table)
    console.print(f"plain{ESC}\ttab\nline two", markup=False)
    shown = console.file.getvalue()
    assert not any(ch in shown for ch in "\x1b\x07\x9b\u202e\t"), repr(shown)
    assert "Báo\\x1b]0;PWNED" in shown and "cell\\x1b" in shown and "line two" in shown
    assert plain("a\nb\x00c\x7fd\u2066") == "a\nb\\x00c\\x7fd\\u2066"


def test_score_json_on_a_terminal_escapes_what_a_terminal_acts_on() -> None:
    """JSON printed to stdout has C1 controls and bidirectional marks as \\u escapes: the same data."""
    from assess.cli import score

    text = json.dumps({"title": "a\x9bb\u202ec\u2028"}, ensure_ascii=False)
    shown = score._terminal_json(text)
    assert shown == '{"title": "a\\u009bb\\u202ec\\u2028"}' and json.loads(shown) == json.loads(text)


# --- 11: an output that would replace an input --------------------------------------------------


def test_report_refuses_to_write_over_its_input(cli: Cli, tmp_path: Path) -> None:
    source = factories.write(factories.answered(), tmp_path)
    original = source.read_bytes()

    res = cli("report", source, "-o", source)
    assert res.exit_code == 2, res.output
    assert "chính là tệp đầu vào" in res.stderr and "-report.pdf" in res.stderr  # says so, suggests a name

    # the assessment saved under a .pdf name: the default output (its name with .pdf) is itself
    misnamed = tmp_path / "a.pdf"
    misnamed.write_bytes(original)
    res = cli("report", misnamed, "--lang", "en")
    assert res.exit_code == 2 and "is the input file" in res.stderr
    assert misnamed.read_bytes() == original

    # the same file under another name: a symlink or a hard link
    (tmp_path / "link.pdf").symlink_to(source)
    os.link(source, tmp_path / "hard.pdf")
    for other in ("link.pdf", "hard.pdf"):
        res = cli("report", source, "-o", tmp_path / other)
        assert res.exit_code == 2, (other, res.output)
    # --html writes FILE.html beside the PDF: it may not be the input either
    as_html = tmp_path / "b.html"
    as_html.write_bytes(original)
    assert cli("report", as_html, "-o", tmp_path / "b.pdf", "--html").exit_code == 2
    assert source.read_bytes() == original and as_html.read_bytes() == original

    # a folder: a usage error with a hint (it used to be an internal error, exit 3)
    folder = tmp_path / "reports"
    folder.mkdir()
    res = cli("report", source, "-o", folder, "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "is a folder, not a file" in res.stderr and "-o names the file to write" in res.stderr
    assert not list(folder.iterdir())


def test_score_output_is_checked_like_report_output(cli: Cli, tmp_path: Path) -> None:
    source = factories.write(factories.answered(), tmp_path)
    original = source.read_bytes()
    assert cli("score", source, "-f", "json", "-o", source).exit_code == 2
    assert source.read_bytes() == original
    res = cli("score", source, "-o", tmp_path / "scores.txt", "--lang", "en")  # a table is only printed
    assert res.exit_code == 2 and "--output is for --format json or csv" in res.stderr
    # a place that cannot be written (a file where a folder should be): exit 2, not 3
    res = cli("score", source, "-f", "csv", "-o", source / "scores.csv", "--lang", "en")
    assert res.exit_code == 2 and "cannot write" in res.stderr and "internal error" not in res.output


# --- 15: hostile files give a message and exit 1 or 2, and the good files are still scored ----


def test_hostile_files_are_refused_with_a_message(cli: Cli, tmp_path: Path) -> None:
    good = factories.write(factories.answered(), tmp_path)
    text = good.read_text(encoding="utf-8")
    deep = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    deep_inside = write(
        tmp_path / "deep-inside.json", text.rstrip()[:-1] + ', "x": ' + "[" * 40 + "]" * 40 + "}"
    )
    huge = write(tmp_path / "huge.json", text.replace('"level": 3', '"level": ' + "9" * 5000, 1))
    assert '"G1.3": {\n      "level": 3' in text  # the first answer at level 3
    far = data_of()
    far["assessed_on"] = "9999-12-31"  # a roadmap from here overflowed Python's dates
    far = write(tmp_path / "far.json", far)
    y10k = data_of()
    y10k["assessed_on"] = "10000-01-01"
    y10k["created_at"] = "9999-12-31T23:59:59-23:59"  # year 10000 in UTC
    y10k = write(tmp_path / "y10k.json", y10k)
    expected = {
        deep: (2, "nested more than 16 levels deep"),
        deep_inside: (2, "nested more than 16 levels deep (at x.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0)"),
        huge: (1, "answers.G1.3.level: a number of 5000 digits (at most 18)"),
        far: (1, "assessed_on: the date must not be after 2100-12-31"),
        y10k: (1, "created_at: the time must lie between 2000-01-01 and 2100-12-31"),
    }
    for path, (code, message) in expected.items():
        res = cli("score", path, "--lang", "en")
        assert res.exit_code == code, (path.name, res.output)
        assert message in res.stderr, (path.name, res.stderr)
        assert "internal error" not in res.output and "Traceback" not in res.output
        report = cli("report", path, "-o", tmp_path / "r.pdf", "--lang", "en")
        assert report.exit_code == code and message in report.stderr
    assert "assessed_on: phải là một ngày dạng YYYY-MM-DD" in cli("score", y10k).stderr

    # several files: the bad ones are reported, the good one is still scored and printed
    res = cli("score", good, huge, deep, "--lang", "en")
    assert res.exit_code == 2, res.output  # the worst: a file that could not be read
    assert "Báo Đồng Phú" in res.stdout and "Index" in res.stdout
    assert "huge.json: invalid assessment file" in res.stderr and "deep.json: damaged" in res.stderr
    res = cli("score", good, huge, "-f", "json")
    assert res.exit_code == 1 and [r["agency"]["id"] for r in json.loads(res.stdout)] == ["BDP-014"]


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ('{"results": [1, 2', 2, "damaged batch results.json: not valid JSON"),
        ("[" * 100_000, 2, "damaged batch results.json: nested more than 16 levels deep"),
        ('{"results": 5}', 2, "not a batch results.json (expected an object with a list of results)"),
        ('{"results": [7]}', 1, "results.0: not a result"),
        ('{"results": [], "results": []}', 1, "results: the key appears more than once"),
        (
            '{"results": [{"agency": {"id": "BDP-014"}, "assessed_on": "2026-11-20", "peers": 7}]}',
            1,
            "results.0.peers: must be a JSON object, found 7",
        ),
        ("PEERS", 1, "in_block: rank 5 of 3 with 0 below and 0 equal"),
        ("\udcff", 2, "not UTF-8"),
    ],
)
def test_a_malformed_results_file_is_a_message(
    cli: Cli, tmp_path: Path, content: str, code: int, message: str
) -> None:
    source = factories.write(factories.answered(), tmp_path)
    results = tmp_path / "results.json"
    if content == "PEERS":
        standing = {"rank": 5, "of": 3, "below": 0, "equal": 0, "median": 50}
        peers = {"block": "local_newspaper", "in_block": standing, "overall": standing, "groups_in_block": {}}
        entry = {"agency": {"id": "BDP-014"}, "assessed_on": "2026-11-20", "peers": peers}
        content = json.dumps({"results": [entry]})
    if content == "\udcff":
        results.write_bytes(b'{"results": "\xff"}')
    else:
        results.write_text(content, encoding="utf-8")
    res = cli("report", source, "--results", results, "-o", tmp_path / "r.pdf", "--lang", "en")
    assert res.exit_code == code, res.output
    assert message in res.stderr, res.stderr
    assert "internal error" not in res.output and not (tmp_path / "r.pdf").exists()


# --- 19: strict JSON and strict types -----------------------------------------------------------


def test_duplicate_keys_are_refused_with_their_path(tmp_path: Path) -> None:
    text = am.dumps(factories.answered())
    text = text.replace('"name": ', '"name": "Báo Giả", "name": ', 1)
    text = text.replace('"G1.2": {', '"G1.2": {"level": 1, ', 1)
    text = text.replace('"status": ', '"assessor": "X", "status": ', 1)
    assert problems_of(write(tmp_path / "a.json", text)) == [  # an object's own keys, then the ones inside
        "assessor: the key appears more than once",
        "agency.name: the key appears more than once",
        "answers.G1.2.level: the key appears more than once",
    ]


def test_levels_and_flags_have_strict_types(tmp_path: Path) -> None:
    data = data_of()
    data["answers"]["G1.1"]["level"] = "3"
    data["answers"]["G1.2"]["level"] = True
    data["answers"]["G1.3"]["level"] = 3.0
    data["answers"]["G1.4"]["skipped"] = "false"
    data["agency"]["key_agency"] = "yes"
    data["assessed_on"] = 1_700_000_000
    assert problems_of(write(tmp_path / "a.json", data)) == [
        'agency.key_agency: must be true or false, found "yes"',
        "assessed_on: must be a date as YYYY-MM-DD, found 1700000000",
        'answers.G1.1.level: must be a whole number, found "3"',
        "answers.G1.2.level: must be a whole number, found true",
        "answers.G1.3.level: must be a whole number, found 3.0",
        'answers.G1.4.skipped: must be true or false, found "false"',
    ]


def test_numbers_json_does_not_have_are_refused(tmp_path: Path) -> None:
    text = am.dumps(factories.answered(level=lambda qid: 4 if qid == "G1.1" else 2))
    for bad, message in (
        ("NaN", "NaN is not a number JSON allows"),
        ("Infinity", "Infinity is not a number JSON allows"),
        ("-Infinity", "-Infinity is not a number JSON allows"),
        ("1e999", "1e999 is too large a number"),
        ("0." + "0" * 40 + "1", "a number written with 43 characters (at most 32)"),
    ):
        path = write(tmp_path / "a.json", text.replace('"level": 4', f'"level": {bad}', 1))
        assert problems_of(path) == [f"answers.G1.1.level: {message}"]


def test_control_characters_are_refused_in_every_text_field(tmp_path: Path) -> None:
    a = factories.answered()
    a = a.model_copy(
        update={
            "answers": {**a.answers, "G1.1": am.Answer(level=3, note="ok", evidence=("NQ-1.pdf",))},
            "origin": am.Origin(kind="batch", file="x.csv", row=2),
        }
    )
    fields = [
        (("agency", "id"), False),
        (("agency", "name"), False),
        (("agency", "block"), False),
        (("agency", "province"), False),
        (("agency", "governing_body"), False),
        (("assessor",), False),
        (("position",), False),
        (("questionnaire", "version"), False),
        (("origin", "file"), False),
        (("answers", "G1.1", "evidence", 0), False),
        (("answers", "G1.1", "note"), True),
    ]
    for bad in ("\x00", "\x1b", "\x7f", "\x85", "\r"):
        data = data_of(a)
        for path, _ in fields:
            target = data
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = f"VD-1{bad}"  # type: ignore[index]
        data["answers"][f"G1.1{bad}"] = {"level": 1}
        problems = problems_of(write(tmp_path / "a.json", data))
        code = f"U+{ord(bad):04X}"
        for path, multiline in fields:
            where = ".".join(map(str, path))
            assert (
                f"{where}: control character {code} at character 5"
                + (" (line breaks and tabs are allowed)" if multiline else "")
                in problems
            ), (where, problems)
        assert f"answers.G1.1{bad}.[key]: control character {code} at character 5" in problems
    # a note and an N/A justification may hold line breaks and tabs; a name may not
    data = data_of(a)
    data["answers"]["G1.1"]["note"] = "dòng 1\ndòng 2\tcột"
    data["answers"]["G2.6"] = {"na": True, "na_reason": "Lý do:\n- một"}
    assert am.load(write(tmp_path / "a.json", data)).answers["G1.1"].note == "dòng 1\ndòng 2\tcột"
    data["agency"]["name"] = "Báo\nĐồng Phú"
    assert problems_of(write(tmp_path / "a.json", data)) == [
        "agency.name: control character U+000A at character 4"
    ]
    # the schema says so too, for other tools
    schema = json.dumps(am.Assessment.model_json_schema())
    assert '"pattern": "^[^\\\\u0000-\\\\u001f\\\\u007f-\\\\u009f]*$"' in schema


def test_file_size_and_evidence_count_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (am.FILE_MAX_BYTES + 1))
    with pytest.raises(UnreadableFileError, match="too large for an assessment file"):
        am.load(path, "en")
    data = data_of()
    data["answers"]["G1.1"]["evidence"] = [f"tài liệu {i}" for i in range(am.EVIDENCE_MAX + 1)]
    assert problems_of(write(tmp_path / "a.json", data)) == [
        "answers.G1.1.evidence: holds 51 items, at most 50"
    ]


# --- the interview writes the same model: it refuses what the model refuses and asks again -----


def test_the_interview_refuses_what_the_file_may_not_hold(mini: qm.Questionnaire) -> None:
    agency = am.Agency(id="VD-TC-1", name="Tạp chí Khoa học Bến Nghé", block="journal")
    saved: list[am.Assessment] = []
    iv = Interview(mini, am.new(mini, agency, assessed_on=date(2026, 11, 26)), saved.append)
    iv.go("G2.2")  # N/A is allowed here
    iv.set_note("Nghị quyết 05\ndòng hai")
    for call, key in (
        (lambda: iv.set_note("ghi\x01chú"), "intake.control"),
        (lambda: iv.set_note("x" * (am.NOTE_MAX + 1)), "intake.too_long"),
        (lambda: iv.add_evidence("NQ\x1b[2J.pdf"), "intake.control"),
        (lambda: iv.add_evidence("NQ\n2.pdf"), "intake.control"),  # one line
        (lambda: iv.add_evidence("x" * (am.REASON_MAX + 1)), "intake.too_long"),
        (lambda: iv.set_na("lý do\x07"), "intake.control"),
    ):
        with pytest.raises(InterviewError) as info:
            call()
        assert info.value.key == key
    for i in range(am.EVIDENCE_MAX):
        iv.add_evidence(f"tài liệu {i}")
    with pytest.raises(InterviewError) as info:
        iv.add_evidence("one too many")
    assert info.value.key == "interview.too_much_evidence"
    last = saved[-1].answers["G2.2"]
    assert last.note == "Nghị quyết 05\ndòng hai" and len(last.evidence) == am.EVIDENCE_MAX


def test_the_interview_asks_again_after_a_control_character(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "iv.json"
    typed = [
        "VD-IV-1",
        "Báo Thử\x1b[2J",  # refused: asked again
        "Báo Thử",
        "2",
        "Hà Nội",
        "Sở Văn hóa",
        "k",
        "An",
        "3000-01-01",  # in the future: asked again
        "2026-11-20",
        "n ghi\x01chú",  # refused: asked again
        "n ghi chú",
        "e NQ\x9b.pdf",
        "q",
    ]
    res = cli("interview", "-o", path, "--lang", "en", input="\n".join(typed) + "\n")
    assert res.exit_code == 0, res.output
    assert res.output.count("Control characters are not allowed.") == 3
    assert "The assessment date cannot be after today" in res.output
    assert "\x1b" not in res.output and "\x9b" not in res.output
    a = am.load(path)
    assert a.agency.name == "Báo Thử" and a.assessed_on == date(2026, 11, 20)
    assert a.answers["G1.1"].note == "ghi chú" and a.answers["G1.1"].evidence == ()


def test_an_intake_draft_keeps_only_what_the_intake_accepts(press: qm.Questionnaire) -> None:
    """The hidden draft of a half-typed intake is a file too: what no longer passes is asked again."""
    from assess.cli.interview_session import _draft_values

    draft = {
        "id": "VD\x1b[2J",
        "name": "Báo Đồng Phú",
        "block": "local_newspaper",
        "key_agency": True,
        "province": 7,
        "assessed_on": "9999-01-01",
        "assessor": "Trần Minh Khoa",
    }
    assert _draft_values(draft, press, "vi") == {
        "name": "Báo Đồng Phú",
        "block": "local_newspaper",
        "key_agency": True,
        "assessor": "Trần Minh Khoa",
    }
    assert _draft_values(["not", "a", "draft"], press, "vi") == {}
