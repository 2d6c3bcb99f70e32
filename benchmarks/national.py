"""The national picture's costs, each against an honest baseline measured in the same run.

    python benchmarks/national.py                  # everything (the national run takes minutes)
    python benchmarks/national.py --skip-national  # start-up and one PDF only
    python benchmarks/national.py --agencies 200   # a smaller national run

- start-up: `assess --help` against a minimal Typer app with the same commands (fresh processes);
- one agency PDF: `assess`'s renderer against bare WeasyPrint on the very same HTML;
- the national run: `assess batch --pdf --jobs 2` on N generated agencies shaped like the
  example set (the example rows, repeated under new ids), seconds in all and per PDF; and its
  floor: bare WeasyPrint on the same reports' HTML (a sample of them, CPU seconds), times N, over
  the jobs. No renderer of these reports can beat that floor without less content per report.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assessments" / "VD-BDP-014.json"
COMMANDS = ("questionnaire", "schema", "score", "interview", "report", "template", "batch")

MINIMAL_APP = (
    """
import typer
app = typer.Typer(add_completion=False, no_args_is_help=True)
sub = typer.Typer()
@sub.command("list")
def list_() -> None: ...
app.add_typer(sub, name="questionnaire")
"""
    + "".join(
        f'@app.command("{name}")\ndef c_{name}(x: str = typer.Option("", help="an option")) -> None: ...\n'
        for name in COMMANDS[1:]
    )
    + "app()\n"
)


def seconds_of(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        minimal = Path(work) / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        bare = seconds_of([sys.executable, str(minimal), "--help"], runs)
        ours = seconds_of([sys.executable, "-m", "assess", "--help"], runs)
        python = seconds_of([sys.executable, "-c", "pass"], runs)
    print(
        f"start-up (median of {runs}): assess --help {ours * 1000:.0f} ms; a minimal Typer app with the same "
        f"commands {bare * 1000:.0f} ms; ratio {ours / bare:.2f}x (python itself {python * 1000:.0f} ms)"
    )


def one_pdf(runs: int) -> None:
    import weasyprint

    from assess import report, result

    loaded = result.load(EXAMPLE)
    r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
    args = (r, loaded.assessment, loaded.questionnaire, loaded.profile, "vi")
    report.agency_pdf(*args)  # warm: imports, fonts
    html = report.agency_html(*args)
    base = html.roots[-1].as_uri() + "/"
    weasyprint.HTML(string=html.text, base_url=base).write_pdf()
    ours, bare = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        report.agency_pdf(*args)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        weasyprint.HTML(string=html.text, base_url=base).write_pdf()
        bare.append(time.perf_counter() - t0)
    o, b = statistics.median(ours), statistics.median(bare)
    print(
        f"one agency PDF ({EXAMPLE.stem}, median of {runs}): assess {o:.2f} s; bare WeasyPrint on the same "
        f"HTML {b:.2f} s; ratio {o / b:.2f}x"
    )


def national(agencies: int, jobs: int) -> None:
    source = ROOT / "examples" / "submissions.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], [r for r in rows[1:] if r and r[0].startswith("VD-") and "LOI" not in r[0]]
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "national.csv"
        with data.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i in range(agencies):
                row = list(body[i % len(body)])
                row[0] = f"VD-N{i:04d}"
                writer.writerow(row)
        out = Path(work) / "out"
        t0 = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "assess",
                "batch",
                str(data),
                "--out",
                str(out),
                "--pdf",
                "--jobs",
                str(jobs),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - t0
        pdfs = len(list((out / "reports").glob("*.pdf")))
        print(
            f"national run: {agencies} agencies with --pdf, --jobs {jobs}: {seconds:.0f} s ({seconds / 60:.1f} min) "
            f"for {pdfs} agency PDFs and the sector report, {seconds / max(1, pdfs):.2f} s per PDF; "
            f"exit {done.returncode}"
        )
        per_pdf = bare_seconds(sorted((out / "assessments").glob("*.json")))
        floor = per_pdf * pdfs / jobs
        print(
            f"  floor: bare WeasyPrint on the same HTML, {per_pdf:.2f} CPU s per agency (a sample), "
            f"x {pdfs} / {jobs} jobs = {floor:.0f} s ({floor / 60:.1f} min); the run takes {seconds / floor:.2f}x it"
        )


def bare_seconds(assessments: list[Path], sample: int = 40) -> float:
    """Mean CPU seconds bare WeasyPrint takes on the HTML of the reports `assess batch` rendered for
    a sample of these assessments (at the compactness step it laid out first)."""
    import weasyprint

    from assess import report, result

    chosen = assessments[:: max(1, len(assessments) // sample)][:sample]
    seconds = []
    for path in chosen:
        loaded = result.load(path)
        r = result.evaluate(loaded.assessment, loaded.questionnaire, loaded.profile)
        args = (r, loaded.assessment, loaded.questionnaire, loaded.profile, "vi")
        html = report.agency_html(*args, compact=report.first_step(*args))
        base = html.roots[-1].as_uri() + "/"
        weasyprint.HTML(string=html.text, base_url=base).write_pdf()  # fonts loaded before timing
        t0 = time.process_time()
        weasyprint.HTML(string=html.text, base_url=base).write_pdf()
        seconds.append(time.process_time() - t0)
    return statistics.mean(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--agencies", type=int, default=800)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    startup(args.runs)
    one_pdf(max(3, args.runs // 2))
    if not args.skip_national:
        national(args.agencies, args.jobs)


if __name__ == "__main__":
    main()
