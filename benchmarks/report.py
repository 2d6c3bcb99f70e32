"""Seconds per agency PDF report: the first in a process (imports, fonts) and steady state, next to
bare WeasyPrint on the very same HTML, with layout and writing apart.

python benchmarks/report.py [--count 5] [--lang vi] [--example VD-BDP-014]

Times are CPU seconds of this process (time.process_time), so another job on the machine disturbs
them less than it would wall-clock times.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"


def median_of(count: int, run: Callable[[], tuple[float, float]]) -> tuple[float, float, float]:
    """Median layout, write and total seconds over count runs."""
    runs = [run() for _ in range(count)]
    layout = statistics.median(r[0] for r in runs)
    write = statistics.median(r[1] for r in runs)
    return layout, write, statistics.median(r[0] + r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="steady-state renders after the first")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--example", default="VD-BDP-014", help="an assessment in examples/assessments")
    args = parser.parse_args()
    example = EXAMPLES / f"{args.example}.json"

    start = time.perf_counter()
    from assess import report, result  # imported here so the first render pays for it

    loaded = result.load(example)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    agency = (r, loaded.assessment, loaded.questionnaire, loaded.profile, args.lang)
    first = report.agency_pdf(*agency)
    first_seconds = time.perf_counter() - start
    report.agency_pdf(*agency)  # the second report settles the heap (report._settle_heap)

    import weasyprint

    html = report.agency_html(*agency)
    base = html.roots[-1].as_uri() + "/"

    def ours() -> tuple[float, float]:
        t0 = time.process_time()
        laid = report._layout(report.agency_html(*agency))  # what agency_pdf does when it fits at once
        t1 = time.process_time()
        laid.pdf("benchmark")
        return t1 - t0, time.process_time() - t1

    def bare() -> tuple[float, float]:
        t0 = time.process_time()
        document = weasyprint.HTML(string=html.text, base_url=base).render()
        t1 = time.process_time()
        document.write_pdf()
        return t1 - t0, time.process_time() - t1

    def whole() -> tuple[float, float]:
        t0 = time.process_time()
        report.agency_pdf(*agency)
        return time.process_time() - t0, 0.0

    import io

    from pypdf import PdfReader  # the development extra has it

    pages = len(PdfReader(io.BytesIO(first.pdf)).pages)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"WeasyPrint {report.weasyprint_version()}, HarfBuzz subsetting: {report.subsets_with_harfbuzz()}"
    )
    print(f"report: {example.name}, {args.lang}, {len(first.pdf):,} bytes, {pages} pages")
    print(f"first report (with imports): {first_seconds:.2f} s wall clock")
    layout, write, total = median_of(args.count, ours)
    b_layout, b_write, b_total = median_of(args.count, bare)
    print(f"assess, steady state:        {total:.2f} s (HTML and layout {layout:.2f} s, write {write:.2f} s)")
    print(f"bare WeasyPrint, same HTML:  {b_total:.2f} s (layout {b_layout:.2f} s, write {b_write:.2f} s)")
    print(f"agency_pdf as called:        {median_of(args.count, whole)[2]:.2f} s (median of {args.count})")


if __name__ == "__main__":
    main()
