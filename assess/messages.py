"""Words of the command-line screens in both languages; content comes from the data folders instead."""

from __future__ import annotations

from typing import Any

from assess.bilingual import Lang

# key -> (Vietnamese, English). Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    # questionnaire list / show / validate
    "col.id": ("Mã", "Id"),
    "col.version": ("Phiên bản", "Version"),
    "col.title": ("Tên", "Title"),
    "col.groups": ("Nhóm", "Groups"),
    "col.questions": ("Câu hỏi", "Questions"),
    "col.file": ("Tệp", "File"),
    "col.level": ("Mức", "Level"),
    "col.description": ("Mô tả", "Description"),
    "questionnaire.none": ("Không có bộ câu hỏi nào trong {path}.", "No questionnaire in {path}."),
    "show.source": ("Căn cứ", "Source"),
    "show.scale": ("Thang mức độ trưởng thành", "Maturity scale"),
    "show.weight": ("Trọng số", "Weight"),
    "show.applies_to": ("Áp dụng cho", "Applies to"),
    "show.all_blocks": ("mọi khối", "every block"),
    "show.na_allowed": ("Cho phép N/A", "N/A allowed"),
    "show.pillar": ("Trụ cột", "Pillar"),
    "show.target": ("Chỉ tiêu", "Target"),
    "show.target_met_at": ("{target} (đạt từ mức {level})", "{target} (met at level {level})"),
    "show.help": ("Hướng dẫn", "Guidance"),
    "show.evidence": ("Minh chứng", "Evidence"),
    "show.rubric": ("Tiêu chí theo mức", "Rubric"),
    "show.area": ("Lĩnh vực", "Area"),
    "area.internal": ("Quản trị nội bộ", "Internal management"),
    "area.production": ("Sản xuất, phân phối, lưu trữ", "Production, distribution, storage"),
    "show.recommendation": ("Bước tiếp theo", "Next step"),
    "show.effort": ("Công sức", "Effort"),
    "show.platform": ("Nền tảng hỗ trợ", "Support platform"),
    "show.key": ("Cơ quan chủ lực", "Key agency"),
    "show.sme": ("Cơ quan vừa và nhỏ", "Small/medium agency"),
    "show.unknown_group": (
        "không có nhóm '{group}' (có: {known})",
        "no group '{group}' (known: {known})",
    ),
    "validate.ok": (
        "hợp lệ: {id} {version}, {groups} nhóm, {questions} câu hỏi",
        "valid: {id} {version}, {groups} groups, {questions} questions",
    ),
    "validate.profile_ok": (
        "hợp lệ: hồ sơ chấm điểm {id} {version} cho {questionnaire} {qversion}",
        "valid: scoring profile {id} {version} for {questionnaire} {qversion}",
    ),
    "validate.invalid": (
        "không hợp lệ: {path} ({count} lỗi)",
        "invalid: {path} ({count} problems)",
    ),
    # score
    "score.title": ("Kết quả chấm điểm", "Scores"),
    "score.agency": ("Cơ quan báo chí", "Press agency"),
    "score.index": ("Chỉ số", "Index"),
    "score.band": ("Xếp loại", "Band"),
    "score.unanswered": ("Chưa trả lời", "Unanswered"),
    "score.incomplete": (
        "{file}: chưa đầy đủ, {count} câu chưa trả lời (tính 0 điểm)",
        "{file}: incomplete, {count} questions unanswered (scored 0)",
    ),
    "score.incomplete_short": ("chưa đầy đủ", "incomplete"),
    "score.incomplete_detail": (
        "Chưa đầy đủ: {count} câu chưa trả lời được tính 0 điểm.",
        "Incomplete: {count} unanswered questions scored 0.",
    ),
    "score.official": ("Ước tính theo Bộ chỉ số (tham khảo)", "Official-index estimate (indicative)"),
    "score.group": ("Nhóm nhiệm vụ", "Task group"),
    "score.score": ("Điểm", "Score"),
    "score.target": ("Mục tiêu", "Target"),
    "score.gap": ("Khoảng cách", "Gap"),
    "score.target_note": (
        "Mục tiêu: mức cần đạt của nhóm theo mốc {horizon} cho khối và quy mô của cơ quan.",
        "Target: the level the group should reach by {horizon} for the agency's block and size.",
    ),
    "score.targets": (
        "Chỉ tiêu của Chiến lược: đạt {met}/{total}, chưa đạt {missed}.",
        "Strategy targets: {met} of {total} met, {missed} not met.",
    ),
    "score.overdue": ("{count} chỉ tiêu năm 2025 đã quá hạn.", "Overdue 2025 targets: {count}."),
    "score.unanswered_short": ("Chưa TL", "Unans."),
    "score.legend": ("Mỗi nhóm: điểm 0–100, dưới là mức 0–5.", "Each group: score 0–100, level 0–5 below."),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
}


def t(key: str, lang: Lang, **values: Any) -> str:
    vi, en = CATALOGUE[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text
