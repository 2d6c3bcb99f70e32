"""The agency PDF report: content in both languages, safety with hostile input, determinism."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import Result as CliResult

from assess import assessment as am
from assess import formatting, report, resources, result, scoring
from assess.errors import RenderError
from tests import factories

Cli = Callable[..., CliResult]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"


def render(
    a: am.Assessment, lang: str = "vi", template_dir: Path | None = None, detail: str = "summary"
) -> report.Rendered:
    q = factories.press()
    profile = scoring.resolve(None, q)
    r = result.evaluate(a, q, profile)
    return report.agency_pdf(r, a, q, profile, lang, template_dir, detail)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example() -> am.Assessment:
    return am.load(EXAMPLES / "VD-BDP-014.json")


@pytest.fixture(scope="module")
def rendered_vi(example: am.Assessment) -> report.Rendered:
    return render(example, "vi")


@pytest.fixture(scope="module")
def rendered_en(example: am.Assessment) -> report.Rendered:
    return render(example, "en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_says_what_it_must(
    lang: str, rendered_vi: report.Rendered, rendered_en: report.Rendered, example: am.Assessment
) -> None:
    rendered = rendered_vi if lang == "vi" else rendered_en
    assert rendered.warnings == ()  # WeasyPrint logged nothing: no missing glyph, font or resource
    text = flat(pdf_text(rendered.pdf))
    q = factories.press()
    r = result.evaluate(example, q, scoring.resolve(None, q))
    assert "Báo Đồng Phú" in text and "Tỉnh ủy Đồng Nai" in text and "Nguyễn Thị Hạnh" in text
    assert formatting.number(r.scores.index, lang) in text  # 38,3 or 38.3
    assert r.scores.band.name(lang) in text
    for g in q.groups:
        assert flat(g.title(lang)) in text, g.id
    # the first step of the roadmap, with its text; the rubric of where a question is and of the next level
    first = r.roadmap.actions[0]
    assert flat(first.text(lang))[:60] in text
    assert flat(q.question_by_id["G1.2"].rubric[2](lang))[:50] in text
    assert flat(q.question_by_id["G1.2"].rubric[3](lang))[:50] in text
    # the sources and the method, with this agency's own formula, decimals localised
    assert "348/QĐ-TTg" in text and "1827/QĐ-BTTTT" in text and "3560/QĐ-BVHTTDL" in text
    assert "press-dx 1.1.0" in text
    assert ("(42,86×1 + 40,95×1 + 40×1,5" if lang == "vi" else "(42.86×1 + 40.95×1 + 40×1.5") in text
    # the strategy's targets and this tool's recommended levels are named apart
    assert (
        "Chỉ tiêu của Chiến lược (Quyết định 348/QĐ-TTg)" if lang == "vi" else "Decision 348/QĐ-TTg"
    ) in text
    assert ("không phải chỉ tiêu của Chiến lược" if lang == "vi" else "not a strategy target") in text
    # the 2026 assessment is banded by the thresholds in force since 2024
    assert ("Xuất sắc từ 90" if lang == "vi" else "Excellent from 90") in text
    assert ("ngày 18 tháng 11 năm 2026" if lang == "vi" else "18 November 2026") in text
    assert ("quá hạn từ 2025" if lang == "vi" else "overdue since 2025") in text
    assert "N/A" not in text if lang == "vi" else True  # no English badge in a Vietnamese report


def test_the_summary_page_says_what_to_do_first(rendered_vi: report.Rendered, example: am.Assessment) -> None:
    reader = PdfReader(io.BytesIO(rendered_vi.pdf))
    summary = flat(reader.pages[1].extract_text())
    q = factories.press()
    profile = scoring.resolve(None, q)
    r = result.evaluate(example, q, profile)
    assert summary.startswith(flat(reader.pages[1].extract_text())[:20]) and "Tóm tắt cho lãnh đạo" in summary
    assert "Những việc cần làm trước" in summary
    roles = profile.roadmap.role_by_id
    for init in r.roadmap.initiatives[:3]:
        assert flat(init.name.vi) in summary, init.id
        assert flat(roles[init.owner].name.vi) in summary, init.id
        assert f"{round(init.points)} điểm công sức" in summary
    assert "Quý I/2027" in summary  # quarters as Vietnamese plans write them
    assert "1/6" in summary  # strategy targets met of those that bind a local newspaper


def test_the_percentile_sentence_is_true_for_first_middle_and_last() -> None:
    from assess.report_context import Labels, peer_sentence

    labels = report.load_labels(report.template_roots(None), "en")
    ranking = scoring.Ranking([40.0, 55.0, 70.0, 85.0])
    sentences = [peer_sentence(ranking.standing(v), "Local newspaper", labels, "en") for v in (85, 55, 40)]
    assert sentences[0].startswith(
        "1st of 4 in the Local newspaper block; higher than 3 of the 3 other agencies"
    )
    assert sentences[1].startswith(
        "3rd of 4 in the Local newspaper block; higher than 1 of the 3 other agencies"
    )
    assert sentences[2].startswith(
        "4th of 4 in the Local newspaper block; higher than 0 of the 3 other agencies"
    )
    tied = scoring.Ranking([50.0, 50.0])
    assert "higher than 0 of the 1 other agency; level with 1" in peer_sentence(
        tied.standing(50), "Magazine", labels, "en"
    )
    alone = peer_sentence(scoring.Ranking([61.0]).standing(61), "Magazine", labels, "en")
    assert alone == "The only agency of the Magazine block in this round."
    assert isinstance(labels, Labels)


PAGE_MARGIN_PT = 13 / 25.4 * 72  # agency/report.css: @page margin, left and right


@pytest.mark.slow
@pytest.mark.parametrize("name", ["VD-BDP-014", "VD-PTTH-031", "VD-TCKH-207"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_example_report_fits_eight_pages_inside_the_frame(name: str, lang: str) -> None:
    import pdfplumber

    rendered = render(am.load(EXAMPLES / f"{name}.json"), lang)
    assert rendered.warnings == ()
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        assert len(pdf.pages) <= report.MAX_PAGES
        for number, page in enumerate(pdf.pages, 1):
            outside = [
                (c["text"], round(c["x0"]), round(c["x1"]))
                for c in page.chars
                if c["x0"] < PAGE_MARGIN_PT - 0.5 or c["x1"] > page.width - PAGE_MARGIN_PT + 0.5
            ]
            assert outside == [], (name, lang, number, outside[:5])
            assert all(c["top"] >= 0 and c["bottom"] <= page.height for c in page.chars)


def test_an_agency_far_below_every_aim_still_fits() -> None:
    """Every question two levels below a key agency's aims: the longest report there is; it is
    laid out more compactly until it fits."""
    a = factories.answered(level=lambda qid: 2, key=True)
    rendered = render(a, "vi")
    assert len(PdfReader(io.BytesIO(rendered.pdf)).pages) <= report.MAX_PAGES
    assert rendered.warnings == ()
    # the steps whose content is clearly too much are skipped, and only those
    q = factories.press()
    profile = scoring.resolve(None, q)
    r = result.evaluate(a, q, profile)
    start = report.first_step(r, a, q, profile, "vi")
    assert start >= 1
    assert (
        report._layout(report.agency_html(r, a, q, profile, "vi", compact=start - 1)).pages > report.MAX_PAGES
    )


@pytest.mark.parametrize("name", ["VD-BDP-014", "VD-PTTH-031", "VD-TCKH-207"])
def test_an_example_report_starts_with_every_detail(name: str) -> None:
    q = factories.press()
    profile = scoring.resolve(None, q)
    a = am.load(EXAMPLES / f"{name}.json")
    r = result.evaluate(a, q, profile)
    assert report.first_step(r, a, q, profile, "vi") == report.first_step(r, a, q, profile, "en") == 0


def test_full_detail_adds_every_rubric_answer_and_formula(example: am.Assessment) -> None:
    q = factories.press()
    profile = scoring.resolve(None, q)
    r = result.evaluate(example, q, profile)
    full = report.agency_pdf(r, example, q, profile, "en", detail="full")
    assert full.warnings == ()
    text = flat(pdf_text(full.pdf))
    assert "Annex: every answer" in text and "Annex: how every number was computed" in text
    for level in range(6):  # every level of a question's rubric
        assert flat(q.question_by_id["G4.8"].rubric[level].en)[:40] in text, level
    assert "NQ-05-BĐP-2026.pdf" in text  # evidence
    assert "Đã sáp nhập ban Điện tử" in text  # a note
    assert "100 × (3×2 + 2×1.5" in text  # the group formula with every weight
    for action in r.roadmap.actions:  # every step of the roadmap with its text
        assert flat(action.text.en)[:50] in text, (action.question, action.from_level)
    assert len(PdfReader(io.BytesIO(full.pdf)).pages) > report.MAX_PAGES


def test_metadata_is_fixed_and_no_attachments(rendered_vi: report.Rendered) -> None:
    reader = PdfReader(io.BytesIO(rendered_vi.pdf))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"].startswith("D:20261118")
    assert reader.metadata["/ModDate"].startswith("D:20261118")
    assert reader.metadata["/Title"].endswith("Báo Đồng Phú")
    names = reader.trailer["/Root"].get("/Names", {})
    assert "/EmbeddedFiles" not in names
    assert reader.attachments == {}


def test_only_bundled_assets_are_loaded(rendered_vi: report.Rendered) -> None:
    bundled = resources.templates_dir().resolve()
    served = {p.name for p in rendered_vi.served}
    assert served == {
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
    }
    assert all(p.is_relative_to(bundled) for p in rendered_vi.served if p.suffix == ".ttf")
    assert rendered_vi.refused == ()


def test_two_renders_are_byte_identical(rendered_vi: report.Rendered, example: am.Assessment) -> None:
    assert render(example, "vi").pdf == rendered_vi.pdf


@pytest.mark.slow
def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    """Not only within one process: fonts are subset the same way in any process, whatever its
    hash seed (HarfBuzz's subsetter, which .ci/run installs, and no warning about a fallback)."""
    outputs = []
    for seed in ("1", "4242"):
        target = tmp_path / f"r-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "assess", "report", str(EXAMPLES / "VD-TCKH-207.json"), "-o", str(target)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "weasyprint" not in done.stderr  # no fallback warning
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


WITHOUT_HARFBUZZ_SUBSET = """
import runpy, sys
import cffi

dlopen = cffi.FFI.dlopen

def no_subset_library(self, name, *args, **kwargs):  # as if libharfbuzz-subset0 were not installed
    if name is not None and "subset" in str(name):
        raise OSError(f"{name}: hidden by the test")
    return dlopen(self, name, *args, **kwargs)

cffi.FFI.dlopen = no_subset_library
from assess import report
from weasyprint.pdf import fonts

assert fonts.harfbuzz_subset is None and not report.subsets_with_harfbuzz()
sys.argv = ["assess", *sys.argv[1:]]
runpy.run_module("assess", run_name="__main__")
"""


@pytest.mark.slow
def test_two_processes_write_the_same_bytes_without_harfbuzz_subset(tmp_path: Path) -> None:
    """Without HarfBuzz's subset library WeasyPrint would subset with fontTools, which stamps each
    font with the time of writing; the reports then embed the bundled fonts whole, and two processes
    (seconds apart, with other hash seeds) still write the same bytes, with nothing but those fonts."""
    outputs = []
    for seed in ("1", "4242"):
        target = tmp_path / f"r-{seed}.pdf"
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                WITHOUT_HARFBUZZ_SUBSET,
                "report",
                str(EXAMPLES / "VD-TCKH-207.json"),
                "-o",
                str(target),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "weasyprint" not in done.stderr  # no "Using fontTools instead of HarfBuzz-Subset"
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert embedded_fonts(outputs[0]) == {"Noto-Sans", "Noto-Sans-Bold"}


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, without their subset prefix ("HUHQIP+")."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def test_only_the_bundled_fonts_are_embedded(
    rendered_vi: report.Rendered, rendered_en: report.Rendered
) -> None:
    """No glyph falls back to a system font, whose bytes would differ from machine to machine."""
    assert (
        embedded_fonts(rendered_vi.pdf) == embedded_fonts(rendered_en.pdf) == {"Noto-Sans", "Noto-Sans-Bold"}
    )


HOSTILE = {
    "name": '<script>alert("x")</script><img src="file:///etc/passwd">Báo Ác Ý',
    "note": '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">tệp</a>',
    "evidence": (
        '<a rel="attachment" href="file:///etc/hostname">bằng chứng</a>',
        '<link rel="stylesheet" href="http://example.invalid/x.css">',
        "url(file:///etc/passwd)",
    ),
    "governing": '<style>@import url("http://example.invalid/a.css"); body{display:none}</style>',
    "province": '<iframe src="https://example.invalid/"></iframe>',
}


def test_hostile_content_is_printed_as_text_and_fetches_nothing(tmp_path: Path) -> None:
    a = factories.answered(name=HOSTILE["name"], level=lambda qid: 2)
    a = a.model_copy(
        update={
            "agency": a.agency.model_copy(
                update={"governing_body": HOSTILE["governing"], "province": HOSTILE["province"]}
            ),
            "assessor": "<b>Kẻ xấu</b>",
            "answers": {
                **a.answers,
                "G1.1": am.Answer(level=3, note=HOSTILE["note"], evidence=HOSTILE["evidence"]),
            },
        }
    )
    rendered = render(a, "vi", detail="full")  # notes and evidence are printed in the annex
    assert rendered.warnings == ()
    assert rendered.refused == ()  # nothing even asked for a URL
    assert {p.suffix for p in rendered.served} == {".ttf"}
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A", {})
            assert "/URI" not in action, action  # no external link made from content
    text = flat(pdf_text(rendered.pdf))
    assert '<img src="file:///etc/passwd">' in text  # shown as the text it is
    assert "<script>" in text and "Báo Ác Ý" in text
    assert 'rel="attachment"' in text
    assert "root:x:0:0" not in text  # /etc/passwd was never read into the document
    assert "escaped" not in rendered.html.text
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in rendered.html.text


def test_counts_read_right_in_english() -> None:
    a = factories.answered(level=lambda qid: None if qid == "G7.5" else 1)
    text = flat(pdf_text(render(a, "en").pdf))
    assert "1 question is unanswered and scores 0" in text
    assert "1 questions" not in text and " 1 levels" not in text


def test_an_incomplete_assessment_is_marked_and_lists_what_is_missing() -> None:
    a = factories.answered(level=lambda qid: 3 if qid < "G4" else None, status="in_progress")
    rendered = render(a, "vi")
    text = flat(pdf_text(rendered.pdf))
    assert "CHƯA ĐẦY ĐỦ:" in text
    assert "Đánh giá chưa kết thúc" in text
    assert "G4.1, G4.2" in text
    assert "Chưa trả lời (tính 0 điểm)" in text


def test_templates_can_be_overridden_file_by_file(tmp_path: Path, example: am.Assessment) -> None:
    labels = (resources.templates_dir() / "_base" / "labels.yaml").read_text(encoding="utf-8")
    (tmp_path / "_base").mkdir()
    (tmp_path / "_base" / "labels.yaml").write_text(
        labels.replace(
            "report_title: {vi: Báo cáo đánh giá mức độ sẵn sàng chuyển đổi số,",
            "report_title: {vi: Báo cáo của Sở Văn hóa,",
        ),
        encoding="utf-8",
    )
    q = factories.press()
    profile = scoring.resolve(None, q)
    r = result.evaluate(example, q, profile)
    html = report.agency_html(r, example, q, profile, "vi", tmp_path)
    assert "Báo cáo của Sở Văn hóa" in html.text
    assert "Từng nhóm nhiệm vụ" in html.text  # everything else still bundled

    (tmp_path / "agency").mkdir()
    (tmp_path / "agency" / "report.html").write_text("{{ r.no_such_field }}", encoding="utf-8")
    with pytest.raises(RenderError, match="no_such_field"):
        report.agency_html(r, example, q, profile, "vi", tmp_path)
    with pytest.raises(RenderError, match="not a folder"):
        report.template_roots(tmp_path / "missing")


def test_the_fetcher_refuses_everything_but_bundled_files(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    bundled = resources.templates_dir().resolve()
    override = tmp_path / "override"
    (override / "_base").mkdir(parents=True)
    (override / "_base" / "extra.css").write_text("p {}", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (override / "_base" / "link.css").symlink_to(outside)
    roots = report.template_roots(override)
    fetch = report.bundled_only_fetcher(roots, {"_generated/radar.svg": b"<svg/>"})

    font = bundled / "_base" / "fonts" / "NotoSans-Regular.ttf"
    assert fetch(font.as_uri()).read()[:4] == font.read_bytes()[:4]
    assert fetch((bundled / "_base" / "extra.css").as_uri()).read() == b"p {}"  # override wins
    assert fetch((bundled / "_generated" / "radar.svg").as_uri()).read() == b"<svg/>"
    for url in (
        "http://example.invalid/x.css",
        "https://example.invalid/",
        "data:text/css,p{}",
        outside.as_uri(),
        "file:///etc/passwd",
        (bundled / ".." / ".." / "README.md").as_uri(),
        (bundled / "_base" / "link.css").as_uri(),
        "ftp://example.invalid/x",
    ):
        with pytest.raises(ValueError):
            fetch(url)
    assert len(fetch.refused) == 8


def test_weasyprint_and_matplotlib_load_only_for_pdfs(tmp_path: Path) -> None:
    path = factories.write(factories.answered(), tmp_path)
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from assess.cli import app\n"
        f"res = CliRunner().invoke(app, ['score', {str(path)!r}])\n"
        "assert res.exit_code == 0, res.output\n"
        "heavy = [m for m in ('weasyprint', 'matplotlib', 'openpyxl') if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "heavy: []" in out.stdout, out.stdout + out.stderr


def test_report_command(cli: Cli, tmp_path: Path) -> None:
    source = EXAMPLES / "VD-PTTH-031.json"
    target = tmp_path / "dai.pdf"
    res = cli("report", source, "-o", target, "--lang", "en", "--html")
    assert res.exit_code == 0, res.output
    assert target.read_bytes().startswith(b"%PDF")
    html = target.with_suffix(".html").read_text(encoding="utf-8")
    assert 'class="track"' in html and "The roadmap by initiative" in html  # the chart is HTML
    text = flat(pdf_text(target.read_bytes()))
    assert "Đài Phát thanh và Truyền hình Ngọc Lĩnh" in text
    assert "As a key press agency" in text  # the key-agency roadmap
    assert re.search(r"Report written: .*dai\.pdf", res.stdout)


def test_report_command_default_output_and_errors(cli: Cli, tmp_path: Path) -> None:
    a = factories.answered(level=lambda qid: None if qid.startswith("G7") else 4, status="in_progress")
    path = factories.write(a, tmp_path, "bao.json")
    res = cli("report", path)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "bao.pdf").exists()
    assert "5 câu chưa trả lời" in res.stderr
    missing = cli("report", tmp_path / "nope.json")
    assert missing.exit_code == 2 and "nope.json: không có tệp này" in missing.stderr
    broken = tmp_path / "templates" / "agency"
    broken.mkdir(parents=True)
    (broken / "report.html").write_text("{% if %}", encoding="utf-8")
    bad = cli("report", path, "--template-dir", tmp_path / "templates")
    assert bad.exit_code == 2 and "report template error" in bad.stderr
