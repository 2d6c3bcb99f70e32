"""`assess report --previous`: the "progress since <date>" section of the agency report."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from assess import compare, formatting, report, result
from assess.compare import NotComparable, TargetChange

Cli = Callable[..., Result]
EXAMPLES = Path(__file__).parent.parent / "examples" / "assessments"
EXAMPLES_2025 = Path(__file__).parent.parent / "examples" / "2025" / "assessments"  # a year earlier
NAMES = ("VD-BDP-014", "VD-PTTH-031", "VD-TCKH-207")


def earlier(name: str, directory: Path, lower: tuple[str, ...] = ("G1.", "G2."), **changes: Any) -> Path:
    """The example a year earlier, with every answered question of the groups `lower` one level
    lower (so they rose since) and G6's answers one level higher (so it fell since)."""
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    data["assessed_on"] = "2025-11-12"
    data["created_at"] = data["updated_at"] = "2025-11-12T01:30:00Z"
    for qid, answer in data["answers"].items():
        answer["answered_at"] = answer["updated_at"] = "2025-11-12T01:40:00Z"
        level = answer.get("level")
        if level is None:
            continue
        if qid.startswith(lower) and level > 0:
            answer["level"] = level - 1
        elif qid.startswith("G6.") and level < 5:
            answer["level"] = level + 1
    data.update(changes)
    path = directory / f"{name}-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def loaded(name: str, tmp_path: Path) -> tuple[result.Loaded, result.Loaded]:
    return result.load(earlier(name, tmp_path)), result.load(EXAMPLES / f"{name}.json")


def html_of(new: result.Loaded, lang: str, comparison: compare.AssessmentComparison | None) -> str:
    r = result.evaluate(new.assessment, new.questionnaire, new.profile)
    args = (r, new.assessment, new.questionnaire, new.profile, lang)
    return report.agency_html(*args, comparison=comparison).text  # type: ignore[arg-type]


def test_the_section_prints_the_numbers_then_and_now(tmp_path: Path) -> None:
    old, new = loaded("VD-BDP-014", tmp_path)
    c = compare.assessments(old, new)
    r_old = result.evaluate(old.assessment, old.questionnaire, old.profile)
    r_new = result.evaluate(new.assessment, new.questionnaire, new.profile)
    html = html_of(new, "en", c)
    assert "Progress since 12 November 2025" in html
    assert html.index('id="summary"') < html.index('id="progress"') < html.index('id="standing"')
    # index then and now, and the change signed
    assert f"{r_old.scores.index:.1f}" in html and f"{r_new.scores.index:.1f}" in html
    delta = round(r_new.scores.index - r_old.scores.index, 1)
    assert delta > 0 and f"+{delta:.1f}" in html
    # G1 rose (its answers were lower), G6 fell: each row says so, with its sign and arrow
    old_groups = {g.id: g for g in r_old.scores.groups}
    rows = {
        g.id: html.split(f"<td><b>{g.id}</b>")[1].split("</tr>")[0]
        for g in r_new.scores.groups
        if g.id in ("G1", "G6")
    }
    g1, g6 = (next(g for g in r_new.scores.groups if g.id == i) for i in ("G1", "G6"))
    assert g1.score is not None and g6.score is not None
    rise = round(g1.score - (old_groups["G1"].score or 0), 1)
    fall = round((old_groups["G6"].score or 0) - g6.score, 1)
    assert f"+{rise:.1f}" in rows["G1"] and 'class="tri up"' in rows["G1"]
    assert f"–{fall:.1f}" in rows["G6"] and 'class="tri down"' in rows["G6"]
    for heading in ("Task group scores", "Strategy targets", "The previous roadmap"):
        assert heading in html
    # every initiative of the previous roadmap is named under one status
    for i in c.initiatives:
        assert i.name("en") in html
    assert "Not compared" not in html  # the same questionnaire: everything compared


def test_what_could_not_be_compared_and_targets_lost_are_listed(tmp_path: Path) -> None:
    old, new = loaded("VD-PTTH-031", tmp_path)
    c = compare.assessments(old, new)
    target = new.questionnaire.targets[0]
    c = c.model_copy(
        update={
            "index": None,
            "targets": (TargetChange(target=target.id, old="met", new="not_met", change="lost"),),
            "not_comparable": (
                NotComparable(kind="index", id="index", reason="changed"),
                NotComparable(kind="group", id="G3", reason="changed"),
                NotComparable(kind="question", id="G3.1", reason="changed"),
                NotComparable(kind="question", id="G3.2", reason="changed"),
                NotComparable(kind="question", id="G9.1", reason="only_old"),
            ),
        }
    )
    html = html_of(new, "vi", c)
    assert "Không so sánh được" in html
    index = formatting.number(c.new.index, "vi", 1)
    assert f'{index} <span class="delta none">(không so sánh được)</span>' in html
    assert "Chỉ số chung (nội dung đã thay đổi)" in html
    g3 = new.questionnaire.group_by_id["G3"].title("vi")
    assert f"Nhóm (nội dung đã thay đổi): G3 {g3}" in html
    assert "Câu hỏi (nội dung đã thay đổi): G3.1, G3.2" in html
    assert "Câu hỏi (chỉ có ở lần trước): G9.1" in html
    assert "Không còn đạt" in html and target.name("vi") in html


def test_no_section_without_a_previous_assessment(tmp_path: Path) -> None:
    new = result.load(EXAMPLES / "VD-TCKH-207.json")
    html = html_of(new, "vi", None)
    assert 'id="progress"' not in html and "Tiến bộ kể từ" not in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_with_progress_keeps_to_eight_pages(
    cli: Cli, tmp_path: Path, name: str, lang: str
) -> None:
    """The three examples against their assessments of a year earlier (examples/2025)."""
    previous = EXAMPLES_2025 / f"{name}.json"
    pdf = tmp_path / f"{name}.pdf"
    res = cli(
        "report", EXAMPLES / f"{name}.json", "--previous", previous, "-o", pdf, "--lang", lang, "--html"
    )
    assert res.exit_code == 0, res.output
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages <= report.MAX_PAGES
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    title = "Tiến bộ kể từ" if lang == "vi" else "Progress since"
    day = formatting.long_date(result.load(previous).assessment.assessed_on, lang)  # type: ignore[arg-type]
    assert f"{title} {day}" in " ".join(text.split())
    # right after the one-page summary: the page after the summary's
    pages_text = text.split("\f")
    summary = next(
        i for i, p in enumerate(pages_text) if ("Tóm tắt" if lang == "vi" else "Executive summary") in p
    )
    assert title in pages_text[summary + 1]
    assert str(previous) in res.stdout.replace("\n", "")


def refused(res: Result) -> None:
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and "internal error" not in res.output.lower()


def test_another_agencys_assessment_is_refused(cli: Cli, tmp_path: Path) -> None:
    other = json.loads((EXAMPLES / "VD-PTTH-031.json").read_text(encoding="utf-8"))["agency"]
    previous = earlier("VD-BDP-014", tmp_path, agency=other)
    for lang, words in (("vi", "không phải của VD-BDP-014"), ("en", "not of VD-BDP-014")):
        res = cli(
            "report",
            EXAMPLES / "VD-BDP-014.json",
            "--previous",
            previous,
            "-o",
            tmp_path / "r.pdf",
            "--lang",
            lang,
        )
        refused(res)
        assert "VD-PTTH-031" in res.stderr and words in " ".join(res.stderr.split())
    assert not (tmp_path / "r.pdf").exists()


def test_a_previous_assessment_newer_than_the_report_is_refused(cli: Cli, tmp_path: Path) -> None:
    later = earlier("VD-BDP-014", tmp_path, assessed_on="2027-03-01")
    res = cli(
        "report", EXAMPLES / "VD-BDP-014.json", "--previous", later, "-o", tmp_path / "r.pdf", "--lang", "en"
    )
    refused(res)
    said = " ".join(res.stderr.split())
    assert "is dated 1 Mar 2027, after the assessment reported" in said and "dated 18 Nov 2026" in said
    res = cli("report", EXAMPLES / "VD-BDP-014.json", "--previous", later, "-o", tmp_path / "r.pdf")
    refused(res)
    assert "01/03/2027" in res.stderr and "18/11/2026" in res.stderr


def test_an_unusable_previous_file_is_refused_like_the_assessment(cli: Cli, tmp_path: Path) -> None:
    main = EXAMPLES / "VD-BDP-014.json"
    out = tmp_path / "r.pdf"
    missing = cli("report", main, "--previous", tmp_path / "nope.json", "-o", out)
    refused(missing)
    assert "nope.json: không có tệp này" in missing.stderr
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    refused(cli("report", main, "--previous", tmp_path / "broken.json", "-o", out))
    # read, but invalid: the exit code and the message the assessment itself would get
    invalid = earlier("VD-BDP-014", tmp_path)
    data = json.loads(invalid.read_text(encoding="utf-8"))
    data["answers"]["G1.1"]["level"] = 9
    invalid.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    as_previous = cli("report", main, "--previous", invalid, "-o", out)
    as_main = cli("report", invalid, "-o", out)
    assert as_previous.exit_code == as_main.exit_code != 0
    assert "Traceback" not in as_previous.output
    assert "answers.G1.1.level" in as_previous.stderr
    assert not out.exists()


def test_the_previous_file_is_never_overwritten(cli: Cli, tmp_path: Path) -> None:
    previous = earlier("VD-BDP-014", tmp_path)
    before = previous.read_bytes()
    res = cli("report", EXAMPLES / "VD-BDP-014.json", "--previous", previous, "-o", previous)
    assert res.exit_code == 2
    assert previous.read_bytes() == before


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_character_is_in_the_bundled_fonts(tmp_path: Path, lang: str) -> None:
    from tests.conftest import missing_glyphs

    old, new = loaded("VD-TCKH-207", tmp_path)
    assert missing_glyphs(html_of(new, lang, compare.assessments(old, new))) == set()
