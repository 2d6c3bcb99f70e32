"""Builders for realistic assessments of the real questionnaire, written where tests want them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import strategies as st

from assess import assessment as am
from assess import questionnaire as qm

STAMP = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def press() -> qm.Questionnaire:
    return qm.resolve("press-dx")[1]


def answered(
    *,
    agency_id: str = "BDP-014",
    name: str = "Báo Đồng Phú",
    block: str = "local_newspaper",
    key: bool = False,
    level: Callable[[str], int | None] = lambda qid: (sum(map(ord, qid)) % 5) + 1,
    on: date = date(2026, 11, 20),
    status: am.Status = "complete",
    q: qm.Questionnaire | None = None,
) -> am.Assessment:
    """An assessment where question `qid` is answered `level(qid)` (None leaves it unanswered)."""
    q = q or press()
    agency = am.Agency(
        id=agency_id,
        name=name,
        block=block,
        province="Đồng Nai",
        governing_body="Tỉnh ủy Đồng Nai",
        key_agency=key,
    )
    a = am.new(q, agency, assessor="Trần Minh Khoa", assessed_on=on, clock=lambda: STAMP)
    answers = {}
    for question in q.applicable(block):
        value = level(question.id)
        if value is not None:
            answers[question.id] = am.Answer(level=value, answered_at=STAMP, updated_at=STAMP)
    return a.model_copy(update={"answers": answers, "status": status})


def write(a: am.Assessment, directory: Path, name: str | None = None) -> Path:
    path = directory / (name or f"{a.agency.id}.json")
    am.save(a, path)
    return path


LEVELS = st.one_of(st.integers(0, 5), st.just("na"), st.none())  # a level, N/A, or no answer
# as submissions mostly are: about one answer in twelve N/A, one in twelve missing (so that most
# assessments are complete enough to be scored)
MOSTLY_ANSWERED = st.integers(0, 11).map(lambda k: k % 6 if k < 10 else ("na" if k == 10 else None))


@st.composite
def random_assessments(
    draw: st.DrawFn,
    on: tuple[date, date] = (date(2023, 1, 1), date(2030, 12, 31)),
    levels: st.SearchStrategy[int | str | None] = LEVELS,
) -> am.Assessment:
    """Any press-DX assessment: every block, key or not, any e-press record, N/A where allowed,
    unanswered questions, any date in the range."""
    q = press()
    block = draw(st.sampled_from([b.id for b in q.blocks]))
    answers = {}
    for question in q.applicable(block):
        level = draw(levels)
        if level == "na" and question.na_allowed:
            answers[question.id] = am.Answer(na=True, na_reason="Không áp dụng cho cơ quan")
        elif isinstance(level, int):
            answers[question.id] = am.Answer(level=level)
    agency = am.Agency(
        id="VD-T-1",
        name="Cơ quan thử",
        block=block,
        key_agency=draw(st.booleans()),
        electronic_press=draw(st.sampled_from([None, True, False])),
    )
    assessed_on = draw(st.dates(*on))
    return am.new(q, agency, assessed_on=assessed_on).model_copy(update={"answers": answers})
