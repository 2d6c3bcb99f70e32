"""`assess export xlsform`: the XLSForm converts with pyxform (the converter KoboToolbox and ODK
Central run) without a warning, its expressions parse and refer only to its own fields, and the
XForm asks every question with the right choices, in both languages."""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pyxform.parsing.expression import parse_expression
from pyxform.xls2xform import convert

from assess import formfields as ff
from assess import questionnaire as qm
from assess import xlsform
from tests.conftest import MINI, write_yaml

NS = {
    "x": "http://www.w3.org/2002/xforms",
    "h": "http://www.w3.org/1999/xhtml",
    "jr": "http://openrosa.org/javarosa",
}
# The XPath functions the form may use (every one is in ODK's XForms spec).
FUNCTIONS = {"today(", "string-length(", "concat("}
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation")


def _xform(path: Path) -> tuple[ET.Element, list[str]]:
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings, validate=False)
    return ET.fromstring(result.xform), warnings


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path)
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.fixture
def form(tmp_path: Path, press: qm.Questionnaire) -> Path:
    path = tmp_path / "form.xlsx"
    xlsform.write(press, path)
    return path


def test_press_form_converts_with_no_warning(form: Path) -> None:
    _, warnings = _xform(form)
    assert warnings == []


@pytest.mark.parametrize("default", ["vi", "en"])
def test_mini_form_converts_with_no_warning(tmp_path: Path, mini: qm.Questionnaire, default: Any) -> None:
    path = tmp_path / "mini.xlsx"
    xlsform.write(mini, path, default)
    root, warnings = _xform(path)
    assert warnings == []
    title = root.find("h:head/h:title", NS)
    assert title is not None and title.text == mini.title(default)


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate runs on Java")
def test_odk_validate_accepts_the_form(form: Path) -> None:
    """ODK Validate (JavaRosa, bundled with pyxform) parses every bind's expression as ODK Collect
    will; it raises on an invalid form."""
    warnings: list[str] = []
    convert(xlsform=str(form), warnings=warnings, validate=True)
    assert warnings == []


def expression_problems(expression: str, fields: set[str]) -> list[str]:
    """What is wrong with an expression as pyxform's own lexer reads it: a piece it cannot place,
    an unterminated or unknown ${field}, a function outside FUNCTIONS."""
    problems = []
    for token in parse_expression(expression):
        if token.type in ("OTHER", "BRACKET", "PYXFORM_REF_START", "PYXFORM_REF_END"):
            problems.append(f"{token.type} {token.value!r}")
        elif token.type == "PYXFORM_REF" and token.value[2:-1] not in fields:
            problems.append(f"unknown field {token.value}")
        elif token.type == "FUNC_CALL" and token.value not in FUNCTIONS:
            problems.append(f"function {token.value}")
    return problems


def test_the_expression_check_can_fail() -> None:
    fields = {"block"}
    assert expression_problems("${block} = 'radio_tv' or ${block} = 'x'", fields) == []
    assert expression_problems("${blok} = 'radio_tv'", fields) == ["unknown field ${blok}"]
    assert expression_problems("${block = 'x'", fields) != []
    assert expression_problems("eval(${block})", fields) == ["function eval("]


def test_expressions_parse_and_refer_to_fields_of_the_form(form: Path, press: qm.Questionnaire) -> None:
    survey = _sheet(form, "survey")
    fields = {row["name"] for row in survey if row["type"] not in ("begin_group", "end_group")}
    checked = 0
    for row in survey:
        for column in EXPRESSION_COLUMNS:
            if row[column]:
                assert expression_problems(row[column], fields) == [], (row["name"], column)
                checked += 1
    (settings,) = _sheet(form, "settings")
    assert expression_problems(settings["instance_name"], fields) == []
    assert checked > len(press.questions)  # at least every note has a length constraint


def test_survey_fields_come_from_formfields(form: Path, press: qm.Questionnaire) -> None:
    survey = _sheet(form, "survey")
    names = [row["name"] for row in survey]
    assert names[: len(ff.IDENTITY)] == list(ff.IDENTITY)
    assert names[len(ff.IDENTITY) : len(ff.IDENTITY) + 3] == list(ff.CALCULATED)
    by_name = {row["name"]: row for row in survey if row["type"] != "end_group"}
    assert by_name["block"]["type"] == f"select_one {ff.BLOCKS_LIST}"
    assert by_name["key_agency"]["type"] == f"select_one {ff.YES_NO_LIST}"
    assert by_name["assessed_on"]["constraint"] == ". <= today()"
    for name in ("agency_id", "agency_name", "block", "key_agency", "assessed_on"):
        assert by_name[name]["required"] == "yes"
    for question in press.questions:
        level = by_name[ff.field(question.id)]
        assert level["type"] == f"select_one {ff.choice_list(question.id)}"
        assert level["required"] == "yes"
        assert level["label::Tiếng Việt (vi)"] == question.text.vi
        assert level["hint::English (en)"] == question.help.en
        note = by_name[ff.note_field(question.id)]
        assert note["type"] == "text" and note["required"] is None
        assert note["hint::Tiếng Việt (vi)"] == question.evidence.vi
        assert (ff.na_field(question.id) in by_name) == question.na_allowed
    groups = [row["name"] for row in survey if row["type"] == "begin_group"]
    assert groups == [g.id for g in press.groups]


def test_choices_sheet(form: Path, press: qm.Questionnaire) -> None:
    choices = _sheet(form, "choices")
    blocks = [row for row in choices if row["list_name"] == ff.BLOCKS_LIST]
    assert [(r["name"], r["label::Tiếng Việt (vi)"]) for r in blocks] == [
        (b.id, b.name.vi) for b in press.blocks
    ]
    yes_no = [(r["name"], r["label::English (en)"]) for r in choices if r["list_name"] == ff.YES_NO_LIST]
    assert yes_no == [("yes", "Yes"), ("no", "No")]
    g11 = [r for r in choices if r["list_name"] == ff.choice_list("G1.1")]
    assert g11[3]["label::English (en)"] == ff.level_label(press, press.question_by_id["G1.1"], 3, "en")


def _binds(root: ET.Element) -> dict[str, dict[str, str]]:
    return {b.attrib["nodeset"]: b.attrib for b in root.iterfind("h:head/x:model/x:bind", NS)}


def _path(question_id: str) -> str:
    return f"/data/{question_id.split('.')[0]}/{ff.field(question_id)}"


def test_xform_asks_every_question_with_its_choices(form: Path, press: qm.Questionnaire) -> None:
    root, _ = _xform(form)
    selects = {s.attrib["ref"]: s for s in root.iter(f"{{{NS['x']}}}select1")}
    model = root.find("h:head/x:model", NS)
    assert model is not None
    instances = {i.attrib.get("id"): i for i in model.iterfind("x:instance", NS)}
    for question in press.questions:
        select = selects[_path(question.id)]
        itemset = select.find("x:itemset", NS)
        assert itemset is not None and ff.choice_list(question.id) in itemset.attrib["nodeset"]
        values = [n.text for n in instances[ff.choice_list(question.id)].iterfind("x:root/x:item/x:name", NS)]
        assert values == ["0", "1", "2", "3", "4", "5", *(["na"] if question.na_allowed else [])]
    assert any(q.na_allowed for q in press.questions) and not all(q.na_allowed for q in press.questions)


def test_xform_shows_block_questions_to_their_blocks_only(form: Path, press: qm.Questionnaire) -> None:
    root, _ = _xform(form)
    binds = _binds(root)
    specific = [q for q in press.questions if q.applies_to is not None]
    assert {q.id for q in specific} >= {"G3.8", "G3.9"}
    for question in specific:
        wanted = " or ".join(f"/data/block = '{b}'" for b in question.applies_to or ())
        assert _flat(binds[_path(question.id)]["relevant"]) == wanted
        assert _flat(binds[f"{_path(question.id)}_note"]["relevant"]) == wanted
    assert "relevant" not in binds[_path("G1.1")]
    na = next(q for q in press.questions if q.na_allowed)
    reason = binds[f"{_path(na.id)}{ff.NA_REASON}"]
    assert reason["required"] == "true()"
    assert f"{_path(na.id)} = 'na'" in _flat(reason["relevant"])


def test_xform_records_the_questionnaire(form: Path, press: qm.Questionnaire) -> None:
    root, _ = _xform(form)
    binds = _binds(root)
    assert binds["/data/questionnaire_id"]["calculate"] == "'press-dx'"
    assert binds["/data/questionnaire_version"]["calculate"] == f"'{press.version}'"
    assert binds["/data/questionnaire_hash"]["calculate"] == f"'{press.content_hash}'"
    assert binds["/data/assessed_on"]["constraint"] == ". <= today()"
    data = root.find("h:head/x:model/x:instance/x:data", NS)
    assert data is not None
    assert (data.attrib["id"], data.attrib["version"]) == ("press-dx", press.version)


def test_xform_has_both_languages_with_diacritics(form: Path, press: qm.Questionnaire) -> None:
    root, _ = _xform(form)
    translations = {t.attrib["lang"]: t for t in root.iterfind("h:head/x:model/x:itext/x:translation", NS)}
    assert list(translations) == ["Tiếng Việt (vi)", "English (en)"]
    assert translations["Tiếng Việt (vi)"].attrib.get("default") == "true()"
    question = press.question_by_id["G1.1"]
    for lang, name in ff.LANGUAGE_NAMES.items():
        texts = {t.attrib["id"]: t.findtext("x:value", namespaces=NS) for t in translations[name]}
        assert texts[f"{_path('G1.1')}:label"] == question.text(lang)
        assert texts["levels_G1_1-2"] == ff.level_label(press, question, 2, lang)
        assert texts[f"{ff.BLOCKS_LIST}-0"] == press.blocks[0].name(lang)
    vi = {t.attrib["id"]: t.findtext("x:value", namespaces=NS) for t in translations["Tiếng Việt (vi)"]}
    assert vi["/data/assessed_on:label"] == "Ngày đánh giá"
    assert vi["/data/assessed_on:jr:constraintMsg"] == "Ngày đánh giá không được ở tương lai."


def test_english_default(tmp_path: Path, press: qm.Questionnaire) -> None:
    path = tmp_path / "en.xlsx"
    xlsform.write(press, path, "en")
    (settings,) = _sheet(path, "settings")
    assert settings["default_language"] == "English (en)"
    assert settings["form_title"] == press.title.en
    root, warnings = _xform(path)
    assert warnings == []
    english = root.find("h:head/x:model/x:itext/x:translation[@lang='English (en)']", NS)
    assert english is not None and english.attrib.get("default") == "true()"


def test_same_questionnaire_same_bytes(tmp_path: Path, press: qm.Questionnaire) -> None:
    xlsform.write(press, tmp_path / "a.xlsx")
    time.sleep(1.1)  # a date taken from the clock would differ (the workbook stores whole seconds)
    xlsform.write(press, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_text_starting_with_equals_stays_text(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["questions"][0]["text"]["vi"] = '=HYPERLINK("http://example.invalid","x")'
    mini_data["blocks"][0]["name"]["en"] = "=1+1"
    mini_data["questions"][0]["rubric"][2] = {"vi": "@SUM(A1)", "en": "-2 levels"}
    q = qm.load(write_yaml(tmp_path / "q.yaml", mini_data))
    path = tmp_path / "form.xlsx"
    xlsform.write(q, path)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)
    survey = _sheet(path, "survey")
    g11 = next(row for row in survey if row["name"] == "G1_1")
    assert g11["label::Tiếng Việt (vi)"] == '=HYPERLINK("http://example.invalid","x")'
    root, warnings = _xform(path)
    assert warnings == []
    english = root.find("h:head/x:model/x:itext/x:translation[@lang='English (en)']", NS)
    vietnamese = root.find("h:head/x:model/x:itext/x:translation[@lang='Tiếng Việt (vi)']", NS)
    assert english is not None and vietnamese is not None
    en = {t.attrib["id"]: t.findtext("x:value", namespaces=NS) for t in english}
    vi = {t.attrib["id"]: t.findtext("x:value", namespaces=NS) for t in vietnamese}
    assert en["blocks-0"] == "=1+1"
    assert vi["/data/G1/G1_1:label"] == '=HYPERLINK("http://example.invalid","x")'
    assert vi["levels_G1_1-2"].endswith(": @SUM(A1)")
    assert en["levels_G1_1-2"].endswith(": -2 levels")


def test_cli_writes_the_form(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("export", "xlsform")
    assert res.exit_code == 0, res.output
    written = tmp_path / "press-dx-1.1.0.xlsx"
    assert written.is_file()
    assert "press-dx-1.1.0.xlsx" in res.output
    res = cli("export", "xlsform", MINI, "-o", tmp_path / "mini.xlsx", "--default-lang", "en", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "XLSForm written" in res.output
    (settings,) = _sheet(tmp_path / "mini.xlsx", "settings")
    assert (settings["form_id"], settings["version"]) == ("mini", "0.1")
    assert settings["default_language"] == "English (en)"


def test_cli_refuses_a_folder_and_an_unknown_questionnaire(cli: Any, tmp_path: Path) -> None:
    res = cli("export", "xlsform", "-o", tmp_path)
    assert res.exit_code == 2
    assert "thư mục" in res.output
    res = cli("export", "xlsform", "no-such-questionnaire", "-o", tmp_path / "f.xlsx")
    assert res.exit_code == 2
    assert not (tmp_path / "f.xlsx").exists()
    res = cli("export", "xlsform", MINI, "-o", MINI)  # would replace its own input
    assert res.exit_code == 2


def test_template_format_xlsform_writes_the_same_form(cli: Any, tmp_path: Path) -> None:
    res = cli("template", "--format", "xlsform", "--lang", "en", "-o", tmp_path / "t.xlsx")
    assert res.exit_code == 0, res.output
    res = cli("export", "xlsform", "--default-lang", "en", "-o", tmp_path / "e.xlsx")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "t.xlsx").read_bytes() == (tmp_path / "e.xlsx").read_bytes()
