"""Regenerate the fictional example data in examples/ (run after the questionnaire changes).

    python examples/generate.py

Writes examples/assessments/*.json (three complete interviews with notes and evidence) and
examples/submissions.csv and .xlsx (a national submission file of about 200 agencies, a handful
of rows broken on purpose). Every agency, person and figure here is invented; any likeness to a
real agency is accidental. The output is the same on every run (a fixed random seed).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from assess import assessment as am
from assess import questionnaire as qm

HERE = Path(__file__).resolve().parent
START = datetime(2026, 11, 18, 1, 30, tzinfo=UTC)

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


def main() -> None:
    _, q = qm.resolve("press-dx")
    out = HERE / "assessments"
    out.mkdir(exist_ok=True)
    for agency, assessor, on, levels, notes, evidence, na in INTERVIEWS:
        clock = START + timedelta(days=(on - date(2026, 11, 18)).days)
        a = am.new(q, agency, assessor=assessor, assessed_on=on, clock=lambda c=clock: c)
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
        a = a.model_copy(
            update={
                "answers": answers,
                "status": "complete",
                "updated_at": done,
                "origin": am.Origin(kind="interview"),
            }
        )
        am.save(a, out / f"{agency.id}.json")
        print(f"wrote {out / f'{agency.id}.json'}")


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


def write_submissions(q: Any) -> None:
    header, body = submission_table(q)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    (HERE / "submissions.csv").write_bytes(text.getvalue().encode("utf-8-sig"))

    from openpyxl import Workbook

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
    # openpyxl writes a workbook's timestamps as now: fix them so the file is the same every run
    fixed = datetime(2026, 11, 25, 9, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / "submissions.xlsx").write_bytes(buffer.getvalue())
    print(f"wrote {HERE / 'submissions.csv'} and .xlsx: {len(body)} rows")


if __name__ == "__main__":
    main()
    write_submissions(qm.resolve("press-dx")[1])
