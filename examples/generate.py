"""Regenerate the fictional example data in examples/ (run after the questionnaire changes).

    python examples/generate.py [--out DIR]

Writes, into DIR (examples/ by default):

- assessments/*.json: three complete interviews with notes and evidence (November 2026);
- submissions.csv and .xlsx: a national submission file of about 200 agencies (autumn 2026), a
  handful of rows broken on purpose;
- 2025/: the round a year earlier, for `assess compare`: the same three interviews as they stood in
  November 2025 (2025/assessments/*.json), and the national file of autumn 2025
  (2025/submissions.csv and .xlsx) derived from the 2026 one: most agencies scored lower in 2025
  (they improved since), some higher (they slipped back), a few were not yet assessed, a few
  assessed in 2025 only, and three under another id (2025/id-map.csv maps old id to new).

Every agency, person and figure here is invented; any likeness to a real agency is accidental.
The output is the same on every run (fixed random seeds, fixed workbook and zip timestamps).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from assess import assessment as am
from assess import questionnaire as qm

HERE = Path(__file__).resolve().parent
PREVIOUS = "2025"  # the folder of the earlier round
INTERVIEW_TIME = time(1, 30, tzinfo=UTC)  # when each interview starts, on its assessment date

# (agency, assessor, date, levels by question, notes, evidence, N/A)
INTERVIEWS = [
    (
        am.Agency(
            id="VD-BDP-014",
            name="Báo Đồng Phú",
            block="local_newspaper",
            province="Đồng Nai",
            governing_body="Tỉnh ủy Đồng Nai",
            key_agency=False,
        ),
        "Nguyễn Thị Hạnh",
        date(2026, 11, 18),
        {
            "G1": [3, 2, 2, 1, 2],
            "G2": [3, 2, 2, 1, 2, 2, 2],
            "G3": [3, 2, 2, 1, 2, 1, 2],
            "G4": [2, 3, 1, 1, 2, 1, 2, 3],
            "G5": [3, 2, 1, 2, 1, 1],
            "G6": [2, 2, 2, 3, 1, 2],
            "G7": [2, 1, 1, 1, 2],
        },
        {
            "G1.1": "Nghị quyết Ban biên tập số 05-NQ/BĐP (01/2026) có mục chuyển đổi số; giao ban quý có "
            "báo cáo tiến độ.",
            "G4.1": "Đã sáp nhập ban Điện tử và ban Thời sự; kế hoạch chung cho báo in và báo điện tử, video "
            "còn lập riêng.",
            "G6.1": "Hồ sơ đề xuất cấp độ 3 đã nộp Sở, chưa được phê duyệt.",
        },
        {
            "G1.1": ["NQ-05-BĐP-2026.pdf", "Biên bản giao ban quý III/2026"],
            "G4.1": ["Sơ đồ tổ chức tòa soạn 2026.pdf"],
            "G6.1": ["Hồ sơ đề xuất cấp độ HTTT (bản nộp 09/2026)"],
        },
        {},
    ),
    (
        am.Agency(
            id="VD-TCKH-207",
            name="Tạp chí Khoa học Trường Đại học Hòa Vang",
            block="science_journal",
            province="Đà Nẵng",
            governing_body="Trường Đại học Hòa Vang",
            key_agency=False,
        ),
        "Lê Quang Vinh",
        date(2026, 11, 20),
        {
            "G1": [2, 1, 1, 1, 1],
            "G2": [2, 1, 1, 1, 1, None, 1],
            "G3": [2, 1, 1, 0, 1, None, None, 3],
            "G4": [1, 2, 2, 0, 1, 0, 2, 2],
            "G5": [2, 1, 1, 1, 2, 1],
            "G6": [2, 1, 1, 2, 0, 1],
            "G7": [1, 1, 2, 1, 1],
        },
        {
            "G3.9": "Dùng OJS cho toàn bộ bài gửi từ 2024; đã có DOI qua Crossref cho số mới.",
            "G5.5": "Nhận 4 sinh viên thực tập/năm từ Khoa Ngữ văn – Truyền thông.",
        },
        {"G3.9": ["https://tapchi.hoavang.edu.vn/ojs (giả định)"]},
        {
            "G2.6": "Tạp chí không nhận quảng cáo, tài trợ hay nội dung thu phí theo quy chế của Trường.",
            "G3.6": "Tạp chí truy cập mở theo chính sách của Trường; không thu phí bạn đọc.",
            "G3.7": "Kinh phí do Trường cấp 100%, không có nhiệm vụ doanh thu.",
        },
    ),
    (
        am.Agency(
            id="VD-PTTH-031",
            name="Đài Phát thanh và Truyền hình Ngọc Lĩnh",
            block="radio_tv",
            province="Quảng Ngãi",
            governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
            key_agency=True,
        ),
        "Phạm Đức Anh",
        date(2026, 11, 24),
        {
            "G1": [4, 3, 3, 3, 3],
            "G2": [4, 3, 3, 3, 2, 3, 3],
            "G3": [4, 3, 3, 2, 3, 2, 3, 4],
            "G4": [4, 3, 3, 3, 4, 3, 3, 4],
            "G5": [4, 3, 3, 3, 2, 3],
            "G6": [3, 4, 3, 4, 3, 4],
            "G7": [4, 3, 2, 3, 3],
        },
        {
            "G4.4": "Kho dữ liệu tập trung đưa vào vận hành 03/2026; AI tóm tắt và bóc băng dùng hằng ngày.",
            "G3.8": "Phát trực tiếp 2 kênh trên ứng dụng riêng và một nền tảng OTT trong nước.",
        },
        {"G4.4": ["Báo cáo vận hành nền tảng dữ liệu tháng 10/2026.pdf"]},
        {},
    ),
]


# The same three agencies a year earlier (same order of values as above; the 2026 levels in the
# comments). Most answers are lower, a few higher (what slipped back by 2026), notes are fewer.
# VD-BDP-014: the 2025 roadmap's newsroom initiative (the CMS workflow, G4.2) is done by 2026, but the
# converged newsroom (G4.1) fell from 3 to 2 when the new video team started planning on its own;
# security slipped (no drill in 2026: G6.5); partnerships, archive and cloud, and revenue did not move.
# VD-PTTH-031: the data platform went live (G4.4, a strategy target newly met) and the newsroom was
# converged fully (G4.1), while moving to a new CMS cost the digital signing step (G4.2).
# VD-TCKH-207: slow progress, DOIs from 2026 (G3.9), the 2025 security drill not repeated (G6.5).
INTERVIEWS_2025 = [
    (
        INTERVIEWS[0][0],
        "Nguyễn Thị Hạnh",
        date(2025, 11, 12),
        {
            "G1": [2, 1, 1, 1, 1],  # 3 2 2 1 2
            "G2": [2, 1, 1, 1, 1, 2, 1],  # 3 2 2 1 2 2 2
            "G3": [2, 1, 1, 0, 1, 1, 2],  # 3 2 2 1 2 1 2
            "G4": [3, 2, 1, 0, 1, 1, 2, 2],  # 2 3 1 1 2 1 2 3
            "G5": [2, 1, 1, 1, 1, 0],  # 3 2 1 2 1 1
            "G6": [1, 1, 1, 2, 2, 1],  # 2 2 2 3 1 2
            "G7": [2, 1, 1, 1, 2],  # 2 1 1 1 2
        },
        {
            "G4.1": "Ban Thời sự lập một kế hoạch nội dung chung hằng ngày cho báo in và báo điện tử, hai "
            "nền tảng báo đang có; quy chế tòa soạn hội tụ ban hành 06/2025.",
            "G6.5": "Diễn tập ứng cứu sự cố lần đầu vào 09/2025, có biên bản.",
        },
        {"G4.1": ["Quyết định ban hành quy chế tòa soạn hội tụ (06/2025).pdf"]},
        {},
    ),
    (
        INTERVIEWS[1][0],
        "Lê Quang Vinh",
        date(2025, 11, 14),
        {
            "G1": [1, 0, 0, 0, 1],  # 2 1 1 1 1
            "G2": [1, 1, 0, 1, 0, None, 0],  # 2 1 1 1 1 NA 1
            "G3": [1, 1, 0, 0, 1, None, None, 2],  # 2 1 1 0 1 NA NA 3
            "G4": [1, 1, 1, 0, 0, 0, 2, 1],  # 1 2 2 0 1 0 2 2
            "G5": [1, 0, 0, 1, 2, 1],  # 2 1 1 1 2 1
            "G6": [1, 1, 0, 2, 1, 0],  # 2 1 1 2 0 1
            "G7": [1, 1, 2, 1, 1],  # 1 1 2 1 1
        },
        {
            "G3.9": "Dùng OJS cho toàn bộ bài gửi từ 2024; chưa đăng ký DOI.",
            "G6.5": "Tham gia buổi diễn tập ứng cứu sự cố do Phòng CNTT của Trường tổ chức 10/2025.",
        },
        {},
        {
            "G2.6": "Tạp chí không nhận quảng cáo, tài trợ hay nội dung thu phí theo quy chế của Trường.",
            "G3.6": "Tạp chí truy cập mở theo chính sách của Trường; không thu phí bạn đọc.",
            "G3.7": "Kinh phí do Trường cấp 100%, không có nhiệm vụ doanh thu.",
        },
    ),
    (
        INTERVIEWS[2][0],
        "Phạm Đức Anh",
        date(2025, 11, 19),
        {
            "G1": [3, 2, 3, 2, 2],  # 4 3 3 3 3
            "G2": [3, 2, 2, 3, 2, 2, 3],  # 4 3 3 3 2 3 3
            "G3": [3, 2, 3, 1, 2, 2, 3, 3],  # 4 3 3 2 3 2 3 4
            "G4": [3, 4, 3, 2, 3, 2, 3, 3],  # 4 3 3 3 4 3 3 4
            "G5": [3, 3, 2, 2, 2, 2],  # 4 3 3 3 2 3
            "G6": [3, 3, 2, 3, 3, 3],  # 3 4 3 4 3 4
            "G7": [4, 3, 2, 3, 3],  # 4 3 2 3 3
        },
        {
            "G4.2": "CMS hiện tại có ký số ở bước duyệt cuối và thống kê thời gian xử lý hằng tháng; Đài dự "
            "kiến chuyển sang CMS mới trong năm 2026.",
        },
        {},
        {},
    ),
]


def interview(q: Any, spec: tuple[Any, ...]) -> am.Assessment:
    """One complete interview, its answers timed as if given one after another on the day."""
    agency, assessor, on, levels, notes, evidence, na = spec
    clock = datetime.combine(on, INTERVIEW_TIME)
    a = am.new(q, agency, assessor=assessor, assessed_on=on, clock=lambda: clock)
    answers: dict[str, am.Answer] = {}
    applicable = {x.id for x in q.applicable(agency.block)}
    for group, values in levels.items():
        ids = [x.id for x in q.questions_in(group) if x.id in applicable]
        assert len(ids) == len(values), (agency.id, group, ids)
        for offset, (qid, level) in enumerate(zip(ids, values, strict=True)):
            stamp = clock + timedelta(minutes=2 * offset + 10 * int(group[1]))
            if qid in na:
                answers[qid] = am.Answer(na=True, na_reason=na[qid], answered_at=stamp, updated_at=stamp)
            else:
                answers[qid] = am.Answer(
                    level=level,
                    note=notes.get(qid, ""),
                    evidence=tuple(evidence.get(qid, ())),
                    answered_at=stamp,
                    updated_at=stamp,
                )
    done = clock + timedelta(hours=1, minutes=40)
    return a.model_copy(
        update={
            "answers": answers,
            "status": "complete",
            "updated_at": done,
            "origin": am.Origin(kind="interview"),
        }
    )


def write_interviews(q: Any, specs: Sequence[tuple[Any, ...]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        path = folder / f"{spec[0].id}.json"
        am.save(interview(q, spec), path)
        print(f"wrote {path}")


# --- the national submission file ---------------------------------------------------------------

PROVINCES = [
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
]
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ"}
# Syllables for invented place-like names; combinations that name real provinces are skipped.
SYLLABLES = [
    "Vân",
    "Ngọc",
    "Hòa",
    "Phú",
    "Kim",
    "Lam",
    "Thanh",
    "Minh",
    "Bích",
    "Quế",
    "Sơn",
    "Tân",
    "Khê",
    "Lĩnh",
    "Đông",
    "Trà",
    "Mỹ",
    "Hương",
    "Cẩm",
    "Lộc",
    "Phong",
    "Tường",
    "Vĩnh",
    "Diên",
]
REAL = {
    "Thanh Hóa",
    "Phú Thọ",
    "Kim Sơn",
    "Hòa Bình",
    "Mỹ Tho",
    "Vĩnh Phúc",
    "Thanh Sơn",
    "Tân Phú",
    "Sơn La",
    "Đông Hòa",
    "Vĩnh Lộc",
}
TOPICS = [
    "Thời sự",
    "Kinh tế",
    "Đời sống",
    "Pháp luật",
    "Văn hóa",
    "Nông nghiệp",
    "Công thương",
    "Giáo dục",
    "Sức khỏe",
    "Môi trường",
    "Du lịch",
    "Thể thao",
    "Khoa học",
    "Công nghệ",
    "Lao động",
    "Gia đình",
]
FIELDS = [
    "Khoa học Xã hội",
    "Kinh tế và Quản lý",
    "Nông nghiệp và Phát triển",
    "Y Dược",
    "Giáo dục",
    "Kỹ thuật và Công nghệ",
    "Môi trường",
    "Luật học",
    "Ngôn ngữ và Văn hóa",
    "Tài nguyên nước",
]

# Blocks of the example, with how many agencies and how mature they tend to be (mean index).
BLOCKS = [
    ("central_newspaper", 26, 68),
    ("local_newspaper", 40, 63),
    ("magazine", 58, 50),
    ("science_journal", 50, 46),
    ("radio_tv", 26, 64),
]
# The 2025 published distribution of bands (Excellent, Good, Fair, Average, Weak): 33/57/31/9/47.
BAND_WEIGHTS = [(80, 95, 33), (70, 80, 57), (60, 70, 31), (50, 60, 9), (22, 50, 47)]


def place(rnd: random.Random, used: set[str]) -> str:
    while True:
        name = " ".join(rnd.sample(SYLLABLES, 2))
        if name not in REAL and name not in used:
            used.add(name)
            return name


def agency_rows(q: Any, rnd: random.Random) -> list[dict[str, Any]]:
    used: set[str] = set()
    rows = []
    serial = 0
    for block, count, mean in BLOCKS:
        for _ in range(count):
            serial += 1
            province = rnd.choice(PROVINCES)
            town = place(rnd, used)
            if block == "central_newspaper":
                name = f"Báo {rnd.choice(TOPICS)} {town}"
                governing = f"Hiệp hội {rnd.choice(TOPICS)} Việt Nam (giả định)"
                province = "Hà Nội" if rnd.random() < 0.8 else "Thành phố Hồ Chí Minh"
                key = rnd.random() < 0.25
                prefix = "BTW"
            elif block == "local_newspaper":
                name = f"Báo {town}"
                governing = f"{'Thành ủy' if province in CITIES else 'Tỉnh ủy'} {province}"
                key = rnd.random() < 0.1
                prefix = "BDP"
            elif block == "magazine":
                name = f"Tạp chí {rnd.choice(TOPICS)} {town}"
                governing = f"Hội {rnd.choice(TOPICS)} {town}"
                key = False
                prefix = "TC"
            elif block == "science_journal":
                name = f"Tạp chí {rnd.choice(FIELDS)} {town}"
                governing = f"{rnd.choice(['Trường Đại học', 'Viện Nghiên cứu', 'Học viện'])} {town}"
                key = False
                prefix = "TCKH"
            else:
                name = f"Đài Phát thanh và Truyền hình {town}"
                governing = f"Ủy ban nhân dân {'thành phố' if province in CITIES else 'tỉnh'} {province}"
                key = rnd.random() < 0.2
                prefix = "PTTH"
            rows.append(
                {
                    "agency_id": f"VD-{prefix}-{serial:03d}",
                    "agency_name": name,
                    "block": block,
                    "province": province,
                    "governing_body": governing,
                    "key_agency": key,
                    "mean": mean,
                }
            )
    return rows


def answer_levels(q: Any, row: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    # a band drawn from the published distribution, nudged by the block's typical maturity
    lows, highs, weights = zip(*BAND_WEIGHTS, strict=True)
    shift = (row["mean"] - 58) / 30
    adjusted = [w * (1 + shift * (2 - i)) for i, w in enumerate(weights)]
    band = rnd.choices(range(len(weights)), weights=adjusted)[0]
    index = rnd.uniform(lows[band], highs[band]) + (6 if row["key_agency"] else 0)
    base = min(5.0, index / 20)
    group_bias = {g.id: rnd.gauss(0, 0.45) for g in q.groups}
    levels: dict[str, Any] = {}
    for question in q.applicable(row["block"]):
        value = base + group_bias[question.group] + rnd.gauss(0, 0.55)
        levels[question.id] = max(0, min(5, round(value)))
    for qid in ("G2.6", "G3.6", "G3.7"):
        if qid in levels and row["block"] == "science_journal" and rnd.random() < 0.5:
            levels[qid] = "NA"
    return levels


NA_REASONS = {
    "G2.6": "Tạp chí không nhận quảng cáo, tài trợ theo quy chế của cơ quan chủ quản.",
    "G3.6": "Tạp chí truy cập mở, không thu phí bạn đọc.",
    "G3.7": "Kinh phí hoạt động do cơ quan chủ quản cấp, không có nhiệm vụ doanh thu.",
}


def submission_table(q: Any) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of the national file, broken rows included (see examples/README.md)."""
    rnd = random.Random(2026)
    header = ["agency_id", "agency_name", "block", "province", "governing_body", "key_agency", "assessed_on"]
    for question in q.questions:
        header += [question.id, f"{question.id}_note"]
    block_words = {b.id: [b.name.vi, b.name.en, b.name.vi.upper(), b.id] for b in q.blocks}
    body: list[list[Any]] = []
    for row in agency_rows(q, rnd):
        levels = answer_levels(q, row, rnd)
        on = date(2026, 10, 1) + timedelta(days=rnd.randrange(0, 50))
        record: dict[str, Any] = {
            "agency_id": row["agency_id"],
            "agency_name": row["agency_name"],
            "block": rnd.choice(block_words[row["block"]]),
            "province": row["province"],
            "governing_body": row["governing_body"],
            "key_agency": "có" if row["key_agency"] else "không",
            "assessed_on": on.isoformat() if rnd.random() < 0.7 else on.strftime("%d/%m/%Y"),
        }
        for qid, level in levels.items():
            if level == "NA":
                record[qid] = rnd.choice(["NA", "N/A", "không áp dụng"])
                record[f"{qid}_note"] = NA_REASONS[qid]
            else:
                # realistic noise from spreadsheets: stray spaces and decimals
                roll = rnd.random()
                record[qid] = f" {level} " if roll < 0.03 else (f"{level}.0" if roll < 0.06 else level)
        if rnd.random() < 0.15:
            record["G1.1_note"] = "Có nghị quyết của Ban biên tập về chuyển đổi số năm 2026."
        if rnd.random() < 0.04:  # a couple of unanswered questions now and then
            for qid in rnd.sample([x for x in levels if levels[x] != "NA"], 2):
                record[qid] = ""
        body.append([record.get(h, "") for h in header])

    def broken(base: int, **changes: Any) -> None:
        values = list(body[base])
        for key, value in changes.items():
            values[header.index(key.replace("__", "."))] = value
        body.append(values)

    # Deliberately broken rows: each is explained in examples/README.md.
    broken(3, agency_id="VD-LOI-001", agency_name="Báo Thử Khối Sai", block="Báo huyện")
    broken(45, agency_id="VD-LOI-002", agency_name="Báo Thử Mức Sai", G4__1=7, G2__3="ba")
    broken(80, agency_id="VD-LOI-003", agency_name="Tạp chí Thử N/A", G1__1="NA", G3__6="NA", G3__6_note="")
    broken(120, agency_id="VD-LOI-004", agency_name="Tạp chí Thử Ngày", assessed_on="31/02/2026")
    broken(10, agency_id=body[10][0])  # the same agency id as another row
    body.append([""] * len(header))  # an empty row between submissions
    thin = list(body[60])
    thin[0], thin[1] = "VD-LOI-006", "Tạp chí Thử Thiếu Trả Lời"
    for i, name in enumerate(header):
        if name.startswith("G") and not name.endswith("_note") and not name.startswith("G1."):
            thin[i] = ""
    body.append(thin)
    broken(150, agency_id="VD-LOI-007", agency_name="<b>Tạp chí</b> <img src=x onerror=alert(1)> Thử HTML")
    broken(170, agency_id="VD-LOI-008", agency_name='=HYPERLINK("http://example.invalid","Bấm vào đây")')
    return header, body


# --- the national file a year earlier -------------------------------------------------------------

AGENCIES = sum(count for _, count, _ in BLOCKS)  # the generated agencies: the first rows of the 2026 file
PREFIXES = {  # the block of an agency id's middle part
    "BTW": "central_newspaper",
    "BDP": "local_newspaper",
    "TC": "magazine",
    "TCKH": "science_journal",
    "PTTH": "radio_tv",
}
NA_WORDS = {"NA", "N/A", "không áp dụng"}
# 2026 agencies not yet assessed in 2025, by block (most of them magazines and science journals).
NEW_IN_2026 = {"local_newspaper": 1, "magazine": 3, "science_journal": 2}
# Agencies assessed in 2025 only (merged into another agency, or their licence not renewed).
ONLY_IN_2025 = ["magazine", "magazine", "science_journal", "science_journal", "local_newspaper"]
REGRESSED_SHARE = 0.12  # of the agencies in both rounds: scored higher in 2025 than in 2026


def parse_level(value: Any) -> int | str | None:
    """A level cell of the 2026 file as the batch reads it: an int, "NA", or None (unanswered)."""
    text = str(value).strip()
    if not text:
        return None
    if text in NA_WORDS:
        return "NA"
    return int(float(text))


def earlier_levels(levels: dict[str, int | str | None], improved: bool, rnd: random.Random) -> dict[str, Any]:
    """An agency's answers a year before `levels`: most of them lower by one or two for an agency that
    improved since, concentrated in the two to four groups it worked on; a few higher for one that
    slipped back. The leaders (a mean level of 4.2 or more) moved little. N/A answers stay N/A; an
    unanswered question gets its group's usual level."""
    groups = sorted({qid.split(".")[0] for qid in levels})
    known = [v for v in levels.values() if isinstance(v, int)]
    if improved and known and sum(known) / len(known) >= 4.2:  # a leader: little room left to climb
        focus = set(rnd.sample(groups, 1))
        chance = {g: rnd.uniform(0.3, 0.5) if g in focus else rnd.uniform(0.0, 0.1) for g in groups}
    elif improved:
        focus = set(rnd.sample(groups, rnd.randint(2, 4)))
        chance = {g: rnd.uniform(0.55, 0.9) if g in focus else rnd.uniform(0.1, 0.35) for g in groups}
    else:
        focus = set(rnd.sample(groups, rnd.randint(1, 2)))
        chance = {g: rnd.uniform(0.4, 0.7) if g in focus else rnd.uniform(0.0, 0.1) for g in groups}
    out: dict[str, Any] = {}
    for qid, level in levels.items():
        group = qid.split(".")[0]
        if level == "NA":
            out[qid] = "NA"
            continue
        if level is None:
            known = [v for k, v in levels.items() if k.startswith(group + ".") and isinstance(v, int)]
            level = round(sum(known) / len(known)) if known else 2
        assert isinstance(level, int)
        if rnd.random() < chance[group]:
            if improved:
                level -= 2 if rnd.random() < 0.2 else 1
            else:
                level += 1
        out[qid] = max(0, min(5, level))
    return out


def previous_table(
    q: Any, header: list[str], body: list[list[Any]]
) -> tuple[list[list[Any]], list[tuple[str, str]]]:
    """The 2025 national file, derived from the 2026 rows (without the rows broken on purpose), and
    the ids that changed between the rounds (old id, new id). Its own random stream, so the 2026
    file stays exactly as it is."""
    rnd = random.Random(2025)
    column = {name: i for i, name in enumerate(header)}
    rows = body[:AGENCIES]
    block_of = {row[0]: PREFIXES[row[0].split("-")[1]] for row in rows}
    ids_in = {b: [row[0] for row in rows if block_of[row[0]] == b] for b, _, _ in BLOCKS}
    new = {i for b, n in NEW_IN_2026.items() for i in rnd.sample(ids_in[b], n)}
    mapped_blocks = ["local_newspaper", "magazine", "science_journal"]
    mapped = [rnd.choice([i for i in ids_in[b] if i not in new]) for b in mapped_blocks]
    both = [row[0] for row in rows if row[0] not in new]
    regressed = set(rnd.sample(both, round(REGRESSED_SHARE * len(both))))
    block_words = {b.id: [b.name.vi, b.name.en, b.name.vi.upper(), b.id] for b in q.blocks}
    questions = [x.id for x in q.questions]
    serial = 210  # ids of 2025 not used in 2026 start after the 2026 file's
    id_map: list[tuple[str, str]] = []

    def record(row: dict[str, Any], levels: dict[str, Any]) -> list[Any]:
        on = date(2025, 10, 1) + timedelta(days=rnd.randrange(0, 50))
        values: dict[str, Any] = {
            **row,
            "block": rnd.choice(block_words[row["block"]]),
            "key_agency": "có" if row["key_agency"] else "không",
            "assessed_on": on.isoformat() if rnd.random() < 0.7 else on.strftime("%d/%m/%Y"),
        }
        for qid, level in levels.items():
            if level == "NA":
                values[qid] = rnd.choice(sorted(NA_WORDS))
                values[f"{qid}_note"] = NA_REASONS[qid]
            else:
                roll = rnd.random()
                values[qid] = f" {level} " if roll < 0.03 else (f"{level}.0" if roll < 0.06 else level)
        if rnd.random() < 0.12:
            values["G1.1_note"] = "Có nghị quyết của Ban biên tập về chuyển đổi số năm 2025."
        return [values.get(h, "") for h in header]

    used = {" ".join(row[column["agency_name"]].split()[-2:]) for row in rows}
    out: list[list[Any]] = []
    for block, _, mean in BLOCKS:
        for values in rows:
            agency_id = values[0]
            if block_of[agency_id] != block or agency_id in new:
                continue
            row = {name: values[column[name]] for name in ("agency_name", "province", "governing_body")}
            row.update(agency_id=agency_id, block=block, key_agency=values[column["key_agency"]] == "có")
            if agency_id in mapped:
                serial += 1
                prefix = agency_id.split("-")[1]
                row["agency_id"] = f"VD-{prefix}-{serial:03d}"
                id_map.append((row["agency_id"], agency_id))
                if block == "science_journal":  # a bulletin that became a journal
                    row["agency_name"] = row["agency_name"].replace("Tạp chí", "Thông tin", 1)
            levels = {qid: parse_level(values[column[qid]]) for qid in questions if values[column[qid]] != ""}
            for qid in (x.id for x in q.applicable(block)):
                levels.setdefault(qid, None)
            ordered = {qid: levels[qid] for qid in questions if qid in levels}
            out.append(record(row, earlier_levels(ordered, agency_id not in regressed, rnd)))
        for _ in range(ONLY_IN_2025.count(block)):
            serial += 1
            town = place(rnd, used)
            province = rnd.choice(PROVINCES)
            if block == "local_newspaper":
                name, prefix = f"Báo {town}", "BDP"
                governing = f"{'Thành ủy' if province in CITIES else 'Tỉnh ủy'} {province}"
            elif block == "magazine":
                name, governing, prefix = (
                    f"Tạp chí {rnd.choice(TOPICS)} {town}",
                    f"Hội {rnd.choice(TOPICS)} {town}",
                    "TC",
                )
            else:
                name = f"Tạp chí {rnd.choice(FIELDS)} {town}"
                governing = f"{rnd.choice(['Trường Đại học', 'Viện Nghiên cứu', 'Học viện'])} {town}"
                prefix = "TCKH"
            row = {
                "agency_id": f"VD-{prefix}-{serial:03d}",
                "agency_name": name,
                "block": block,
                "province": province,
                "governing_body": governing,
                "key_agency": False,
                "mean": mean - 10,  # the agencies that closed or merged were the weaker ones
            }
            levels = answer_levels(q, row, rnd)
            del row["mean"]
            out.append(record(row, levels))
    return out, id_map


# --- writing the files ----------------------------------------------------------------------------


class _Zip(zipfile.ZipFile):
    """A zip whose entries all carry one given time instead of the clock's, so that the workbook's
    bytes are the same on every run."""

    def __init__(self, *args: Any, stamp: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            entry = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            entry.compress_type = self.compression
            entry.external_attr = 0o600 << 16
            zinfo_or_arcname = entry
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        entry = zipfile.ZipInfo.from_file(filename, arcname)  # a sheet openpyxl wrote to a temporary file
        entry.date_time = self.stamp
        entry.compress_type = self.compression
        with Path(filename).open("rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 13)


def write_table(
    header: list[str], body: list[list[Any]], folder: Path, created: datetime, saved: datetime
) -> None:
    """submissions.csv (UTF-8 with BOM, as Excel saves it) and submissions.xlsx (real number and
    date cells) in `folder`. The workbook records `created` and `saved` (UTC) as its creation and
    modification times, and its zip entries carry `saved`: fixed, so the bytes are the same every run."""
    folder.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    (folder / "submissions.csv").write_bytes(text.getvalue().encode("utf-8-sig"))

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet: Any = book.active
    sheet.title = "Dữ liệu"
    sheet.append(header)
    for values in body:
        cells: list[Any] = []
        for name, value in zip(header, values, strict=True):
            if name == "assessed_on" and isinstance(value, str) and len(value) == 10 and value[4] == "-":
                cells.append(date.fromisoformat(value))  # a real date cell, as Excel keeps dates
            elif (
                isinstance(value, str)
                and value.strip().isdigit()
                and "." in name
                and not name.endswith("_note")
            ):
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    book.properties.created = created
    book.properties.modified = saved
    buffer = io.BytesIO()
    with _Zip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, stamp=saved) as archive:
        ExcelWriter(book, archive).save()  # not book.save(), which dates the workbook now
    (folder / "submissions.xlsx").write_bytes(buffer.getvalue())
    print(f"wrote {folder / 'submissions.csv'} and .xlsx: {len(body)} rows")


def write_id_map(id_map: list[tuple[str, str]], folder: Path) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["old_id", "new_id"])
    writer.writerows(id_map)
    (folder / "id-map.csv").write_bytes(text.getvalue().encode("utf-8"))
    print(f"wrote {folder / 'id-map.csv'}: {len(id_map)} ids")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the fictional example data.")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: examples/)")
    out: Path = parser.parse_args(argv).out
    _, q = qm.resolve("press-dx")
    write_interviews(q, INTERVIEWS, out / "assessments")
    header, body = submission_table(q)
    # the moment the committed 2026 workbook was first saved, kept so that its bytes stay the same
    write_table(header, body, out, datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 30, 18, 46, 37))
    write_interviews(q, INTERVIEWS_2025, out / PREVIOUS / "assessments")
    earlier, id_map = previous_table(q, header, body)
    write_table(header, earlier, out / PREVIOUS, datetime(2025, 11, 25, 9, 0), datetime(2025, 11, 25, 9, 0))
    write_id_map(id_map, out / PREVIOUS)


if __name__ == "__main__":
    main()
