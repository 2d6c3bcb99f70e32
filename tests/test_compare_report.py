"""compare.pdf: two batch rounds compared, rendered from a BatchComparison built by hand."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from assess import compare_report, scoring
from assess import questionnaire as qm
from assess.assessment import QuestionnaireRef
from assess.compare import (
    AgencyChange,
    AgencyRef,
    BatchComparison,
    BatchSide,
    Change,
    IdMapping,
    Movers,
    NotComparable,
    TargetThenNow,
)
from assess.report import load_labels, template_roots
from assess.result import ProfileRef
from assess.summary import ALL, Attainment, Period

EVIL = '<b>x</b> =HYPERLINK("http://example.invalid","y")'
PLACES = ["Sơn Mỹ", "Cẩm Hương", "Đồng Phú", "Tân Lạc", "Hòa Bình", "Phú Xuân", "An Khê", "Long Thành"]
TITLES = ["Pháp luật", "Gia đình", "Nông thôn", "Khoa học", "Văn hóa", "Kinh tế", "Thể thao", "Giáo dục"]
KINDS = {
    "central_newspaper": "Báo",
    "local_newspaper": "Báo",
    "magazine": "Tạp chí",
    "science_journal": "Tạp chí Nghiên cứu",
    "radio_tv": "Đài Phát thanh và Truyền hình",
}


def _change(old: float | None, new: float | None) -> Change:
    delta = None if old is None or new is None else round(new - old, 2)
    return Change(old=old, new=new, delta=delta)


def _attainment(bound: int, met: int, t_2025: float | None, t_2030: float | None) -> Attainment:
    share = met / bound if bound else None
    return Attainment(
        bound=bound,
        met=met,
        unanswered=0,
        share=share,
        reaches_2025=None if t_2025 is None or share is None else share >= t_2025,
        reaches_2030=None if t_2030 is None or share is None else share >= t_2030,
    )


def sample(n: int = 200, seed: int = 7, evil: bool = True) -> BatchComparison:
    """A comparison of two fictional rounds a year apart: n agencies in both (most improved, some
    fell), twelve new, five missing, three renamed, one task group not comparable."""
    rnd = random.Random(seed)
    q = qm.resolve("press-dx")[1]
    profile = scoring.resolve(None, q)
    bands = profile.bands_for(date(2026, 11, 1)).bands
    blocks = [b.id for b in q.blocks]
    groups = [g.id for g in q.groups if g.id != "G6"]

    def band(value: float) -> str:
        return scoring.band_for(bands, value).id

    def name(i: int, block: str) -> str:
        return f"{KINDS[block]} {TITLES[i % len(TITLES)]} {PLACES[(i // 8) % len(PLACES)]}"

    agencies = []
    for i in range(n):
        block = blocks[i % len(blocks)] if i % 3 else blocks[0]
        old = round(rnd.uniform(30, 88), 2)
        new = round(min(100.0, max(0.0, old + rnd.gauss(3.5, 6))), 2)
        if i % 41 == 5:
            new = round(old - rnd.uniform(10.5, 15), 2)
        agency_id = f"VD-{block[:3].upper()}-{i:03d}"
        agencies.append(
            AgencyChange(
                agency_id=agency_id,
                old_id=f"VD-OLD-{i:03d}" if i in (3, 4, 5) else None,
                name=EVIL if evil and i == 1 else name(i, block),
                block=block,
                key_agency=i % 4 == 0,
                province="Đồng Nai",
                index=_change(old, new),
                old_band=band(old),
                new_band=band(new),
                groups={
                    g: _change(round(rnd.uniform(20, 95), 2), round(rnd.uniform(25, 98), 2)) for g in groups
                },
                targets_newly_met=(),
                targets_lost=(),
            )
        )
    order = {b: k for k, b in enumerate(blocks)}

    def rise(a: AgencyChange) -> tuple[int, float, str]:
        assert a.index is not None and a.index.delta is not None
        return order[a.block], -a.index.delta, a.agency_id

    agencies.sort(key=rise)
    targets = []
    for t in q.targets:
        for b in (ALL, *blocks, "key", "small_medium"):
            size = n if b == ALL else n // 5
            if t.binds == "training_institutions":
                old_a = new_a = _attainment(0, 0, t.share_2025, t.share_2030)
            else:
                base = rnd.uniform(0.1, 0.8)
                old_a = _attainment(size, round(size * base), t.share_2025, t.share_2030)
                met = round(size * min(1.0, base + rnd.uniform(-0.05, 0.2)))
                new_a = _attainment(size, met, t.share_2025, t.share_2030)
            targets.append(TargetThenNow(target=t.id, block=b, old=old_a, new=new_a))

    def ref(i: int, prefix: str) -> AgencyRef:
        block = blocks[i % len(blocks)]
        index = round(rnd.uniform(35, 80), 2)
        return AgencyRef(
            agency_id=f"VD-{prefix}-{i:03d}",
            name=name(i + 3, block),
            block=block,
            index=index,
            band=band(index),
        )

    return comparison(
        agencies,
        targets,
        new_agencies=[ref(i, "NEW") for i in range(12)],
        missing=[ref(i, "GONE") for i in range(5)],
        not_comparable=[NotComparable(kind="group", id="G6", reason="changed")],
    )


def comparison(
    agencies: Sequence[AgencyChange],
    targets: Sequence[TargetThenNow],
    new_agencies: Sequence[AgencyRef] = (),
    missing: Sequence[AgencyRef] = (),
    not_comparable: Sequence[NotComparable] = (),
) -> BatchComparison:
    """A comparison of these agencies (in the builder's order), its movers worked out as the
    builder does."""
    q = qm.resolve("press-dx")[1]
    profile = scoring.resolve(None, q)
    blocks = [b.id for b in q.blocks]
    movers = []
    for block in (ALL, *blocks):
        deltas = [(a.index.delta, a.agency_id) for a in agencies if block in (ALL, a.block) and a.index]
        pairs = [(d, i) for d, i in deltas if d is not None]
        up = sorted((x for x in pairs if x[0] > 0), key=lambda x: (-x[0], x[1]))[:5]
        down = sorted((x for x in pairs if x[0] < 0), key=lambda x: (x[0], x[1]))[:5]
        movers.append(
            Movers(
                block=block,
                up=tuple(i for _, i in up),
                down=tuple(i for _, i in down),
                mean_change=round(sum(d for d, _ in pairs) / len(pairs), 2) if pairs else None,
            )
        )
    qref = QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash)
    pref = ProfileRef(id=profile.id, version=profile.version)
    return BatchComparison(
        old=BatchSide(
            file="2025/results.json",
            source="submissions-2025.xlsx",
            questionnaire=qref,
            profile=pref,
            period=Period(first=date(2025, 10, 6), last=date(2025, 11, 28)),
            scored=len(agencies) + len(missing),
        ),
        new=BatchSide(
            file="2026/results.json",
            source="submissions-2026.xlsx",
            questionnaire=qref,
            profile=pref,
            period=Period(first=date(2026, 10, 13), last=date(2026, 11, 27)),
            scored=len(agencies) + len(new_agencies),
        ),
        agencies=tuple(agencies),
        new_agencies=tuple(new_agencies),
        missing_agencies=tuple(missing),
        mapped=tuple(IdMapping(old_id=a.old_id, new_id=a.agency_id) for a in agencies if a.old_id),
        movers=tuple(movers),
        targets=tuple(targets),
        not_comparable=tuple(not_comparable),
    )


def _agency(agency_id: str, name: str, block: str, old: float, new: float, key: bool = False) -> AgencyChange:
    profile = scoring.resolve(None, qm.resolve("press-dx")[1])
    bands = profile.bands_for(date(2026, 11, 1)).bands
    return AgencyChange(
        agency_id=agency_id,
        name=name,
        block=block,
        key_agency=key,
        province="Đồng Nai",
        index=_change(old, new),
        old_band=scoring.band_for(bands, old).id,
        new_band=scoring.band_for(bands, new).id,
        groups={"G1": _change(40.0, 50.0), "G2": _change(60.0, 55.0)},
        targets_newly_met=(),
        targets_lost=(),
    )


def small() -> BatchComparison:
    """Four agencies in both rounds: two rose by more than 2 points, one stayed, one fell by 12.5;
    the mean index went from 55.0 to 54.125; one agency new, one missing; converged newsroom met
    by 31% then 44%."""
    agencies = [
        _agency("VD-BTW-004", "Báo Tân Lạc", "central_newspaper", 40.0, 43.0, key=True),
        _agency("VD-BTW-001", EVIL, "central_newspaper", 50.0, 55.0),
        _agency("VD-BTW-003", "Báo Phú Xuân", "central_newspaper", 60.0, 61.0),
        _agency("VD-BTW-002", "Báo An Khê", "central_newspaper", 70.0, 57.5),
    ]
    agencies.sort(key=lambda a: -(a.index.delta if a.index and a.index.delta is not None else 0))
    targets = [
        TargetThenNow(
            target="converged_newsroom",
            block=b,
            old=_attainment(100, 31, 0.8, 1.0),
            new=_attainment(100, 44, 0.8, 1.0),
        )
        for b in (ALL, "central_newspaper", "key", "small_medium")
    ]
    new = [
        AgencyRef(agency_id="VD-MOI-001", name="Tạp chí Hòa Bình", block="magazine", index=48.2, band="weak")
    ]
    gone = [
        AgencyRef(
            agency_id="VD-CU-009", name="Báo Long Thành", block="local_newspaper", index=66.0, band="fair"
        )
    ]
    return comparison(agencies, targets, new, gone, [NotComparable(kind="group", id="G6", reason="changed")])


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"
)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """compare.pdf of small() in both languages (rendering is slow: once for the module)."""
    folder = tmp_path_factory.mktemp("compare")
    paths = {}
    for lang in ("vi", "en"):
        paths[lang] = folder / lang / "compare.pdf"
        compare_report.write_pdf(small(), paths[lang], lang)
    return paths


@needs_poppler
def test_english_pdf_reads_what_changed(rendered: dict[str, Path]) -> None:
    text = _text(rendered["en"])
    for heading in (
        "Press digital transformation: two rounds compared",
        "Key messages",
        "The strategy's targets, then and now",
        "The biggest movers",
        "How much changed",
        "Scope and method",
        "Annex: every agency in both rounds",
    ):
        assert heading in text
    assert "2 of 4 agencies (50%) rose by more than 2 points; 1 (25%) fell by more than 2 points." in text
    assert "rose from 55.0 to 54.1" not in text
    assert "fell from 55.0 to 54.1 (-0.9 points)" in text
    assert "1 agency fell by more than 10 points." in text
    assert "“Converged newsroom in operation” rose from 31% to 44%." in text
    assert "13 Oct 2026 – 27 Nov 2026" in text and "6 Oct 2025 – 28 Nov 2025" in text
    assert "VD-MOI-001" in text and "VD-CU-009" in text  # new and missing
    assert "Its content or scoring changed" in text  # G6 left out, and why
    assert "70.0 57.5 -12.5" in text  # the annex row of the agency that fell


@needs_poppler
def test_vietnamese_pdf_writes_numbers_the_vietnamese_way(rendered: dict[str, Path]) -> None:
    text = _text(rendered["vi"])
    for heading in ("Những điểm chính", "Các cơ quan thay đổi nhiều nhất", "Phạm vi và phương pháp"):
        assert heading in text
    assert "2 trong 4 cơ quan (50%) tăng hơn 2 điểm" in text
    assert "giảm từ 55,0 xuống 54,1 (-0,9 điểm)" in text
    assert "13/10/2026 – 27/11/2026" in text
    assert "70,0 57,5 -12,5" in text


@needs_poppler
def test_agency_text_stays_text(rendered: dict[str, Path]) -> None:
    for path in rendered.values():
        text = _text(path)  # the name wraps after "http://" in its narrow column
        assert '<b>x</b> =HYPERLINK("http:// example.invalid","y")' in text
    html = compare_report.compare_html(small(), "en").text
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt; =HYPERLINK(&#34;http://example.invalid&#34;,&#34;y&#34;)" in html


def test_the_same_comparison_gives_the_same_bytes(rendered: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "compare.pdf"
    compare_report.write_pdf(small(), again, "vi")
    assert again.read_bytes() == rendered["vi"].read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["compare.pdf"]  # no temporary file left


def test_changes_are_counted_within_two_points_as_stable() -> None:
    stable = [
        _agency("VD-A", "A", "magazine", 50.0, 52.0),
        _agency("VD-B", "B", "magazine", 50.0, 48.0),
        _agency("VD-C", "C", "magazine", 50.0, 52.01),
        _agency("VD-D", "D", "magazine", 50.0, 47.99),
    ]
    spread = compare_report._Spread.of(stable)
    assert (spread.rose, spread.stable, spread.fell) == (1, 2, 1)


def test_an_index_that_does_not_compare_is_said_so() -> None:
    c = small()
    c = c.model_copy(
        update={
            "agencies": tuple(a.model_copy(update={"index": None}) for a in c.agencies),
            "not_comparable": (NotComparable(kind="index", id="index", reason="changed"),),
        }
    )
    labels = load_labels(template_roots(None), "en")
    q = qm.resolve("press-dx")[1]
    context, _ = compare_report.build(c, labels, "en", q, scoring.resolve(None, q))
    assert labels.cmp_msg_index_not_comparable in context.messages
    assert not any("rose by more than" in m for m in context.messages)
    assert context.kpis[-1].value == "—"
    changes = {row.cells[0].text: row.cells[-1].text for row in context.changes.rows}
    assert changes["All"] == "4"  # all four counted as not comparable


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_character_is_in_the_bundled_fonts(lang: str) -> None:
    from tests.conftest import missing_glyphs

    assert missing_glyphs(compare_report.compare_html(sample(40), lang).text) == set()  # type: ignore[arg-type]
