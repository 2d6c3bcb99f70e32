"""A scored assessment: scores, roadmap and the versions that produced them, as one serialisable value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from assess import assessment as am
from assess import questionnaire as qm
from assess import roadmap as rm
from assess import scoring
from assess.bilingual import Lang, Strict
from assess.errors import AssessError
from assess.messages import t

RESULT_VERSION: Literal[1] = 1


class ProfileRef(Strict):
    id: str
    version: str


class Result(Strict):
    result_version: Literal[1] = RESULT_VERSION
    agency: am.Agency
    assessor: str
    assessed_on: date
    assessment_status: am.Status
    questionnaire: am.QuestionnaireRef
    profile: ProfileRef
    scores: scoring.Scores
    roadmap: rm.Roadmap
    peers: scoring.PeerStats | None = None


def evaluate(assessment: am.Assessment, q: qm.Questionnaire, profile: scoring.Profile) -> Result:
    """Score an assessment and plan its roadmap. Pure and deterministic."""
    scores = scoring.score(assessment, q, profile)
    return Result(
        agency=assessment.agency,
        assessor=assessment.assessor,
        assessed_on=assessment.assessed_on,
        assessment_status=assessment.status,
        questionnaire=assessment.questionnaire,
        profile=ProfileRef(id=profile.id, version=profile.version),
        scores=scores,
        roadmap=rm.plan(assessment, q, profile, scores),
    )


def with_peers(results: Sequence[Result]) -> list[Result]:
    """The same results, each with its standing among the others (by block and overall)."""
    stats = scoring.peer_statistics(
        [(r.agency.block, r.scores.index, {g.id: g.score for g in r.scores.groups}) for r in results]
    )
    return [r.model_copy(update={"peers": p}) for r, p in zip(results, stats, strict=True)]


def dumps(result: Result) -> str:
    """The canonical JSON of a result: byte-identical for identical inputs."""
    return result.model_dump_json(indent=2) + "\n"


@dataclass(frozen=True)
class Loaded:
    """An assessment file read and checked together with the questionnaire and profile for it."""

    path: Path
    assessment: am.Assessment
    questionnaire: qm.Questionnaire
    profile: scoring.Profile


def load(
    path: Path, questionnaire_ref: str | None = None, profile_ref: str | None = None, lang: Lang = "vi"
) -> Loaded:
    """Read an assessment and find what it needs: its questionnaire (bundled, by the id it names,
    unless one is given) and the scoring profile made for that questionnaire."""
    return prepared(am.load(path, lang), path, questionnaire_ref, profile_ref, lang)


def prepared(
    a: am.Assessment,
    path: Path,
    questionnaire_ref: str | None = None,
    profile_ref: str | None = None,
    lang: Lang = "vi",
) -> Loaded:
    """An assessment already read (from `path`, or a line of a JSON Lines file) with what it needs,
    as `load` finds it."""
    _, q = qm.resolve(questionnaire_ref or a.questionnaire.id, lang)
    am.check(a, q, str(path), lang)
    profile = scoring.resolve(profile_ref, q, lang)
    return Loaded(path=path, assessment=a, questionnaire=q, profile=profile)


def try_load(
    paths: Sequence[Path],
    questionnaire_ref: str | None,
    profile_ref: str | None,
    lang: Lang = "vi",
) -> tuple[list[Loaded], list[tuple[Path, AssessError]]]:
    """Load every file; collect the ones that fail instead of stopping at the first."""
    loaded: list[Loaded] = []
    failed: list[tuple[Path, AssessError]] = []
    for path in paths:
        try:
            loaded.append(load(path, questionnaire_ref, profile_ref, lang))
        except AssessError as exc:
            failed.append((path, exc))
    return loaded, failed


def summary_header(group_ids: Sequence[str]) -> list[str]:
    """Columns of the one-row-per-agency summary (score --format csv, batch results.csv)."""
    head = [
        "agency_id",
        "agency_name",
        "block",
        "key_agency",
        "province",
        "assessed_on",
        "questionnaire",
        "questionnaire_version",
        "profile_version",
        "index",
        "band",
        "official_total",
        "official_band",
    ]
    for gid in group_ids:
        head += [f"{gid}_score", f"{gid}_level"]
    head += ["unanswered", "complete"]
    return head


def summary_row(r: Result, lang: Lang) -> list[str | int | float | bool | None]:
    s = r.scores
    row: list[str | int | float | bool | None] = [
        r.agency.id,
        r.agency.name,
        r.agency.block,
        r.agency.key_agency,
        r.agency.province,
        r.assessed_on.isoformat(),
        r.questionnaire.id,
        r.questionnaire.version,
        r.profile.version,
        s.index,
        s.band.name(lang),
        s.official.total,
        s.official.band.name(lang),
    ]
    for g in s.groups:
        row += [g.score, g.level]
    row += [len(s.unanswered), s.complete]
    return row


def _standing_problems(peers: scoring.PeerStats, r: Result, lang: Lang = "vi") -> list[str]:
    """What makes a standing impossible (rank 0 of 3, 5 agencies below out of 2, a median of 250)."""
    problems = []
    if peers.block != r.agency.block:
        problems.append(t("afile.peers_block", lang, block=peers.block, agency_block=r.agency.block))
    standings = {"in_block": peers.in_block, "overall": peers.overall}
    standings |= {f"groups_in_block.{g}": s for g, s in peers.groups_in_block.items()}
    for where, s in standings.items():
        if not (1 <= s.rank <= s.of and s.below >= 0 and s.equal >= 0 and s.below + s.equal < s.of):
            rank = t("afile.peers_rank", lang, rank=s.rank, of=s.of, below=s.below, equal=s.equal)
            problems.append(f"{where}: {rank}")
        if not 0 <= s.median <= 100:
            problems.append(f"{where}.median: {t('afile.peers_median', lang, median=s.median)}")
    return problems


def peers_from_results(path: Path, r: Result, lang: Lang = "vi") -> scoring.PeerStats:
    """This agency's standing from a batch's results.json (matched by agency id and date), read as
    strictly as an assessment file (am.strict_json); problems worded in `lang`."""
    from assess.errors import InvalidContentError, UnreadableFileError

    what = t("afile.what.results", lang)
    text = am.read_json_text(path, lang, "results", folder="afile.results_is_folder", limit=None)
    document = am.strict_json(text, str(path), "results", lang)
    entries = document.get("results") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise UnreadableFileError(
            t("afile.not_results", lang, path=path, what=what), hint=t("afile.not_results.hint", lang)
        )
    damaged_peers = t("afile.peers_damaged", lang, path=path)
    for number, entry in enumerate(entries):
        agency = entry.get("agency") if isinstance(entry, dict) else None
        if not isinstance(agency, dict):
            raise InvalidContentError(
                t("afile.damaged", lang, path=path, what=what),
                [f"results.{number}: {t('afile.not_result', lang)}"],
            )
        if agency.get("id") == r.agency.id and entry.get("assessed_on") == r.assessed_on.isoformat():
            try:
                peers = scoring.PeerStats.model_validate(entry.get("peers"), strict=True)
            except ValidationError as exc:
                problems = am.validation_problems(exc, ("results", number, "peers"), lang)
                raise InvalidContentError(damaged_peers, problems) from None
            problems = [f"results.{number}.peers.{p}" for p in _standing_problems(peers, r, lang)]
            if problems:
                raise InvalidContentError(damaged_peers, problems)
            return peers
    raise InvalidContentError(
        t("afile.no_result", lang, path=path, agency=r.agency.id, day=r.assessed_on),
        [t("afile.no_result.detail", lang, count=len(entries))],
    )
