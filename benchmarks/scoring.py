"""Scoring throughput: assessments per second on generated press-DX assessments.

    python benchmarks/scoring.py [--count 5000] [--seed 1]

Generates `count` random assessments (every block, key and small agencies, some N/A and
unanswered), then times `scoring.score` alone and `result.evaluate` (scores + roadmap) on one core.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import date

from assess import assessment as am
from assess import questionnaire as qm
from assess import result, scoring


def generate(q: qm.Questionnaire, count: int, seed: int) -> list[am.Assessment]:
    rnd = random.Random(seed)
    blocks = [b.id for b in q.blocks]
    out = []
    for i in range(count):
        block = rnd.choice(blocks)
        agency = am.Agency(id=f"GEN-{i:06d}", name=f"Cơ quan {i}", block=block, key_agency=rnd.random() < 0.1)
        a = am.new(q, agency, assessed_on=date(2026, 11, 26))
        answers = {}
        for question in q.applicable(block):
            roll = rnd.random()
            if roll < 0.05:
                continue  # unanswered
            if roll < 0.10 and question.na_allowed:
                answers[question.id] = am.Answer(na=True, na_reason="không áp dụng")
            else:
                answers[question.id] = am.Answer(level=rnd.randint(0, 5))
        out.append(a.model_copy(update={"answers": answers}))
    return out


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<28} {count / seconds:>10,.0f} assessments/s  ({seconds * 1000 / count:.3f} ms each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    _, q = qm.resolve("press-dx")
    profile = scoring.resolve(None, q)
    items = generate(q, args.count, args.seed)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    print(f"questionnaire {q.id} {q.version} ({len(q.questions)} questions), {args.count} assessments")

    start = time.perf_counter()
    for a in items:
        scoring.score(a, q, profile)
    rate("scores only", len(items), time.perf_counter() - start)

    start = time.perf_counter()
    for a in items:
        result.evaluate(a, q, profile)
    rate("scores + roadmap", len(items), time.perf_counter() - start)

    start = time.perf_counter()
    for a in items:
        result.dumps(result.evaluate(a, q, profile))
    rate("scores + roadmap + JSON", len(items), time.perf_counter() - start)


if __name__ == "__main__":
    main()
