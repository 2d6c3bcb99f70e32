"""Regenerate the fictional example data in examples/ (run after the questionnaire changes).

    python examples/generate.py

Writes examples/assessments/*.json: three complete interviews with notes and evidence.
Every agency, person and figure here is invented; any likeness to a real agency is accidental.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


if __name__ == "__main__":
    main()
