"""The sector report (assess/sector.py) as a ministry official reads it: key messages and the
reporting period first, every agency needing help, task groups per block as a table, finding
descriptions in the report's language, progress since the previous round only with a comparison,
and agency text that stays text."""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from dataclasses import dataclass
from datetime import date

import pytest

from assess import formatting, report, scoring, sector
from assess.compare import AgencyChange, BatchComparison, BatchSide, Change, Movers, TargetThenNow
from assess.summary import ALL, Attainment, Period, SectorSummary
from tests import factories
from tests.submission_files import agency, write_csv

SCRIPT = "<script>x</script>"
LOW_G4_G5 = [x.id.replace(".", "__") for x in factories.press().questions if x.group in ("G4", "G5")]
FORMULA = '=HYPERLINK("x")'


@dataclass(frozen=True)
class Batch:
    run: object
    summary: SectorSummary
    results: dict  # results.json


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    from assess import batch as bm

    folder = tmp_path_factory.mktemp("sector")
    rows = [
        agency("VD-1", name="Báo Đồng Phú", level=4, assessed_on="2026-10-02"),
        agency("VD-2", name=SCRIPT, level=1, assessed_on="2026-11-20"),
        agency("VD-3", name=FORMULA, level=1, block="Tạp chí", assessed_on="2026-11-03"),
        agency("VD-4", name="Tạp chí Sông Hương", block="Tạp chí", level=2),
        agency("VD-5", name="Đài Phát thanh Hà Tĩnh", block="Phát thanh, truyền hình", level=5),
        agency("VD-6", name="Báo Hòa Bình", level=0),
        agency("VD-7", name="Báo Lỗi", G1__1="mười"),
        # Fair, but three strategy targets overdue: on the list for them, not for its band
        agency("VD-8", name="Báo Cao Bằng", level=4, **dict.fromkeys(LOW_G4_G5, 1)),
    ]
    q = factories.press()
    run = bm.run(
        write_csv(folder / "s.csv", rows), q, scoring.resolve(None, q), today=date(2026, 11, 26), jobs=1
    )
    written = bm.write_results(run, folder / "out", "vi", jobs=1)
    results = json.loads(written.results_json.read_text(encoding="utf-8"))
    return Batch(run, written.summary, results)


def text_of(html: str) -> str:
    """The visible text of an HTML page, one space between words."""
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def section(html: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next section heading."""
    start = html.index(">", html.index(f'id="{anchor}"')) + 1
    end = html.find('<h1 class="section"', start)
    return html[start : end if end > 0 else len(html)]


def comparison(summary: SectorSummary) -> BatchComparison:
    """A previous round made by hand: VD-1 rose 5.5 points, VD-2 fell 3.26."""
    q = factories.press()
    side = BatchSide(
        file="old/results.json",
        source="round-2025.csv",
        questionnaire=summary.questionnaire,
        profile=summary.profile,
        period=Period(first=date(2025, 10, 1), last=date(2025, 11, 14)),
        scored=5,
    )
    new_side = side.model_copy(
        update={"file": "out/results.json", "source": "s.csv", "period": summary.period}
    )
    attain = Attainment(bound=4, met=1, unanswered=0, share=0.25, reaches_2025=False, reaches_2030=False)
    return BatchComparison(
        old=side,
        new=new_side,
        agencies=(
            AgencyChange(
                agency_id="VD-1",
                name="Báo Đồng Phú",
                block="local_newspaper",
                key_agency=False,
                province="Đồng Nai",
                index=Change(old=60.0, new=65.5, delta=5.5),
                old_band="fair",
                new_band="fair",
                groups={},
                targets_newly_met=(),
                targets_lost=(),
            ),
            AgencyChange(
                agency_id="VD-2",
                name=SCRIPT,
                block="local_newspaper",
                key_agency=False,
                province="Đồng Nai",
                index=Change(old=30.0, new=26.74, delta=-3.26),
                old_band="weak",
                new_band="weak",
                groups={},
                targets_newly_met=(),
                targets_lost=(),
            ),
        ),
        new_agencies=(),
        missing_agencies=(),
        mapped=(),
        movers=(Movers(block=ALL, up=("VD-1",), down=("VD-2",), mean_change=1.13),),
        targets=tuple(
            TargetThenNow(target=t.id, block=ALL, old=attain, new=s.overall)
            for t, s in zip(q.targets, summary.targets, strict=True)
        ),
        not_comparable=(),
    )


def test_key_messages_and_period_come_first_in_the_pdf(batch: Batch) -> None:
    from pypdf import PdfReader

    html = sector.sector_html(batch.run, batch.summary, "vi", comparison=comparison(batch.summary))
    rendered = report.pdf_from_html(html, "sector")
    from tests.test_report import embedded_fonts

    assert embedded_fonts(rendered.pdf) == {"Noto-Sans", "Noto-Sans-Bold"}  # no system font filled a gap
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(rendered.pdf)).pages]
    assert "Kỳ đánh giá 02/10/2026 – 20/11/2026" in pages[0]  # the cover: the reporting period
    assert "Thông điệp chính" in pages[1]
    s = batch.summary
    assert (
        f"{s.overall.assessed} cơ quan báo chí được đánh giá trong kỳ từ 02/10/2026 đến 20/11/2026"
        in pages[1]
    )
    help_n = s.needing_help.agencies
    assert help_n == 5  # four weak agencies and a fair one with three targets overdue
    assert (
        f"{help_n} cơ quan ({formatting.percent(help_n / s.overall.assessed, 'vi')}) cần Bộ hỗ trợ"
        in pages[1]
    )
    text = " ".join(pages)
    assert SCRIPT in text and FORMULA in text  # agency names as typed
    assert "bad_level" in text and "câu trả lời không phải số nguyên 0-5, NA hay ô trống" in text


def test_every_agency_needing_help_is_listed_in_order(batch: Batch) -> None:
    html = sector.sector_html(batch.run, batch.summary, "en").text
    listed = re.findall(r'<td class="nowrap">(VD-\d+)</td>', section(html, "help"))
    expected = [r for r in batch.results["results"] if r["needs_help"]]
    assert sorted(listed) == sorted(r["agency"]["id"] for r in expected)
    order = {b.id: i for i, b in enumerate(factories.press().blocks)}
    by_id = {r["agency"]["id"]: r for r in expected}
    assert listed == sorted(listed, key=lambda i: (order[by_id[i]["agency"]["block"]], by_id[i]["index"]))
    help_text = text_of(section(html, "help"))
    # the legend spells out the columns: overdue targets (T1…) and support platforms (P1…)
    assert "P3 Attack-prevention and emergency-response platform" in help_text
    assert "Tỉnh ủy Đồng Nai · Đồng Nai" in help_text
    head = re.findall(r"<th[^>]*>([^<]*)</th>", section(html, "help"))
    targets = [h for h in head if re.fullmatch(r"T\d", h)]
    legend = help_text[help_text.index("(×):") : help_text.index("Support platforms")]
    fair_row = section(html, "help").split('<td class="nowrap">VD-8</td>')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)", fair_row)
    index = formatting.number(by_id["VD-8"]["index"], "en")
    assert cells[1].strip() == index and "Fair" in fair_row
    late = {r["target"] for r in by_id["VD-8"]["needs_help"]["reasons"] if r["kind"] == "target_overdue"}
    marks = cells[3 : 3 + len(targets)]
    assert marks.count("×") == len(late) == 3  # a Fair agency listed for its three overdue targets
    names = factories.press().target_by_id
    for short, mark in zip(targets, marks, strict=True):
        named = legend.split(f"{short} ")[1].split(";")[0].rstrip(".")
        assert (mark == "×") == any(names[t].name("en") == named for t in late), short
    assert "Báo Đồng Phú" not in help_text  # a Good agency is not listed
    # in the English report, the key message names the platform most needed
    assert "The support platform most needed:" in text_of(section(html, "messages"))


def test_the_list_is_capped_with_a_line_saying_how_many_more(
    batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sector, "LISTED", 2)
    html = sector.sector_html(batch.run, batch.summary, "vi").text
    assert len(re.findall(r'<td class="nowrap">VD-\d+</td>', section(html, "help"))) == 2
    assert "… và 3 cơ quan nữa: danh sách đầy đủ ở results.xlsx và results.json." in text_of(
        section(html, "help")
    )
    annex = section(html, "annex")
    assert len(re.findall(r'<td class="nowrap">VD-\d+</td>', annex)) == 2
    assert f"… và {batch.summary.overall.assessed - 2} cơ quan nữa" in text_of(annex)


def test_the_heatmap_is_a_table_of_medians_per_block_and_group(batch: Batch) -> None:
    html = section(sector.sector_html(batch.run, batch.summary, "vi").text, "heatmap")
    assert "<img" not in html
    table = html[html.index('<table class="heatmap">') : html.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], flags=re.S)
    scored = [b for b in batch.summary.blocks if b.assessed]
    assert len(rows) == len(scored) + 1  # a row per block with agencies, and one for all
    groups = factories.press().groups
    for row, block in zip(rows, [*scored, batch.summary.overall], strict=True):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        assert len(cells) == 1 + len(groups)
        for cell, group in zip(cells[1:], groups, strict=True):
            spread = block.groups[group.id]
            value = "—" if spread is None else formatting.number(spread.median, "vi")
            assert cell.startswith(value), (block.block, group.id, cell)
            if spread is not None:  # the band in words beside the colour
                assert re.search(r"· (Yếu|Trung bình|Khá|Tốt|Xuất sắc)</span>", cell)


def test_vietnamese_report_describes_findings_in_vietnamese(batch: Batch) -> None:
    vi = text_of(section(sector.sector_html(batch.run, batch.summary, "vi").text, "quality"))
    assert "câu trả lời không phải số nguyên 0-5, NA hay ô trống" in vi
    assert "văn bản bắt đầu như công thức bảng tính" in vi  # the warning for FORMULA
    assert "an answer is not a whole number" not in vi and "Problem" not in vi and "Count" not in vi
    en = text_of(section(sector.sector_html(batch.run, batch.summary, "en").text, "quality"))
    assert "an answer is not a whole number 0-5, NA or empty" in en


def test_progress_page_only_with_a_comparison(batch: Batch) -> None:
    plain = sector.sector_html(batch.run, batch.summary, "vi").text
    assert 'id="progress"' not in plain and "Tiến bộ kể từ" not in plain
    html = sector.sector_html(batch.run, batch.summary, "vi", comparison=comparison(batch.summary)).text
    page = text_of(section(html, "progress"))
    assert page.startswith("Tiến bộ kể từ kỳ 01/10/2025 – 14/11/2025")
    assert "+1,1" in page  # the mean change overall
    assert "VD-1 Báo Đồng Phú Báo địa phương 60,0 65,5 +5,5" in page
    assert f"VD-2 {SCRIPT} Báo địa phương 30,0 26,7 -3,3" in page  # to one decimal
    assert "25%" in page  # a target then
    assert "So với kỳ trước (01/10/2025 – 14/11/2025): 2 cơ quan" in text_of(section(html, "messages"))


def test_agency_text_is_escaped_never_markup(batch: Batch) -> None:
    html = sector.sector_html(batch.run, batch.summary, "vi").text
    assert SCRIPT not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;x&#34;)" in html or "=HYPERLINK(&quot;x&quot;)" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_character_is_in_the_bundled_fonts(batch: Batch, lang: str) -> None:
    from tests.conftest import missing_glyphs

    html = sector.sector_html(batch.run, batch.summary, lang, comparison=comparison(batch.summary)).text  # type: ignore[arg-type]
    assert missing_glyphs(html) == set()
