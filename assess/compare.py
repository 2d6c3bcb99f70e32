"""Two assessments of one agency, or two batch rounds, compared: what changed, and only where the
two are comparable (the same question ids and the same content, scored the same way).

The models here are the one shape of a comparison: the terminal table, `--format json|csv`,
compare.xlsx, compare.pdf and the report's progress section all read them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from assess import assessment as am
from assess.bilingual import Lang, Strict, Text
from assess.errors import InvalidContentError, UnreadableFileError, UsageError
from assess.messages import t
from assess.result import ProfileRef
from assess.scoring import TargetState
from assess.summary import ALL, RESULTS_VERSION, Attainment, Period, ResultEntry, ResultsFile

if TYPE_CHECKING:
    from assess import result
    from assess.questionnaire import Questionnaire
    from assess.scoring import Profile

COMPARISON_VERSION: Literal[1] = 1


class Change(Strict):
    """A number then and now; delta = new - old (two decimals), None when either is missing."""

    old: float | None
    new: float | None
    delta: float | None


class LevelChange(Strict):
    old: int | None
    new: int | None


class PartChange(Strict):
    """A task group (score 0-100 and level) or an official pillar (points, no level)."""

    id: str
    score: Change
    level: LevelChange | None = None


TargetChangeKind = Literal["newly_met", "lost", "still_met", "still_not_met", "not_binding"]


class TargetChange(Strict):
    target: str
    old: TargetState
    new: TargetState
    change: TargetChangeKind


InitiativeStatus = Literal["done", "in_progress", "not_started", "regressed"]


class DoneWhenProgress(Strict):
    question: str
    level: int  # the level that closes this part of the initiative
    old_level: int | None  # None: unanswered or N/A
    new_level: int | None


class InitiativeProgress(Strict):
    """An initiative of the previous roadmap, judged by the new answers: done when every question
    reached its "done when" level; regressed when any question fell; in progress when some rose;
    not started when none moved."""

    initiative: str  # the previous roadmap's initiative id
    name: Text
    done_when: tuple[DoneWhenProgress, ...]
    status: InitiativeStatus


class QuestionChange(Strict):
    question: str
    old_level: int | None  # None: unanswered or N/A (see old_na)
    new_level: int | None
    old_na: bool = False
    new_na: bool = False


NotComparableKind = Literal["question", "group", "pillar", "target", "index", "initiative"]
NotComparableReason = Literal["changed", "only_old", "only_new"]


class NotComparable(Strict):
    """Something left out of the comparison, and why: its content changed between the two
    questionnaire versions, or it exists in only one of them."""

    kind: NotComparableKind
    id: str
    reason: NotComparableReason


class Side(Strict):
    """One of the two assessments compared."""

    file: str
    assessed_on: date
    questionnaire: am.QuestionnaireRef
    profile: ProfileRef
    index: float
    band: str  # band id
    complete: bool


class AssessmentComparison(Strict):
    comparison_version: Literal[1] = COMPARISON_VERSION
    kind: Literal["assessment"] = "assessment"
    agency: am.Agency  # as the newer assessment records it
    old: Side
    new: Side
    index: Change | None  # None when the index is not comparable
    groups: tuple[PartChange, ...]  # comparable task groups, in questionnaire order
    pillars: tuple[PartChange, ...]
    targets: tuple[TargetChange, ...]
    initiatives: tuple[InitiativeProgress, ...]
    questions: tuple[QuestionChange, ...]  # comparable questions whose answer changed
    not_comparable: tuple[NotComparable, ...]


class BatchSide(Strict):
    file: str
    source: str  # the submission file the round was scored from
    questionnaire: am.QuestionnaireRef
    profile: ProfileRef
    period: Period | None
    scored: int


class AgencyChange(Strict):
    """An agency present in both rounds."""

    agency_id: str  # the id in the new round
    old_id: str | None = None  # its id in the old round, when a mapping file renamed it
    name: str
    block: str
    key_agency: bool
    province: str
    index: Change | None
    old_band: str
    new_band: str
    groups: dict[str, Change]  # comparable groups only
    targets_newly_met: tuple[str, ...]
    targets_lost: tuple[str, ...]


class AgencyRef(Strict):
    """An agency present in one round only."""

    agency_id: str
    name: str
    block: str
    index: float
    band: str


class IdMapping(Strict):
    old_id: str
    new_id: str


class Movers(Strict):
    """Per block (or "all"), the agencies whose index rose or fell most, by agency id."""

    block: str
    up: tuple[str, ...]
    down: tuple[str, ...]
    mean_change: float | None


class TargetThenNow(Strict):
    target: str
    block: str  # a block id, or "all", "key", "small_medium"
    old: Attainment | None
    new: Attainment | None


class BatchComparison(Strict):
    comparison_version: Literal[1] = COMPARISON_VERSION
    kind: Literal["batch"] = "batch"
    old: BatchSide
    new: BatchSide
    agencies: tuple[AgencyChange, ...]  # by block, then largest rise first
    new_agencies: tuple[AgencyRef, ...]
    missing_agencies: tuple[AgencyRef, ...]
    mapped: tuple[IdMapping, ...]
    movers: tuple[Movers, ...]
    targets: tuple[TargetThenNow, ...]
    not_comparable: tuple[NotComparable, ...]


# --- reading -------------------------------------------------------------------------------------

Kind = Literal["assessment", "batch"]
MOVERS = 5  # agencies listed as moving most up, and most down, per block
AUDIENCES = ("key", "small_medium")


# results.json files compared (or given to --previous) are read whole, into a model per agency: up
# to this size (about 110,000 agencies), which holds any national round with room to spare.
RESULTS_MAX_BYTES = 256 * 1024 * 1024


def _read_text(path: Path, lang: Lang, what: str) -> str:
    """A JSON file's text, its problems worded like the other readers' (exit 2)."""
    return am.read_json_text(
        path, lang, what, folder="compare.is_folder", limit=RESULTS_MAX_BYTES, too_large="compare.too_large"
    )


def kind_of(path: Path, lang: Lang) -> tuple[Kind, str]:
    """Whether a file is an assessment or a batch's results.json (read strictly once to tell),
    with its text, so that a results.json is not read again."""
    text = _read_text(path, lang, "compared")
    document = am.strict_json(text, str(path), "compared", lang)
    if isinstance(document, dict):
        if "results" in document:
            return "batch", text
        if "schema_version" in document or "answers" in document:
            return "assessment", text
    raise UnreadableFileError(t("compare.neither", lang, path=path), hint=t("compare.neither.hint", lang))


def parse_results(text: str, source: str, lang: Lang) -> ResultsFile:
    """results.json's text, checked as strictly as an assessment file: strict JSON, then the model
    with strict types; every problem named by its JSON path in `lang`."""
    what = t("afile.what.results", lang)
    document = am.strict_json(text, source, "results", lang)
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise UnreadableFileError(
            t("afile.not_results", lang, path=source, what=what), hint=t("afile.not_results.hint", lang)
        )
    if "results_version" not in document or "summary" not in document:
        raise UnreadableFileError(
            t("compare.old_results", lang, path=source), hint=t("compare.old_results.hint", lang)
        )
    if document["results_version"] != RESULTS_VERSION:
        raise UnreadableFileError(
            t(
                "compare.results_version",
                lang,
                path=source,
                version=repr(document["results_version"]),
                supported=RESULTS_VERSION,
            ),
            hint=t("afile.version.hint", lang),
        )
    try:
        return ResultsFile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise InvalidContentError(
            t("afile.invalid", lang, path=source, what=what), am.validation_problems(exc, lang=lang)
        ) from None


def read_results(path: Path, lang: Lang) -> ResultsFile:
    """A batch's results.json read strictly (see parse_results); exit 2 when it cannot be read."""
    return parse_results(_read_text(path, lang, "results"), str(path), lang)


def read_mapping(path: Path, lang: Lang) -> dict[str, str]:
    """old_id -> new_id from a CSV (or .xlsx) file with the columns old_id and new_id, read as
    submission files are (any of their encodings and delimiters). An id given twice on either side,
    an empty id, or an id mapped to itself is an error naming its row (exit 2)."""
    from assess import submissions

    sheet = submissions.read(path, lang=lang)
    keys = [submissions.header_key(h) for h in sheet.header]
    if "old_id" not in keys or "new_id" not in keys:
        raise UnreadableFileError(t("compare.map.header", lang, path=path), hint=t("compare.map.hint", lang))
    old_at, new_at = keys.index("old_id"), keys.index("new_id")
    mapping: dict[str, str] = {}
    old_rows: dict[str, int] = {}
    new_rows: dict[str, int] = {}

    def refuse(key: str, row: int, **values: object) -> UnreadableFileError:
        return UnreadableFileError(
            t(key, lang, path=path, row=row, **values), hint=t("compare.map.hint", lang)
        )

    for row in sheet.rows():
        cells = list(row.cells)

        def cell(at: int, cells: list[Any] = cells) -> str:
            return submissions.cell_text(cells[at]).strip() if at < len(cells) else ""

        old_id, new_id = cell(old_at), cell(new_at)
        if not old_id or not new_id:
            raise refuse("compare.map.empty", row.number)
        if old_id in old_rows:
            raise refuse("compare.map.twice_old", row.number, id=old_id, first=old_rows[old_id])
        if new_id in new_rows:
            raise refuse("compare.map.twice_new", row.number, id=new_id, first=new_rows[new_id])
        old_rows[old_id], new_rows[new_id] = row.number, row.number
        mapping[old_id] = new_id
    return mapping


def check_mapping(old: ResultsFile, mapping: Mapping[str, str], source: str, lang: Lang) -> None:
    """Refuse a mapping that would make two agencies of the old round one: an old id renamed to an
    id another old agency still has (and keeps)."""
    ids = {e.agency.id for e in old.results}
    for old_id, new_id in mapping.items():
        if old_id in ids and new_id in ids and new_id not in mapping:
            raise UsageError(
                t("compare.map.collides", lang, path=source, old=old_id, new=new_id),
                hint=t("compare.map.hint", lang),
            )


# --- comparing -----------------------------------------------------------------------------------


def change(old: float | None, new: float | None) -> Change:
    delta = round(new - old, 2) if old is not None and new is not None else None
    return Change(old=old, new=new, delta=delta)


def _presence(
    kind: NotComparableKind, old_ids: Iterable[str], new_ids: Iterable[str], same: Mapping[str, bool]
) -> list[NotComparable]:
    """What exists in one version only, or in both but changed (`same[id]` False)."""
    old_list, new_list = list(old_ids), list(new_ids)
    out = [NotComparable(kind=kind, id=x, reason="changed") for x in new_list if x in same and not same[x]]
    out += [NotComparable(kind=kind, id=x, reason="only_old") for x in old_list if x not in new_list]
    out += [NotComparable(kind=kind, id=x, reason="only_new") for x in new_list if x not in old_list]
    return out


def target_change(old: TargetState, new: TargetState) -> TargetChangeKind:
    """met -> met still met; to met newly met; from met lost; binding neither time not binding."""
    unbound = ("not_binding", "not_applicable")
    if old == "met" and new == "met":
        return "still_met"
    if new == "met":
        return "newly_met"
    if old == "met":
        return "lost"
    if new in unbound:
        return "not_binding"
    return "still_not_met"


def initiative_status(done_when: Sequence[DoneWhenProgress]) -> InitiativeStatus:
    """Done when every question reached its level; else regressed when any fell; in progress when
    any rose; not started when none moved (an unanswered or N/A question counts as level 0)."""
    if all(d.new_level is not None and d.new_level >= d.level for d in done_when):
        return "done"
    moves = [(d.new_level or 0) - (d.old_level or 0) for d in done_when]
    if any(m < 0 for m in moves):
        return "regressed"
    if any(m > 0 for m in moves):
        return "in_progress"
    return "not_started"


def targets_same(q_old: Questionnaire, q_new: Questionnaire) -> dict[str, bool]:
    """Per strategy target of both questionnaires: whether it is measured the same way in both (the
    same definition, and the same questions measuring it, unchanged)."""
    from assess.summary import question_hash

    def tagged(q: Questionnaire, target: str) -> list[tuple[str, str]]:
        return [
            (x.id, question_hash(x)) for x in q.questions if x.target is not None and x.target.id == target
        ]

    return {
        x.id: x == q_old.target_by_id[x.id] and tagged(q_old, x.id) == tagged(q_new, x.id)
        for x in q_new.targets
        if x.id in q_old.target_by_id
    }


class _Versions:
    """What compares between two questionnaire + profile pairs, item by item."""

    def __init__(self, q_old: Questionnaire, p_old: Profile, q_new: Questionnaire, p_new: Profile) -> None:
        from assess.summary import group_hashes, question_hash

        self.q_old, self.q_new = q_old, q_new
        old_q = {x.id: question_hash(x) for x in q_old.questions}
        new_q = {x.id: question_hash(x) for x in q_new.questions}
        self.question_same = {i: old_q[i] == h for i, h in new_q.items() if i in old_q}
        old_g, new_g = group_hashes(q_old, p_old), group_hashes(q_new, p_new)
        self.group_same = {g: old_g[g] == h for g, h in new_g.items() if g in old_g}
        self.questions_ok = {i for i, same in self.question_same.items() if same}
        self.groups_ok = {g for g, same in self.group_same.items() if same}
        self.index_ok = set(old_g) == set(new_g) and len(self.groups_ok) == len(new_g)

        def pillar_inputs(q: Questionnaire, p: Profile, pillar: str) -> tuple[Any, ...]:
            asked = [x for x in q.questions if x.pillar == pillar]
            return (p.official_index.pillars.get(pillar), [(x.id, p.question_weight(x)) for x in asked])

        self.pillar_same = {
            x.id: (
                pillar_inputs(q_old, p_old, x.id) == pillar_inputs(q_new, p_new, x.id)
                and all(y.id in self.questions_ok for y in q_new.questions if y.pillar == x.id)
            )
            for x in q_new.pillars
            if x.id in q_old.pillar_by_id
        }

        self.target_same = targets_same(q_old, q_new)

    def not_comparable(self) -> list[NotComparable]:
        qo, qn = self.q_old, self.q_new
        out = _presence("question", qo.question_by_id, qn.question_by_id, self.question_same)
        out += _presence("group", qo.group_by_id, qn.group_by_id, self.group_same)
        out += _presence("pillar", qo.pillar_by_id, qn.pillar_by_id, self.pillar_same)
        out += _presence("target", qo.target_by_id, qn.target_by_id, self.target_same)
        if not self.index_ok:
            out.append(NotComparable(kind="index", id="index", reason="changed"))
        return out


def _answer(a: am.Assessment, question: str) -> tuple[int | None, bool]:
    x = a.answer(question)
    return x.level, x.na


def assessments(
    old: result.Loaded, new: result.Loaded, mapping: Mapping[str, str] | None = None, lang: Lang = "vi"
) -> AssessmentComparison:
    """Two assessments of one agency compared, each scored with its own questionnaire and
    profile; only what both versions ask and score the same way is compared, the rest listed.
    Different agency ids are refused unless `mapping` (old id -> new id) renames the old one."""
    from assess import result as rs

    old_id, new_id = old.assessment.agency.id, new.assessment.agency.id
    if old_id != new_id and (mapping or {}).get(old_id) != new_id:
        raise UsageError(
            t("compare.other_agency", lang, old=old.path, old_id=old_id, new=new.path, new_id=new_id),
            hint=t("compare.other_agency.hint", lang),
        )
    r_old = rs.evaluate(old.assessment, old.questionnaire, old.profile)
    r_new = rs.evaluate(new.assessment, new.questionnaire, new.profile)
    v = _Versions(old.questionnaire, old.profile, new.questionnaire, new.profile)
    not_comparable = v.not_comparable()

    old_groups = {g.id: g for g in r_old.scores.groups}
    groups = tuple(
        PartChange(
            id=g.id,
            score=change(old_groups[g.id].score, g.score),
            level=LevelChange(old=old_groups[g.id].level, new=g.level),
        )
        for g in r_new.scores.groups
        if g.id in v.groups_ok
    )
    old_pillars = {p.id: p for p in r_old.scores.official.pillars}
    pillars = tuple(
        PartChange(id=p.id, score=change(old_pillars[p.id].points, p.points))
        for p in r_new.scores.official.pillars
        if v.pillar_same.get(p.id)
    )
    old_targets = {x.id: x for x in r_old.scores.targets}
    targets = tuple(
        TargetChange(
            target=x.id,
            old=old_targets[x.id].status,
            new=x.status,
            change=target_change(old_targets[x.id].status, x.status),
        )
        for x in r_new.scores.targets
        if v.target_same.get(x.id)
    )
    initiatives = []
    for initiative in r_old.roadmap.initiatives:
        if any(d.question not in v.questions_ok for d in initiative.done_when):
            not_comparable.append(NotComparable(kind="initiative", id=initiative.id, reason="changed"))
            continue
        progress = tuple(
            DoneWhenProgress(
                question=d.question,
                level=d.level,
                old_level=_answer(old.assessment, d.question)[0],
                new_level=_answer(new.assessment, d.question)[0],
            )
            for d in initiative.done_when
        )
        initiatives.append(
            InitiativeProgress(
                initiative=initiative.id,
                name=initiative.name,
                done_when=progress,
                status=initiative_status(progress),
            )
        )
    questions = []
    for question in new.questionnaire.questions:
        if question.id not in v.questions_ok:
            continue
        (lo, nao), (ln, nan) = _answer(old.assessment, question.id), _answer(new.assessment, question.id)
        if (lo, nao) != (ln, nan):
            questions.append(
                QuestionChange(question=question.id, old_level=lo, new_level=ln, old_na=nao, new_na=nan)
            )

    def side(loaded: result.Loaded, r: result.Result) -> Side:
        return Side(
            file=str(loaded.path),
            assessed_on=r.assessed_on,
            questionnaire=loaded.assessment.questionnaire,
            profile=r.profile,
            index=r.scores.index,
            band=r.scores.band.id,
            complete=r.scores.complete,
        )

    return AssessmentComparison(
        agency=new.assessment.agency,
        old=side(old, r_old),
        new=side(new, r_new),
        index=change(r_old.scores.index, r_new.scores.index) if v.index_ok else None,
        groups=groups,
        pillars=pillars,
        targets=targets,
        initiatives=tuple(initiatives),
        questions=tuple(questions),
        not_comparable=tuple(not_comparable),
    )


def _side(results: ResultsFile, file: str) -> BatchSide:
    q = results.questionnaire
    return BatchSide(
        file=file,
        source=results.source,
        questionnaire=am.QuestionnaireRef(id=q.id, version=q.version, hash=q.hash),
        profile=results.profile,
        period=results.summary.period,
        scored=results.scored,
    )


def _ref(entry: ResultEntry) -> AgencyRef:
    return AgencyRef(
        agency_id=entry.agency.id,
        name=entry.agency.name,
        block=entry.agency.block,
        index=entry.index,
        band=entry.band.id,
    )


def _block_order(*files: ResultsFile) -> dict[str, int]:
    order: dict[str, int] = {}
    for f in files:
        for b in f.summary.blocks:
            order.setdefault(b.block, len(order))
    return order


def _attainment(results: ResultsFile, target: str, block: str) -> Attainment | None:
    found = next((x for x in results.summary.targets if x.target == target), None)
    if found is None:
        return None
    if block == ALL:
        return found.overall
    if block == "key":
        return found.key
    if block == "small_medium":
        return found.small_medium
    return found.by_block.get(block)


def batches(
    old: ResultsFile,
    new: ResultsFile,
    old_file: str,
    new_file: str,
    mapping: Mapping[str, str],
    questionnaires: tuple[Questionnaire, Questionnaire] | None = None,
) -> BatchComparison:
    """Two rounds of a batch compared agency by agency (matched by id, old ids renamed by
    `mapping` first): index, band and each comparable group; strategy targets newly met and lost;
    agencies new and missing; who moved most per block; target attainment then and now. A group
    compares when its content hash is the same in both rounds; the index when every group does and
    the scoring profile's version is the same; a strategy target when every group does, or, given
    the two rounds' questionnaires (`questionnaires`: old, new, as the files' hashes name them), when
    it is measured by the same unchanged questions in both."""
    old_groups, new_groups = old.questionnaire.groups, new.questionnaire.groups
    group_same = {g: old_groups[g] == h for g, h in new_groups.items() if g in old_groups}
    groups_ok = [g for g in new_groups if group_same.get(g)]
    all_groups = set(old_groups) == set(new_groups) and len(groups_ok) == len(new_groups) > 0
    index_ok = all_groups and old.profile.version == new.profile.version
    same_questionnaire = old.questionnaire.hash == new.questionnaire.hash
    targets_ok = same_questionnaire or all_groups
    old_target_ids = list(dict.fromkeys(x.target for x in old.summary.targets))
    new_target_ids = list(dict.fromkeys(x.target for x in new.summary.targets))
    target_same = {x: targets_ok for x in new_target_ids if x in old_target_ids}
    if questionnaires is not None and not targets_ok:
        q_old, q_new = questionnaires
        if (q_old.content_hash, q_new.content_hash) == (old.questionnaire.hash, new.questionnaire.hash):
            measured = targets_same(q_old, q_new)
            target_same = {x: measured.get(x, False) for x in target_same}

    not_comparable = _presence("group", old_groups, new_groups, group_same)
    if not index_ok:
        not_comparable.append(NotComparable(kind="index", id="index", reason="changed"))
    not_comparable += _presence("target", old_target_ids, new_target_ids, target_same)
    comparable_targets = [x for x in new_target_ids if target_same.get(x)]

    olds: dict[str, ResultEntry] = {}
    for entry in old.results:
        olds[mapping.get(entry.agency.id, entry.agency.id)] = entry
    news = {entry.agency.id: entry for entry in new.results}
    order = _block_order(new, old)

    def block_key(block: str) -> int:
        return order.get(block, len(order))

    agencies: list[AgencyChange] = []
    mapped: list[IdMapping] = []
    for agency_id, entry in news.items():
        before = olds.get(agency_id)
        if before is None:
            continue
        if before.agency.id != agency_id:
            mapped.append(IdMapping(old_id=before.agency.id, new_id=agency_id))
        states = [(x, before.targets.get(x), entry.targets.get(x)) for x in comparable_targets]
        moved = [(x, target_change(o.status, n.status)) for x, o, n in states if o is not None and n]
        agencies.append(
            AgencyChange(
                agency_id=agency_id,
                old_id=before.agency.id if before.agency.id != agency_id else None,
                name=entry.agency.name,
                block=entry.agency.block,
                key_agency=entry.agency.key_agency,
                province=entry.agency.province,
                index=change(before.index, entry.index) if index_ok else None,
                old_band=before.band.id,
                new_band=entry.band.id,
                groups={
                    g: change(before.groups[g].score, entry.groups[g].score)
                    for g in groups_ok
                    if g in before.groups and g in entry.groups
                },
                targets_newly_met=tuple(x for x, kind in moved if kind == "newly_met"),
                targets_lost=tuple(x for x, kind in moved if kind == "lost"),
            )
        )

    def rise(a: AgencyChange) -> tuple[int, float, str]:
        delta = a.index.delta if a.index is not None else None
        return (block_key(a.block), -(delta if delta is not None else float("-inf")), a.agency_id)

    agencies.sort(key=rise)
    new_agencies = sorted(
        (_ref(e) for i, e in news.items() if i not in olds), key=lambda r: (block_key(r.block), r.agency_id)
    )
    missing = sorted(
        (_ref(e) for i, e in olds.items() if i not in news), key=lambda r: (block_key(r.block), r.agency_id)
    )

    movers = []
    blocks_seen = sorted({a.block for a in agencies}, key=lambda b: (block_key(b), b))
    for block in (ALL, *blocks_seen):
        members = [a for a in agencies if block == ALL or a.block == block]
        deltas = [
            (a.index.delta, a.agency_id) for a in members if a.index is not None and a.index.delta is not None
        ]
        up = sorted((x for x in deltas if x[0] > 0), key=lambda x: (-x[0], x[1]))[:MOVERS]
        down = sorted((x for x in deltas if x[0] < 0), key=lambda x: (x[0], x[1]))[:MOVERS]
        mean = round(sum(d for d, _ in deltas) / len(deltas), 2) if deltas else None
        movers.append(
            Movers(block=block, up=tuple(i for _, i in up), down=tuple(i for _, i in down), mean_change=mean)
        )

    summary_blocks = sorted(order, key=block_key)
    targets = tuple(
        TargetThenNow(target=x, block=b, old=_attainment(old, x, b), new=_attainment(new, x, b))
        for x in comparable_targets
        for b in (ALL, *summary_blocks, *AUDIENCES)
    )
    return BatchComparison(
        old=_side(old, old_file),
        new=_side(new, new_file),
        agencies=tuple(agencies),
        new_agencies=tuple(new_agencies),
        missing_agencies=tuple(missing),
        mapped=tuple(mapped),
        movers=tuple(movers),
        targets=targets,
        not_comparable=tuple(not_comparable),
    )


# --- names ---------------------------------------------------------------------------------------


class Names:
    """How the ids of a comparison read in one language: blocks, groups, pillars, targets, questions
    and bands, from the questionnaires and profiles at hand (the newer first); an id none of them
    knows reads as itself."""

    def __init__(
        self, lang: Lang, questionnaires: Sequence[Questionnaire], profiles: Sequence[Profile] = ()
    ) -> None:
        self.lang = lang
        self.questionnaires = tuple(questionnaires)
        self.profiles = tuple(profiles)
        self._names: dict[tuple[str, str], str] = {}
        for q in reversed(questionnaires):  # the newer last: its names win
            self._names |= {("block", x.id): x.name(lang) for x in q.blocks}
            self._names |= {("group", x.id): x.title(lang) for x in q.groups}
            self._names |= {("pillar", x.id): x.name(lang) for x in q.pillars}
            self._names |= {("target", x.id): x.name(lang) for x in q.targets}
            self._names |= {("question", x.id): x.title(lang) for x in q.questions}
        for p in reversed(profiles):
            for band_set in p.bands:
                self._names |= {("band", x.id): x.name(lang) for x in band_set.bands}

    def knows(self, kind: str, item: str) -> bool:
        return (kind, item) in self._names

    def of(self, kind: str, item: str) -> str:
        if kind == "block" and item in (ALL, *AUDIENCES):
            return t(f"compare.block.{item}", self.lang)
        return self._names.get((kind, item), item)
