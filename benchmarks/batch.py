"""Batch throughput: rows per second scored (100,000 generated rows) with peak memory, and seconds
for the example set with PDFs at 1 and 2 jobs.

    python benchmarks/batch.py                 # everything
    python benchmarks/batch.py --rows 20000    # a smaller scoring run
    python benchmarks/batch.py --skip-pdf      # scoring only

Each measurement runs in a fresh process, so imports and peak memory are its own.
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

ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    from assess import questionnaire as qm

    _, q = qm.resolve("press-dx")
    rnd = random.Random(seed)
    blocks = list(q.blocks)
    header = ["agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on"]
    for question in q.questions:
        header += [question.id, f"{question.id}_note"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            block = rnd.choice(blocks)
            base = rnd.uniform(0.5, 4.5)
            record = {
                "agency_id": f"GEN-{i:06d}",
                "agency_name": f"Cơ quan báo chí số {i}",
                "block": block.name.vi,
                "province": "Hà Nội",
                "governing_body": "Cơ quan chủ quản",
                "key_agency": "có" if rnd.random() < 0.1 else "không",
                "assessed_on": "2026-11-02",
            }
            for question in q.applicable(block.id):
                record[question.id] = str(max(0, min(5, round(base + rnd.gauss(0, 0.8)))))
            writer.writerow([record.get(h, "") for h in header])


def measure_scoring(path: str, jobs: int, write: bool) -> None:
    """Runs in a child process: read, validate, score, rank (and write) one file."""
    from assess import batch, scoring
    from assess import questionnaire as qm

    _, q = qm.resolve("press-dx")
    profile = scoring.resolve(None, q)
    start = time.perf_counter()
    run = batch.run(Path(path), q, profile, jobs=jobs)
    scored = time.perf_counter() - start
    written = 0.0
    if write:
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            batch.write_results(run, Path(out), "vi")
            written = time.perf_counter() - t0
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{run.rows_read}\t{run.scored_count}\t{scored:.2f}\t{written:.2f}\t{peak_self:.0f}\t{peak_children:.0f}"
    )


def child(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1].split("\t")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--measure", nargs=3, metavar=("FILE", "JOBS", "WRITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_scoring(args.measure[0], int(args.measure[1]), args.measure[2] == "1")
        return

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "generated.csv"
        t0 = time.perf_counter()
        generate(data, args.rows)
        print(
            f"generated {args.rows:,} rows ({data.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s"
        )
        for jobs in (1, 2):
            rows, scored, seconds, _, peak, peak_children = child("--measure", str(data), str(jobs), "0")
            print(
                f"score + rank, jobs={jobs}: {int(rows):,} rows in {seconds} s = "
                f"{int(rows) / float(seconds):,.0f} rows/s; peak memory {peak} MiB (workers {peak_children} MiB each)"
            )
        rows, scored, seconds, written, peak, peak_children = child("--measure", str(data), "2", "1")
        print(
            f"with results and {int(scored):,} assessment files written, jobs=2: score {seconds} s + "
            f"write {written} s; peak memory {peak} MiB (workers {peak_children} MiB each)"
        )

    if args.skip_pdf:
        return
    example = ROOT / "examples" / "submissions.csv"
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "assess",
                    "batch",
                    str(example),
                    "--out",
                    out,
                    "--pdf",
                    "--jobs",
                    str(jobs),
                ],
                capture_output=True,
                check=False,
            )
            seconds = time.perf_counter() - t0
            reports = len(list((Path(out) / "reports").glob("*.pdf")))
            print(
                f"example set with --pdf, jobs={jobs}: {seconds:.1f} s for {reports} agency PDFs and the "
                f"sector report ({seconds / (reports + 1):.2f} s per PDF)"
            )


if __name__ == "__main__":
    main()
