"""Words of the command-line screens in both languages; content comes from the data folders instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assess.bilingual import Lang

# key -> (Vietnamese, English). Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    # questionnaire list / show / validate
    "col.id": ("Mã", "Id"),
    "col.version": ("Phiên bản", "Version"),
    "col.title": ("Tên", "Title"),
    "col.groups": ("Nhóm", "Groups"),
    "col.questions": ("Câu hỏi", "Questions"),
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
    "score.target": ("Mức khuyến nghị", "Recommended"),
    "score.gap": ("Khoảng cách", "Gap"),
    "score.target_note": (
        "Mức khuyến nghị: mức công cụ này đề xuất cho nhóm đến {horizon} theo khối và quy mô của cơ quan (không phải chỉ tiêu của Chiến lược).",
        "Recommended: the level this tool recommends for the group by {horizon} for the agency's block and size (not a strategy target).",
    ),
    "score.targets": (
        "Chỉ tiêu của Chiến lược (Quyết định 348/QĐ-TTg) áp dụng cho cơ quan: đạt {met}/{total}, chưa đạt {missed}.",
        "Strategy targets (Decision 348/QĐ-TTg) that bind the agency: {met} of {total} met, {missed} not met.",
    ),
    "score.overdue": ("{count} chỉ tiêu đã quá hạn.", "Overdue: {count}."),
    "score.unanswered_short": ("Chưa TL", "Unans."),
    "score.legend": ("Mỗi nhóm: điểm 0–100, dưới là mức 0–5.", "Each group: score 0–100, level 0–5 below."),
    # interview: intake
    "intake.title": ("Thông tin cơ quan báo chí", "About the press agency"),
    "intake.agency_id": ("Mã cơ quan", "Agency id"),
    "intake.name": ("Tên cơ quan báo chí", "Agency name"),
    "intake.block": ("Khối", "Block"),
    "intake.province": ("Tỉnh/thành phố", "Province or city"),
    "intake.governing_body": ("Cơ quan chủ quản", "Governing body"),
    "intake.key_agency": ("Cơ quan báo chí chủ lực? (c/k)", "Key press agency? (y/n)"),
    "intake.assessor": ("Người đánh giá", "Assessor"),
    "intake.date": (
        "Ngày đánh giá (YYYY-MM-DD, Enter: {today})",
        "Assessment date (YYYY-MM-DD, Enter: {today})",
    ),
    "intake.keep": ('Enter: giữ "{value}"', 'Enter: keep "{value}"'),
    "intake.required": ("Không được để trống.", "This cannot be empty."),
    "intake.bad_block": (
        'Không có khối "{value}". Chọn một số từ 1 đến {count}.',
        'No block "{value}". Choose a number from 1 to {count}.',
    ),
    "intake.bad_yes_no": ("Trả lời c (có) hoặc k (không).", "Answer y (yes) or n (no)."),
    "intake.bad_date": (
        'Ngày không hợp lệ: "{value}". Viết theo dạng 2026-11-26 hoặc 26/11/2026.',
        'Not a date: "{value}". Write it as 2026-11-26 or 26/11/2026.',
    ),
    "intake.too_long": ("Quá dài: tối đa {max} ký tự.", "Too long: at most {max} characters."),
    "intake.control": ("Không được chứa ký tự điều khiển.", "Control characters are not allowed."),
    "intake.applicable": (
        "{count} câu hỏi áp dụng cho khối {block}; {skipped} câu không áp dụng được bỏ qua.",
        "{count} questions apply to the {block} block; {skipped} that do not are skipped.",
    ),
    # interview: files
    "file.saving_to": ("Lưu vào {path} sau mỗi thay đổi.", "Saving to {path} after every change."),
    "file.resume_ask": (
        "{path} là đánh giá đang làm dở ({name}, {done}/{total} câu). Tiếp tục? (c/k)",
        "{path} is an assessment in progress ({name}, {done}/{total} questions). Resume? (y/n)",
    ),
    "file.complete_ask": (
        "{path} là đánh giá đã hoàn thành ({name}). m: mở lại để sửa · g: ghi đè bằng đánh "
        "giá mới · t: thoát",
        "{path} holds a completed assessment ({name}). r: reopen it to edit · o: overwrite "
        "it with a new one · q: quit",
    ),
    "file.overwrite_confirm": (
        'Ghi đè đánh giá đã hoàn thành? Gõ "ghi đè" để xác nhận.',
        'Overwrite the completed assessment? Type "overwrite" to confirm.',
    ),
    "file.not_overwritten": (
        "Không ghi đè. Chọn tệp khác với -o.",
        "Not overwritten. Choose another file with -o.",
    ),
    "file.not_resumed": (
        "Không tiếp tục. Chọn tệp khác với -o.",
        "Not resumed. Choose another file with -o.",
    ),
    "file.resume_missing": ("{path}: không có tệp để tiếp tục", "{path}: no such file to resume"),
    "file.draft_found": (
        "Đã khôi phục thông tin nhập dở từ lần trước.",
        "Recovered what was typed last time.",
    ),
    # interview: question screen
    "q.overall": (
        "Câu {pos}/{total} (khối {block}) · đã trả lời {done} · {elapsed}",
        "Question {pos}/{total} ({block} block) · {done} answered · {elapsed}",
    ),
    "q.help": ("Hướng dẫn", "Guidance"),
    "q.evidence_hint": ("Minh chứng cần xem", "Evidence to ask for"),
    "q.note": ("Ghi chú", "Note"),
    "q.evidence": ("Minh chứng đã ghi", "Evidence recorded"),
    "q.current": ("Trả lời", "Answer"),
    "q.current_level": ("mức {level} ({name})", "level {level} ({name})"),
    "q.current_na": ("không áp dụng: {reason}", "not applicable: {reason}"),
    "q.current_none": ("chưa trả lời", "not answered"),
    "q.current_skipped": ("chưa trả lời (đã bỏ qua)", "not answered (skipped)"),
    "q.na_allowed": ("được chọn N/A", "N/A allowed"),
    "q.keys": (
        "0–5 trả lời · na không áp dụng · n ghi chú · e minh chứng · b lùi · s bỏ qua · g đến · "
        "r rà soát · ? trợ giúp · q lưu và thoát",
        "0–5 answer · na not applicable · n note · e evidence · b back · s skip · g go to · "
        "r review · ? help · q save and quit",
    ),
    "q.prompt": ("lệnh", "command"),
    "q.invalid": (
        '"{value}" không phải là lệnh. Gõ 0–5 để trả lời, ? để xem trợ giúp.',
        '"{value}" is not a command. Type 0–5 to answer, or ? for help.',
    ),
    "q.na_reason": ("Lý do không áp dụng (bắt buộc)", "Why it does not apply (required)"),
    "q.note_prompt": ("Ghi chú (Enter: giữ nguyên, -: xóa)", "Note (Enter: keep, -: clear)"),
    "q.evidence_prompt": (
        "Minh chứng: tên tài liệu, URL hoặc đường dẫn tệp (chỉ ghi lại, không mở). -N: xóa mục N",
        "Evidence: a document name, URL or file path (recorded, never opened). -N: remove item N",
    ),
    "q.goto_prompt": ("Đến nhóm (G4) hoặc câu hỏi (G4.3)", "Go to a group (G4) or question (G4.3)"),
    "q.cancelled": ("Không thay đổi.", "Nothing changed."),
    # interview: problems
    "interview.bad_level": ("Mức phải từ 0 đến 5.", "The level must be 0 to 5."),
    "interview.na_not_allowed": ("Câu {question} không được chọn N/A.", "N/A is not allowed for {question}."),
    "interview.na_needs_reason": ("N/A cần có lý do.", "N/A needs a justification."),
    "interview.evidence_empty": ("Minh chứng trống.", "The evidence reference is empty."),
    "interview.no_such_evidence": ("Không có minh chứng số {number}.", "There is no evidence item {number}."),
    "interview.at_first": ("Đây là câu đầu tiên.", "This is the first question."),
    "interview.not_for_block": (
        "Câu {question} không áp dụng cho khối của cơ quan.",
        "{question} does not apply to this agency's block.",
    ),
    "interview.unknown_ref": ('Không có nhóm hay câu hỏi "{ref}".', 'No group or question "{ref}".'),
    "interview.no_questions": (
        "Không có câu hỏi nào áp dụng cho khối {block}.",
        "No question applies to the {block} block.",
    ),
    # interview: help, review, finish
    "help.title": ("Các lệnh", "Commands"),
    "help.lines": (
        "0–5       chọn mức trả lời và sang câu tiếp theo\n"
        "na [lý do] không áp dụng (cần lý do; chỉ với câu cho phép)\n"
        "n [nội dung] thêm hoặc sửa ghi chú\n"
        "e [tham chiếu] thêm minh chứng (tên tài liệu, URL, đường dẫn); e -2 xóa mục 2\n"
        "b         về câu trước\n"
        "s         bỏ qua, trả lời sau\n"
        "g [mã]    đến nhóm (G4) hoặc câu (G4.3)\n"
        "r         rà soát: số câu đã trả lời, N/A, bỏ qua theo nhóm; kết thúc\n"
        "q         lưu và thoát (tiếp tục sau với --resume)\n"
        "Ctrl-C    lưu và thoát\n"
        "Mọi thay đổi được lưu ngay vào tệp.",
        "0–5       answer with this level and go to the next question\n"
        "na [why]  not applicable (needs a reason; only where allowed)\n"
        "n [text]  add or edit the note\n"
        "e [ref]   add evidence (document name, URL, path); e -2 removes item 2\n"
        "b         back to the previous question\n"
        "s         skip for now\n"
        "g [id]    go to a group (G4) or question (G4.3)\n"
        "r         review: answered, N/A and skipped per group; finish\n"
        "q         save and quit (resume later with --resume)\n"
        "Ctrl-C    save and quit\n"
        "Every change is saved to the file at once.",
    ),
    "review.title": ("Rà soát", "Review"),
    "review.group": ("Nhóm", "Group"),
    "review.answered": ("Đã trả lời", "Answered"),
    "review.na": ("N/A", "N/A"),
    "review.skipped": ("Bỏ qua", "Skipped"),
    "review.unanswered": ("Chưa trả lời", "Unanswered"),
    "review.unanswered_list": ("Câu chưa trả lời:", "Unanswered questions:"),
    "review.all_done": ("Đã trả lời tất cả các câu.", "Every question is answered."),
    "review.prompt": (
        "Mã câu hỏi để đến · f kết thúc · q lưu và thoát · Enter quay lại",
        "A question id to go there · f finish · q save and quit · Enter go back",
    ),
    "review.confirm_unanswered": (
        "{count} câu chưa trả lời sẽ được tính 0 điểm. Vẫn kết thúc? (c/k)",
        "{count} unanswered questions will score 0. Finish anyway? (y/n)",
    ),
    "finish.done": (
        "Đã hoàn thành đánh giá và lưu vào {path}.",
        "The assessment is complete and saved to {path}.",
    ),
    "finish.report": ("Lập báo cáo PDF:", "To produce the PDF report:"),
    "finish.no_profile": ("Không chấm điểm được: {reason}", "Could not score it: {reason}"),
    "quit.saved": ("Đã lưu {path}. Tiếp tục sau với:", "Saved {path}. Resume later with:"),
    "quit.interrupted": (
        "Đã dừng. Mọi câu trả lời đã được lưu trong {path}. Tiếp tục với:",
        "Interrupted. Every answer is saved in {path}. Resume with:",
    ),
    "quit.eof": ("Hết dữ liệu vào.", "End of input."),
    # report
    "report.written": ("Đã ghi báo cáo: {path}", "Report written: {path}"),
    "report.html_written": ("Đã ghi HTML: {path}", "HTML written: {path}"),
    "report.incomplete": (
        'Đánh giá chưa đầy đủ: {count} câu chưa trả lời, báo cáo được đánh dấu "chưa đầy đủ".',
        "The assessment is incomplete: {count} questions unanswered; the report is marked incomplete.",
    ),
    "report.unanswered": (
        "{count} câu chưa trả lời được tính 0 điểm và được liệt kê trong báo cáo.",
        "{count} unanswered questions score 0 and are listed in the report.",
    ),
    # template and batch
    "template.written": (
        "Đã ghi mẫu nộp dữ liệu {path} ({questions} câu hỏi).",
        "Submission template written: {path} ({questions} questions).",
    ),
    "batch.read": ("Đọc và chấm điểm", "Reading and scoring"),
    "batch.write": ("Ghi kết quả", "Writing results"),
    "batch.render": ("Lập báo cáo PDF", "Rendering PDFs"),
    "batch.title": ("Kết quả xử lý {file}", "Batch of {file}"),
    "batch.encoding": (
        "Mã hóa {encoding}, dấu phân cách {delimiter}",
        "Encoding {encoding}, delimiter {delimiter}",
    ),
    "batch.rows_read": ("Dòng đọc được", "Rows read"),
    "batch.scored": ("Được chấm điểm", "Scored"),
    "batch.rejected": ("Bị loại", "Rejected"),
    "batch.warnings": ("Cảnh báo", "Warnings"),
    "batch.accounting": (
        "{scored} được chấm + {rejected} bị loại = {read} dòng đọc được.",
        "{scored} scored + {rejected} rejected = {read} rows read.",
    ),
    "batch.stopped": (
        "Dừng ở dòng {row}: đạt --max-errors; các dòng sau không được đọc.",
        "Stopped at row {row}: --max-errors reached; later rows were not read.",
    ),
    "batch.findings": ("Lỗi và cảnh báo theo mã", "Findings by code"),
    "batch.code": ("Mã", "Code"),
    "batch.count": ("Số lần", "Count"),
    "batch.example": ("Ví dụ", "Example"),
    "batch.strict_failed": (
        "--strict: có {count} lỗi/cảnh báo nên không ghi kết quả; xem {path}.",
        "--strict: {count} findings, so no results were written; see {path}.",
    ),
    "batch.outputs": ("Đã ghi vào {out}:", "Written to {out}:"),
    "batch.row": ("dòng {row}", "row {row}"),
    "batch.by_block": ("Theo khối", "By block"),
    # batch findings: what exactly is wrong with a row or a header
    "finding.duplicate_column": ('"{cell}" trùng với cột {other}', '"{cell}" is also column {other}'),
    "finding.unknown_column": (
        '"{cell}" không phải là cột đã biết; cột bị bỏ qua',
        '"{cell}" is not a known column; it is ignored',
    ),
    "finding.missing_column": ('dòng tiêu đề thiếu cột "{name}"', 'the header has no "{name}" column'),
    "finding.missing_question_column": (
        "không có cột cho câu {qid}: mọi dòng đều để trống câu này",
        "no column for question {qid}: every row leaves it unanswered",
    ),
    "finding.not_read": ("không đọc: {reason}", "not read: {reason}"),
    "finding.empty_row": ("dòng trống", "the row is empty"),
    "finding.missing_value": ("{name} bị trống", "{name} is empty"),
    "finding.bad_text.control": (
        "{name} chứa ký tự điều khiển hoặc xuống dòng",
        "{name} holds control characters or line breaks",
    ),
    "finding.bad_text.long": ("{name} dài quá {limit} ký tự", "{name} is longer than {limit} characters"),
    "finding.bad_text.invalid": ("dữ liệu không hợp lệ: {reason}", "invalid data: {reason}"),
    "finding.markup_in_text": (
        "{name} giống mã HTML; được giữ nguyên là văn bản",
        "{name} looks like HTML; it is kept as plain text",
    ),
    "finding.formula_in_text": (
        "{name} bắt đầu như một công thức; được giữ là văn bản và vô hiệu hóa trong CSV",
        "{name} starts like a formula; it is kept as text and neutralised in CSV output",
    ),
    "finding.unknown_block": (
        "không có khối này; dùng {known} hoặc tên khối bằng tiếng Việt, tiếng Anh",
        "unknown block; use one of {known}, or their Vietnamese or English names",
    ),
    "finding.bad_key_agency": ("key_agency phải là có hoặc không", "key_agency must be yes or no (có/không)"),
    "finding.bad_date": (
        "không phải là ngày; viết 2026-11-26 hoặc 26/11/2026",
        "not a date; write 2026-11-26 or 26/11/2026",
    ),
    "finding.bad_date.future": (
        "ngày trong tương lai (hôm nay là {today})",
        "the date is in the future (today is {today})",
    ),
    "finding.answer_not_for_block": (
        "câu {qid} không áp dụng cho khối {block}; câu trả lời bị bỏ qua",
        "{qid} does not apply to the {block} block; the answer is ignored",
    ),
    "finding.bad_level": (
        "{qid}: ghi số nguyên từ 0 đến 5, NA, hoặc để trống",
        "{qid}: write a whole number 0-5, NA, or leave it empty",
    ),
    "finding.level_out_of_range": ("{qid}: {level} nằm ngoài khoảng 0-5", "{qid}: {level} is outside 0-5"),
    "finding.na_not_allowed": ("câu {qid} không được chọn N/A", "{qid} does not allow N/A"),
    "finding.na_without_reason": (
        "{qid}: N/A cần có lý do ở cột {column}",
        "{qid}: N/A needs a justification in column {column}",
    ),
    "finding.too_many_unanswered": (
        "{missing}/{total} câu chưa trả lời (tối đa {share}%): {ids}",
        "{missing} of {total} questions are unanswered (at most {share}% may be): {ids}",
    ),
    "finding.duplicate_agency_id": (
        "mã cơ quan này cũng có ở dòng {rows}; dòng nào đúng?",
        "the same agency id is on row(s) {rows}; which one is right?",
    ),
    "finding.stopped_early": (
        "{errors} lỗi đạt --max-errors {max}; các dòng sau dòng {row} không được đọc",
        "{errors} errors reached --max-errors {max}; rows after {row} were not read",
    ),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
}


def t(key: str, lang: Lang, **values: Any) -> str:
    vi, en = CATALOGUE[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text
