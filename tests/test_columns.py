"""The column-wise scorer gives exactly the reference engine's numbers, row for row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assess import assessment as am
from assess import columns, roadmap, scoring
from tests import factories
from tests.test_scoring import PRESS, PRESS_PROFILE


def reference(a: am.Assessment, profile: scoring.Profile) -> columns.RowScores:
    s = scoring.score(a, PRESS, profile)
    return columns.RowScores(
        index=s.index,
        band=s.band.id,
        groups=tuple((g.id, g.score, g.level, g.gap_2030) for g in s.groups),
        official_total=s.official.total,
        official_band=s.official.band.id,
        unanswered=len(s.unanswered),
        complete=s.complete,
        targets=tuple((t.id, t.status, t.overdue) for t in s.targets),
        below_aim=tuple(roadmap.below_aim(s, PRESS, profile, a.agency.block, a.agency.key_agency)),
        platforms=roadmap.platforms_needed(roadmap.plan(a, PRESS, profile, s), PRESS),
    )


# A profile whose question weights are overridden, so the columns follow the profile, not the file.
HEAVY = PRESS_PROFILE.model_copy(
    update={"weights": PRESS_PROFILE.weights.model_copy(update={"questions": {"G4.1": 7.5, "G6.5": 0.25}})}
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(factories.random_assessments(), min_size=1, max_size=12), st.sampled_from([PRESS_PROFILE, HEAVY])
)
def test_the_columns_give_the_reference_numbers(batch: list[am.Assessment], profile: scoring.Profile) -> None:
    layout = columns.Layout(PRESS, profile)
    assert columns.score_rows(layout, batch) == [reference(a, profile) for a in batch]


def test_nothing_to_score() -> None:
    assert columns.score_rows(columns.Layout(PRESS, PRESS_PROFILE), []) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=0, max_value=100, allow_nan=False),
            # halves at the third decimal, where the binary value decides which way Python rounds
            st.integers(min_value=0, max_value=100_000).map(lambda k: k / 1000 + 0.0005 * (k % 2)),
            st.integers(min_value=0, max_value=20_000).map(lambda k: (2 * k + 1) / 200),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_whole_array_rounding_is_pythons_round(values: list[float]) -> None:
    import numpy as np

    assert columns.round2(np.array(values)).tolist() == [round(v, 2) for v in values]
