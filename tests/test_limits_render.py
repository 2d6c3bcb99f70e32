"""Limits of what assess renders: spreadsheet cells that are text and never formulas, PDFs with no
attachment and no link out of them whatever the templates say, chart labels drawn as typed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

from assess import charts, report, result, scoring
from tests import factories
from tests.conftest import write_yaml

Cli = Callable[..., Result]


# --- 3: the template's cells are text, never formulas ------------------------------------------


def test_formula_like_questionnaire_text_stays_text_in_the_xlsx(
    cli: Cli, tmp_path: Path, mini_data: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    question = mini_data["questions"][0]
    question["text"] = {"vi": '=HYPERLINK("http://example.invalid","bấm")', "en": "=1+1"}
    question["rubric"][0] = {"vi": "=2+2", "en": "@SUM(1)"}
    mini_data["groups"][0]["title"] = {"vi": "+3", "en": "-4"}
    mini_data["blocks"][0]["name"] = {"vi": '=5+5, "báo"', "en": "=5+5"}
    custom = write_yaml(tmp_path / "custom.yaml", mini_data)
    assert cli("questionnaire", "validate", custom).exit_code == 0  # a valid questionnaire
    xlsx = tmp_path / "t.xlsx"
    res = cli("template", "-q", custom, "-o", xlsx)
    assert res.exit_code == 0, res.output

    with zipfile.ZipFile(xlsx) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)  # no formula anywhere
    book = load_workbook(xlsx)
    texts = {c.value: c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value}
    for value in ('=HYPERLINK("http://example.invalid","bấm")', "=2+2", '=5+5, "báo"'):
        cell = texts[value]
        assert cell.data_type == "s" and cell.quotePrefix, value  # text, and kept text when edited
    assert texts["G1.1"].quotePrefix is False  # ordinary text is left alone
    # the blocks' drop-down lists each name exactly, from a hidden sheet (commas and quotes included)
    lists = book["Danh sách"]
    assert lists.sheet_state == "hidden" and [c.value for c in lists["A"]] == [
        '=5+5, "báo"',
        "Tạp chí khoa học",
    ]
    # writing over the questionnaire it was made from is refused
    assert cli("template", "-q", custom, "-o", custom).exit_code == 2
    assert "=HYPERLINK" in custom.read_text(encoding="utf-8")


# --- 4: override templates cannot attach files or link out -------------------------------------

OVERRIDE = """<!DOCTYPE html>
<html><head><title>{{ r.title }}</title>
<link rel="attachment" href="agency/secret.txt" title="secret">
</head><body>
<p><a rel="attachment" href="agency/secret.txt">attached</a></p>
<p><a href="https://example.invalid/">web</a> <a href="mailto:a@example.invalid">mail</a>
<a href="agency/secret.txt">file</a> <a href="#here">internal</a></p>
<p id="here">{{ r.title }}</p>
</body></html>
"""


def test_override_templates_get_no_attachments_and_no_links_out(tmp_path: Path) -> None:
    from pypdf import PdfReader

    (tmp_path / "agency").mkdir()
    (tmp_path / "agency" / "report.html").write_text(OVERRIDE, encoding="utf-8")
    (tmp_path / "agency" / "secret.txt").write_text("SECRET-DATA-123", encoding="utf-8")
    a = factories.answered()
    q = factories.press()
    profile = scoring.resolve(None, q)
    rendered = report.agency_pdf(result.evaluate(a, q, profile), a, q, profile, "vi", tmp_path)

    assert b"SECRET-DATA-123" not in rendered.pdf
    assert not any(p.name == "secret.txt" for p in rendered.served)  # never even read
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert reader.attachments == {}
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", []) or []]
    assert [x["/Subtype"] for x in annotations] == ["/Link"]  # no /FileAttachment
    assert annotations[0]["/Dest"] == "here" and "/A" not in annotations[0]  # the internal link stays
    text = reader.pages[0].extract_text()
    assert "attached" in text and "web" in text and "mail" in text  # the words stay, inert


# --- 14: chart labels are text, never mathtext ---------------------------------------------------

NAMES = ["VD-$\\notacommand{$", "VD-$\\alpha^2$", "VD-$x_1$ & <b>"]


def test_chart_labels_are_drawn_as_typed() -> None:
    svgs = [
        charts.stacked_shares(NAMES, ["$\\beta$", "Khá"], [[1, 2], [3, 4], [0, 1]]),
        charts.target_shares(NAMES, [0.5, 0.2, 1.0], [0.8, None, 1.0], [1.0, None, None], ("$a$", "b", "c")),
    ]
    for svg in svgs:
        assert "VD-$\\notacommand{$" in svg and "VD-$\\alpha^2$" in svg
        assert "VD-$x_1$ &amp; &lt;b&gt;" in svg  # XML-escaped, nothing else
        assert "α" not in svg and "β" not in svg


def test_mathtext_agency_ids_do_not_stop_the_sector_pdf(tmp_path: Path) -> None:
    """The whole path: a batch whose agency ids look like mathtext still gets its sector report,
    with the ids in its tables as typed."""
    from datetime import date

    from pypdf import PdfReader

    from assess import batch, sector
    from tests.submission_files import agency, write_csv

    source = write_csv(tmp_path / "s.csv", [agency(NAMES[0]), agency(NAMES[1], level=2)])
    q = factories.press()
    run = batch.run(source, q, scoring.resolve(None, q), today=date(2026, 11, 26), jobs=1)
    summary = batch.write_results(run, tmp_path / "out", "vi", jobs=1).summary
    html = sector.sector_html(run, summary, "vi")
    assert "α" not in "".join(v.decode() for v in html.generated.values())
    rendered = report.pdf_from_html(html, "sector")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert NAMES[0] in text and NAMES[1] in text
