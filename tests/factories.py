"""Builders for realistic assessments of the real questionnaire, written where tests want them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

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
