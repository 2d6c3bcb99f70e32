"""The interview state machine: answers, navigation, progress; every change is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assess import assessment as am
from assess import questionnaire as qm
from assess.interview import Interview, InterviewError

T0 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now = self.now.replace(minute=self.now.minute + 1)
        return self.now


def start(
    q: qm.Questionnaire,
    block: str = "journal",
    answers: dict[str, am.Answer] | None = None,
    position: str | None = None,
) -> tuple[Interview, list[am.Assessment]]:
    agency = am.Agency(id="TC-1", name="Tạp chí Khoa học Bến Nghé", block=block)
    a = am.new(q, agency, assessed_on=date(2026, 11, 26), clock=lambda: T0)
    a = a.model_copy(update={"answers": answers or {}, "position": position})
    saved: list[am.Assessment] = []
    return Interview(q, a, saved.append, clock=Clock()), saved


def test_walks_only_the_questions_for_the_block(mini: qm.Questionnaire) -> None:
    assert start(mini, "journal")[0].order == ["G1.1", "G2.1", "G2.2"]
    assert start(mini, "newspaper")[0].order == ["G1.1", "G2.1"]


def test_every_change_is_saved_with_timestamps(mini: qm.Questionnaire) -> None:
    iv, saved = start(mini)
    iv.set_level(3)
    assert saved[-1].answers["G1.1"].level == 3
    first = saved[-1].answers["G1.1"].answered_at
    assert first is not None and saved[-1].position == "G1.1"
    iv.set_note("Có nghị quyết")
    iv.add_evidence("NQ-01.pdf")
    iv.add_evidence("https://example.vn/bien-ban")
    iv.remove_evidence(1)
    iv.set_level(4)
    answer = saved[-1].answers["G1.1"]
    assert (answer.level, answer.note, answer.evidence) == (
        4,
        "Có nghị quyết",
        ("https://example.vn/bien-ban",),
    )
    assert answer.answered_at == first and answer.updated_at is not None and answer.updated_at > first
    assert len(saved) == 6
    assert all(s.updated_at > T0 for s in saved)


def test_na_rules(mini: qm.Questionnaire) -> None:
    iv, saved = start(mini)
    with pytest.raises(InterviewError) as info:
        iv.set_na("không làm")
    assert info.value.key == "interview.na_not_allowed"
    iv.go("G2.2")
    with pytest.raises(InterviewError, match=r"interview\.na_needs_reason"):
        iv.set_na("   ")
    iv.set_na("Tạp chí chỉ phát hành bản in")
    assert saved[-1].answers["G2.2"].na and saved[-1].answers["G2.2"].level is None
    iv.set_level(2)  # a level replaces N/A
    assert not saved[-1].answers["G2.2"].na and saved[-1].answers["G2.2"].na_reason == ""


def test_navigation(mini: qm.Questionnaire) -> None:
    iv, saved = start(mini)
    with pytest.raises(InterviewError, match=r"interview\.at_first"):
        iv.back()
    assert iv.skip() and iv.question.id == "G2.1"
    assert saved[-1].answers["G1.1"].skipped and saved[-1].position == "G2.1"
    iv.back()
    assert iv.question.id == "G1.1"
    iv.go("g2")
    assert iv.question.id == "G2.1"
    iv.go("G2.2")
    assert iv.at_end and not iv.next()
    with pytest.raises(InterviewError, match=r"interview\.unknown_ref"):
        iv.go("G9")
    news, _ = start(mini, "newspaper")
    with pytest.raises(InterviewError, match=r"interview\.not_for_block"):
        news.go("G2.2")


def test_resume_where_left_or_at_first_unanswered(mini: qm.Questionnaire) -> None:
    answers = {"G1.1": am.Answer(level=2)}
    assert start(mini, answers=answers)[0].question.id == "G2.1"
    assert start(mini, answers=answers, position="G2.2")[0].question.id == "G2.2"
    full = {q: am.Answer(level=1) for q in ("G1.1", "G2.1", "G2.2")}
    assert start(mini, answers=full)[0].question.id == "G1.1"


def test_progress_and_finish(mini: qm.Questionnaire) -> None:
    iv, saved = start(mini)
    iv.set_level(5)
    iv.next()
    iv.skip()
    iv.set_na("Không có hệ thống trực tuyến")
    g1, g2 = iv.progress()
    assert (g1.answered, g1.na, g1.skipped, g1.unanswered) == (1, 0, 0, ())
    assert (g2.answered, g2.na, g2.skipped, g2.unanswered) == (0, 1, 1, ("G2.1",))
    assert iv.answered_count() == 2
    assert g2.not_seen == 0  # the skipped question is counted once, as skipped
    assert iv.finish().status == "complete" and saved[-1].status == "complete"
    count = len(saved)
    iv.back()  # looking around a completed assessment writes nothing
    iv.go("G1.1")
    assert len(saved) == count and iv.a.status == "complete"
    iv.set_level(2)  # a change opens it again
    assert saved[-1].status == "in_progress"
