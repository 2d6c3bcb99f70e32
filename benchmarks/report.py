"""Seconds per agency PDF report: the first in a process (imports, fonts) and steady state.

python benchmarks/report.py [--count 5] [--lang vi]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "assessments" / "VD-BDP-014.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="steady-state renders after the first")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    args = parser.parse_args()

    start = time.perf_counter()
    from assess import report, result  # imported here so the first render pays for it

    loaded = result.load(EXAMPLE)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    first = report.agency_pdf(r, loaded.assessment, loaded.questionnaire, loaded.profile, args.lang)
    first_seconds = time.perf_counter() - start

    times = []
    for _ in range(args.count):
        t0 = time.perf_counter()
        report.agency_pdf(r, loaded.assessment, loaded.questionnaire, loaded.profile, args.lang)
        times.append(time.perf_counter() - t0)

    import io

    from pypdf import PdfReader  # the development extra has it

    pages = len(PdfReader(io.BytesIO(first.pdf)).pages)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"WeasyPrint {report.weasyprint_version()}"
    )
    print(f"report: {EXAMPLE.name}, {args.lang}, {len(first.pdf):,} bytes, {pages} pages")
    print(f"first report (with imports): {first_seconds:.2f} s")
    print(
        f"steady state: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
        f"max {max(times):.2f} s over {len(times)} renders"
    )


if __name__ == "__main__":
    main()
