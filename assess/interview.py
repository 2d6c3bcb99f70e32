"""The interview as a state machine: position, answers, navigation and review. No I/O of its own:
every change is handed to a `save` callback, which the command line makes an atomic file write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError

from assess import assessment as am
from assess.messages import Localized
from assess.questionnaire import Question, Questionnaire


class InterviewError(ValueError):
    """A command that cannot be carried out here (N/A not allowed, unknown id, ...); `key` names
    the message, `values` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _refusal(exc: ValidationError) -> InterviewError:
    """The first rule of the assessment file that a typed text breaks, as a message to show."""
    error = exc.errors(include_url=False)[0]
    context = error.get("ctx") or {}
    if error["type"] == "string_too_long":
        return InterviewError("intake.too_long", max=context.get("max_length"))
    if error["type"] == "too_long":  # a list too long: the evidence
        return InterviewError("interview.too_much_evidence", max=am.EVIDENCE_MAX)
    if error["type"] in ("control_character", "control_character_note"):
        return InterviewError("intake.control")
    # worded in the language the interview shows (assess.messages.t fills a Localized value in)
    return InterviewError("interview.refused", reason=Localized(lambda lang: am.problem_text(error, lang)))


@dataclass(frozen=True)
class GroupProgress:
    group: str
    total: int
    answered: int  # with a level
    na: int
    skipped: int  # seen and left for later, still unanswered
    unanswered: tuple[str, ...]  # question ids with neither a level nor N/A

    @property
    def done(self) -> int:
        return self.answered + self.na

    @property
    def not_seen(self) -> int:
        """Unanswered and not skipped: the review's last column (a skipped question is counted
        once, as skipped; `unanswered` lists both, since both score 0)."""
        return len(self.unanswered) - self.skipped


class Interview:
    """Walks the questions that apply to the agency's block, in questionnaire order."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        assessment: am.Assessment,
        save: Callable[[am.Assessment], None],
        clock: Callable[[], datetime] = am.now,
        session_seconds: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.q = questionnaire
        self.a = assessment
        self._save = save
        self._clock = clock
        # the time of earlier sessions, from the file, and this session's time so far
        self._earlier_seconds = assessment.interview_seconds
        self._session_seconds = session_seconds
        self.order = [x.id for x in questionnaire.applicable(assessment.agency.block)]
        if not self.order:
            raise InterviewError("interview.no_questions", block=assessment.agency.block)
        self.index = self._start_index()

    # --- where we are ------------------------------------------------------------------------

    def _start_index(self) -> int:
        """Where the consultant left off, or else the first unanswered question."""
        if self.a.position in self.order:
            return self.order.index(self.a.position)
        for i, qid in enumerate(self.order):
            if not self.a.answer(qid).answered:
                return i
        return 0

    @property
    def question(self) -> Question:
        return self.q.question_by_id[self.order[self.index]]

    @property
    def answer(self) -> am.Answer:
        return self.a.answer(self.question.id)

    def position_in_group(self) -> tuple[int, int]:
        ids = [qid for qid in self.order if self.q.question_by_id[qid].group == self.question.group]
        return ids.index(self.question.id) + 1, len(ids)

    @property
    def at_end(self) -> bool:
        return self.index == len(self.order) - 1

    # --- changes -----------------------------------------------------------------------------

    def total_seconds(self) -> int:
        """The interview's time over every session: what the file held when it was opened, plus
        this session's time (each write stores it)."""
        return min(self._earlier_seconds + int(self._session_seconds()), 10**9)

    def _commit(self, assessment: am.Assessment) -> None:
        update = {"updated_at": self._clock(), "interview_seconds": self.total_seconds()}
        self.a = assessment.model_copy(update=update)
        self._save(self.a)

    @property
    def viewing(self) -> bool:
        """A completed assessment opened again and not changed yet: moving around it writes
        nothing, so looking at it and quitting leaves the file as it was (status and bytes)."""
        return self.a.status == "complete"

    def _put(self, **changes: object) -> None:
        qid = self.question.id
        stamp = self._clock()
        old = self.answer
        data = {**old.model_dump(), **changes, "updated_at": stamp}
        if ("level" in changes or "na" in changes) and old.answered_at is None:
            data["answered_at"] = stamp
        try:
            new = am.Answer.model_validate(data)
        except ValidationError as exc:  # what was typed breaks a rule of the file: say which, ask again
            raise _refusal(exc) from None
        # a change to a completed assessment opens it again until it is finished again
        update = {"answers": {**self.a.answers, qid: new}, "position": qid, "status": "in_progress"}
        self._commit(self.a.model_copy(update=update))

    def set_level(self, level: int) -> None:
        if level not in range(6):
            raise InterviewError("interview.bad_level")
        self._put(level=level, na=False, na_reason="", skipped=False)

    def set_na(self, reason: str) -> None:
        if not self.question.na_allowed:
            raise InterviewError("interview.na_not_allowed", question=self.question.id)
        reason = reason.strip()
        if not reason:
            raise InterviewError("interview.na_needs_reason")
        self._put(level=None, na=True, na_reason=reason, skipped=False)

    def set_note(self, note: str) -> None:
        """Replace the note (an empty text clears it)."""
        self._put(note=note.strip())

    def add_note(self, text: str) -> None:
        """Add a line to the note: what was noted before is kept."""
        text = text.strip()
        if not text:
            raise InterviewError("interview.note_empty")
        old = self.answer.note.rstrip()
        self._put(note=f"{old}\n{text}" if old else text)

    def toggle_flag(self) -> bool:
        """Mark the question for follow-up, or unmark it; returns whether it is marked now."""
        flagged = not self.answer.flagged
        self._put(flagged=flagged)
        return flagged

    def set_agency(self, agency: am.Agency, assessor: str, assessed_on: date) -> None:
        """Change who is assessed. A block under which an answered question would no longer apply
        is refused, naming those questions: nothing answered is ever dropped silently."""
        order = [x.id for x in self.q.applicable(agency.block)]
        if not order:
            raise InterviewError("interview.no_questions", block=agency.block)
        lost = [qid for qid, x in self.a.answers.items() if x.answered and qid not in order]
        if lost:
            lost.sort(key=am.question_sort_key)
            raise InterviewError("interview.block_drops", block=agency.block, questions=", ".join(lost))
        update = {
            "agency": agency.model_dump(),
            "assessor": assessor,
            "assessed_on": assessed_on,
            "status": "in_progress",
        }
        try:
            changed = am.Assessment.model_validate({**self.a.model_dump(), **update})
        except ValidationError as exc:
            raise _refusal(exc) from None
        current = self.question.id
        self.order = order
        self.index = order.index(current) if current in order else 0
        self._commit(changed.model_copy(update={"position": self.order[self.index]}))

    def add_evidence(self, reference: str) -> None:
        reference = reference.strip()
        if not reference:
            raise InterviewError("interview.evidence_empty")
        self._put(evidence=(*self.answer.evidence, reference))

    def remove_evidence(self, number: int) -> None:
        evidence = list(self.answer.evidence)
        if not 1 <= number <= len(evidence):
            raise InterviewError("interview.no_such_evidence", number=number)
        del evidence[number - 1]
        self._put(evidence=tuple(evidence))

    def _move(self, index: int) -> None:
        self.index = index
        if self.viewing:
            return
        self._commit(self.a.model_copy(update={"position": self.order[index]}))

    def next(self) -> bool:
        """Move on; False at the last question (the caller shows the review)."""
        if self.at_end:
            return False
        self._move(self.index + 1)
        return True

    def back(self) -> None:
        if self.index == 0:
            raise InterviewError("interview.at_first")
        self._move(self.index - 1)

    def skip(self) -> bool:
        if not self.answer.answered and not self.answer.skipped and not self.viewing:
            self._put(skipped=True)
        return self.next()

    def go(self, ref: str) -> None:
        """Jump to a question id (G4.3) or to the first question of a group (G4)."""
        ref = ref.strip().upper()
        if ref in self.order:
            self._move(self.order.index(ref))
            return
        if ref in self.q.question_by_id:
            raise InterviewError("interview.not_for_block", question=ref)
        for i, qid in enumerate(self.order):
            if self.q.question_by_id[qid].group == ref:
                self._move(i)
                return
        raise InterviewError("interview.unknown_ref", ref=ref)

    def first_unanswered(self) -> str | None:
        return next((qid for qid in self.order if not self.a.answer(qid).answered), None)

    def progress(self) -> list[GroupProgress]:
        out = []
        for group in self.q.groups:
            ids = [qid for qid in self.order if self.q.question_by_id[qid].group == group.id]
            if not ids:
                continue
            answers = [self.a.answer(qid) for qid in ids]
            out.append(
                GroupProgress(
                    group=group.id,
                    total=len(ids),
                    answered=sum(x.level is not None for x in answers),
                    na=sum(x.na for x in answers),
                    skipped=sum(x.skipped and not x.answered for x in answers),
                    unanswered=tuple(qid for qid, x in zip(ids, answers, strict=True) if not x.answered),
                )
            )
        return out

    def matching(self, kind: str) -> list[str]:
        """The questions a review filter lists: `flagged` (marked for follow-up), `unanswered`,
        `na`, or `no_evidence` (answered with a level but no evidence recorded)."""
        tests: dict[str, Callable[[am.Answer], bool]] = {
            "flagged": lambda x: x.flagged,
            "unanswered": lambda x: not x.answered,
            "na": lambda x: x.na,
            "no_evidence": lambda x: x.level is not None and not x.evidence,
        }
        return [qid for qid in self.order if tests[kind](self.a.answer(qid))]

    def answered_count(self) -> int:
        return sum(self.a.answer(qid).answered for qid in self.order)

    def finish(self) -> am.Assessment:
        self._commit(self.a.model_copy(update={"status": "complete"}))
        return self.a
