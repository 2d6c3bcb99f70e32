"""Hostile input, generated: mutated submissions and assessment files never crash assess, and a
batch accounts for every row it was given. A third test runs every command on broken inputs and
checks none of them reports a bug (exit 3) or prints a traceback."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.submission_files import agency, csv_text, header

EXAMPLE = Path(__file__).parents[1] / "examples" / "assessments" / "VD-BDP-014.json"
Cli = Callable[..., Result]

# What spreadsheets from hundreds of agencies hold: stray spaces, words for numbers, formulas,
# markup, control and format characters, huge numbers, impossible dates, quotes and line breaks.
HOSTILE_CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "  ",
            " 4 ",
            "3.0",
            "3,0",
            "ba",
            "-1",
            "6",
            "1e309",
            "NaN",
            "inf",
            "9" * 400,
            "N/A",
            "không áp dụng",
            "=1+1",
            "+SUM(A1:A9)",
            "@cmd",
            "<script>x</script>",
            "&#60;b&#62;",
            "\x00",
            "\x1b[2J\x07",
            "\u202eevil",
            "\ufeffVD-1",
            "ＶＤ－１",
            "zero\u200bwidth",
            '"',
            'a "quoted" word',
            "a,b;c\td",
            "line\nbreak",
            "line\r\nbreak",
            "VD-9,Báo giả,Báo địa phương\nVD-10,Báo giả 2",
            "31/02/2026",
            "2026-13-01",
            "10000-01-01",
            "có",
            "x" * 2_500,
            "y" * 25_000,
        ]
    ),
)


@st.composite
def mutated_submissions(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[str], int]:
    """A handful of valid rows with some cells replaced by hostile values."""
    columns = header()
    rows = [agency(f"VD-F{i:02d}", level=draw(st.integers(0, 5))) for i in range(draw(st.integers(1, 6)))]
    mutations = draw(st.integers(0, 12))
    for _ in range(mutations):
        row = draw(st.integers(0, len(rows) - 1))
        rows[row][draw(st.sampled_from(columns))] = draw(HOSTILE_CELLS)
    return rows, columns, mutations


def _results(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data


def _error_rows(out: Path) -> set[int]:
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {int(r["row"]) for r in csv.DictReader(handle) if r["severity"] == "error" and r["row"]}


def _no_bug(res: Result) -> None:
    assert res.exit_code in (0, 1, 2), (res.exit_code, res.output[-2000:])
    assert "Traceback" not in res.output
    if res.exception is not None:
        assert isinstance(res.exception, SystemExit), repr(res.exception)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(mutated_submissions())
def test_mutated_rows_never_crash_and_every_row_is_accounted_for(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, drawn: tuple[list[dict[str, Any]], list[str], int]
) -> None:
    rows, columns, mutations = drawn
    work = tmp_path_factory.mktemp("fuzz")
    source = work / "s.csv"
    source.write_text(csv_text(rows, ",", columns), encoding="utf-8")
    out = work / "out"
    res = cli("batch", source, "--out", out, "--jobs", "1")
    note(res.output[-3000:])
    _no_bug(res)
    if res.exit_code == 2:  # the file as a whole was refused: it must say why, and write nothing
        assert not (out / "results.json").exists()
        return
    results = _results(out)
    # cells are quoted as a spreadsheet writes them: every given row is a row read, and each is
    # either scored or rejected with an error finding on its row
    assert results["rows_read"] == len(rows)
    assert results["scored"] + results["rejected"] == results["rows_read"]
    scored_rows = {r["source_row"] for r in results["results"]}
    errors = _error_rows(out)
    assert scored_rows.isdisjoint(errors)
    assert scored_rows | errors == set(range(2, len(rows) + 2))
    assert res.exit_code == (0 if results["rejected"] == 0 and results["scored"] > 0 else 1)
    if not mutations:  # the starting point is valid: the fuzzing starts from rows that score
        assert results["scored"] == len(rows)


HOSTILE_BYTES = [
    b'"',
    b"\x00",
    b"\n",
    b"\r",
    b",",
    b";",
    b"\t",
    b"\xff",
    b"\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"=",
    b"",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(HOSTILE_BYTES), st.integers(0, 3)), max_size=10))
def test_damaged_bytes_never_crash(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[float, bytes, int]]
) -> None:
    data = bytearray(
        csv_text([agency("VD-B1"), agency("VD-B2", level=1), agency("VD-B3")], ",", None).encode()
    )
    for where, insert, remove in edits:
        at = int(where * len(data))
        data[at : at + remove] = insert
    work = tmp_path_factory.mktemp("bytes")
    source = work / "s.csv"
    source.write_bytes(bytes(data))
    out = work / "out"
    res = cli("batch", source, "--out", out, "--jobs", "1")
    note(res.output[-3000:])
    _no_bug(res)
    if (out / "results.json").exists():
        results = _results(out)
        assert results["scored"] + results["rejected"] == results["rows_read"]


def _paths(tree: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON tree."""
    found = [at]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += _paths(value, (*at, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            found += _paths(value, (*at, i))
    return found


HOSTILE_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["3", "\x00", "\x1b]0;title\x07", "9999-99-99", "10000-01-01", "=1+1", "<b>x</b>", "x" * 30_000]
    ),
    st.just([]),
    st.just({}),
    st.just([[[[[[[[[[]]]]]]]]]]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_assessment_files_never_crash(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    tree = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(tree) if p]
        path = data.draw(st.sampled_from(paths))
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and data.draw(st.booleans()) and len(parent) > 1:
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(HOSTILE_JSON)
    source = tmp_path_factory.mktemp("json") / "a.json"
    source.write_text(json.dumps(tree, ensure_ascii=data.draw(st.booleans())), encoding="utf-8")
    res = cli("score", source)
    note(res.output[-3000:])
    _no_bug(res)


def _garbage(path: Path, seed: int = 3) -> Path:
    path.write_bytes(bytes(random.Random(seed).randrange(256) for _ in range(3000)))
    return path


def test_no_command_reports_a_bug_on_broken_input(cli: Cli, tmp_path: Path) -> None:
    """Every command, given missing, empty, binary, wrongly typed or truncated files, or an output
    it cannot write: a message and exit 1 or 2, never exit 3 or a traceback."""
    missing = tmp_path / "missing.json"
    folder = tmp_path / "folder"
    folder.mkdir()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = _garbage(tmp_path / "binary.csv")
    binary_xlsx = _garbage(tmp_path / "binary.xlsx", 4)
    truncated = tmp_path / "truncated.json"
    truncated.write_text(EXAMPLE.read_text(encoding="utf-8")[:500], encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text("[]", encoding="utf-8")
    yaml_junk = tmp_path / "junk.yaml"
    yaml_junk.write_text("groups: [unclosed\n  - : :\n", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    good_csv = tmp_path / "good.csv"
    good_csv.write_text(csv_text([agency("VD-G1")], ",", None), encoding="utf-8")
    calls: list[list[Any]] = []
    for bad in (missing, folder, empty, binary, truncated, array):
        calls += [["score", bad], ["report", bad, "-o", tmp_path / "r.pdf"], ["interview", "--resume", bad]]
    for bad in (missing, folder, empty, binary, binary_xlsx):
        calls.append(["batch", bad, "--out", tmp_path / "out"])
    for bad in (missing, folder, empty, yaml_junk, binary):
        calls += [["questionnaire", "validate", bad], ["questionnaire", "show", bad]]
        calls.append(["template", "-q", bad, "-o", tmp_path / "t.xlsx"])
    calls += [
        ["score", EXAMPLE, "--results", truncated],
        ["score", EXAMPLE, "--profile", yaml_junk],
        ["report", EXAMPLE, "-o", folder],
        ["report", EXAMPLE, "-o", a_file / "r.pdf"],
        ["batch", good_csv, "--out", a_file],
        ["template", "-o", folder],
        ["template", "-o", a_file / "t.xlsx"],
        ["schema", "assessment", "-o", folder],
        ["questionnaire", "show", "no-such-questionnaire"],
    ]
    for call in calls:
        res = cli(*call, input="")
        assert res.exit_code in (1, 2), (call, res.exit_code, res.output[-1500:])
        assert "Traceback" not in res.output, (call, res.output[-1500:])
        assert res.output.strip(), call  # it says what went wrong
