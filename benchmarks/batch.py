"""Batch throughput and memory at 10^5 and 10^6 generated rows, against a baseline of our own.

    python benchmarks/batch.py                    # 100,000 and 1,000,000 rows
    python benchmarks/batch.py --rows 20000       # one smaller size
    python benchmarks/batch.py --write            # also write results.* and assessments.jsonl

For each size, in fresh processes on one core (--jobs 1), so that imports and peak memory are
their own:
- assess: read, validate and score every row (`batch.run`), then rank every block (the standings
  results.csv prints), without writing;
- the baseline: the same file read with the csv module and scored with numpy the obvious way, a
  whole matrix at a time: levels parsed with int(), group scores, the weighted index, a rank per
  block. No validation, no findings, no N/A, nothing kept for writing: the floor for this work
  in plain Python and numpy.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATTERNS = 2_000  # distinct generated agencies; larger files repeat them under new ids


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Rows shaped like real submissions: every block, a level per question that applies to the
    block around the agency's own maturity, Vietnamese names, one key agency in ten."""
    from assess import questionnaire as qm

    _, q = qm.resolve("press-dx")
    rnd = random.Random(seed)
    header = ["agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on"]
    for question in q.questions:
        header += [question.id, f"{question.id}_note"]
    patterns = []
    for i in range(PATTERNS):
        block = rnd.choice(list(q.blocks))
        base = rnd.uniform(0.5, 4.5)
        record = {
            "agency_name": f"Cơ quan báo chí thử nghiệm số {i}",
            "block": block.name.vi,
            "province": rnd.choice(["Hà Nội", "Đồng Nai", "Thừa Thiên Huế", "Cần Thơ"]),
            "governing_body": "Cơ quan chủ quản",
            "key_agency": "có" if rnd.random() < 0.1 else "không",
            "assessed_on": f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 10):02d}/2026",
        }
        for question in q.applicable(block.id):
            record[question.id] = str(max(0, min(5, round(base + rnd.gauss(0, 0.8)))))
        if rnd.random() < 0.2:
            record["G1.1_note"] = "Có nghị quyết của Ban Biên tập"
        patterns.append([record.get(h, "") for h in header])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            row = list(patterns[i % PATTERNS])
            row[0] = f"GEN-{i:07d}"
            writer.writerow(row)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_assess(path: str, write: bool) -> None:
    """In a child process, one job: validate + score + rank with assess; or, with `write`, what
    `assess batch --assessments jsonl` does: validate + score, then rank while writing."""
    from assess import batch, scoring
    from assess import questionnaire as qm

    _, q = qm.resolve("press-dx")
    profile = scoring.resolve(None, q)
    start = time.perf_counter()
    run = batch.run(Path(path), q, profile, jobs=1)
    if not write:
        ranked = 0
        for _, records, _, standings in batch._listed(run):  # the standings results.csv prints
            ranked += len(records)
            del records, standings  # one slice at a time, as batch.write_results does
        seconds = time.perf_counter() - start
        print(f"{run.rows_read}\t{ranked}\t{seconds:.2f}\t0\t{peak_mib():.0f}")
        return
    seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        batch.write_results(run, Path(out), "vi", jobs=1, assessments_as="jsonl")
        written = time.perf_counter() - t0
    print(f"{run.rows_read}\t{run.scored_count}\t{seconds:.2f}\t{written:.2f}\t{peak_mib():.0f}")


def measure_baseline(path: str) -> None:
    """In a child process: the same file scored the obvious numpy way (see the module's doc)."""
    import numpy as np

    from assess import questionnaire as qm
    from assess import scoring

    _, q = qm.resolve("press-dx")
    profile = scoring.resolve(None, q)
    weights = np.array([profile.question_weight(x) for x in q.questions])
    groups = [[i for i, x in enumerate(q.questions) if x.group == g.id] for g in q.groups]
    group_weights = np.array([profile.weights.groups[g.id] for g in q.groups])
    blocks = {b.name.vi: i for i, b in enumerate(q.blocks)}
    start = time.perf_counter()
    indexes, block_of = [], []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = [header.index(x.id) for x in q.questions]
        block_column = header.index("block")
        while True:
            chunk = [row for _, row in zip(range(50_000), reader, strict=False)]
            if not chunk:
                break
            levels = np.array(
                [[int(row[c]) if row[c] else -1 for c in columns] for row in chunk], dtype=np.int64
            )
            answered = levels >= 0
            points = np.where(answered, levels, 0) * weights
            maximum = np.where(answered, 5 * weights, 0.0)
            scores = np.column_stack(
                [100 * points[:, g].sum(axis=1) / np.maximum(maximum[:, g].sum(axis=1), 1e-9) for g in groups]
            )
            indexes.append((scores * group_weights).sum(axis=1) / group_weights.sum())
            block_of.append(np.array([blocks[row[block_column]] for row in chunk]))
    index, block = np.round(np.concatenate(indexes), 2), np.concatenate(block_of)
    ranked = 0
    for b in range(len(q.blocks)):
        mine = index[block == b]
        values = np.sort(mine)
        rank = len(values) - np.searchsorted(values, mine, side="right") + 1
        ranked += len(rank)
    seconds = time.perf_counter() - start
    print(f"{len(index)}\t{ranked}\t{seconds:.2f}\t0\t{peak_mib():.0f}")


def child(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1].split("\t")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--write", action="store_true", help="also time writing the results")
    parser.add_argument("--assess", nargs=2, metavar=("FILE", "WRITE"), help=argparse.SUPPRESS)
    parser.add_argument("--baseline", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.assess:
        measure_assess(args.assess[0], args.assess[1] == "1")
        return
    if args.baseline:
        measure_baseline(args.baseline)
        return

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; one job (one core) for each measurement"
    )
    for size in args.rows:
        with tempfile.TemporaryDirectory() as work:
            data = Path(work) / "generated.csv"
            t0 = time.perf_counter()
            generate(data, size)
            print(
                f"\n{size:,} rows ({data.stat().st_size / 1e6:.0f} MB), generated in {time.perf_counter() - t0:.0f} s"
            )
            rows, _, seconds, _, peak = child("--assess", str(data), "0")
            ours = int(rows) / float(seconds)
            print(
                f"  assess   validate + score + rank: {seconds} s = {ours:,.0f} rows/s; peak memory {peak} MiB"
            )
            if args.write:
                _, _, seconds, written, peak = child("--assess", str(data), "1")
                print(
                    f"  assess   the whole batch (--assessments jsonl): read + score {seconds} s, then rank and "
                    f"write results and assessments.jsonl {written} s; peak memory {peak} MiB"
                )
            rows, _, seconds, _, peak = child("--baseline", str(data))
            floor = int(rows) / float(seconds)
            print(
                f"  baseline read + score + rank:    {seconds} s = {floor:,.0f} rows/s; peak memory {peak} MiB"
            )
            print(f"  assess takes {floor / ours:.2f}x the baseline's time")


if __name__ == "__main__":
    main()
