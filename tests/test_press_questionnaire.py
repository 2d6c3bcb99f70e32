"""The shipped press-DX questionnaire and scoring profile: complete, consistent and bilingual."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date

from assess import questionnaire as qm
from assess import resources, scoring
from assess.bilingual import Text

VIETNAMESE = re.compile(r"[ăâđêôơưạảãáàấầẩẫậắằẳẵặẹẻẽéèếềểễệỉĩíìịọỏõóòốồổỗộớờởỡợụủũúùứừửữựỵỷỹýỳ]", re.I)

# Vietnamese words the English text keeps on purpose, as a gloss or a proper name
GLOSSED = ("QĐ", "nhuận bút", "Tết")


def texts(q: qm.Questionnaire) -> Iterator[tuple[str, Text]]:
    for g in q.groups:
        yield f"{g.id}.title", g.title
        yield f"{g.id}.description", g.description
    for x in q.questions:
        yield f"{x.id}.text", x.text
        yield f"{x.id}.help", x.help
        yield f"{x.id}.evidence", x.evidence
        for level, text in x.rubric.items():
            yield f"{x.id}.rubric.{level}", text
        for level, rec in x.recommendations.items():
            yield f"{x.id}.recommendations.{level}", Text(vi=rec.vi, en=rec.en)
            if rec.key:
                yield f"{x.id}.recommendations.{level}.key", rec.key
            if rec.sme:
                yield f"{x.id}.recommendations.{level}.sme", rec.sme


def test_shape_seven_groups_enough_questions(press: qm.Questionnaire) -> None:
    assert [g.id for g in press.groups] == [f"G{i}" for i in range(1, 8)]
    per_group = Counter(x.group for x in press.questions)
    assert all(per_group[g] >= 5 for g in per_group), per_group
    assert len(press.questions) >= 35
    assert [s.level for s in press.scale] == [0, 1, 2, 3, 4, 5]
    assert [s.name.vi for s in press.scale] == [
        "Chưa chuyển đổi số",
        "Khởi động",
        "Bắt đầu",
        "Hình thành",
        "Nâng cao",
        "Dẫn dắt",
    ]


def test_every_question_has_a_full_rubric_and_next_steps(press: qm.Questionnaire) -> None:
    for x in press.questions:
        assert sorted(x.rubric) == [0, 1, 2, 3, 4, 5], x.id
        assert sorted(x.recommendations) == [0, 1, 2, 3, 4], x.id
        # adjacent levels must read differently, or two consultants could not tell them apart
        for lang in ("vi", "en"):
            levels = [x.rubric[n](lang) for n in range(6)]
            assert len(set(levels)) == 6, (x.id, lang)


def test_every_strategy_target_pillar_platform_and_block_is_covered(press: qm.Questionnaire) -> None:
    targets = {x.target.id for x in press.questions if x.target}
    assert (
        targets
        == {t.id for t in press.targets}
        == {
            "digital_platforms",
            "data_platform_ai",
            "converged_newsroom",
            "revenue_growth",
            "staff_trained",
            "security_level3",
            "curricula_digital",
        }
    )
    assert {x.pillar for x in press.questions} == {p.id for p in press.pillars}
    platforms = {r.platform for x in press.questions for r in x.recommendations.values() if r.platform}
    assert platforms == {"newsroom", "social_listening", "security_shield"}
    assert {x.area for x in press.questions} == {"internal", "production"}
    assert {b.id for b in press.blocks} == {
        "central_newspaper",
        "local_newspaper",
        "magazine",
        "science_journal",
        "radio_tv",
    }
    # block-specific questions exist and are honoured
    assert "G3.8" in {x.id for x in press.applicable("radio_tv")}
    assert "G3.8" not in {x.id for x in press.applicable("science_journal")}
    assert "G3.9" in {x.id for x in press.applicable("science_journal")}


def test_key_and_small_agencies_get_different_advice(press: qm.Questionnaire) -> None:
    variants = [r for x in press.questions for r in x.recommendations.values() if r.key and r.sme]
    assert len(variants) >= 30
    assert all(r.key != r.sme for r in variants)
    for group in ("G4", "G6", "G7"):  # where investment is at stake, every group differentiates
        assert any(r.key for x in press.questions_in(group) for r in x.recommendations.values())


def test_the_strategy_targets_carry_the_published_shares(press: qm.Questionnaire) -> None:
    shares = {t.id: (t.share_2025, t.share_2030) for t in press.targets}
    assert shares["digital_platforms"] == (0.70, 1.00)
    assert shares["data_platform_ai"] == (0.50, 0.90)
    assert shares["converged_newsroom"] == (0.80, 1.00)
    assert shares["revenue_growth"] == (0.30, 0.50)
    assert shares["staff_trained"] == (1.00, None)
    assert shares["security_level3"] == (1.00, None)


def test_translations_are_real_and_clean(press: qm.Questionnaire) -> None:
    for where, text in texts(press):
        for lang in ("vi", "en"):
            value = text(lang)
            assert unicodedata.is_normalized("NFC", value), (where, lang)
            assert "\t" not in value and "  " not in value, (where, lang)
        assert VIETNAMESE.search(text.vi), f"{where}: the Vietnamese text has no Vietnamese letters"
        english = text.en
        for term in GLOSSED:
            english = english.replace(term, "")
        assert not VIETNAMESE.search(english), f"{where}: Vietnamese in the English text"
        assert text.vi != text.en, where


def test_the_shipped_profile_fits_the_questionnaire(press: qm.Questionnaire) -> None:
    profile = scoring.load(resources.scoring_dir() / "press-dx.yaml", press)
    assert scoring.problems_against(profile, press) == []
    assert sum(profile.official_index.pillars.values()) == 100
    assert profile.official_index.pillars == {
        "strategy": 18,
        "infrastructure": 24,
        "organisation": 20,
        "audience": 23,
        "technology": 15,
    }
    # The official index's levels: the 2023 thresholds, and Excellent from 90 from 2024 on.
    assert [(b.name.vi, b.min) for b in profile.bands_for(date(2023, 12, 1)).bands] == [
        ("Yếu", 0),
        ("Trung bình", 50),
        ("Khá", 60),
        ("Tốt", 70),
        ("Xuất sắc", 80),
    ]
    assert [b.min for b in profile.bands_for(date(2024, 1, 1)).bands] == [0, 50, 60, 70, 90]
    assert profile.bands_for(date(2026, 11, 30)).from_year == 2024
    assert profile.bands_for(date(2020, 1, 1)).from_year == 2023  # earlier: the first set
    for block in press.block_by_id:
        for size in ("key", "sme"):
            targets = getattr(profile.recommended_levels[block], size)
            assert set(targets) == {"2025", "2030"}
            assert set(targets["2030"]) == set(press.group_by_id)
