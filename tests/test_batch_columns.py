"""The column-wise batch against the reference: the same numbers, standings, assessments and
findings as scoring a row at a time, whatever the chunking."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from assess import assessment as am
from assess import batch, columns, scoring, submissions
from tests import factories
from tests.submission_files import header, write_csv
from tests.test_columns import reference

TODAY = date(2026, 11, 26)
PRESS = factories.press()
PROFILE = scoring.resolve(None, PRESS)


def as_row(a: am.Assessment, agency_id: str) -> dict[str, Any]:
    """An assessment as a submission row writes it."""
    block = PRESS.block_by_id[a.agency.block]
    row: dict[str, Any] = {
        "agency_id": agency_id,
        "agency_name": a.agency.name,
        "block": block.name("vi"),
        "province": "Đồng Nai",
        "governing_body": "Tỉnh ủy Đồng Nai",
        "key_agency": "có" if a.agency.key_agency else "không",
        "assessed_on": a.assessed_on.strftime("%d/%m/%Y"),
    }
    for qid, answer in a.answers.items():
        if answer.na:
            row[qid], row[f"{qid}_note"] = "N/A", answer.na_reason
        elif answer.level is not None:
            row[qid] = str(answer.level)
            if answer.note:
                row[f"{qid}_note"] = answer.note
    return row


def with_notes(a: am.Assessment, noted: list[int]) -> am.Assessment:
    answers = dict(a.answers)
    for i, qid in enumerate(sorted(answers)):
        if i in noted and answers[qid].level is not None:
            answers[qid] = am.Answer(level=answers[qid].level, note=f"Ghi chú {i}: có <b>không</b>?")
    return a.model_copy(update={"answers": answers})


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    st.lists(
        st.tuples(
            factories.random_assessments(on=(date(2023, 1, 1), TODAY), levels=factories.MOSTLY_ANSWERED),
            st.lists(st.integers(0, 40), max_size=3),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(1, 7),
    st.integers(1, 5),
)
def test_a_batch_gives_the_reference_numbers_standings_and_assessments(
    tmp_path: Path, drawn: list[tuple[am.Assessment, list[int]]], chunk: int, listed: int
) -> None:
    originals = []
    for i, (a, noted) in enumerate(drawn):
        agency = a.agency.model_copy(
            update={
                "id": f"VD-{i:03d}",
                "electronic_press": None,
                "province": "Đồng Nai",
                "governing_body": "Tỉnh ủy Đồng Nai",
            }
        )
        originals.append(with_notes(a.model_copy(update={"agency": agency}), noted))
    path = write_csv(tmp_path / f"s{chunk}.csv", [as_row(a, a.agency.id) for a in originals])
    # many small chunks read, and blocks listed in small slices: the pieces must join seamlessly
    old = batch.CHUNK, batch.LISTED
    batch.CHUNK, batch.LISTED = chunk, listed
    try:
        r = batch.run(path, PRESS, PROFILE, today=TODAY, jobs=1)
        ordered = batch.ordered(r)
    finally:
        batch.CHUNK, batch.LISTED = old
    by_id = {a.agency.id: a for a in originals}
    scored = r.scored
    rejected = {f.row for f in r.findings if f.is_error}
    assert len(scored) + len(rejected) == len(originals) == r.rows_read
    note(f"{len(scored)} scored, {len(rejected)} rejected")
    assert all(f.code == "too_many_unanswered" for f in r.findings if f.is_error)
    for s in scored:
        expected = reference(by_id[s.agency.id], PROFILE)
        assert columns.RowScores(**{k: getattr(s, k) for k in expected.__dataclass_fields__}) == expected
    # listed by block (questionnaire order), then index (highest first), then agency id
    blocks = [b.id for b in PRESS.blocks]
    assert [s.row for s, _ in ordered] == [
        s.row for s in sorted(scored, key=lambda s: (blocks.index(s.agency.block), -s.index, s.agency.id))
    ]
    assert all(s.agency == by_id[s.agency.id].agency for s, _ in ordered)
    # standings: the vectorised ranking gives the reference's positions
    want = dict(zip((s.row for s in scored), r.peers, strict=True))
    assert [p for _, p in ordered] == [want[s.row] for s, _ in ordered]
    # the assessments a batch writes hold what the rows said
    for record, s in r.iter_scored():
        written = submissions.assessment_of(record, PRESS, str(path))
        assert written.answers == by_id[s.agency.id].answers
        assert written.agency == by_id[s.agency.id].agency


HOSTILE_LEVELS = ["3", " 4 ", "5", "0", "N/A", "không áp dụng", "", "x", "7", "-1", "2.5", "=1+1", "3,0"]
HOSTILE_TEXTS = [
    "Báo Đồng Phú",
    "",
    "  ",
    "<b>Báo</b>",
    "=HYPERLINK(1)",
    "Báo\x07",
    "Tạp chí & Co",
    "A" * 301,
]
HOSTILE_NOTES = ["", "", "Có tài liệu", "Lý do: không có", "<script>", "bell\x07", "x" * 2_100]


CLEAN = {
    "agency_id": "VD-1",
    "agency_name": "Báo Đồng Phú",
    "block": "Báo địa phương",
    "province": "Đồng Nai",
    "governing_body": "Tỉnh ủy Đồng Nai",
    "key_agency": "không",
    "assessed_on": "2026-11-02",
}
HOSTILE = {
    "agency_id": ["VD-2", "vd-1 ", "", "VD-\x01", "=cmd", "<i>VD</i>", "A" * 65],
    "agency_name": HOSTILE_TEXTS,
    "block": ["Tạp chí", "radio_tv", "science_journal", "báo lá cải", ""],
    "province": HOSTILE_TEXTS,
    "governing_body": HOSTILE_TEXTS,
    "key_agency": ["có", "yes", "", "maybe"],
    "assessed_on": ["02/11/2026", "31/02/2026", "2027-01-01", "", "hôm qua"],
}


@st.composite
def hostile_rows(draw: st.DrawFn) -> list[str]:
    """A row that is clean but for a few cells (so that a rule the quick test missed shows)."""
    cols = header()
    row: dict[str, str] = dict(CLEAN)
    for question in PRESS.questions:
        row[question.id] = "3" if question.applies("local_newspaper") else ""
        row[f"{question.id}_note"] = ""
    for column in draw(st.lists(st.sampled_from(cols), max_size=3)):
        if column in HOSTILE:
            row[column] = draw(st.sampled_from(HOSTILE[column]))
        elif column.endswith("_note"):
            row[column] = draw(st.sampled_from(HOSTILE_NOTES))
        else:
            row[column] = draw(st.sampled_from(HOSTILE_LEVELS))
            if row[column] in ("N/A", "không áp dụng") and draw(st.booleans()):
                row[f"{column}_note"] = "Lý do: không có"  # justified, where N/A may or may not be allowed
    return [row[c] for c in cols]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(hostile_rows(), min_size=1, max_size=6))
def test_reading_a_chunk_is_reading_each_row_with_every_rule(rows: list[list[str]]) -> None:
    columns_, _ = submissions.map_columns(header(), "s.csv", PRESS)
    reader = submissions.Reader(
        columns_, PRESS, "s.csv", TODAY, PROFILE.unanswered.incomplete_above, typed=False
    )
    numbered = [submissions.Row(i + 2, cells) for i, cells in enumerate(rows)]
    whole = submissions.parse_chunk(numbered, reader)
    reference_reading = submissions.parse_chunk(numbered, reader, every_row=True)
    # the quick test that lets clean rows through misses nothing
    assert (whole.findings, list(whole.records), whole.errors) == (
        reference_reading.findings,
        list(reference_reading.records),
        reference_reading.errors,
    )
    assert (whole.levels == reference_reading.levels).all()
    one_by_one = [submissions.parse_chunk([row], reader) for row in numbered]
    assert whole.findings == [f for c in one_by_one for f in c.findings]
    assert list(whole.records) == [r for c in one_by_one for r in c.records]
    assert whole.errors == [e for c in one_by_one for e in c.errors]
    # every row is accounted for: a record, or at least one error
    assert len(whole.records) + sum(e > 0 for e in whole.errors) == len(rows)
    for record in whole.records:  # a row let through makes a valid assessment
        submissions.assessment_of(record, PRESS, "s.csv")
