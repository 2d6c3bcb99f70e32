"""A sector's submissions: read → validate → score → rank → write → render, in parallel,
accounting for every row read (scored + rejected = rows read)."""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from assess import assessment as am
from assess import atomicfile, columns, filenames, findings, scoring, submissions, tabular
from assess.bilingual import Lang
from assess.columns import RowScores
from assess.findings import Finding, message
from assess.questionnaire import Questionnaire
from assess.scoring import PeerStats, Profile

if TYPE_CHECKING:
    from assess.report_context import Detail

CHUNK = 500  # rows per task handed to a worker process
T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str, int, int | None], None]  # stage, done, total (None: not known yet)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Scored(RowScores):
    """What the results and the sector summary need of one scored row: its numbers (computed
    column-wise for a whole chunk) and who and when; the assessment is re-read when written."""

    row: int
    agency: am.Agency
    assessed_on: date

    @property
    def total_gap(self) -> int:
        return sum(g[3] or 0 for g in self.groups)


@dataclass
class Outcome:
    """One row read: scored, or rejected with its findings (warnings may come with either)."""

    row: int
    agency_id: str
    findings: list[Finding]
    scored: Scored | None

    @property
    def rejected(self) -> bool:
        return self.scored is None


@dataclass
class Context:
    """What a worker needs to turn rows into outcomes."""

    q: Questionnaire
    profile: Profile
    header: tuple[str, ...]
    file: str
    today: date
    lang: Lang

    def __post_init__(self) -> None:
        self.columns, _ = submissions.map_columns(self.header, self.file, self.q, self.lang)
        self.layout = columns.Layout(self.q, self.profile)


def score_rows(ctx: Context, rows: Sequence[submissions.Row]) -> list[Outcome]:
    """Each row parsed into an assessment or findings; the chunk's assessments scored together."""
    outcomes: list[Outcome] = []
    parsed: list[tuple[Outcome, am.Assessment]] = []
    for row in rows:
        if submissions.is_empty(row):
            finding = Finding("empty_row", ctx.file, row.number, "", "", message("empty_row", ctx.lang))
            outcomes.append(Outcome(row.number, "", [finding], None))
            continue
        p = submissions.parse_row(
            row, ctx.columns, ctx.q, ctx.file, ctx.today, ctx.profile.unanswered.incomplete_above, ctx.lang
        )
        outcomes.append(Outcome(row.number, p.agency_id, p.findings, None))
        if p.assessment is not None:
            parsed.append((outcomes[-1], p.assessment))
    numbers = columns.score_rows(ctx.layout, [a for _, a in parsed])
    for (outcome, a), scores in zip(parsed, numbers, strict=True):
        outcome.scored = Scored(
            **{f.name: getattr(scores, f.name) for f in fields(RowScores)},
            row=outcome.row,
            agency=a.agency,
            assessed_on=a.assessed_on,
        )
    return outcomes


_WORKER: Context | None = None


def _init_worker(ctx: Context) -> None:
    global _WORKER
    _WORKER = ctx


def _score_chunk(rows: list[submissions.Row]) -> list[Outcome]:
    assert _WORKER is not None
    return score_rows(_WORKER, rows)


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(
    chunks: Iterator[list[T]],
    work: Callable[[list[T]], R],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> Iterator[R]:
    """Results of `work` on each chunk, in order. The first chunk runs here; if there are more,
    a pool of `jobs` processes takes them, with a bounded number in flight (memory stays flat)."""
    first = next(chunks, None)
    if first is None:
        return
    initializer(*initargs)
    second = next(chunks, None)
    if second is None or jobs <= 1:
        yield work(first)
        if second is not None:
            yield work(second)
            for chunk in chunks:
                yield work(chunk)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
        pending: deque[Future[R]] = deque([pool.submit(work, second)])
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= jobs * 2:
                break
        yield work(first)  # while the pool works on the next ones
        for chunk in chunks:
            yield pending.popleft().result()
            pending.append(pool.submit(work, chunk))
        while pending:
            yield pending.popleft().result()


@dataclass
class Run:
    """A batch's outcome before anything is written."""

    sheet: submissions.Sheet
    q: Questionnaire
    profile: Profile
    file_findings: list[Finding]
    outcomes: list[Outcome]
    stopped_at: int | None = None  # the row where --max-errors stopped reading
    today: date | None = None  # the date future assessment dates are checked against
    peers: list[scoring.Peers] = field(default_factory=list)  # aligned with `scored`

    @property
    def scored(self) -> list[Scored]:
        return [o.scored for o in self.outcomes if o.scored is not None]

    @property
    def rows_read(self) -> int:
        return len(self.outcomes)

    @property
    def rejected(self) -> int:
        return sum(o.rejected for o in self.outcomes)

    @property
    def findings(self) -> list[Finding]:
        return [*self.file_findings, *(f for o in self.outcomes for f in o.findings)]


def run(
    path: Path,
    q: Questionnaire,
    profile: Profile,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_errors: int | None = None,
    jobs: int | None = None,
    today: date | None = None,
    lang: Lang = "vi",
    progress: Progress = _no_progress,
) -> Run:
    """Read, validate and score every row of a submission file, and rank the scored ones."""
    sheet = submissions.read(path, encoding, delimiter)
    file = str(path)
    _, file_findings = submissions.map_columns(sheet.header, file, q, lang)
    fatal = next((f for f in file_findings if f.is_error), None)
    batch = Run(sheet, q, profile, file_findings, [])
    errors = 0
    if fatal is not None:
        # The header itself is wrong: no row can be read, and each says why.
        for row in sheet.rows():
            batch.outcomes.append(
                Outcome(
                    row.number,
                    "",
                    [
                        Finding(
                            fatal.code,
                            file,
                            row.number,
                            fatal.column,
                            "",
                            message("not_read", lang, reason=fatal.message),
                        )
                    ],
                    None,
                )
            )
        progress("read", batch.rows_read, batch.rows_read)
        return batch

    batch.today = today or date.today()
    ctx = Context(q, profile, sheet.header, file, batch.today, lang)
    workers = jobs or os.cpu_count() or 1
    for outcomes in _in_order(_chunks(sheet.rows(), CHUNK), _score_chunk, workers, _init_worker, (ctx,)):
        for outcome in outcomes:
            batch.outcomes.append(outcome)
            errors += sum(f.is_error for f in outcome.findings)
            if max_errors is not None and errors >= max_errors:
                batch.stopped_at = outcome.row
                outcome.findings.append(
                    Finding(
                        "stopped_early",
                        file,
                        outcome.row,
                        "",
                        str(max_errors),
                        message("stopped_early", lang, errors=errors, max=max_errors, row=outcome.row),
                    )
                )
                break
        progress("read", batch.rows_read, None)
        if batch.stopped_at is not None:
            break
    progress("read", batch.rows_read, batch.rows_read)

    by_row = {o.row: o for o in batch.outcomes}
    for outcome_row, finding in _duplicates(batch.outcomes, file, lang):
        outcome = by_row[outcome_row]
        outcome.findings.append(finding)
        outcome.scored = None
    scored = batch.scored
    batch.peers = scoring.peer_positions(
        [(s.agency.block, s.index, {g[0]: g[1] for g in s.groups}) for s in scored]
    )
    progress("score", len(scored), len(scored))
    return batch


def _duplicates(outcomes: Sequence[Outcome], file: str, lang: Lang) -> Iterator[tuple[int, Finding]]:
    parsed = [submissions.Parsed(o.row, o.agency_id, None) for o in outcomes if o.agency_id]
    for p, finding in submissions.duplicate_ids(parsed, file, lang):
        yield p.row, finding


# --- writing --------------------------------------------------------------------------------------


RESULT_COLUMNS = ("rank_in_block", "percentile_in_block", "rank_overall", "percentile_overall", "source_row")


@dataclass(frozen=True)
class Written:
    out: Path
    results_csv: Path
    results_json: Path
    findings_csv: Path
    assessments: Path
    stems: dict[int, str]  # row -> file stem for that agency's assessment and report


def stems_for(batch: Run) -> dict[int, str]:
    scored = batch.scored
    return dict(
        zip((s.row for s in scored), filenames.unique_stems([s.agency.id for s in scored]), strict=True)
    )


def _result_entry(s: Scored, peers: scoring.Peers, stem: str, profile: Profile, lang: Lang) -> dict[str, Any]:
    band = profile.band_by_id(s.band, s.assessed_on)
    official = profile.band_by_id(s.official_band, s.assessed_on)
    return {
        "agency": s.agency.model_dump(mode="json"),
        "assessed_on": s.assessed_on.isoformat(),
        "source_row": s.row,
        "index": s.index,
        "band": {"id": band.id, "name": band.name(lang)},
        "groups": {
            gid: {"score": score, "level": level, "gap_2030": gap} for gid, score, level, gap in s.groups
        },
        "official_estimate": {"total": s.official_total, "level": official.name(lang), "indicative": True},
        "targets": {tid: {"status": status, "overdue": overdue} for tid, status, overdue in s.targets},
        "unanswered": s.unanswered,
        "complete": s.complete,
        "peers": peers.stats().model_dump(mode="json"),
        "files": {"assessment": f"assessments/{stem}.json", "report": f"reports/{stem}.pdf"},
    }


def ordered(batch: Run) -> list[tuple[Scored, scoring.Peers]]:
    """Scored rows by block (questionnaire order), then rank within the block, then agency id."""
    order = {b.id: i for i, b in enumerate(batch.q.blocks)}
    pairs = list(zip(batch.scored, batch.peers, strict=True))
    return sorted(pairs, key=lambda p: (order[p[0].agency.block], p[1].in_block[0], p[0].agency.id))


AssessmentsFormat = Literal["files", "jsonl"]
JSONL = "assessments.jsonl"


def write_results(
    batch: Run,
    out: Path,
    lang: Lang,
    progress: Progress = _no_progress,
    jobs: int | None = None,
    assessments_as: AssessmentsFormat = "files",
) -> Written:
    """results.csv, results.json, findings.csv, and each scored row as an assessment: one file per
    row in assessments/, or (for very large batches) one line per row in assessments.jsonl."""
    out.mkdir(parents=True, exist_ok=True)
    stems = stems_for(batch)
    pairs = ordered(batch)
    groups = [g.id for g in batch.q.groups]
    header = [
        "agency_id",
        "agency_name",
        "block",
        "key_agency",
        "province",
        "governing_body",
        "assessed_on",
        "index",
        "band",
        *[f"{g}_{k}" for g in groups for k in ("score", "level")],
        "official_total",
        "official_level",
        "unanswered",
        "complete",
        *RESULT_COLUMNS,
    ]
    rows = (
        [
            s.agency.id,
            s.agency.name,
            s.agency.block,
            s.agency.key_agency,
            s.agency.province,
            s.agency.governing_body,
            s.assessed_on.isoformat(),
            s.index,
            batch.profile.band_by_id(s.band, s.assessed_on).name(lang),
            *[v for _, score, level, _ in s.groups for v in (score, level)],
            s.official_total,
            batch.profile.band_by_id(s.official_band, s.assessed_on).name(lang),
            s.unanswered,
            s.complete,
            p.in_block[0],
            scoring.percent_below(p.in_block),
            p.overall[0],
            scoring.percent_below(p.overall),
            s.row,
        ]
        for s, p in pairs
    )
    results_csv = out / "results.csv"
    tabular.write_csv(str(results_csv), header, rows)

    results_json = out / "results.json"
    document = {
        "source": batch.sheet.path.name,
        "questionnaire": {"id": batch.q.id, "version": batch.q.version, "hash": batch.q.content_hash},
        "profile": {"id": batch.profile.id, "version": batch.profile.version},
        "rows_read": batch.rows_read,
        "scored": len(pairs),
        "rejected": batch.rejected,
        "stopped_at_row": batch.stopped_at,
    }
    # Written entry by entry, one agency a line: a national file can hold many thousands of
    # agencies, and a compact line is serialised by json's compiled encoder (an indented one is not).
    with atomicfile.replacing(results_json, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2)[:-2] + ',\n  "results": [')
        for i, (s, p) in enumerate(pairs):
            entry = json.dumps(_result_entry(s, p, stems[s.row], batch.profile, lang), ensure_ascii=False)
            handle.write(("," if i else "") + "\n    " + entry)
        handle.write("\n  ]\n}\n")

    findings_csv = out / "findings.csv"
    ordered_findings = sorted(batch.findings, key=lambda f: (f.row or 0, f.code))
    tabular.write_csv(str(findings_csv), findings.HEADER, findings.rows(ordered_findings))

    if assessments_as == "jsonl":
        assessments = out / JSONL
        write_assessment_lines(batch, assessments, stems, progress, jobs)
    else:
        assessments = out / "assessments"
        assessments.mkdir(exist_ok=True)
        write_assessments(batch, assessments, stems, progress, jobs)
    return Written(out, results_csv, results_json, findings_csv, assessments, stems)


def write_findings(batch: Run, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "findings.csv"
    tabular.write_csv(
        str(path), findings.HEADER, findings.rows(sorted(batch.findings, key=lambda f: (f.row or 0, f.code)))
    )
    return path


def _again(row: submissions.Row) -> am.Assessment:
    """A scored row parsed again, through the same parser, to be written (rows are not kept)."""
    assert _WORKER is not None
    ctx = _WORKER
    parsed = submissions.parse_row(
        row, ctx.columns, ctx.q, ctx.file, ctx.today, ctx.profile.unanswered.incomplete_above, ctx.lang
    )
    assert parsed.assessment is not None, f"row {row.number} scored before but not now"
    return parsed.assessment


def _writing_context(batch: Run) -> Context:
    return Context(
        batch.q, batch.profile, batch.sheet.header, str(batch.sheet.path), batch.today or date.today(), "vi"
    )


def _write_chunk(items: list[tuple[submissions.Row, str]]) -> int:
    """Write each scored row as an assessment file."""
    for row, target in items:
        am.save(_again(row), Path(target), durable=False)
    return len(items)


def _line_chunk(rows: list[submissions.Row]) -> list[str]:
    """Each scored row as one line of JSON."""
    return [am.dumps(_again(row), indent=None) for row in rows]


def write_assessment_lines(
    batch: Run, path: Path, stems: dict[int, str], progress: Progress, jobs: int | None = None
) -> None:
    """Every scored row as one line of assessments.jsonl, in the file's row order (each line's
    origin names its row): a million rows make one file, not a million."""
    ctx = _writing_context(batch)
    wanted = (row for row in batch.sheet.rows() if row.number in stems)
    done = 0
    workers = jobs or os.cpu_count() or 1
    with atomicfile.replacing(path, "w", encoding="utf-8") as handle:
        for lines in _in_order(_chunks(wanted, CHUNK), _line_chunk, workers, _init_worker, (ctx,)):
            handle.writelines(lines)
            done += len(lines)
            progress("write", done, len(stems))
    progress("write", done, len(stems))


def assessment_lines(path: Path) -> dict[int, str]:
    """assessments.jsonl by source row: each line as written."""
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            out[json.loads(line)["origin"]["row"]] = line
    return out


def write_assessments(
    batch: Run, folder: Path, stems: dict[int, str], progress: Progress, jobs: int | None = None
) -> None:
    """One assessment file per scored row, written in parallel; the folder is synced once at
    the end rather than after each of perhaps thousands of files."""
    ctx = _writing_context(batch)
    wanted = (
        (row, str(folder / f"{stems[row.number]}.json")) for row in batch.sheet.rows() if row.number in stems
    )
    done = 0
    workers = jobs or os.cpu_count() or 1
    for count in _in_order(_chunks(wanted, CHUNK), _write_chunk, workers, _init_worker, (ctx,)):
        done += count
        progress("write", done, len(stems))
    atomicfile.fsync_dir(folder)
    progress("write", done, len(stems))


# --- rendering --------------------------------------------------------------------------------------


SHARED_ANNEX = "annex-rubrics.pdf"  # with --detail full: the rubrics every agency shares, once


@dataclass(frozen=True)
class RenderTask:
    assessment: str  # the assessment file written by write_results, or (from JSON Lines) its text
    peers: str  # PeerStats as JSON
    target: str
    lang: Lang
    detail: Detail


_RENDER: tuple[Questionnaire, Profile, Path | None] | None = None


def _init_renderer(q: Questionnaire, profile: Profile, template_dir: Path | None) -> None:
    global _RENDER
    _RENDER = (q, profile, template_dir)


def _render_one(task: RenderTask) -> tuple[str, tuple[str, ...]]:
    from assess import report, result

    assert _RENDER is not None
    q, profile, template_dir = _RENDER
    a = (
        am.parse(task.assessment, "assessments.jsonl")
        if task.assessment.startswith("{")
        else am.load(Path(task.assessment))
    )
    r = result.evaluate(a, q, profile).model_copy(update={"peers": PeerStats.model_validate_json(task.peers)})
    rendered = report.agency_pdf(
        r, a, q, profile, task.lang, template_dir, task.detail, shared_annex=task.detail == "full"
    )
    atomicfile.write_bytes(Path(task.target), rendered.pdf)
    return task.target, rendered.warnings


def _render_sector(args: tuple[Run, Lang, Path]) -> tuple[str, tuple[str, ...]]:
    """The sector report, made in a worker like the agency reports (its charts included)."""
    from assess import report, sector

    assert _RENDER is not None
    batch, lang, target = args
    html = sector.sector_html(batch, lang, _RENDER[2])
    rendered = report.pdf_from_html(html, f"sector {batch.sheet.path.name}")
    atomicfile.write_bytes(target, rendered.pdf)
    return str(target), rendered.warnings


def _render_rubrics(args: tuple[Lang, Path]) -> tuple[str, tuple[str, ...]]:
    """The rubric annex every agency of the batch shares, once."""
    from assess import report

    assert _RENDER is not None
    q, _, template_dir = _RENDER
    lang, target = args
    rendered = report.pdf_from_html(report.rubrics_html(q, lang, template_dir), f"rubrics {q.id}")
    atomicfile.write_bytes(target, rendered.pdf)
    return str(target), rendered.warnings


def render_reports(
    batch: Run,
    written: Written,
    lang: Lang,
    jobs: int | None = None,
    template_dir: Path | None = None,
    detail: Detail = "summary",
    progress: Progress = _no_progress,
) -> list[str]:
    """One PDF per scored agency (with its peer statistics) and the sector report, in parallel;
    with the full detail, the rubrics every agency shares once, as reports/annex-rubrics.pdf.
    Returns what WeasyPrint logged."""
    reports = written.out / "reports"
    reports.mkdir(exist_ok=True)
    lines = assessment_lines(written.assessments) if written.assessments.suffix == ".jsonl" else None
    tasks = [
        RenderTask(
            lines[s.row] if lines is not None else str(written.assessments / f"{written.stems[s.row]}.json"),
            p.stats().model_dump_json(),
            str(reports / f"{written.stems[s.row]}.pdf"),
            lang,
            detail,
        )
        for s, p in zip(batch.scored, batch.peers, strict=True)
    ]
    # The sector report and the shared annex go first, so that they render alongside the agencies'.
    others: list[tuple[Callable[[Any], tuple[str, tuple[str, ...]]], Any]] = [
        (_render_sector, (batch, lang, written.out / "sector-report.pdf"))
    ]
    if detail == "full":
        others.append((_render_rubrics, (lang, reports / SHARED_ANNEX)))
    total = len(tasks) + len(others)
    warnings: list[str] = []
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    executor: Executor
    if workers == 1:
        _init_renderer(batch.q, batch.profile, template_dir)
        for done, task in enumerate(tasks, start=1):
            warnings += _render_one(task)[1]
            progress("render", done, total)
        for work, args in others:
            warnings += work(args)[1]
        progress("render", total, total)
        return warnings
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_renderer, initargs=(batch.q, batch.profile, template_dir)
    ) as executor:
        futures: list[Future[tuple[str, tuple[str, ...]]]] = [executor.submit(w, a) for w, a in others]
        futures += [executor.submit(_render_one, task) for task in tasks]
        from concurrent.futures import as_completed

        for done, future in enumerate(as_completed(futures), start=1):
            warnings += future.result()[1]
            progress("render", done, total)
    return warnings
