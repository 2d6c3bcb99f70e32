"""A sector's submissions: read → validate → score → rank → write → render, in parallel,
accounting for every row read (scored + rejected = rows read).

Rows are read in chunks; each chunk is validated and scored column by column
(submissions.parse_chunk, columns.score_matrix), in worker processes when there is more than
one. What a chunk gives is spilled to temporary files as it arrives: each block's records and
scores to its own file, the findings to another. Memory holds only a few numbers per row (to rank
across blocks and to find duplicate ids), so a million rows stay within a few hundred megabytes;
writing then takes one block at a time."""

from __future__ import annotations

import bisect
import ctypes
import gc
import heapq
import json
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np

from assess import assessment as am
from assess import atomicfile, columns, filenames, findings, forms, scoring, submissions, summary, tabular
from assess.bilingual import Lang
from assess.columns import RowScores, Scores
from assess.errors import UnreadableFileError
from assess.findings import CATALOGUE, Finding, clip, message
from assess.messages import t
from assess.questionnaire import Questionnaire
from assess.results_xlsx import ResultsWorkbook
from assess.scoring import PeerStats, Profile
from assess.submissions import Record, Records

if TYPE_CHECKING:
    from assess.report_context import Detail

CHUNK = 2000  # rows per task handed to a worker process
T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str, int, int | None], None]  # stage, done, total (None: not known yet)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


_BULK_GC = (70_000, 50, 100)


@contextmanager
def _bulk() -> Iterator[None]:
    """Reading and writing a batch make millions of short-lived tuples and lists, freed at once by
    reference counting. With the default threshold (700 allocations) the cyclic collector would
    also pass over them, and over everything alive, thousands of times: about a tenth of the
    batch's time. This lets it run a hundred times less often while a batch reads or writes."""
    before = gc.get_threshold()
    gc.set_threshold(*_BULK_GC)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass(frozen=True)
class Scored(RowScores):
    """One scored row as the sector report and the PDFs use it: its numbers and who and when."""

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
    """What a worker needs to turn rows into records and scores."""

    q: Questionnaire
    profile: Profile
    header: tuple[str, ...]
    file: str
    today: date
    lang: Lang
    kind: str = "xlsx"  # the sheet's: a CSV file's cells are always text
    forced: Mapping[int, tuple[submissions.Forced, ...]] = field(default_factory=dict)
    tool: str | None = None  # the form tool whose export the file is
    sources: Mapping[int, str] = field(default_factory=dict)  # row -> the tool's submission id

    def __post_init__(self) -> None:
        mapped, _ = submissions.map_columns(self.header, self.file, self.q, self.lang)
        self.reader = submissions.Reader(
            mapped,
            self.q,
            self.file,
            self.today,
            self.profile.unanswered.incomplete_above,
            self.lang,
            typed=self.kind != "csv",
            forced=self.forced,
        )
        self.layout = columns.Layout(self.q, self.profile)


@dataclass
class Part:
    """What one chunk of rows gives: each row's number, agency id and errors; the findings, by
    row; the records of the rows that give an assessment, and their scores."""

    rows: list[int]
    agency_ids: list[str]
    errors: list[int]
    findings: list[Finding]
    records: Records | None
    scores: Scores | None

    def up_to(self, row: int) -> Part:
        """The part as if reading had stopped after `row`."""
        keep = bisect.bisect_right(self.rows, row)
        records, scores = self.records, self.scores
        if records is not None and scores is not None:
            kept = np.flatnonzero(records.rows <= row)
            records, scores = records.take(kept), scores.take(kept)
        return Part(
            self.rows[:keep],
            self.agency_ids[:keep],
            self.errors[:keep],
            [f for f in self.findings if (f.row or 0) <= row],
            records,
            scores,
        )


def score_rows(ctx: Context, rows: Sequence[submissions.Row]) -> Part:
    """A chunk of rows validated and scored, column by column."""
    chunk = submissions.parse_chunk(rows, ctx.reader)
    scores = None
    records = chunk.records
    if len(records):
        who = columns.Agencies(
            [records.blocks[b] for b in records.block.tolist()],
            records.key_agency.tolist(),
            [None] * len(records),  # a submission row does not say; its block does
            records.assessed_on,
        )
        scores = columns.score_matrix(ctx.layout, chunk.levels, who)
    return Part(chunk.rows, chunk.agency_ids, chunk.errors, chunk.findings, chunk.records, scores)


_WORKER: Context | None = None


def _init_worker(ctx: Context) -> None:
    global _WORKER
    _WORKER = ctx


def _score_chunk(rows: list[submissions.Row]) -> Part:
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


# --- worker processes: they never outlive the run ----------------------------------------------

_POOLS: set[ProcessPoolExecutor] = set()  # this process's live pools, for stop_workers
_PR_SET_PDEATHSIG = 1


def _start_worker(
    parent: int, bulk: bool, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> None:
    """A worker's start: it dies with the process that started it (even one killed by SIGKILL,
    which can clean nothing up), leaves Ctrl-C to that process (which stops every worker), and
    takes SIGTERM's default (a forked worker would inherit the batch's handler)."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if bulk:
        gc.set_threshold(*_BULK_GC)  # a worker only reads or writes chunks (see _bulk)
    initializer(*initargs)


def _die_with(parent: int) -> None:
    """Linux kills this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere a thread
    watches for the parent to go (the worker is then handed to another parent)."""
    if sys.platform.startswith("linux"):
        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
            armed = prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # it died before the signal was asked for
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="assess-parent-watch", daemon=True).start()


@contextmanager
def _pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...], *, bulk: bool = True
) -> Iterator[ProcessPoolExecutor]:
    """A process pool that is shut down in order when the block ends, and at once (its workers
    killed, queued work dropped) when it ends by an error, Ctrl-C, SIGTERM or a caller that
    stops reading early."""
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(os.getpid(), bulk, initializer, initargs)
    )
    _POOLS.add(pool)
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        _POOLS.discard(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(timeout=5)


def stop_workers() -> None:
    """Kill every worker process this process has running (Ctrl-C, SIGTERM): before the output
    folder being written is removed, so that no worker writes into it any more."""
    for pool in list(_POOLS):
        _stop(pool)


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
    with _pool(jobs, initializer, initargs) as pool:
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


# --- the store: what a run keeps, mostly on disk -------------------------------------------------


class Texts:
    """Many short texts in one buffer (a million agency ids in a few megabytes, not a hundred)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")

    def extend(self, texts: Sequence[str]) -> None:
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        start = len(self._data)
        self._data += b"".join(encoded)
        self._ends.extend((np.cumsum(list(map(len, encoded)), dtype=np.int64) + start).tolist())

    def __getitem__(self, i: int) -> str:
        start = self._ends[i - 1] if i else 0
        return self._data[start : self._ends[i]].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


class _Spill:
    """An anonymous temporary file of pickled pieces, read back in the order they were written."""

    def __init__(self, in_memory: bool = False) -> None:
        self._file: IO[bytes] | None = None
        self.pieces = 0
        self._held: list[object] | None = [] if in_memory else None  # or kept as they are

    def add(self, piece: object) -> None:
        if self._held is not None:
            self._held.append(piece)
            self.pieces += 1
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - open for the run's life, gone when closed
        pickle.dump(piece, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pieces += 1

    def __iter__(self) -> Iterator[Any]:
        if self._held is not None:
            yield from self._held
            return
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self.pieces):
            yield pickle.load(self._file)  # noqa: S301 - an unlinked file this process wrote
        self._file.seek(0, os.SEEK_END)

    # A run is handed to a worker process (the sector report is made in one): its spills travel
    # as their bytes.
    def __getstate__(self) -> dict[str, Any]:
        data = b""
        if self._file is not None:
            self._file.seek(0)
            data = self._file.read()
        return {"data": data, "pieces": self.pieces, "held": self._held}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._file, self.pieces, self._held = None, state["pieces"], state["held"]
        if state["data"]:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - as in add
            self._file.write(state["data"])


@dataclass
class Store:
    """Everything a run read, kept compactly: per block, the records and scores of its valid rows
    (spilled); all findings (spilled, in row order) and their counts; and in memory a few numbers
    a row: its number, a digest of its agency id (duplicates) and, for valid rows, the index."""

    blocks: tuple[str, ...]
    rows: array[int] = field(default_factory=lambda: array("q"))  # every row read, in order
    id_rows: array[int] = field(default_factory=lambda: array("q"))  # rows with an agency id
    id_hashes: array[int] = field(default_factory=lambda: array("q"))  # of each id's duplicate key
    ids: Texts = field(default_factory=lambda: Texts())  # aligned with id_rows
    valid_rows: array[int] = field(default_factory=lambda: array("q"))
    valid_index: array[float] = field(default_factory=lambda: array("d"))
    valid_blocks: array[int] = field(default_factory=lambda: array("b"))  # index into `blocks`
    by_block: dict[str, _Spill] = field(default_factory=dict)
    # per block, what ranking it needs, spilled beside it: each row's number, index, group scores
    # and agency id (reading these back is quicker than reading the records and scores)
    ranks: dict[str, _Spill] = field(default_factory=dict)
    finding_spill: _Spill = field(default_factory=_Spill)
    codes: Counter[str] = field(default_factory=Counter)  # findings per code
    code_rows: Counter[str] = field(default_factory=Counter)  # rows with a finding of the code
    examples: dict[str, Finding] = field(default_factory=dict)  # the first finding of each code
    errors: int = 0

    def add(self, part: Part) -> None:
        self.rows.extend(part.rows)
        with_id = [i for i, agency_id in enumerate(part.agency_ids) if agency_id]
        ids = part.agency_ids if len(with_id) == len(part.rows) else [part.agency_ids[i] for i in with_id]
        self.id_rows.extend(part.rows if len(with_id) == len(part.rows) else [part.rows[i] for i in with_id])
        keys = (k.encode("utf-8", "surrogatepass") for k in map(submissions.duplicate_key, ids))
        self.id_hashes.extend(map(zlib.crc32, keys))
        self.ids.extend(ids)
        self.errors += sum(part.errors)
        if part.findings:
            self.finding_spill.add(part.findings)
            seen: set[tuple[str, int | None]] = set()
            for f in part.findings:
                self.codes[f.code] += 1
                if (f.code, f.row) not in seen:
                    seen.add((f.code, f.row))
                    self.code_rows[f.code] += 1
                self.examples.setdefault(f.code, f)
        if part.scores is None or part.records is None or not len(part.records):
            return
        self.valid_rows.extend(part.records.rows.tolist())
        self.valid_index.extend(part.scores.index.tolist())
        blocks = part.records.block
        self.valid_blocks.extend(blocks.tolist())
        for b, block in enumerate(self.blocks):
            where = np.flatnonzero(blocks == b)
            if not len(where):
                continue
            records, scores = part.records, part.scores
            if len(where) < len(part.records):
                records, scores = records.take(where), scores.take(where)
            self.by_block.setdefault(block, _Spill()).add((records, scores))
            self.ranks.setdefault(block, _Spill()).add(
                (records.rows, scores.index, scores.groups, records.agency_ids())
            )


@dataclass
class Duplicates:
    """Rows whose agency ids are the same agency's (submissions.duplicate_key). By default none of
    them is scored; with --keep latest or first (a form tool's re-submissions), the one submitted
    last or first is, and the others are set aside (superseded)."""

    rows: np.ndarray[Any, Any]  # sorted: the rows not scored
    group: np.ndarray[Any, Any]  # aligned with rows: which group of equal ids
    members: list[np.ndarray[Any, Any]]  # each group's rows, sorted
    ids: dict[int, str]  # row -> its agency id as written
    kept: dict[int, int] = field(default_factory=dict)  # superseded row -> the row scored instead
    keep: str = "reject"
    times: dict[int, datetime] = field(default_factory=dict)

    @classmethod
    def find(
        cls, store: Store, keep: forms.Keep = "reject", times: Mapping[int, datetime] | None = None
    ) -> Duplicates:
        """Rows whose ids hash alike are candidates; their ids decide."""
        hashes = (
            np.frombuffer(store.id_hashes, dtype=np.int64) if len(store.id_hashes) else np.zeros(0, np.int64)
        )
        distinct, counts = np.unique(hashes, return_counts=True)
        candidates = np.flatnonzero(np.isin(hashes, distinct[counts > 1]))
        groups: dict[str, list[int]] = {}
        for i in candidates.tolist():
            groups.setdefault(submissions.duplicate_key(store.ids[i]), []).append(i)
        members = [
            np.array(sorted(store.id_rows[i] for i in g), dtype=np.int64)
            for g in groups.values()
            if len(g) > 1
        ]
        kept: dict[int, int] = {}
        winners: list[int] = []
        for m in members:
            winner = forms.keep_order(keep, m.tolist(), times or {})
            if winner is not None:
                winners.append(winner)
                kept |= {r: winner for r in m.tolist() if r != winner}
        rows = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
        group = np.concatenate([np.full(len(m), k) for k, m in enumerate(members)]) if members else rows
        if winners:
            scored = ~np.isin(rows, np.array(winners, dtype=np.int64))
            rows, group = rows[scored], group[scored]
        order = np.argsort(rows, kind="stable")
        ids = {store.id_rows[i]: store.ids[i] for g in groups.values() if len(g) > 1 for i in g}
        return cls(rows[order], group[order], members, ids, kept, keep, dict(times or {}))

    def __len__(self) -> int:
        return len(self.rows)

    def _when(self, row: int) -> str:
        found = self.times.get(row)
        return found.isoformat().replace("+00:00", "Z") if found is not None else "—"

    def findings(self, file: str, lang: Lang) -> Iterator[Finding]:
        """Each duplicate row's finding, in row order."""
        for row, group in zip(self.rows.tolist(), self.group.tolist(), strict=True):
            if row in self.kept:
                winner = self.kept[row]
                yield Finding(
                    "superseded_submission",
                    file,
                    row,
                    "agency_id",
                    clip(self.ids[row]),
                    message(
                        "superseded_submission",
                        lang,
                        agency=self.ids[row],
                        kept=winner,
                        kept_at=self._when(winner),
                        keep=self.keep,
                        at=self._when(row),
                    ),
                )
                continue
            others = [r for r in self.members[group].tolist() if r != row]
            shown = ", ".join(str(r) for r in others[:10]) + (
                f" (+{len(others) - 10})" if len(others) > 10 else ""
            )
            yield Finding(
                "duplicate_agency_id",
                file,
                row,
                "agency_id",
                clip(self.ids[row]),
                message("duplicate_agency_id", lang, rows=shown),
            )


@dataclass
class Run:
    """A batch's outcome before anything is written."""

    sheet: submissions.Sheet
    q: Questionnaire
    profile: Profile
    file_findings: list[Finding]
    store: Store
    lang: Lang = "vi"
    stopped_at: int | None = None  # the row where --max-errors stopped reading
    today: date | None = None  # the date future assessment dates are checked against
    duplicates: Duplicates | None = None

    @property
    def rows_read(self) -> int:
        return len(self.store.rows)

    @property
    def scored_count(self) -> int:
        return len(self.store.valid_rows) - int(np.isin(self._valid_rows(), self._duplicate_rows()).sum())

    @property
    def rejected(self) -> int:
        """Rows not scored for what is wrong with them (re-submissions set aside are not)."""
        return self.rows_read - self.scored_count - self.superseded

    @property
    def superseded(self) -> int:
        """Re-submissions set aside by --keep latest or first (not scored, nothing wrong)."""
        return len(self.duplicates.kept) if self.duplicates is not None else 0

    @property
    def tool(self) -> str | None:
        """The form tool whose export was read (forms.TOOL_NAMES), or None."""
        return self.sheet.tool if isinstance(self.sheet, forms.FormSheet) else None

    def submission_of(self, row: int) -> str:
        """The form tool's id of the submission on this row ("" for assess's own layout)."""
        return self.sheet.submissions.get(row, "") if isinstance(self.sheet, forms.FormSheet) else ""

    @property
    def scored_by_block(self) -> Counter[str]:
        kept = ~np.isin(self._valid_rows(), self._duplicate_rows())
        blocks = np.frombuffer(self.store.valid_blocks, dtype=np.int8)[kept]
        counts = np.bincount(blocks, minlength=len(self.store.blocks)).tolist()
        return Counter({b: n for b, n in zip(self.store.blocks, counts, strict=True) if n})

    def _valid_rows(self) -> np.ndarray[Any, Any]:
        if not len(self.store.valid_rows):
            return np.zeros(0, dtype=np.int64)
        return np.frombuffer(self.store.valid_rows, dtype=np.int64)

    def _duplicate_rows(self) -> np.ndarray[Any, Any]:
        return self.duplicates.rows if self.duplicates is not None else np.zeros(0, dtype=np.int64)

    # -- findings, without holding them all ---------------------------------------------------

    @property
    def finding_counts(self) -> Counter[str]:
        counts = Counter(f.code for f in self.file_findings) + self.store.codes
        return counts + self._duplicate_codes()

    def _duplicate_codes(self) -> Counter[str]:
        """The duplicates' findings by code (one a row): ids rejected, or submissions set aside."""
        found: Counter[str] = Counter()
        if self.duplicates is not None and len(self.duplicates):
            found["superseded_submission"] = len(self.duplicates.kept)
            found["duplicate_agency_id"] = len(self.duplicates) - len(self.duplicates.kept)
        return +found

    @property
    def finding_rows(self) -> Counter[str]:
        """Per code: how many rows have at least one finding with it."""
        rows = Counter({f.code: 1 for f in self.file_findings}) + self.store.code_rows
        return rows + self._duplicate_codes()

    def example(self, code: str) -> Finding:
        """The first finding with this code."""
        first = next((f for f in self.file_findings if f.code == code), None) or self.store.examples.get(code)
        if first is None:
            first = next(f for f in self.iter_findings() if f.code == code)
        return first

    def iter_findings(self) -> Iterator[Finding]:
        """Every finding: the file's, then row by row (by code within a row)."""
        yield from self.file_findings
        spilled = (f for piece in self.store.finding_spill for f in piece)
        extra = self.duplicates.findings(str(self.sheet.path), self.lang) if self.duplicates else iter(())
        yield from heapq.merge(spilled, extra, key=lambda f: (f.row or 0, f.code))

    @property
    def findings(self) -> list[Finding]:
        return list(self.iter_findings())

    # -- scored rows as objects: for the sector report, the PDFs and tests (a few thousand) ------

    def iter_scored(self) -> Iterator[tuple[Record, Scored]]:
        """Every scored row, block by block in questionnaire order, in row order within a block."""
        layout = columns.Layout(self.q, self.profile)
        dup = set(self._duplicate_rows().tolist())
        for block in self.store.blocks:
            for records, scores in self.store.by_block.get(block, ()):
                for i in range(len(records)):
                    record = records[i]
                    if record.row not in dup:
                        yield record, _scored(record, scores.row(i, layout))

    @property
    def scored(self) -> list[Scored]:
        """Every scored row, in row order."""
        return sorted((s for _, s in self.iter_scored()), key=lambda s: s.row)

    @property
    def peers(self) -> list[scoring.Peers]:
        """Each scored row's standing (the reference engine's), aligned with `scored`."""
        return scoring.peer_positions(
            [(s.agency.block, s.index, {g[0]: g[1] for g in s.groups}) for s in self.scored]
        )

    @property
    def outcomes(self) -> list[Outcome]:
        """Each row read, in order, with its findings and, if scored, its numbers."""
        scored = {s.row: s for s in self.scored}
        by_row: dict[int, list[Finding]] = {}
        for f in self.iter_findings():
            if f.row is not None and f.row > 1:
                by_row.setdefault(f.row, []).append(f)
        ids = dict(zip(self.store.id_rows, self.store.ids, strict=True))
        return [
            Outcome(row, ids.get(row, ""), by_row.get(row, []), scored.get(row)) for row in self.store.rows
        ]


def _scored(record: Record, numbers: RowScores) -> Scored:
    return Scored(
        **{f.name: getattr(numbers, f.name) for f in fields(RowScores)},
        row=record.row,
        agency=submissions.agency_of(record),
        assessed_on=record.assessed_on,
    )


@_bulk()
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
    keep: forms.Keep = "reject",
    column_map: Path | None = None,
) -> Run:
    """Read, validate and score every row of a submission file (assess's own layout, or a form
    tool's export: assess/forms.py), and find duplicate ids (re-submissions, by `keep`)."""
    mapped = forms.read_column_map(column_map, q, lang) if column_map is not None else None
    sheet = forms.adapt(submissions.read(path, encoding, delimiter, lang), q, lang, keep, mapped)
    file = str(path)
    _, file_findings = submissions.map_columns(sheet.header, file, q, lang)
    if isinstance(sheet, forms.FormSheet):
        file_findings += sheet.notes
    fatal = next((f for f in file_findings if f.is_error), None)
    store = Store(tuple(b.id for b in q.blocks))
    batch = Run(sheet, q, profile, file_findings, store, lang)
    if fatal is not None:
        # The header itself is wrong: no row can be read, and each says why.
        for rows in _chunks(sheet.rows(), CHUNK):
            store.add(
                Part(
                    [r.number for r in rows],
                    [""] * len(rows),
                    [1] * len(rows),
                    [
                        Finding(
                            fatal.code,
                            file,
                            r.number,
                            fatal.column,
                            "",
                            message("not_read", lang, reason=fatal.message),
                        )
                        for r in rows
                    ],
                    None,
                    None,
                )
            )
        progress("read", batch.rows_read, batch.rows_read)
        return batch

    batch.today = today or date.today()
    forced = sheet.forced if isinstance(sheet, forms.FormSheet) else {}
    ctx = Context(q, profile, sheet.header, file, batch.today, lang, sheet.kind, forced)
    workers = jobs or os.cpu_count() or 1
    for part in _in_order(_chunks(sheet.rows(), CHUNK), _score_chunk, workers, _init_worker, (ctx,)):
        if max_errors is not None and store.errors + sum(part.errors) >= max_errors:
            errors, row = store.errors, part.rows[-1]
            for number, count in zip(part.rows, part.errors, strict=True):
                errors += count
                if errors >= max_errors:
                    row = number
                    break
            part = part.up_to(row)
            part.findings.append(
                Finding(
                    "stopped_early",
                    file,
                    row,
                    "",
                    str(max_errors),
                    message("stopped_early", lang, errors=errors, max=max_errors, row=row),
                )
            )
            part.findings.sort(key=lambda f: (f.row or 0, f.code))
            store.add(part)
            batch.stopped_at = row
            break
        store.add(part)
        progress("read", batch.rows_read, None)
    progress("read", batch.rows_read, batch.rows_read)
    times = sheet.times if isinstance(sheet, forms.FormSheet) else {}
    batch.duplicates = Duplicates.find(store, keep, times)
    progress("score", batch.scored_count, batch.scored_count)
    return batch


# --- writing --------------------------------------------------------------------------------------


RESULT_COLUMNS = (
    "rank_in_block",
    "percentile_in_block",
    "rank_overall",
    "percentile_overall",
    "source_row",
    "source_submission",
)
AssessmentsFormat = Literal["files", "jsonl"]
XlsxChoice = Literal["auto", "always", "never"]
# results.xlsx is written by openpyxl at about 2,000 rows a second (each cell in Python): "auto"
# writes it up to this many scored rows (about 50 s), and leaves it to results.csv past that.
XLSX_AUTO = 100_000
JSONL = "assessments.jsonl"


@dataclass(frozen=True)
class Written:
    out: Path
    results_csv: Path
    results_json: Path
    findings_csv: Path
    assessments: Path
    stems: dict[int, str]  # row -> file stem for that agency's assessment and report
    results_xlsx: Path | None  # None: not written (--xlsx never, or auto past XLSX_AUTO rows)
    summary: summary.SectorSummary


def stems_for(batch: Run) -> dict[int, str]:
    """Each scored row's file stem: its agency id made safe, unique in row order."""
    dup = set(batch._duplicate_rows().tolist())
    rows = [r for r in batch.store.valid_rows if r not in dup]  # valid rows are stored in row order
    ids = dict(zip(batch.store.id_rows, batch.store.ids, strict=True))
    return dict(zip(rows, filenames.unique_stems([ids[r] for r in rows]), strict=True))


class Ranking:
    """Sorted values and each value's standing among them, for many values at once: the same
    positions as scoring.Ranking gives one at a time."""

    def __init__(self, values: np.ndarray[Any, Any]) -> None:
        self.values = np.sort(values)
        n = len(self.values)
        middle = n // 2
        if n == 0:
            self.median = 0.0
        elif n % 2:
            self.median = round(float(self.values[middle]), 2)
        else:
            self.median = round((float(self.values[middle - 1]) + float(self.values[middle])) / 2, 2)

    def locate(self, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Per value: its rank, how many are below it and how many others are equal."""
        n = len(self.values)
        distinct, back = np.unique(values, return_inverse=True)  # scores repeat: search each once
        back = back.reshape(-1)
        below = np.searchsorted(self.values, distinct, side="left")[back]
        not_above = np.searchsorted(self.values, distinct, side="right")[back]
        located = np.column_stack([n - not_above + 1, below, np.maximum(0, not_above - below - 1)])
        return located.astype(np.int32)

    def position(self, located: np.ndarray[Any, Any], i: int) -> scoring.Position:
        rank, below, equal = located[i].tolist()
        return (rank, len(self.values), below, equal, self.median)


@dataclass
class BlockPeers:
    """A block's rankings (its index, each group's scores) and the overall one, made from a few
    numbers per row; `located` places any of the block's rows among them."""

    block: str
    group_ids: Sequence[str]
    in_block: Ranking
    overall: Ranking
    groups: list[Ranking]

    @classmethod
    def of(
        cls,
        block: str,
        index: np.ndarray[Any, Any],
        groups: np.ndarray[Any, Any],
        group_ids: Sequence[str],
        overall: Ranking,
    ) -> BlockPeers:
        """From every row's index and group scores (rows × groups, NaN: no score)."""
        rankings = [Ranking(groups[:, g][groups[:, g] == groups[:, g]]) for g in range(len(group_ids))]
        return cls(block, group_ids, Ranking(index), overall, rankings)

    def located(self, scores: Scores) -> Standings:
        located = np.empty((len(scores), 2 + len(self.group_ids), 3), dtype=np.int32)
        located[:, 0] = self.in_block.locate(scores.index)
        located[:, 1] = self.overall.locate(scores.index)
        has_group = scores.groups == scores.groups
        for g, ranking in enumerate(self.groups):
            located[:, 2 + g] = ranking.locate(np.nan_to_num(scores.groups[:, g]))
        return Standings(self, located, has_group)


@dataclass
class Standings:
    """Some rows of a block placed among its rankings; row i's scoring.Peers is made on demand."""

    peers: BlockPeers
    located: np.ndarray[Any, Any]  # rows × (index in block, index overall, each group) × 3
    has_group: np.ndarray[Any, Any]  # rows × groups

    def __getitem__(self, i: int) -> scoring.Peers:
        p = self.peers
        return scoring.Peers(
            p.block,
            p.in_block.position(self.located[:, 0], i),
            p.overall.position(self.located[:, 1], i),
            tuple(
                (gid, ranking.position(self.located[:, 2 + g], i))
                for g, (gid, ranking) in enumerate(zip(p.group_ids, p.groups, strict=True))
                if self.has_group[i, g]
            ),
        )


def ordered(batch: Run) -> list[tuple[Scored, scoring.Peers]]:
    """Scored rows by block (questionnaire order), then rank within the block, then agency id."""
    return [(s, p) for _, s, p in _ordered_blocks(batch)]


def _ordered_blocks(batch: Run) -> Iterator[tuple[Record, Scored, scoring.Peers]]:
    layout = columns.Layout(batch.q, batch.profile)
    for _, records, scores, standings in _listed(batch):
        for i in range(len(records)):
            yield records[i], _scored(records[i], scores.row(i, layout)), standings[i]
        del records, scores, standings  # before the next slice is read


LISTED = 50_000  # rows of a block in memory at a time when results are listed


def _listed(batch: Run) -> Iterator[tuple[str, Records, Scores, Standings]]:
    """The scored rows in the order results are listed (block by block in the questionnaire's
    order, then rank within the block, then agency id), with their standings, in slices of at
    most LISTED rows: memory holds a slice, not a block.

    Per block, a first pass over its spilled rows keeps what ranking needs (index, group scores,
    agency id, spilled apart by Store.add) and finds each row's place in the list; a second sends
    each row to the slice its place falls in (spilled again, unless the block is one slice); each
    slice is then read back and put in order. A caller that lets go of a slice before asking for
    the next keeps one in memory."""
    store = batch.store
    dup = batch._duplicate_rows()
    valid = batch._valid_rows()
    index = np.frombuffer(store.valid_index, dtype=np.float64) if len(store.valid_index) else np.zeros(0)
    overall = Ranking(index[~np.isin(valid, dup)])
    group_ids = [g.id for g in batch.q.groups]
    for block in store.blocks:
        spill = store.by_block.get(block)
        if spill is None:
            continue
        indexes: list[np.ndarray[Any, Any]] = []
        groups: list[np.ndarray[Any, Any]] = []
        ids: list[bytes] = []
        for rows, index_of, groups_of, every in store.ranks[block]:
            keep = np.flatnonzero(~np.isin(rows, dup))
            indexes.append(index_of[keep])
            groups.append(groups_of[keep])
            ids += every if len(keep) == len(every) else [every[k] for k in keep.tolist()]
        n = len(ids)
        if not n:
            continue
        block_index = np.concatenate(indexes)
        peers = BlockPeers.of(block, block_index, np.concatenate(groups), group_ids, overall)
        del indexes, groups
        place = np.empty(n, dtype=np.int64)  # each row's place in the list, in the spill's order
        place[np.lexsort((np.array(ids), -block_index))] = np.arange(n)
        del ids, block_index
        count = -(-n // LISTED)
        slices = [_Spill(in_memory=count == 1) for _ in range(count)]
        at = 0
        for records, scores in _joined(spill, 8192 if count > 1 else 0):
            keep = np.flatnonzero(~np.isin(records.rows, dup))
            places = place[at : at + len(keep)]
            at += len(keep)
            which = places // LISTED
            for b in np.unique(which).tolist():
                mine = np.flatnonzero(which == b)
                if len(mine) == len(records):  # the whole piece: as it is
                    slices[b].add((records, scores, places))
                else:
                    slices[b].add((records.take(keep[mine]), scores.take(keep[mine]), places[mine]))
            del records, scores
        del place
        for piece in slices:
            parts = list(piece)
            del piece
            order = np.argsort(np.concatenate([p[2] for p in parts]))
            records = Records.concat([p[0] for p in parts]).take(order)
            scores = Scores.concat([p[1] for p in parts]).take(order)
            del parts
            yield block, records, scores, peers.located(scores)
            del records, scores


def _joined(spill: _Spill, rows: int) -> Iterator[tuple[Records, Scores]]:
    """A spill's (records, scores) pieces, consecutive ones joined into pieces of at least `rows`
    rows (fewer, larger pieces to split: less work per row)."""
    held: list[tuple[Records, Scores]] = []
    size = 0
    for piece in spill:
        held.append(piece)
        size += len(piece[0])
        if size >= rows:
            yield _join(held)
            held, size = [], 0
    if held:
        yield _join(held)


def _join(pieces: list[tuple[Records, Scores]]) -> tuple[Records, Scores]:
    if len(pieces) == 1:
        return pieces[0]
    return Records.concat([r for r, _ in pieces]), Scores.concat([s for _, s in pieces])


def _result_entry(
    record: Record,
    s: RowScores,
    peers: scoring.Peers,
    files: dict[str, str],
    profile: Profile,
    lang: Lang,
    helped: dict[str, Any] | None,
    source: str = "",
) -> dict[str, Any]:
    band = profile.band_by_id(s.band, record.assessed_on)
    official = profile.band_by_id(s.official_band, record.assessed_on)
    return {
        "agency": submissions.agency_of(record).model_dump(mode="json"),
        "assessed_on": record.assessed_on.isoformat(),
        "source_row": record.row,
        "source_submission": source or None,
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
        "needs_help": helped,
        "files": files,
    }


def _help_cells(entry: dict[str, Any] | None) -> tuple[bool, str, str]:
    """results.csv's needs_help, help_reasons and support_platforms cells."""
    if entry is None:
        return False, "", ""
    reasons = [
        f"band:{r['band']}" if r["kind"] == "band" else f"overdue:{r['target']}" for r in entry["reasons"]
    ]
    return True, "; ".join(reasons), "; ".join(entry["platforms"])


def _csv_row(
    record: Record,
    s: RowScores,
    p: scoring.Peers,
    profile: Profile,
    lang: Lang,
    helped: dict[str, Any] | None,
    source: str = "",
) -> list[Any]:
    agency_id, name, province, governing_body = record.unpacked()
    return [
        agency_id,
        name,
        record.block,
        record.key_agency,
        province,
        governing_body,
        record.assessed_on.isoformat(),
        s.index,
        profile.band_by_id(s.band, record.assessed_on).name(lang),
        *[v for _, score, level, _ in s.groups for v in (score, level)],
        s.official_total,
        profile.band_by_id(s.official_band, record.assessed_on).name(lang),
        s.unanswered,
        s.complete,
        *_help_cells(helped),
        p.in_block[0],
        scoring.percent_below(p.in_block),
        p.overall[0],
        scoring.percent_below(p.overall),
        record.row,
        source,
    ]


@_bulk()
def write_results(
    batch: Run,
    out: Path,
    lang: Lang,
    progress: Progress = _no_progress,
    jobs: int | None = None,
    assessments_as: AssessmentsFormat = "files",
    xlsx: XlsxChoice = "auto",
) -> Written:
    """results.csv, results.json, results.xlsx (`xlsx`: always, never, or "auto": up to XLSX_AUTO
    scored rows), findings.csv, and each scored row as an assessment: one file per row in
    assessments/, or (for very large batches) one line per row in assessments.jsonl.

    Written block by block, in the order of results.csv, one block in memory at a time."""
    out.mkdir(parents=True, exist_ok=True)
    stems = stems_for(batch) if assessments_as == "files" else {}
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
        "needs_help",
        "help_reasons",
        "support_platforms",
        *RESULT_COLUMNS,
    ]
    document = {
        "results_version": summary.RESULTS_VERSION,
        "source": batch.sheet.path.name,
        "questionnaire": {
            "id": batch.q.id,
            "version": batch.q.version,
            "hash": batch.q.content_hash,
            "groups": summary.group_hashes(batch.q, batch.profile),
        },
        "profile": {"id": batch.profile.id, "version": batch.profile.version},
        "rows_read": batch.rows_read,
        "scored": batch.scored_count,
        "superseded": batch.superseded,
        "rejected": batch.rejected,
        "stopped_at_row": batch.stopped_at,
    }
    results_csv, results_json = out / "results.csv", out / "results.json"
    results_xlsx: Path | None = out / "results.xlsx"
    if xlsx == "never" or (xlsx == "auto" and batch.scored_count > XLSX_AUTO):
        results_xlsx = None
    assessments = out / JSONL if assessments_as == "jsonl" else _folder(out / "assessments", lang)
    layout = columns.Layout(batch.q, batch.profile)
    total, done = batch.scored_count, 0
    ctx = _writing_context(batch)
    workers = jobs or os.cpu_count() or 1
    sector = summary.Builder(batch.q, batch.profile)
    rule = batch.profile.help_rule
    # Written entry by entry, one agency a line: a national file can hold many thousands of
    # agencies, and a compact line is serialised by json's compiled encoder (an indented one is not).
    with ExitStack() as stack:
        book = (
            stack.enter_context(
                ResultsWorkbook(header, batch.q, batch.profile, lang, agencies=batch.scored_count)
            )
            if results_xlsx is not None
            else None
        )
        csv_out = stack.enter_context(tabular.writing(results_csv))
        json_handle = stack.enter_context(atomicfile.replacing(results_json, "w", encoding="utf-8"))
        lines = None
        if assessments_as == "jsonl":
            lines = stack.enter_context(atomicfile.replacing(assessments, "w", encoding="utf-8"))
        csv_out.writerow(header)
        json_handle.write(json.dumps(document, ensure_ascii=False, indent=2)[:-2] + ',\n  "results": [')

        def rows_written() -> Iterator[tuple[Record, str]]:
            """Each scored row's results written, in order; then its record, for its assessment
            (built in the worker processes while the next rows' results are written here)."""
            first = True
            for block, records, scores, standings in _listed(batch):
                sector.add(block, records.key_agency, records.days, scores)
                for i in range(len(records)):
                    record, numbers, standing = records[i], scores.row(i, layout), standings[i]
                    helped = summary.needs_help(numbers.band, numbers.targets, numbers.platforms, rule)
                    source = batch.submission_of(record.row)
                    row = _csv_row(record, numbers, standing, batch.profile, lang, helped, source)
                    csv_out.writerow(row)
                    if book is not None:
                        book.agency(row)
                    target = ""
                    files = {"assessment": JSONL}
                    if assessments_as == "files":
                        stem = stems[record.row]
                        target = str(assessments / f"{stem}.json")
                        files = {"assessment": f"assessments/{stem}.json", "report": f"reports/{stem}.pdf"}
                    entry = _result_entry(
                        record, numbers, standing, files, batch.profile, lang, helped, source
                    )
                    json_handle.write(
                        ("" if first else ",") + "\n    " + json.dumps(entry, ensure_ascii=False)
                    )
                    first = False
                    yield record, target
                del records, scores, standings  # before the next slice is read

        for written in _in_order(_chunks(rows_written(), CHUNK), _write_chunk, workers, _init_worker, (ctx,)):
            if lines is not None:
                lines.writelines(written)
            done += len(written)
            progress("write", done, total)
        picture = sector.finish(quality(batch))
        json_handle.write('\n  ],\n  "summary": ')
        json_handle.write(picture.model_dump_json(indent=2).replace("\n", "\n  ") + "\n}\n")
        if book is not None and results_xlsx is not None:
            book.save(results_xlsx, findings.rows(batch.iter_findings()), picture)
    if assessments_as == "files":
        atomicfile.fsync_dir(assessments)
    findings_csv = write_findings(batch, out)
    progress("write", done, total)
    return Written(out, results_csv, results_json, findings_csv, assessments, stems, results_xlsx, picture)


def quality(batch: Run) -> summary.DataQuality:
    """What the rows read were like: counts, and each finding code with how often it was met."""
    codes, rows_with = batch.finding_counts, batch.finding_rows
    return summary.DataQuality(
        rows_read=batch.rows_read,
        scored=batch.scored_count,
        superseded=batch.superseded,
        rejected=batch.rejected,
        stopped_at_row=batch.stopped_at,
        findings=tuple(
            summary.FindingCount(code=c, severity=CATALOGUE[c][0], findings=codes[c], rows=rows_with[c])
            for c in sorted(codes, key=lambda c: (CATALOGUE[c][0] != "error", -codes[c], c))
        ),
    )


def write_findings(batch: Run, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "findings.csv"
    tabular.write_csv(str(path), findings.HEADER, findings.rows(batch.iter_findings()))
    return path


def written_at(assessed_on: date) -> datetime:
    """A batch assessment's created_at and updated_at: midnight UTC of its assessment date, not
    the clock, so that the same file gives the same bytes on every run."""
    return datetime(assessed_on.year, assessed_on.month, assessed_on.day, tzinfo=UTC)


def run_record(batch: Run, outcome: Literal["written", "strict"]) -> dict[str, Any]:
    """What outdir.MARKER says about the run that wrote the folder (nothing that changes between
    two runs on the same file)."""
    from assess import __version__

    return {
        "written_by": f"assess {__version__}",
        "outcome": outcome,
        "source": batch.sheet.path.name,
        "questionnaire": {"id": batch.q.id, "version": batch.q.version, "hash": batch.q.content_hash},
        "profile": {"id": batch.profile.id, "version": batch.profile.version},
        "rows_read": batch.rows_read,
        "scored": batch.scored_count if outcome == "written" else 0,
        "rejected": batch.rejected,
        "findings": sum(batch.finding_counts.values()),
    }


def _folder(path: Path, lang: Lang) -> Path:
    """A subfolder of the output made (or found) as a real folder: a symlink or a file planted
    under its name is refused, never written through."""
    path.mkdir(exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise UnreadableFileError(t("out.planted", lang, path=path), hint=t("out.not_ours.hint", lang))
    return path


def _writing_context(batch: Run) -> Context:
    sheet = batch.sheet
    form = sheet if isinstance(sheet, forms.FormSheet) else None
    return Context(
        batch.q,
        batch.profile,
        sheet.header,
        str(sheet.path),
        batch.today or date.today(),
        "vi",
        tool=form.tool if form is not None else None,
        sources=form.submissions if form is not None else {},
    )


def _write_chunk(items: list[tuple[Record, str]]) -> list[str]:
    """Each record as its assessment: written to its file (returning "") or returned as a line."""
    assert _WORKER is not None
    q, file = _WORKER.q, _WORKER.file
    out = []
    for record, target in items:
        a = submissions.assessment_of(record, q, file, _WORKER.tool, _WORKER.sources.get(record.row))
        stamp = written_at(record.assessed_on)
        a = a.model_copy(update={"created_at": stamp, "updated_at": stamp})
        if target:
            am.save(a, Path(target), durable=False)
            out.append("")
        else:
            out.append(am.dumps(a, indent=None))
    return out


def assessment_lines(path: Path) -> dict[int, str]:
    """assessments.jsonl by source row: each line as written."""
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            out[json.loads(line)["origin"]["row"]] = line
    return out


# --- rendering --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderTask:
    assessment: str  # the assessment file written by write_results, or (from JSON Lines) its text
    peers: str  # PeerStats as JSON
    target: str  # the PDF to write, or "" for none
    lang: Lang
    detail: Detail
    roadmap: str = ""  # the roadmap tracker (.xlsx) to write, or "" for none
    previous: str = ""  # the agency's previous assessment (a file, or its text), for its progress
    previous_id: str = ""  # the agency's id in the previous round, when a mapping renamed it


_RENDER: tuple[Questionnaire, Profile, Path | None] | None = None


def _init_renderer(q: Questionnaire, profile: Profile, template_dir: Path | None) -> None:
    global _RENDER
    _RENDER = (q, profile, template_dir)


def _read_assessment(source: str, lang: Lang) -> am.Assessment:
    if source.startswith("{"):
        return am.parse(source, "assessments.jsonl", lang)
    return am.load(Path(source), lang)


def _progress_of(task: RenderTask, a: am.Assessment, q: Questionnaire, profile: Profile) -> Any:
    """The comparison with the agency's previous assessment, or a warning why there is none
    (the previous round's questionnaire version is not available here, or its file is unusable)."""
    from assess import compare, result
    from assess.errors import AssessError

    where = Path("assessments.jsonl" if task.previous.startswith("{") else task.previous)
    try:
        old = result.prepared(_read_assessment(task.previous, task.lang), where, lang=task.lang)
        mapping = {task.previous_id: a.agency.id} if task.previous_id else None
        return compare.assessments(
            old,
            result.Loaded(Path(JSONL if task.assessment.startswith("{") else task.assessment), a, q, profile),
            mapping,
            task.lang,
        )
    except AssessError as exc:
        return t("batch.previous_unusable", task.lang, agency=a.agency.id, problem=str(exc))


def _render_one(task: RenderTask) -> tuple[str, tuple[str, ...]]:
    """One agency's outputs: its PDF report (with its progress when the previous round is known)
    and its roadmap tracker, from one evaluation."""
    from assess import report, result

    assert _RENDER is not None
    q, profile, template_dir = _RENDER
    a = _read_assessment(task.assessment, task.lang)
    r = result.evaluate(a, q, profile).model_copy(update={"peers": PeerStats.model_validate_json(task.peers)})
    warnings: tuple[str, ...] = ()
    comparison = None
    if task.previous:
        comparison = _progress_of(task, a, q, profile)
        if isinstance(comparison, str):
            warnings, comparison = (comparison,), None
    if task.target:
        rendered = report.agency_pdf(
            r,
            a,
            q,
            profile,
            task.lang,
            template_dir,
            task.detail,
            shared_annex=task.detail == "full",
            comparison=comparison,
        )
        atomicfile.write_bytes(Path(task.target), rendered.pdf, durable=False)  # synced with the folder
        warnings += rendered.warnings
    if task.roadmap:
        from assess import roadmap_xlsx

        roadmap_xlsx.write(r, q, profile, Path(task.roadmap), task.lang)
    return task.target or task.roadmap, warnings


@dataclass
class Previous:
    """The previous round (`assess batch --previous`): its results.json read strictly, where its
    assessments are, and how its agency ids map to this round's."""

    results: summary.ResultsFile
    path: Path
    mapping: dict[str, str]  # old id -> new id

    @classmethod
    def read(cls, path: Path, mapping: Path | None, lang: Lang) -> Previous:
        from assess import compare

        results = compare.read_results(path, lang)
        renamed = compare.read_mapping(mapping, lang) if mapping is not None else {}
        if mapping is not None:
            compare.check_mapping(results, renamed, str(mapping), lang)
        return cls(results, path, renamed)

    def compared(self, written: Written, lang: Lang) -> Any:
        """This round against the previous one (compare.BatchComparison), from both results.json."""
        from assess import compare

        now = compare.read_results(written.results_json, lang)
        return compare.batches(self.results, now, str(self.path), "results.json", self.mapping)

    def sources(self, lang: Lang) -> tuple[dict[str, tuple[str, str]], list[str]]:
        """New agency id -> (its previous assessment: a file path or its JSON line, its old id if
        renamed), with a warning for each entry whose assessment cannot be found. Only files
        inside the previous round's folder are read: a results.json naming '../../x' is not
        followed."""
        folder = self.path.parent.resolve()
        lines: dict[int, str] | None = None
        out: dict[str, tuple[str, str]] = {}
        warnings: list[str] = []
        for entry in self.results.results:
            old_id = entry.agency.id
            new_id = self.mapping.get(old_id, old_id)
            named = entry.files.assessment
            if named == JSONL:
                if lines is None:
                    jsonl = folder / JSONL
                    lines = assessment_lines(jsonl) if jsonl.is_file() else {}
                line = lines.get(entry.source_row)
                if line is None:
                    warnings.append(t("batch.previous_missing", lang, agency=old_id, path=folder / JSONL))
                    continue
                out[new_id] = (line, old_id if new_id != old_id else "")
                continue
            target = (folder / named).resolve()
            if not target.is_relative_to(folder) or not target.is_file():
                warnings.append(t("batch.previous_missing", lang, agency=old_id, path=folder / named))
                continue
            out[new_id] = (str(target), old_id if new_id != old_id else "")
        return out, warnings


def write_comparison(comparison: Any, batch: Run, out: Path, lang: Lang) -> None:
    """compare.json and compare.xlsx of this round against the previous one, into `out`."""
    from assess import compare_xlsx
    from assess.compare import Names

    atomicfile.write_text(out / "compare.json", comparison.model_dump_json(indent=2) + "\n", durable=False)
    compare_xlsx.write(comparison, out / "compare.xlsx", Names(lang, [batch.q], [batch.profile]))


def _render_sector(args: tuple[Run, summary.SectorSummary, Lang, Path, Any]) -> tuple[str, tuple[str, ...]]:
    """The sector report, made in a worker like the agency reports (its charts included); with
    the comparison with the previous round when there is one."""
    from assess import report, sector

    assert _RENDER is not None
    batch, picture, lang, target, comparison = args
    html = sector.sector_html(batch, picture, lang, _RENDER[2], comparison=comparison)
    rendered = report.pdf_from_html(html, f"sector {batch.sheet.path.name}")
    atomicfile.write_bytes(target, rendered.pdf, durable=False)
    return str(target), rendered.warnings


def render_reports(
    batch: Run,
    written: Written,
    lang: Lang,
    jobs: int | None = None,
    template_dir: Path | None = None,
    detail: Detail = "summary",
    progress: Progress = _no_progress,
    *,
    pdf: bool = True,
    roadmaps: bool = False,
    previous: Previous | None = None,
    comparison: Any = None,
) -> list[str]:
    """Each scored agency's outputs, in parallel: its PDF report (with its peer statistics, and
    its progress since the previous round when there is one) and the sector report (`pdf`), its
    roadmap tracker (`roadmaps`); `comparison` (compare.BatchComparison with the previous round)
    goes to the sector report. With the full detail, each worker lays out the rubric annex every
    agency shares once and joins it to each of its agencies' reports (report.agency_pdf with
    shared_annex). Returns what WeasyPrint logged and why a progress section could not be made.
    Files are not fsynced one by one: the folder they are written in is synced as a whole before
    it becomes the output (outdir.Transaction.commit)."""
    reports = _folder(written.out / "reports", lang) if pdf else written.out
    trackers = _folder(written.out / "roadmaps", lang) if roadmaps else written.out
    lines = assessment_lines(written.assessments) if written.assessments.suffix == ".jsonl" else None
    stems = written.stems or stems_for(batch)
    warnings: list[str] = []
    before: dict[str, tuple[str, str]] = {}
    if previous is not None:
        before, missing = previous.sources(lang)
        warnings += missing
    tasks = []
    for s, p in ordered(batch):  # the standings results.* give, computed once
        old, old_id = before.get(s.agency.id, ("", ""))
        tasks.append(
            RenderTask(
                lines[s.row] if lines is not None else str(written.assessments / f"{stems[s.row]}.json"),
                p.stats().model_dump_json(),
                str(reports / f"{stems[s.row]}.pdf") if pdf else "",
                lang,
                detail,
                str(trackers / f"{stems[s.row]}.xlsx") if roadmaps else "",
                old,
                old_id,
            )
        )
    # The sector report goes first, so that it renders alongside the agencies'.
    others: list[tuple[Callable[[Any], tuple[str, tuple[str, ...]]], Any]] = []
    if pdf:
        others.append(
            (_render_sector, (batch, written.summary, lang, written.out / "sector-report.pdf", comparison))
        )
    total = len(tasks) + len(others)
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    if workers == 1:
        _init_renderer(batch.q, batch.profile, template_dir)
        for done, task in enumerate(tasks, start=1):
            warnings += _render_one(task)[1]
            progress("render", done, total)
        for work, args in others:
            warnings += work(args)[1]
        progress("render", total, total)
        return warnings
    with _pool(workers, _init_renderer, (batch.q, batch.profile, template_dir), bulk=False) as executor:
        futures: list[Future[tuple[str, tuple[str, ...]]]] = [executor.submit(w, a) for w, a in others]
        futures += [executor.submit(_render_one, task) for task in tasks]
        from concurrent.futures import as_completed

        for done, future in enumerate(as_completed(futures), start=1):
            warnings += future.result()[1]
            progress("render", done, total)
    return warnings
