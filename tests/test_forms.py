"""`assess batch` on form tools' exports: KoboToolbox (values or labels in either language, with
or without group names in the headers, CSV or XLSX), ODK Central and LimeSurvey. The exports are
made from the XLSForm `assess export xlsform` writes, and must score exactly as assess's own file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from assess import formfields as ff
from assess import forms
from tests import factories
from tests import form_exports as fe
from tests.conftest import run as cli_run
from tests.submission_files import agency

Cli = Callable[..., Result]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "submissions.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def outcome(out: Path) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """results.csv without the form tool's submission ids, and each finding's (row, code)."""
    results = [
        {k: v for k, v in r.items() if k != "source_submission"} for r in read_csv(out / "results.csv")
    ]
    found = sorted((f["row"], f["code"]) for f in read_csv(out / "findings.csv"))
    return results, found


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "press-dx.xlsx"
    res = cli_run("export", "xlsform", "-o", path)
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert cli_run("batch", EXAMPLES, "--out", out, "--lang", "en").exit_code == 1  # its broken rows
    return outcome(out)


VARIANTS: dict[str, dict[str, Any]] = {
    "kobo-xml-values-group-headers": {"tool": "kobo", "groups": "/"},
    "kobo-vietnamese-labels-bare-headers": {"tool": "kobo", "groups": None, "labels": "vi"},
    "kobo-english-labels-dash-headers": {"tool": "kobo", "groups": "-", "labels": "en"},
    "odk-central": {"tool": "odk_central"},
}


@pytest.mark.parametrize("variant", [*VARIANTS, "kobo-xlsx"])
def test_a_form_tools_export_scores_as_assess_own_file(
    cli: Cli, tmp_path: Path, form: Path, reference: Any, variant: str
) -> None:
    q = factories.press()
    rows = fe.template_rows(EXAMPLES)
    options = VARIANTS.get(variant, {"tool": "kobo", "groups": "/"})
    header, data = fe.export(q, form, rows, **options)
    if variant == "kobo-xlsx":
        path = fe.write_xlsx(tmp_path / "export.xlsx", header, data)
    else:
        path = fe.write_csv(tmp_path / "export.csv", header, data, options["tool"])
    out = tmp_path / "out"
    res = cli("batch", path, "--out", out, "--lang", "en")
    assert res.exit_code == 1, res.output
    tool = "ODK Central" if options["tool"] == "odk_central" else "KoboToolbox"
    assert f"An export of {tool}" in res.stdout
    assert outcome(out) == reference  # the same scores, ranks and findings, row for row
    assert "unknown_column" not in {code for _, code in outcome(out)[1]}  # meta columns set aside
    # each result keeps the tool's id of its submission, in results.csv and its assessment file
    key = "KEY" if options["tool"] == "odk_central" else "_uuid"
    ids = {r + 2: dict(zip(header, values, strict=True))[key] for r, values in enumerate(data)}
    results = read_csv(out / "results.csv")
    assert all(r["source_submission"] == ids[int(r["source_row"])] for r in results)
    first = results[0]
    assessment = json.loads((out / "assessments" / f"{first['agency_id']}.json").read_text("utf-8"))
    assert assessment["origin"]["tool"] == options["tool"]
    assert assessment["origin"]["submission"] == first["source_submission"]


def _kobo(form: Path, rows: list[dict[str, Any]], **options: Any) -> tuple[list[str], list[list[Any]]]:
    return fe.export(factories.press(), form, [{k: str(v) for k, v in r.items()} for r in rows], **options)


def _rows(*made: dict[str, Any]) -> list[dict[str, Any]]:
    """Submission rows with every template column (notes empty)."""
    q = factories.press()
    out = []
    for row in made:
        full = {"province": "", "governing_body": ""} | row
        for question in q.questions:
            full.setdefault(question.id, "")
            full.setdefault(f"{question.id}_note", "")
        out.append(full)
    return out


def test_resubmissions_are_resolved_by_keep(cli: Cli, tmp_path: Path, form: Path) -> None:
    """VD-1 submitted three times (levels 2, then 4, then 3, in that order of time; the file lists
    them out of order); VD-2 once."""
    rows = _rows(
        agency("VD-1", level=4),
        agency("VD-2", level=3),
        agency("VD-1", level=2),
        agency("VD-1", level=3),
    )
    header, data = _kobo(form, rows)
    at = header.index("_submission_time")
    data[0][at], data[1][at] = "2026-11-10T08:00:00", "2026-11-10T09:00:00"
    data[2][at], data[3][at] = "2026-11-09T08:00:00", "2026-11-11T07:30:00"
    path = fe.write_csv(tmp_path / "export.csv", header, data)

    res = cli("batch", path, "--out", tmp_path / "reject", "--lang", "en")
    assert res.exit_code == 1  # the default: every copy rejected, as any duplicate id
    found = read_csv(tmp_path / "reject" / "findings.csv")
    assert sorted(int(f["row"]) for f in found if f["code"] == "duplicate_agency_id") == [2, 4, 5]
    assert [r["agency_id"] for r in read_csv(tmp_path / "reject" / "results.csv")] == ["VD-2"]

    for keep, level, scored_row in (("latest", 3, 5), ("first", 2, 4)):
        out = tmp_path / keep
        res = cli("batch", path, "--out", out, "--keep", keep, "--lang", "en")
        assert res.exit_code == 0, res.output  # set aside is not rejected
        assert "2 scored + 2 set aside + 0 rejected = 4 rows read." in " ".join(res.stdout.split())
        written = json.loads((out / "results.json").read_text(encoding="utf-8"))
        counts = [written[k] for k in ("rows_read", "scored", "superseded", "rejected")]
        assert counts == [4, 2, 2, 0]
        quality = written["summary"]["data_quality"]
        assert [quality[k] for k in ("rows_read", "scored", "superseded", "rejected")] == counts
        results = {r["agency_id"]: r for r in read_csv(out / "results.csv")}
        assert results["VD-1"]["source_row"] == str(scored_row)
        assert float(results["VD-1"]["index"]) == level * 20
        set_aside = [f for f in read_csv(out / "findings.csv") if f["code"] == "superseded_submission"]
        assert sorted(int(f["row"]) for f in set_aside) == sorted({2, 4, 5} - {scored_row})
        assert all(f["severity"] == "warning" and f"row {scored_row}" in f["message"] for f in set_aside)


def test_a_submission_made_with_another_questionnaire_version_is_refused(
    cli: Cli, tmp_path: Path, form: Path
) -> None:
    header, data = _kobo(form, _rows(agency("VD-1"), agency("VD-2")))
    at = header.index(f"{ff.QUESTIONNAIRE_HASH}")
    data[1][at] = "sha256:" + "0" * 64  # the form of another version of the questionnaire
    path = fe.write_csv(tmp_path / "export.csv", header, data)
    res = cli("batch", path, "--out", tmp_path / "out", "--lang", "en")
    assert res.exit_code == 1
    found = read_csv(tmp_path / "out" / "findings.csv")
    assert [(f["row"], f["code"], f["severity"]) for f in found] == [("3", "form_other_version", "error")]
    assert "collect it again with this version's form" in found[0]["message"]
    assert [r["agency_id"] for r in read_csv(tmp_path / "out" / "results.csv")] == ["VD-1"]

    # an export that does not say which version its form was for: a warning, and it is read
    keep = [i for i, h in enumerate(header) if h not in ff.CALCULATED]
    bare = fe.write_csv(
        tmp_path / "bare.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in data]
    )
    res = cli("batch", bare, "--out", tmp_path / "bare", "--lang", "en")
    assert res.exit_code == 0, res.output
    codes = [(f["row"], f["code"]) for f in read_csv(tmp_path / "bare" / "findings.csv")]
    assert codes == [("1", "form_version_unknown")]


def test_meta_columns_are_set_aside_and_other_columns_reported(cli: Cli, tmp_path: Path, form: Path) -> None:
    header, data = _kobo(form, _rows(agency("VD-1")))
    header += ["_new_kobo_column", "meta/audit", "formhub/uuid", "ghi_chu_them"]
    data[0] += ["x", "audit.csv", "abc", "một cột lạ"]
    path = fe.write_csv(tmp_path / "export.csv", header, data)
    res = cli("batch", path, "--out", tmp_path / "out")
    assert res.exit_code == 0
    found = read_csv(tmp_path / "out" / "findings.csv")
    assert [(f["code"], f["value"]) for f in found] == [("unknown_column", "ghi_chu_them")]

    header, data = fe.export(factories.press(), form, _rows(agency("VD-1")), tool="odk_central")
    header += ["meta-entity", "Notes"]
    data[0] += ["e1", "ghi chú"]
    path = fe.write_csv(tmp_path / "central.csv", header, data, "odk_central")
    res = cli("batch", path, "--out", tmp_path / "central")
    assert res.exit_code == 0
    found = read_csv(tmp_path / "central" / "findings.csv")
    assert [(f["code"], f["value"]) for f in found] == [("unknown_column", "Notes")]


def test_kobos_row_of_hxl_hashtags_is_not_a_submission(cli: Cli, tmp_path: Path, form: Path) -> None:
    header, data = _kobo(form, _rows(agency("VD-1")))
    tags = [
        "#org +code" if h.endswith("agency_id") else "#date" if h.endswith("assessed_on") else ""
        for h in header
    ]
    path = fe.write_csv(tmp_path / "export.csv", header, [tags, *data])
    res = cli("batch", path, "--out", tmp_path / "out", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "1 scored + 0 rejected = 1 rows read." in " ".join(res.stdout.split())
    assert [r["source_row"] for r in read_csv(tmp_path / "out" / "results.csv")] == ["3"]


def test_labels_of_both_languages_in_one_file(cli: Cli, tmp_path: Path, form: Path) -> None:
    vi_header, vi = _kobo(form, _rows(agency("VD-1", level=1)), labels="vi", groups=None)
    en_header, en = _kobo(form, _rows(agency("VD-2", level=4)), labels="en", groups=None)
    assert vi_header == en_header
    assert any(isinstance(c, str) and c.startswith("1 – ") for c in vi[0])
    path = fe.write_csv(tmp_path / "export.csv", vi_header, [vi[0], en[0]])
    res = cli("batch", path, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    index = {r["agency_id"]: float(r["index"]) for r in read_csv(tmp_path / "out" / "results.csv")}
    assert index == {"VD-1": 20.0, "VD-2": 80.0}


def _limesurvey(form: Path, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """LimeSurvey's CSV: question codes are letters and digits (G1x1, G1x1note, agencyid)."""
    header, data = _kobo(form, rows, groups=None)
    fields = [h for h in header if not h.startswith("_") and h not in ("start", "end")]
    codes = [ff.limesurvey_codes(factories.press())[h] for h in fields]
    meta = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    out = []
    for i, row in enumerate(data):
        cells = dict(zip(header, row, strict=True))
        out.append([i + 1, "2026-11-20 09:15:00", 8, "vi", 123456 + i, *[cells[f] for f in fields]])
    return meta + codes, out


def test_limesurvey_codes_and_a_column_map(cli: Cli, tmp_path: Path, form: Path) -> None:
    rows = _rows(agency("VD-1", level=2), agency("VD-2", level=5))
    header, data = _limesurvey(form, rows)
    assert "G1x1" in header and "agencyid" in header and "G1x1note" in header
    path = fe.write_csv(tmp_path / "lime.csv", header, data)
    res = cli("batch", path, "--out", tmp_path / "out", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "An export of LimeSurvey" in res.stdout
    index = {r["agency_id"]: float(r["index"]) for r in read_csv(tmp_path / "out" / "results.csv")}
    assert index == {"VD-1": 40.0, "VD-2": 100.0}

    # codes of the survey's own: named by a column map
    renamed = ["Q" + h if h.startswith("G") else h for h in header]
    path = fe.write_csv(tmp_path / "own.csv", renamed, data)
    res = cli("batch", path, "--out", tmp_path / "unmapped")
    assert res.exit_code == 1  # the questions are not found: too many unanswered
    mapping = tmp_path / "map.csv"
    lines = ["form_column,assess_column"]
    lines += [f"{h},{h[1:]}" for h in renamed if h.startswith("QG")]
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cli("batch", path, "--out", tmp_path / "mapped", "--column-map", mapping)
    assert res.exit_code == 0, res.output
    index = {r["agency_id"]: float(r["index"]) for r in read_csv(tmp_path / "mapped" / "results.csv")}
    assert index == {"VD-1": 40.0, "VD-2": 100.0}


def test_a_bad_column_map_is_refused(cli: Cli, tmp_path: Path) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("form_column,assess_column\nQ1,G99.9\n", encoding="utf-8")
    res = cli("batch", EXAMPLES, "--out", tmp_path / "out", "--column-map", mapping, "--lang", "en")
    assert res.exit_code == 2
    assert "row 2" in res.output and "G99.9" in res.output
    assert not (tmp_path / "out").exists()


def test_detection_by_headers() -> None:
    assert forms.detect(["agency_id", "agency_name", "G1.1"]) is None
    assert forms.detect(["start", "G1/G1_1", "_uuid", "_submission_time"]) == "kobo"
    assert forms.detect(["SubmissionDate", "G1-G1_1", "KEY"]) == "odk_central"
    assert forms.detect(["id", "submitdate", "lastpage", "startlanguage", "G1x1"]) == "limesurvey"
