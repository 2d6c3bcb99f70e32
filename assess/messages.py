"""Words of the command-line screens in both languages; content comes from the data folders instead."""

from __future__ import annotations

from collections.abc import Callable
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
    "score.output_table": (
        "--output chỉ dùng với --format json hoặc csv; bảng chỉ in ra màn hình",
        "--output is for --format json or csv; the table is only printed",
    ),
    "score.output_table.hint": (
        "thêm --format csv (hoặc json), hoặc bỏ --output",
        "add --format csv (or json), or leave out --output",
    ),
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
    "intake.date_future": (
        "Ngày đánh giá không được sau hôm nay ({today}).",
        "The assessment date cannot be after today ({today}).",
    ),
    "intake.date_early": (
        "Ngày đánh giá không được trước {earliest}.",
        "The assessment date cannot be before {earliest}.",
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
    "file.cannot_write": ("không ghi được {path}: {reason}", "cannot write {path}: {reason}"),
    "file.cannot_write.hint": (
        "chọn với -o một tệp trong thư mục ghi được (mọi câu trả lời được lưu vào đó ngay khi nhập).",
        "choose with -o a file in a folder that can be written (every answer is saved there as it is typed).",
    ),
    "file.not_a_folder": ("{folder} là một tệp, không phải thư mục", "{folder} is a file, not a folder"),
    "file.no_permission": ("không có quyền ghi vào thư mục", "no permission to write in the folder"),
    "file.not_regular": ("không phải tệp thông thường", "not a regular file"),
    "file.read_only": (
        "{path} chỉ được đọc (không có quyền ghi)",
        "{path} is read-only (no write permission)",
    ),
    "file.read_only.hint": (
        "cho phép ghi (chmod u+w {path}) hoặc chọn tệp khác với -o.",
        "make it writable (chmod u+w {path}) or choose another file with -o.",
    ),
    "file.busy": (
        "{path} đang mở trong một buổi phỏng vấn khác (tiến trình {pid} trên máy {host}, từ {since})",
        "{path} is open in another interview (process {pid} on {host}, since {since})",
    ),
    "file.busy.hint": (
        "thoát buổi đó trước (q). Nếu nó còn chạy sau khi mất kết nối SSH, dừng nó trên máy {host}: "
        "kill {pid}",
        "quit that interview first (q). If it was left running by a dropped SSH connection, stop it "
        "on {host}: kill {pid}",
    ),
    "file.default_taken": (
        "{path} đã chứa đánh giá của cơ quan khác ({name}, mã {id}); đánh giá này sẽ lưu vào {new}.",
        "{path} already holds another agency's assessment ({name}, id {id}); this one will be saved "
        "to {new}.",
    ),
    "file.default_unusable": (
        "{path} đã có nhưng không mở được như một đánh giá; đánh giá này sẽ lưu vào {new}.",
        "{path} exists but cannot be opened as an assessment; this one will be saved to {new}.",
    ),
    "file.default_new": ("Đánh giá mới sẽ lưu vào {new}.", "The new assessment will be saved to {new}."),
    "file.default_complete_ask": (
        "{path} là đánh giá đã hoàn thành của cơ quan này ({name}). Mở lại để sửa? (c/k; k: lập "
        "đánh giá mới trong {new})",
        "{path} holds this agency's completed assessment ({name}). Reopen it to edit? (y/n; n: start "
        "a new one in {new})",
    ),
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
        "0–5 trả lời  na không áp dụng  n ghi chú (n= sửa, n - xóa)  e minh chứng\n"
        "b lùi  s bỏ qua  m đánh dấu  g đến  r rà soát  i cơ quan  ? giúp  q lưu, thoát",
        "0–5 answer  na not applicable  n note (n= edit, n - clear)  e evidence\n"
        "b back  s skip  m mark  g go to  r review  i agency  ? help  q save and quit",
    ),
    "q.flag": ("đánh dấu để xem lại", "marked for follow-up"),
    "q.flagged": ("Đã đánh dấu câu {question} để xem lại.", "{question} is marked for follow-up."),
    "q.unflagged": ("Đã bỏ đánh dấu câu {question}.", "{question} is no longer marked for follow-up."),
    "q.prompt": ("lệnh", "command"),
    "q.invalid": (
        '"{value}" không phải là lệnh. Gõ 0–5 để trả lời, ? để xem trợ giúp.',
        '"{value}" is not a command. Type 0–5 to answer, or ? for help.',
    ),
    "q.na_reason": ("Lý do không áp dụng (bắt buộc)", "Why it does not apply (required)"),
    "q.note_prompt": (
        "Thêm vào ghi chú (Enter: thôi, -: xóa cả ghi chú)",
        "Add to the note (Enter: nothing, -: clear the whole note)",
    ),
    "q.note_edit_prompt": (
        "Ghi chú mới thay cho ghi chú cũ (Enter: giữ nguyên, -: xóa)",
        "The new note, replacing the old one (Enter: keep, -: clear)",
    ),
    "q.note_added": ("Đã thêm một dòng vào ghi chú.", "Added a line to the note."),
    "q.note_replaced": ("Đã thay ghi chú.", "The note was replaced."),
    "q.note_cleared": ("Đã xóa ghi chú.", "The note was cleared."),
    "q.bad_level": (
        '"{value}" không phải là mức: mức là một số nguyên từ 0 đến 5.',
        '"{value}" is not a level: a level is a whole number from 0 to 5.',
    ),
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
    "interview.note_empty": ("Ghi chú trống.", "The note is empty."),
    "interview.evidence_empty": ("Minh chứng trống.", "The evidence reference is empty."),
    "interview.no_such_evidence": ("Không có minh chứng số {number}.", "There is no evidence item {number}."),
    "interview.too_much_evidence": (
        "Mỗi câu có tối đa {max} minh chứng; xóa bớt bằng e -N.",
        "A question holds at most {max} pieces of evidence; remove one with e -N.",
    ),
    "interview.refused": ("Không lưu được: {reason}", "Not saved: {reason}"),
    "interview.block_drops": (
        "Không đổi sang khối {block}: các câu đã trả lời {questions} không áp dụng cho khối đó. "
        "Xóa các câu trả lời đó trước nếu thật sự cần đổi khối.",
        "Not changed to the {block} block: the answered questions {questions} do not apply to it. "
        "Clear those answers first if the block really must change.",
    ),
    "agency.title": (
        "Sửa thông tin cơ quan (Enter: giữ giá trị hiện tại)",
        "Edit the agency details (Enter: keep the current value)",
    ),
    "agency.saved": ("Đã lưu thông tin cơ quan.", "The agency details are saved."),
    "agency.unchanged": ("Thông tin cơ quan không thay đổi.", "The agency details are unchanged."),
    "agency.id_changed": (
        "Mã cơ quan đổi từ {old} thành {new}; vẫn lưu vào tệp {path} (tên tệp không đổi).",
        "The agency id changed from {old} to {new}; it is still saved to {path} (the file keeps its name).",
    ),
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
        "0–5\tchọn mức trả lời và sang câu tiếp theo\n"
        "na [lý do]\tkhông áp dụng (cần lý do; chỉ với câu cho phép); cũng: N/A, không áp dụng\n"
        "n [nội dung]\tthêm một dòng vào ghi chú\n"
        "n= [nội dung]\tsửa (thay) ghi chú; n - xóa ghi chú\n"
        "e [tham chiếu]\tthêm minh chứng (tên tài liệu, URL, đường dẫn); e -2 xóa mục 2\n"
        "b\tvề câu trước\n"
        "s\tbỏ qua, trả lời sau\n"
        "m\tđánh dấu câu để xem lại (gõ lại: bỏ đánh dấu)\n"
        "g [mã]\tđến nhóm (G4) hoặc câu (G4.3)\n"
        "r\trà soát: số câu đã trả lời, N/A, bỏ qua, chưa trả lời theo nhóm; lọc; kết thúc\n"
        "i\tsửa thông tin cơ quan (Enter giữ giá trị hiện tại)\n"
        "q\tlưu và thoát (tiếp tục sau với --resume)\n"
        "Ctrl-C\tlưu và thoát\n"
        "Mọi thay đổi được lưu ngay vào tệp.",
        "0–5\tanswer with this level and go to the next question\n"
        "na [why]\tnot applicable (needs a reason; only where allowed); also N/A, not applicable\n"
        "n [text]\tadd a line to the note\n"
        "n= [text]\tedit (replace) the note; n - clears it\n"
        "e [ref]\tadd evidence (document name, URL, path); e -2 removes item 2\n"
        "b\tback to the previous question\n"
        "s\tskip for now\n"
        "m\tmark the question for follow-up (again: unmark it)\n"
        "g [id]\tgo to a group (G4) or question (G4.3)\n"
        "r\treview: answered, N/A, skipped and unanswered per group; filters; finish\n"
        "i\tedit the agency details (Enter keeps the current value)\n"
        "q\tsave and quit (resume later with --resume)\n"
        "Ctrl-C\tsave and quit\n"
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
    "review.prompt": ("rà soát", "review"),
    "review.keys": (
        "Mã câu (G4.3): đến câu đó · f kết thúc · q lưu và thoát · Enter quay lại\n"
        "Lọc: m đã đánh dấu · u chưa trả lời · a N/A · e thiếu minh chứng (lại: tất cả)",
        "A question id (G4.3): go there · f finish · q save and quit · Enter go back\n"
        "Filter: m marked · u unanswered · a N/A · e no evidence (again: everything)",
    ),
    "review.filter.flagged": ("Câu đã đánh dấu để xem lại:", "Questions marked for follow-up:"),
    "review.filter.unanswered": ("Câu chưa trả lời:", "Unanswered questions:"),
    "review.filter.na": ("Câu không áp dụng (N/A):", "Questions not applicable (N/A):"),
    "review.filter.no_evidence": (
        "Câu đã trả lời mức nhưng chưa ghi minh chứng:",
        "Questions answered with a level but no evidence recorded:",
    ),
    "review.filter.none": ("(không có câu nào)", "(none)"),
    "review.filter.hint": (
        "Gõ mã câu để đến; gõ lại phím lọc để bỏ lọc.",
        "Type a question id to go there; the same filter key again shows everything.",
    ),
    "review.flagged": ("Đánh dấu", "Marked"),
    "review.confirm_unanswered": (
        "{count} câu chưa trả lời sẽ được tính 0 điểm. Vẫn kết thúc? (c/k)",
        "{count} unanswered questions will score 0. Finish anyway? (y/n)",
    ),
    "review.confirm_unanswered_one": (
        "1 câu chưa trả lời sẽ được tính 0 điểm. Vẫn kết thúc? (c/k)",
        "1 unanswered question will score 0. Finish anyway? (y/n)",
    ),
    "finish.done": (
        "Đã hoàn thành đánh giá và lưu vào {path}.",
        "The assessment is complete and saved to {path}.",
    ),
    "finish.report": ("Lập báo cáo PDF:", "To produce the PDF report:"),
    "finish.no_profile": ("Không chấm điểm được: {reason}", "Could not score it: {reason}"),
    # interview: the full-screen question screens (a terminal that is not TERM=dumb)
    "tui.saved": ("đã lưu ✓ {time}", "saved ✓ {time}"),
    "tui.position": (
        "{group} · {gpos}/{gcount} · Câu {pos}/{total} · đã trả lời {done}",
        "{group} · {gpos}/{gcount} · Question {pos}/{total} · {done} answered",
    ),
    "tui.rubric": ("Thang mức", "Levels"),
    "tui.keys": (
        "0–5 trả lời  ↑↓ chọn  Enter trả lời mức chọn  ←/b lùi  →/s bỏ qua  m đánh dấu\n"
        "a N/A  n/N ghi chú  e minh chứng  g đến  r rà soát  i cơ quan  ? giúp  q thoát",
        "0–5 answer  ↑↓ select level  Enter answer selected  ←/b back  →/s skip  m mark\n"
        "a N/A  n note (N edit)  e evidence  g go to  r review  i agency  ? help  q quit",
    ),
    "tui.input_keys": ("Enter đồng ý · Esc thôi", "Enter accept · Esc cancel"),
    "tui.review_keys": (
        "f kết thúc  g đến câu/nhóm  Enter/Esc quay lại câu hỏi  ↑↓ PgUp PgDn cuộn\n"
        "lọc: m đánh dấu  u chưa trả lời  a N/A  e thiếu minh chứng  q lưu và thoát",
        "f finish  g go to a question/group  Enter/Esc back to the question  ↑↓ scroll\n"
        "filter: m marked  u unanswered  a N/A  e no evidence  q save and quit",
    ),
    "tui.help_keys": ("Phím bất kỳ: quay lại", "Any key: back"),
    "tui.help": (
        "0–5\ttrả lời bằng mức này và sang câu tiếp theo\n"
        "↑ ↓\tchọn mức trong thang; Enter trả lời bằng mức đã chọn\n"
        "← hoặc b\tvề câu trước\n"
        "→ hoặc s\tbỏ qua, trả lời sau\n"
        "m\tđánh dấu câu để xem lại (bấm lại: bỏ đánh dấu)\n"
        "i\tsửa thông tin cơ quan (hỏi lại từng mục, Enter giữ nguyên)\n"
        "a\tkhông áp dụng (N/A; cần lý do; chỉ với câu cho phép)\n"
        "n\tthêm một dòng vào ghi chú (- xóa cả ghi chú)\n"
        "N\tsửa (thay) ghi chú\n"
        "e\tthêm minh chứng (tên tài liệu, URL, đường dẫn); -2 xóa mục 2\n"
        "g\tđến nhóm (G4) hoặc câu (G4.3)\n"
        "r\trà soát: số câu theo nhóm; lọc m, u, a, e; f kết thúc\n"
        "PgUp PgDn\tcuộn khung mô tả mức\n"
        "q, Ctrl-C\tlưu và thoát (tiếp tục sau với --resume)\n"
        "Mọi thay đổi được lưu ngay vào tệp (▶ đánh dấu câu trả lời hiện tại).",
        "0–5\tanswer with this level and go to the next question\n"
        "↑ ↓\tselect a level of the rubric; Enter answers with it\n"
        "← or b\tback to the previous question\n"
        "→ or s\tskip for now\n"
        "m\tmark the question for follow-up (again: unmark it)\n"
        "i\tedit the agency details (each asked again, Enter keeps it)\n"
        "a\tnot applicable (N/A; needs a reason; only where allowed)\n"
        "n\tadd a line to the note (- clears the whole note)\n"
        "N\tedit (replace) the note\n"
        "e\tadd evidence (document name, URL, path); -2 removes item 2\n"
        "g\tgo to a group (G4) or question (G4.3)\n"
        "r\treview: counts per group; filters m, u, a, e; f finishes\n"
        "PgUp PgDn\tscroll the level description panel\n"
        "q, Ctrl-C\tsave and quit (resume later with --resume)\n"
        "Every change is saved to the file at once (▶ marks the current answer).",
    ),
    "quit.saved": ("Đã lưu {path}. Tiếp tục sau với:", "Saved {path}. Resume later with:"),
    "quit.interrupted": (
        "Đã dừng. Mọi câu trả lời đã được lưu trong {path}. Tiếp tục với:",
        "Interrupted. Every answer is saved in {path}. Resume with:",
    ),
    "quit.eof": ("Hết dữ liệu vào.", "End of input."),
    "quit.intake_kept": (
        "Thông tin đã nhập được giữ trong {draft}; chạy lại cùng lệnh để nhập tiếp.",
        "What was typed is kept in {draft}; run the same command again to go on.",
    ),
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
    "report.previous_other_agency": (
        "{old}: là đánh giá của cơ quan {old_id}, không phải của {new_id} (tệp {new}); --previous cần "
        "một lần đánh giá trước của chính cơ quan này",
        "{old}: is an assessment of agency {old_id}, not of {new_id} (file {new}); --previous needs an "
        "earlier assessment of the same agency",
    ),
    "report.previous_other_agency.hint": (
        "hãy chọn tệp đánh giá lần trước của cơ quan {new_id}",
        "choose the previous assessment file of agency {new_id}",
    ),
    "report.previous_newer": (
        "{old}: lần đánh giá trước (--previous) ngày {old_day} lại mới hơn lần đánh giá được báo cáo "
        "({new}, ngày {new_day})",
        "{old}: the previous assessment (--previous) is dated {old_day}, after the assessment reported "
        "({new}, dated {new_day})",
    ),
    "report.previous_newer.hint": (
        "tệp cũ hơn đặt sau --previous, tệp mới hơn là ASSESSMENT.json",
        "the older file goes after --previous, the newer one is ASSESSMENT.json",
    ),
    "report.previous_compared": (
        "Đã so sánh với lần đánh giá ngày {day}: {path}",
        "Compared with the assessment of {day}: {path}",
    ),
    # an output file the user names (report, score -o, template -o)
    "output.is_input": (
        "{path} chính là tệp đầu vào {input}: ghi vào đó sẽ thay mất tệp đầu vào",
        "{path} is the input file {input}: writing it would replace the input",
    ),
    "output.is_input.hint": (
        "đặt tên khác cho tệp cần ghi bằng -o, ví dụ -o {suggestion}",
        "give the output another name with -o, e.g. -o {suggestion}",
    ),
    "output.is_folder": ("{path} là một thư mục, không phải tệp", "{path} is a folder, not a file"),
    "output.is_folder.hint": (
        "-o là tên tệp cần ghi, ví dụ -o {suggestion}",
        "-o names the file to write, e.g. -o {suggestion}",
    ),
    "output.cannot_write": ("không ghi được {path}: {reason}", "cannot write {path}: {reason}"),
    "output.cannot_write.hint": (
        "kiểm tra thư mục có tồn tại và ghi được không, và ổ đĩa còn chỗ trống.",
        "check that the folder exists and can be written to, and that the disk has room.",
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
    "batch.none_scored": (
        "Không có dòng nào được chấm điểm; xem {path}.",
        "No row was scored; see {path}.",
    ),
    "batch.no_rows": (
        "Tệp không có dòng dữ liệu nào để chấm điểm (chỉ có dòng tiêu đề).",
        "The file has no data rows to score (only a header).",
    ),
    "batch.interrupted": (
        "Đã dừng: không ghi gì; {out} vẫn giữ kết quả của lượt chạy trước (nếu có).",
        "Interrupted: nothing was written; {out} still holds the previous run's output (if any).",
    ),
    "batch.interrupted_late": (
        "Đã dừng sau khi ghi xong {out}; thư mục tạm còn lại sẽ được xóa ở lượt chạy sau.",
        "Interrupted after {out} was complete; a temporary folder left beside it is removed by the next run.",
    ),
    # batch output folder (--out): one complete run or the one before, never half of one
    "out.not_folder": ("--out {out} là một tệp, không phải thư mục", "--out {out} is a file, not a folder"),
    "out.not_folder.hint": (
        "chọn một thư mục mới, hoặc thư mục mà assess batch đã ghi trước đó",
        "choose a new folder, or one assess batch wrote before",
    ),
    "out.dangling": (
        "--out {out} là liên kết tới {target}, không phải thư mục",
        "--out {out} is a link to {target}, which is not a folder",
    ),
    "out.root": (
        "--out {out} là thư mục gốc, không thể thay thế",
        "--out {out} is the root folder; it cannot be replaced",
    ),
    "out.mount": (
        "--out {out} là điểm gắn kết (mount point) nên không thể thay thế cả thư mục",
        "--out {out} is a mount point, so the folder cannot be replaced as a whole",
    ),
    "out.mount.hint": (
        "dùng một thư mục bên trong nó, ví dụ --out {out}",
        "use a folder inside it, e.g. --out {out}",
    ),
    "out.busy": (
        "một lượt assess batch khác (tiến trình {pid}) đang ghi vào {out}",
        "another assess batch (process {pid}) is writing to {out}",
    ),
    "out.busy.hint": (
        "chờ lượt đó xong, hoặc chọn --out khác; không có gì bị thay đổi",
        "wait for it to finish, or choose another --out; nothing was changed",
    ),
    "out.not_ours": (
        "{out} chứa tệp không phải do assess batch ghi ({names}); assess thay cả thư mục nên không ghi vào đó",
        "{out} holds files assess batch did not write ({names}); assess replaces the whole folder, "
        "so it does not write there",
    ),
    "out.not_ours.hint": (
        "chọn một thư mục mới hoặc trống cho --out, hoặc chuyển các tệp đó đi",
        "choose a new or empty folder for --out, or move those files elsewhere",
    ),
    "out.planted": (
        "{path} là liên kết hoặc tệp, không phải thư mục; không ghi xuyên qua nó",
        "{path} is a symlink or a file, not a folder; refusing to write through it",
    ),
    "out.no_space": ("hết chỗ trống trên đĩa khi ghi {path}", "no space left on the disk to write {path}"),
    "out.no_space.hint": (
        "giải phóng chỗ trống, hoặc chọn --out trên ổ đĩa khác.",
        "free some space, or choose an --out on another disk.",
    ),
    "out.read_only": ("{path} nằm trên hệ thống tệp chỉ đọc", "{path} is on a read-only filesystem"),
    "out.read_only.hint": (
        "chọn --out ở nơi ghi được.",
        "choose an --out where files can be written.",
    ),
    "out.denied": ("không có quyền ghi {path}", "no permission to write {path}"),
    "out.denied.hint": (
        "kết quả mới được ghi bên cạnh --out, trong thư mục chứa nó: chọn --out trong thư mục bạn có quyền ghi.",
        "the new output is written beside --out, in the folder holding it: choose an --out in a folder "
        "you may write to.",
    ),
    "out.cannot_write": ("không ghi được {path}: {reason}", "cannot write {path}: {reason}"),
    "out.cannot_write.hint": (
        "kiểm tra ổ đĩa và thư mục của --out.",
        "check the disk and the folder of --out.",
    ),
    "out.kept": (
        "{out} không thay đổi: vẫn giữ kết quả của lượt chạy trước (nếu có).",
        "{out} is unchanged: it still holds the previous run's output (if any).",
    ),
    # reading a submission file: what stops it (exit 2)
    "read.missing": ("{path}: không có tệp này", "{path}: no such file"),
    "read.cannot": ("{path}: không đọc được: {reason}", "{path}: cannot read: {reason}"),
    "read.folder": ("{path}: là một thư mục, không phải tệp", "{path}: is a folder, not a file"),
    "read.not_regular": (
        "{path}: không phải tệp thông thường (là FIFO, thiết bị hoặc socket); không đọc",
        "{path}: not a regular file (a FIFO, a device or a socket); it is not read",
    ),
    "read.regular.hint": (
        "lưu các bài nộp vào một tệp .csv hoặc .xlsx rồi chạy lại với tệp đó",
        "save the submissions to a .csv or .xlsx file and give that file",
    ),
    "read.too_large": (
        "{path}: tệp lớn {size} MiB, vượt giới hạn {limit} MiB",
        "{path}: the file is {size} MiB, over the limit of {limit} MiB",
    ),
    "read.too_many_rows": (
        "{path}: có hơn {limit} dòng dữ liệu; tệp không được đọc",
        "{path}: more than {limit} data rows; the file is not read",
    ),
    "read.split.hint": (
        "chia các bài nộp thành nhiều tệp nhỏ hơn và chấm từng tệp",
        "split the submissions into several smaller files and score each",
    ),
    "read.cell_too_long": (
        "{path}: dòng {row} (dòng {line} của tệp) có một ô hoặc một dòng dài hơn {limit} ký tự; tệp không "
        "được đọc",
        "{path}: row {row} (line {line} of the file) holds a cell or a line longer than {limit} characters; "
        "the file is not read",
    ),
    "read.cell_too_long.hint": (
        "không bài nộp nào có ô dài như vậy (ghi chú tối đa {note} ký tự): kiểm tra đây có đúng là bảng "
        "bài nộp không",
        "no submission has a cell that long (a note is at most {note} characters): check that this is the "
        "submissions table",
    ),
    "read.xls": ("{path}: không đọc tệp Excel cũ (.xls)", "{path}: old Excel (.xls) files are not read"),
    "read.xls.hint": (
        "lưu lại thành .xlsx hoặc CSV UTF-8 trong Excel",
        "save it as .xlsx or CSV UTF-8 in Excel",
    ),
    "read.unknown_encoding": ("không biết bảng mã '{encoding}'", "unknown encoding '{encoding}'"),
    "read.bad_delimiter": (
        "dấu phân cách phải là một ký tự, không phải '{delimiter}'",
        "the delimiter must be one character, not '{delimiter}'",
    ),
    "read.not_text": (
        "{path}: không phải văn bản {encoding} ({reason} ở byte {at})",
        "{path}: not {encoding} text ({reason} at byte {at})",
    ),
    "read.not_text_after": (
        "{path}: không phải văn bản {encoding} hợp lệ sau dòng {row} ({reason})",
        "{path}: not valid {encoding} text after row {row} ({reason})",
    ),
    "read.unknown_text": (
        "{path}: không nhận ra bảng mã của văn bản",
        "{path}: the text encoding could not be recognised",
    ),
    "read.encoding.hint": (
        "lưu lại tệp dưới dạng UTF-8 (Excel: CSV UTF-8), hoặc chỉ rõ --encoding",
        "save the file again as UTF-8 (Excel: CSV UTF-8), or give --encoding",
    ),
    "read.not_csv": (
        "{path}: không đọc được như CSV sau dòng {row}: {reason}",
        "{path}: not readable as CSV after row {row}: {reason}",
    ),
    "read.empty": ("{path}: tệp trống", "{path}: the file is empty"),
    "read.legacy_vietnamese": (
        "{path}: văn bản có vẻ được gõ bằng bảng mã {name} cũ (phông {fonts}), không phải Unicode (ví dụ: "
        "{example}); nếu đọc như vậy, tên các cơ quan sẽ bị sai",
        "{path}: the text looks typed in the old {name} encoding ({fonts} fonts), not Unicode (e.g. "
        "{example}); read as it is, agency names would come out garbled",
    ),
    "read.legacy_vietnamese.hint": (
        "chuyển sang Unicode (ví dụ: Unikey, Công cụ chuyển mã, {name} → Unicode) rồi lưu dạng CSV UTF-8; "
        "nếu văn bản đã đúng như vậy, chỉ rõ bảng mã bằng --encoding (cp1258, utf-8, …)",
        "convert it to Unicode (e.g. Unikey's converter, {name} → Unicode) and save it as CSV UTF-8; if the "
        "text is right as it is, give its encoding with --encoding (cp1258, utf-8, …)",
    ),
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
    "finding.bad_text.bidi": (
        "{name} chứa ký tự điều khiển hướng chữ (U+202A-U+202E, U+2066-U+2069), khiến mã hiển thị khác đi",
        "{name} holds bidirectional control characters (U+202A-U+202E, U+2066-U+2069) that change how it "
        "displays",
    ),
    "finding.suspicious_multiline_cell": (
        "ô này kéo từ dòng {first} đến dòng {last} của tệp, qua {count} dòng trông như hồ sơ của cơ quan "
        'khác: có lẽ một dấu ngoặc kép (") bị sót; các dòng đó chưa được đọc như các hồ sơ',
        "the cell runs from line {first} to line {last} of the file, over {count} line(s) that look like "
        "other agencies' submissions: probably a stray double quote (\"); those lines were not read as "
        "submissions",
    ),
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
    "finding.form_other_version": (
        "bản nộp ghi bộ câu hỏi {found}, không phải {questionnaire} phiên bản {version} ({expected}); "
        "hãy thu thập lại bằng biểu mẫu của phiên bản này (assess export xlsform)",
        "the submission names questionnaire {found}, not {questionnaire} version {version} ({expected}); "
        "collect it again with this version's form (assess export xlsform)",
    ),
    "finding.form_version_unknown": (
        "tệp không có cột questionnaire_hash hay questionnaire_version: không kiểm tra được biểu mẫu "
        "được làm cho phiên bản bộ câu hỏi nào (biểu mẫu từ assess export xlsform có các cột này)",
        "the file has no questionnaire_hash or questionnaire_version column: which questionnaire "
        "version its form was made for cannot be checked (a form from assess export xlsform has them)",
    ),
    "finding.superseded_submission": (
        "cơ quan {agency} nộp lại; dòng {kept} ({kept_at}) được chấm theo --keep {keep}, "
        "bản nộp này ({at}) để sang một bên",
        "agency {agency} submitted again; row {kept} ({kept_at}) is scored by --keep {keep}, "
        "this submission ({at}) is set aside",
    ),
    "finding.stopped_early": (
        "{errors} lỗi đạt --max-errors {max}; các dòng sau dòng {row} không được đọc",
        "{errors} errors reached --max-errors {max}; rows after {row} were not read",
    ),
    "finding.damaged_cell.number": (
        "{cell}: ô kiểu số nhưng giá trị lưu trong tệp không phải là số",
        "{cell}: a number cell whose stored value is not a number",
    ),
    "finding.damaged_cell.shared": (
        "{cell}: ô trỏ tới chuỗi dùng chung số {index}, nhưng sổ tính chỉ có {count} chuỗi",
        "{cell}: the cell points to shared text no. {index}, but the workbook has {count}",
    ),
    "finding.damaged_cell.value": (
        "{cell}: giá trị lưu trong tệp không đọc được theo kiểu {kind} của ô",
        "{cell}: the stored value cannot be read as the cell's type ({kind})",
    ),
    "finding.damaged_cell.long": (
        "{cell}: ô chứa hơn {limit} ký tự",
        "{cell}: the cell holds more than {limit} characters",
    ),
    "finding.damaged_cell.row_long": (
        "{cell}: dòng chứa hơn {limit} ký tự; ô này và các ô sau không được đọc",
        "{cell}: the row holds more than {limit} characters; this cell and the ones after it are not read",
    ),
    "finding.damaged_cell.position": (
        "không đọc được vị trí ô '{ref}'",
        "the cell position '{ref}' cannot be read",
    ),
    # reading an .xlsx submission: what makes a workbook unusable (assess/safe_xlsx.py)
    "xlsx.hint": (
        "mở tệp bằng Excel và lưu lại dạng .xlsx, hoặc lưu dạng CSV UTF-8",
        "open the file in Excel and save it again as .xlsx, or save it as CSV UTF-8",
    ),
    "xlsx.ole": (
        "{path}: là tệp Excel cũ (.xls) hoặc tệp .xlsx có mật khẩu, không phải sổ tính .xlsx đọc được",
        "{path}: an old Excel (.xls) file or an .xlsx protected by a password, not a readable .xlsx workbook",
    ),
    "xlsx.ole.hint": (
        "gỡ mật khẩu (nếu có) rồi lưu lại dạng .xlsx hoặc CSV UTF-8 trong Excel",
        "remove the password (if any), then save it as .xlsx or CSV UTF-8 in Excel",
    ),
    "xlsx.unreadable": (
        "{path}: không phải sổ tính .xlsx đọc được ({reason})",
        "{path}: not a readable .xlsx workbook ({reason})",
    ),
    "xlsx.directory": (
        "{path}: mục lục của tệp nén lớn {size}, quá giới hạn {limit} (sổ tính thật chỉ cần vài KB)",
        "{path}: the zip's directory is {size}, over the {limit} limit (a real workbook's takes a few KB)",
    ),
    "xlsx.members": (
        "{path}: tệp nén chứa {count} tệp, quá giới hạn {limit}",
        "{path}: the zip holds {count} files, over the {limit} limit",
    ),
    "xlsx.method": (
        "{path}: {part} được nén bằng phương pháp {method}, Excel không dùng phương pháp này",
        "{path}: {part} is compressed with method {method}, which Excel does not use",
    ),
    "xlsx.ratio": (
        "{path}: {part} giải nén từ {packed} thành {size} (tỉ lệ {ratio}:1, giới hạn {limit}:1): đây là bom nén, không phải sổ tính",
        "{path}: {part} unpacks from {packed} to {size} ({ratio}:1, over the {limit}:1 limit): a zip bomb, not a workbook",
    ),
    "xlsx.total": (
        "{path}: sổ tính giải nén ra {size}, quá giới hạn {limit}",
        "{path}: the workbook unpacks to {size}, over the {limit} limit",
    ),
    "xlsx.part": (
        "{path}: phần {part} giải nén ra {size}, quá giới hạn {limit}",
        "{path}: its part {part} unpacks to {size}, over the {limit} limit",
    ),
    "xlsx.entities": (
        "{path}: XML của sổ tính khai báo DTD hoặc thực thể (entity); Excel không bao giờ ghi như vậy và bom XML được tạo theo cách này, nên tệp bị từ chối",
        "{path}: the workbook's XML declares a DTD or entities, which Excel never writes and XML bombs are made of; the file is refused",
    ),
    "xlsx.memory": (
        "{path}: không đủ bộ nhớ để đọc sổ tính",
        "{path}: not enough memory to read the workbook",
    ),
    "xlsx.no_sheet": ("{path}: sổ tính không có trang tính nào", "{path}: the workbook has no sheet"),
    "xlsx.empty": ("{path}: trang tính đầu tiên trống", "{path}: the first sheet is empty"),
    "xlsx.damaged_sheet": (
        "{path}: trang tính '{sheet}' bị hỏng sau dòng {row}: {reason}",
        "{path}: sheet '{sheet}' is damaged after row {row}: {reason}",
    ),
    "xlsx.damaged_header": (
        "{path}: dòng tiêu đề của trang tính '{sheet}' bị hỏng: {reason}",
        "{path}: the header row of sheet '{sheet}' is damaged: {reason}",
    ),
    "xlsx.deep": (
        "{path}: XML của trang tính '{sheet}' lồng sâu quá {limit} cấp (sau dòng {row})",
        "{path}: sheet '{sheet}' nests its XML deeper than {limit} levels (after row {row})",
    ),
    "xlsx.token": (
        "{path}: trang tính '{sheet}' có một thẻ hoặc đoạn văn bản XML dài quá {limit} (sau dòng {row})",
        "{path}: sheet '{sheet}' holds an XML tag or text longer than {limit} (after row {row})",
    ),
    "xlsx.strings": (
        "{path}: bảng chuỗi dùng chung có hơn {limit} chuỗi",
        "{path}: the shared-strings table holds more than {limit} texts",
    ),
    "xlsx.row_number": (
        "{path}: trang tính '{sheet}': số dòng '{value}' sau dòng {after} không hợp lệ (các dòng được đánh số tăng dần từ 1 đến 1.048.576)",
        "{path}: sheet '{sheet}': row number '{value}' after row {after} is not valid (rows are numbered 1 to 1,048,576, in order)",
    ),
    # the assessment file and a batch's results file: reading them (assess/assessment.py, result.py)
    "afile.what.assessment": ("tệp đánh giá", "assessment file"),
    "afile.what.results": ("tệp results.json của lô", "batch results.json"),
    "afile.not_results.hint": (
        "hãy chỉ ra tệp results.json mà assess batch đã ghi trong thư mục kết quả",
        "give the results.json that assess batch wrote in its output folder",
    ),
    "afile.missing": ("{path}: không có tệp này", "{path}: no such file"),
    "afile.is_folder": (
        "{path}: là thư mục, không phải tệp đánh giá",
        "{path}: is a folder, not an assessment file",
    ),
    "afile.results_is_folder": (
        "{path}: là thư mục, không phải tệp results.json của lô",
        "{path}: is a folder, not a batch results.json",
    ),
    "afile.cannot_read": ("{path}: không đọc được: {reason}", "{path}: cannot read: {reason}"),
    "compare.too_large": (
        "{path}: quá lớn để so sánh (hơn {mib} MiB, khoảng 110.000 cơ quan)",
        "{path}: too large to compare (more than {mib} MiB, about 110,000 agencies)",
    ),
    "compare.too_large.hint": (
        "So sánh từng phần: chạy assess batch cho từng khối hoặc từng tỉnh, rồi so sánh từng cặp.",
        "Compare in parts: run assess batch per block or per province, and compare each pair.",
    ),
    "afile.too_large": (
        "{path}: quá lớn đối với một tệp đánh giá (hơn {mib} MiB)",
        "{path}: too large for an assessment file (more than {mib} MiB)",
    ),
    "afile.not_utf8": (
        "{path}: {what} bị hỏng: không phải văn bản UTF-8",
        "{path}: damaged {what}: not UTF-8 text",
    ),
    "afile.not_json": (
        "{path}: {what} bị hỏng: không phải JSON hợp lệ ({reason} tại dòng {line}, cột {column})",
        "{path}: damaged {what}: not valid JSON ({reason} at line {line}, column {column})",
    ),
    "afile.not_json.hint": (
        "hãy khôi phục tệp từ bản sao lưu, hoặc xuất lại từ công cụ đã tạo ra nó",
        "restore it from a backup, or re-export it from the tool that wrote it",
    ),
    "afile.too_deep": (
        "{path}: {what} bị hỏng: lồng sâu quá {limit} cấp",
        "{path}: damaged {what}: nested more than {limit} levels deep",
    ),
    "afile.too_deep_at": (
        "{path}: {what} bị hỏng: lồng sâu quá {limit} cấp (tại {where})",
        "{path}: damaged {what}: nested more than {limit} levels deep (at {where})",
    ),
    "afile.invalid": ("{path}: {what} không hợp lệ", "{path}: invalid {what}"),
    "afile.damaged": ("{path}: {what} bị hỏng", "{path}: damaged {what}"),
    "afile.not_object": (
        "{path}: không phải tệp đánh giá (cần một đối tượng JSON)",
        "{path}: not an assessment file (expected a JSON object)",
    ),
    "afile.version": (
        "{path}: không hỗ trợ phiên bản lược đồ đánh giá {version} (assess này đọc phiên bản {supported})",
        "{path}: assessment schema version {version} is not supported (this assess reads version {supported})",
    ),
    "afile.version.hint": (
        "tệp do một assess mới hơn tạo ra cần phiên bản đó để đọc",
        "a file from a newer assess needs that version to read it",
    ),
    "afile.top_level": ("(cấp ngoài cùng)", "(top level)"),
    "afile.repeated_key": ("khóa này xuất hiện nhiều lần", "the key appears more than once"),
    "afile.digits": (
        "một số có {digits} chữ số (tối đa {limit})",
        "a number of {digits} digits (at most {limit})",
    ),
    "afile.number_chars": (
        "một số viết bằng {chars} ký tự (tối đa {limit})",
        "a number written with {chars} characters (at most {limit})",
    ),
    "afile.number_infinite": ("{text} là một số quá lớn", "{text} is too large a number"),
    "afile.number_constant": (
        "{text} không phải là số mà JSON cho phép",
        "{text} is not a number JSON allows",
    ),
    "afile.not_results": (
        "{path}: không phải {what} (cần một đối tượng chứa danh sách kết quả)",
        "{path}: not a {what} (expected an object with a list of results)",
    ),
    "afile.not_result": ("không phải một kết quả", "not a result"),
    "afile.peers_damaged": ("{path}: số liệu so sánh bị hỏng", "{path}: damaged peer statistics"),
    "afile.peers_block": (
        "khối: '{block}', nhưng cơ quan thuộc khối '{agency_block}'",
        "block: '{block}', but the agency is in block '{agency_block}'",
    ),
    "afile.peers_rank": (
        "hạng {rank} trên {of}, với {below} thấp hơn và {equal} bằng",
        "rank {rank} of {of} with {below} below and {equal} equal",
    ),
    "afile.peers_median": ("{median} không phải điểm 0-100", "{median} is not a score 0-100"),
    "afile.no_result": (
        "{path}: không có kết quả cho cơ quan {agency} đánh giá ngày {day}",
        "{path}: no result for agency {agency} assessed on {day}",
    ),
    "afile.no_result.detail": (
        "tệp có {count} kết quả; đây có phải lô đã tạo ra đánh giá này?",
        "the file has {count} results; is it the batch this assessment came from?",
    ),
    "afile.other_questionnaire": (
        "đánh giá này được lập cho bộ câu hỏi '{made_for}', không phải '{loaded}'",
        "it was made for questionnaire '{made_for}', not '{loaded}'",
    ),
    "afile.other_version": (
        "đánh giá này được lập cho bộ câu hỏi {id} phiên bản {version}, nhưng phiên bản đang nạp là {loaded}",
        "it was made for questionnaire {id} version {version}, but version {loaded} is loaded",
    ),
    "afile.questionnaire_changed": (
        "bộ câu hỏi {id} phiên bản {version} đã thay đổi từ khi lập đánh giá (mã băm nội dung khác); "
        "bộ câu hỏi đã thay đổi cần một phiên bản mới",
        "questionnaire {id} version {version} has changed since the assessment was made (content hash "
        "differs); a changed questionnaire needs a new version",
    ),
    "afile.other_questionnaire.hint": (
        "hãy chấm điểm bằng bộ câu hỏi mà đánh giá được lập cho (--questionnaire PATH)",
        "score it with the questionnaire it was made for (--questionnaire PATH)",
    ),
    "afile.does_not_fit": (
        "{path}: đánh giá không khớp với bộ câu hỏi của nó",
        "{path}: the assessment does not fit its questionnaire",
    ),
    "afile.unknown_block": (
        "khối '{block}' không xác định (có: {known})",
        "unknown block '{block}' (known: {known})",
    ),
    "afile.no_question": (
        "không có câu hỏi này trong {questionnaire}",
        "no such question in {questionnaire}",
    ),
    "afile.not_for_block": (
        "câu hỏi không áp dụng cho khối '{block}'",
        "the question does not apply to block '{block}'",
    ),
    "afile.na_not_allowed": ("câu hỏi này không cho phép N/A", "N/A is not allowed for this question"),
    "afile.no_position": ("không có câu hỏi '{question}'", "no such question '{question}'"),
    # pydantic's validation errors, by their type (assess.assessment.problem_text); ctx values fill them
    "pyd.missing": ("thiếu", "missing"),
    "pyd.extra_forbidden": ("khóa không xác định", "unknown key"),
    "pyd.less_than_equal": ("phải nhỏ hơn hoặc bằng {le}", "must be at most {le}"),
    "pyd.greater_than_equal": ("phải lớn hơn hoặc bằng {ge}", "must be at least {ge}"),
    "pyd.less_than": ("phải nhỏ hơn {lt}", "must be less than {lt}"),
    "pyd.greater_than": ("phải lớn hơn {gt}", "must be greater than {gt}"),
    "pyd.string_too_long": ("dài quá {max_length} ký tự", "longer than {max_length} characters"),
    "pyd.string_too_short": ("không được để trống", "must not be empty"),
    "pyd.too_long": (
        "có {actual_length} mục, tối đa {max_length}",
        "holds {actual_length} items, at most {max_length}",
    ),
    "pyd.int_type": ("phải là một số nguyên", "must be a whole number"),
    "pyd.bool_type": ("phải là true hoặc false", "must be true or false"),
    "pyd.string_type": ("phải là một chuỗi văn bản", "must be a text (string)"),
    "pyd.dict_type": ("phải là một đối tượng JSON", "must be a JSON object"),
    "pyd.model_type": ("phải là một đối tượng JSON", "must be a JSON object"),
    "pyd.list_type": ("phải là một mảng JSON", "must be a JSON array"),
    "pyd.tuple_type": ("phải là một mảng JSON", "must be a JSON array"),
    "pyd.literal_error": ("phải là {expected}", "must be {expected}"),
    "pyd.date_type": ("phải là một ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "pyd.date_parsing": ("phải là một ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "pyd.date_from_datetime_parsing": ("phải là một ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "pyd.date_from_datetime_inexact": ("phải là một ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "pyd.datetime_type": (
        "phải là một thời điểm dạng YYYY-MM-DDTHH:MM:SS+HH:MM",
        "must be a time as YYYY-MM-DDTHH:MM:SS+HH:MM",
    ),
    "pyd.datetime_parsing": (
        "phải là một thời điểm dạng YYYY-MM-DDTHH:MM:SS+HH:MM",
        "must be a time as YYYY-MM-DDTHH:MM:SS+HH:MM",
    ),
    "pyd.datetime_from_date_parsing": (
        "phải là một thời điểm dạng YYYY-MM-DDTHH:MM:SS+HH:MM",
        "must be a time as YYYY-MM-DDTHH:MM:SS+HH:MM",
    ),
    "pyd.timezone_aware": (
        "thời điểm phải ghi kèm múi giờ (ví dụ +07:00)",
        "the time must carry its UTC offset (e.g. +07:00)",
    ),
    "pyd.found": ("{message}, nhận được {found}", "{message}, found {found}"),
    # our own rules (PydanticCustomError types raised by the models in assess/assessment.py)
    "pyd.control_character": (
        "ký tự điều khiển U+{code} tại ký tự thứ {at}",
        "control character U+{code} at character {at}",
    ),
    "pyd.control_character_note": (
        "ký tự điều khiển U+{code} tại ký tự thứ {at} (được phép xuống dòng và tab)",
        "control character U+{code} at character {at} (line breaks and tabs are allowed)",
    ),
    "pyd.date_too_late": ("ngày không được sau {latest}", "the date must not be after {latest}"),
    "pyd.time_out_of_range": (
        "thời điểm phải nằm trong khoảng {earliest} đến {latest}",
        "the time must lie between {earliest} and {latest}",
    ),
    "pyd.level_and_na": (
        "một câu trả lời không thể vừa có mức vừa là N/A",
        "an answer cannot have both a level and N/A",
    ),
    "pyd.na_needs_reason": ("N/A cần có lý do (na_reason)", "N/A needs a justification (na_reason)"),
    "pyd.reason_without_na": (
        "na_reason chỉ dành cho câu trả lời N/A",
        "na_reason is only for N/A answers",
    ),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    # results.xlsx: its sheets and the data dictionary of the Agencies sheet (results.csv's columns)
    "xlsx.sheet.agencies": ("Cơ quan", "Agencies"),
    "xlsx.sheet.findings": ("Phát hiện", "Findings"),
    "xlsx.sheet.dictionary": ("Từ điển dữ liệu", "Data dictionary"),
    "batch.worker_died": (
        "Một tiến trình xử lý đã bị dừng từ bên ngoài (thường do hệ thống thiếu bộ nhớ); {out} giữ nguyên như trước.",
        "A worker process was stopped from outside (most often by the system, for want of memory); {out} is as it was.",
    ),
    "batch.worker_died.hint": (
        "Chạy lại với --jobs 1, hoặc với --assessments jsonl cho tệp rất lớn, hoặc giải phóng bộ nhớ.",
        "Run it again with --jobs 1, or with --assessments jsonl for a very large file, or free some memory.",
    ),
    "batch.superseded": ("Bản nộp lại để sang một bên (--keep)", "Re-submissions set aside (--keep)"),
    "batch.form_tool": (
        "Tệp xuất từ {tool}: đọc theo các trường của biểu mẫu (assess export xlsform).",
        "An export of {tool}: read by the form's fields (assess export xlsform).",
    ),
    "batch.accounting_superseded": (
        "{scored} được chấm + {superseded} để sang một bên + {rejected} bị loại = {read} dòng đọc được.",
        "{scored} scored + {superseded} set aside + {rejected} rejected = {read} rows read.",
    ),
    "forms.map_header": (
        "{path}: tệp ánh xạ cột phải có tiêu đề form_column,assess_column (đang có: {found}).",
        "{path}: a column mapping file must have the header form_column,assess_column (found: {found}).",
    ),
    "forms.map_header.hint": (
        "Mỗi dòng: tên cột trong tệp xuất, rồi cột của assess (agency_id, G1.1, G1.1_note, "
        "G1.1_na_reason, questionnaire_hash…).",
        "One row per column: its name in the export, then the assess column (agency_id, G1.1, "
        "G1.1_note, G1.1_na_reason, questionnaire_hash…).",
    ),
    "forms.map_row": (
        "{path}, dòng {row}: không hiểu '{form}' -> '{assess}' (cột assess không có).",
        "{path}, row {row}: cannot use '{form}' -> '{assess}' (no such assess column).",
    ),
    "forms.map_twice": (
        "{path}, dòng {row}: cột '{form}' đã được ánh xạ ở dòng trước.",
        "{path}, row {row}: column '{form}' is mapped on an earlier row already.",
    ),
    "batch.id_map_alone": ("--id-map chỉ dùng cùng --previous.", "--id-map only works with --previous."),
    "batch.id_map_alone.hint": (
        "Thêm --previous <results.json của vòng trước>, hoặc bỏ --id-map.",
        "Add --previous <the previous round's results.json>, or leave out --id-map.",
    ),
    "batch.previous_unusable": (
        "Không so sánh được {agency} với lần đánh giá trước: {problem}",
        "Cannot compare {agency} with its previous assessment: {problem}",
    ),
    "batch.previous_missing": (
        "Không tìm thấy bản đánh giá trước của {agency} ({path}); báo cáo của cơ quan này không có phần tiến bộ.",
        "The previous assessment of {agency} is not found ({path}); its report has no progress section.",
    ),
    "xlsx.sheet.targets": ("Mục tiêu theo khối", "Targets by block"),
    "xlsx.sheet.blocks": ("Các khối", "Blocks"),
    "xlsx.targets.target": ("Mã mục tiêu", "Target id"),
    "xlsx.targets.target_name": ("Mục tiêu của Chiến lược", "Strategy target"),
    "xlsx.targets.scope": ("Mã phạm vi", "Scope id"),
    "xlsx.targets.scope_name": ("Phạm vi", "Scope"),
    "xlsx.targets.bound": ("Số cơ quan mục tiêu áp dụng", "Agencies the target binds"),
    "xlsx.targets.met": ("Số cơ quan đạt", "Agencies meeting it"),
    "xlsx.targets.unanswered": (
        "Số cơ quan chưa trả lời đủ",
        "Agencies with a measuring question unanswered",
    ),
    "xlsx.targets.share": ("Tỷ lệ đạt", "Share meeting it"),
    "xlsx.targets.national_2025": ("Tỷ lệ quốc gia 2025", "National share for 2025"),
    "xlsx.targets.reaches_2025": ("Đạt tỷ lệ 2025", "Reaches the 2025 share"),
    "xlsx.targets.national_2030": ("Tỷ lệ quốc gia 2030", "National share for 2030"),
    "xlsx.targets.reaches_2030": ("Đạt tỷ lệ 2030", "Reaches the 2030 share"),
    "xlsx.scope.all": ("Tất cả cơ quan", "All agencies"),
    "xlsx.scope.key": ("Cơ quan chủ lực", "Key agencies"),
    "xlsx.scope.small_medium": ("Cơ quan vừa và nhỏ", "Small and medium agencies"),
    "xlsx.yes": ("có", "yes"),
    "xlsx.no": ("không", "no"),
    "xlsx.blocks.block": ("Khối", "Block"),
    "xlsx.blocks.assessed": ("Số cơ quan", "Agencies"),
    "xlsx.blocks.key_agencies": ("Cơ quan chủ lực", "Key agencies"),
    "xlsx.blocks.mean": ("Chỉ số trung bình", "Mean index"),
    "xlsx.blocks.min": ("Thấp nhất", "Lowest"),
    "xlsx.blocks.q1": ("Tứ phân vị 1", "First quartile"),
    "xlsx.blocks.median": ("Trung vị", "Median"),
    "xlsx.blocks.q3": ("Tứ phân vị 3", "Third quartile"),
    "xlsx.blocks.max": ("Cao nhất", "Highest"),
    "xlsx.blocks.group_median": ("{group}: trung vị", "{group}: median"),
    "results.col.needs_help": (
        "Cần hỗ trợ (theo quy tắc needs_help của bộ trọng số)",
        "Needs help (by the scoring profile's needs_help rule)",
    ),
    "results.col.help_reasons": (
        "Lý do cần hỗ trợ: band:<mức> và/hoặc overdue:<mục tiêu quá hạn>, cách nhau bằng '; '",
        "Why it needs help: band:<band> and/or overdue:<overdue target>, separated by '; '",
    ),
    "results.col.support_platforms": (
        "Nền tảng hỗ trợ phù hợp với lộ trình (mã), cách nhau bằng '; '",
        "Support platforms its roadmap would use (ids), separated by '; '",
    ),
    "xlsx.dictionary.column": ("Cột", "Column"),
    "xlsx.dictionary.meaning": ("Ý nghĩa", "Meaning"),
    "results.col.agency_id": ("Mã cơ quan", "Agency id"),
    "results.col.agency_name": ("Tên cơ quan báo chí", "Name of the press agency"),
    "results.col.block": ("Khối", "Block"),
    "results.col.key_agency": (
        "Cơ quan báo chí chủ lực: TRUE = có, FALSE = không",
        "Key press agency: TRUE = yes, FALSE = no",
    ),
    "results.col.province": ("Tỉnh/thành phố", "Province or city"),
    "results.col.governing_body": ("Cơ quan chủ quản", "Governing body"),
    "results.col.assessed_on": ("Ngày đánh giá (YYYY-MM-DD)", "Assessment date (YYYY-MM-DD)"),
    "results.col.index": (
        "Chỉ số chuyển đổi số tổng thể, 0–100",
        "Overall digital-transformation index, 0–100",
    ),
    "results.col.band": (
        "Xếp loại theo chỉ số (ô được tô màu theo xếp loại)",
        "Band of the index (the cell is coloured by band)",
    ),
    "results.col.group_score": (
        "Điểm nhóm {group} – {title}, 0–100",
        "Score of group {group} – {title}, 0–100",
    ),
    "results.col.group_level": (
        "Mức trưởng thành nhóm {group} – {title}, 0–5",
        "Maturity level of group {group} – {title}, 0–5",
    ),
    "results.col.official_total": (
        "Ước tính tham khảo điểm Bộ chỉ số chính thức, 0–100 (không phải điểm chính thức)",
        "Indicative estimate of the official index, 0–100 (not an official score)",
    ),
    "results.col.official_level": (
        "Xếp loại của ước tính tham khảo (ô được tô màu theo xếp loại)",
        "Band of the indicative estimate (the cell is coloured by band)",
    ),
    "results.col.unanswered": ("Số câu hỏi chưa trả lời", "Number of unanswered questions"),
    "results.col.complete": (
        "Đủ câu trả lời để kết quả được coi là đầy đủ: TRUE = có, FALSE = không",
        "Enough questions answered for a complete result: TRUE = yes, FALSE = no",
    ),
    "results.col.rank_in_block": (
        "Thứ hạng trong khối (1 = cao nhất)",
        "Rank within the block (1 = highest)",
    ),
    "results.col.percentile_in_block": (
        "Phần trăm các cơ quan khác trong khối có chỉ số thấp hơn; trống khi khối chỉ có một cơ quan",
        "Percentage of the other agencies in the block with a lower index; empty when the agency is alone",
    ),
    "results.col.rank_overall": ("Thứ hạng chung (1 = cao nhất)", "Overall rank (1 = highest)"),
    "results.col.percentile_overall": (
        "Phần trăm các cơ quan khác có chỉ số thấp hơn; trống khi chỉ có một cơ quan",
        "Percentage of the other agencies with a lower index; empty when the agency is alone",
    ),
    "results.col.source_row": ("Dòng của cơ quan trong tệp nộp", "The agency's row in the submissions file"),
    "results.col.source_submission": (
        "Mã bản nộp trong công cụ biểu mẫu (Kobo _uuid, ODK Central KEY, LimeSurvey id); trống với tệp mẫu của assess",
        "The form tool's id of the submission (Kobo _uuid, ODK Central KEY, LimeSurvey id); empty for assess's own file",
    ),
    # assess compare (assess/compare.py, assess/cli/compare.py, assess/compare_xlsx.py)
    "afile.what.compared": ("tệp cần so sánh", "file to compare"),
    "compare.is_folder": (
        "{path}: là thư mục, không phải tệp đánh giá hay results.json của lô",
        "{path}: is a folder, not an assessment file or a batch results.json",
    ),
    "compare.neither": (
        "{path}: không phải tệp đánh giá, cũng không phải results.json của lô",
        "{path}: neither an assessment file nor a batch results.json",
    ),
    "compare.neither.hint": (
        "hãy so sánh hai tệp đánh giá (.json) của một cơ quan, hoặc hai tệp results.json do assess batch ghi",
        "compare two assessment files (.json) of one agency, or two results.json files written by assess batch",
    ),
    "compare.kind.assessment": ("tệp đánh giá", "an assessment file"),
    "compare.kind.batch": ("results.json của lô", "a batch results.json"),
    "compare.mixed": (
        "{old} là {old_kind} còn {new} là {new_kind}: không so sánh được hai loại tệp khác nhau",
        "{old} is {old_kind} but {new} is {new_kind}: the two kinds cannot be compared",
    ),
    "compare.mixed.hint": (
        "đưa hai tệp đánh giá của một cơ quan, hoặc results.json của hai vòng",
        "give two assessment files of one agency, or the results.json of two rounds",
    ),
    "compare.old_results": (
        "{path}: results.json do một phiên bản assess cũ hơn ghi (không có results_version và summary)",
        "{path}: results.json written by an older assess (it has no results_version and summary)",
    ),
    "compare.old_results.hint": (
        "chạy lại assess batch với tệp nộp của vòng đó để có results.json mới, rồi so sánh",
        "rerun assess batch on that round's submissions to get a new results.json, then compare",
    ),
    "compare.results_version": (
        "{path}: không hỗ trợ phiên bản results.json {version} (assess này đọc phiên bản {supported})",
        "{path}: results.json version {version} is not supported (this assess reads version {supported})",
    ),
    "compare.other_agency": (
        "{old} là đánh giá của cơ quan {old_id}, còn {new} là của cơ quan {new_id}",
        "{old} assesses agency {old_id} but {new} assesses agency {new_id}",
    ),
    "compare.other_agency.hint": (
        "nếu cơ quan đã đổi mã, hãy đưa --map TỆP với hai cột old_id,new_id",
        "if the agency's id changed, give --map FILE with the columns old_id,new_id",
    ),
    "compare.version_hint": (
        "đưa bộ câu hỏi của tệp đó bằng {q} ĐƯỜNG_DẪN (và bộ tính điểm bằng {p} ĐƯỜNG_DẪN nếu cần)",
        "give that file's questionnaire with {q} PATH (and its scoring profile with {p} PATH if needed)",
    ),
    "compare.map.header": (
        "{path}: cần hai cột old_id và new_id ở dòng tiêu đề",
        "{path}: the header needs the columns old_id and new_id",
    ),
    "compare.map.hint": (
        "tệp ánh xạ: dòng tiêu đề old_id,new_id, rồi mỗi dòng một cơ quan đổi mã (mỗi mã chỉ một lần)",
        "a mapping file: the header old_id,new_id, then one row per agency whose id changed (each id once)",
    ),
    "compare.map.empty": (
        "{path}: dòng {row}: thiếu mã cũ hoặc mã mới",
        "{path}: row {row}: an id is missing",
    ),
    "compare.map.twice_old": (
        "{path}: dòng {row}: mã cũ {id} đã có ở dòng {first}",
        "{path}: row {row}: old id {id} is already on row {first}",
    ),
    "compare.map.twice_new": (
        "{path}: dòng {row}: mã mới {id} đã có ở dòng {first}",
        "{path}: row {row}: new id {id} is already on row {first}",
    ),
    "compare.map.collides": (
        "{path}: mã {old} được đổi thành {new}, nhưng vòng trước đã có một cơ quan mang mã {new}",
        "{path}: id {old} is renamed {new}, but another agency of the earlier round has the id {new}",
    ),
    "compare.map.unused": (
        "{count} mã cũ trong tệp ánh xạ không có trong vòng trước: {ids}",
        "{count} old ids of the mapping file are not in the earlier round: {ids}",
    ),
    "compare.pdf_needs_out": ("--pdf cần --out THƯ_MỤC", "--pdf needs --out DIR"),
    "compare.out_batch_only": (
        "--out chỉ dùng khi so sánh hai results.json của lô",
        "--out is only for comparing two batch results.json files",
    ),
    "compare.out_batch_only.hint": (
        "với hai tệp đánh giá, dùng --format json|csv và -o TỆP",
        "for two assessment files use --format json|csv and -o FILE",
    ),
    "compare.out_not_folder": ("{path}: là một tệp, không phải thư mục", "{path}: is a file, not a folder"),
    "compare.written": ("Đã ghi {path}", "Written: {path}"),
    "compare.dates": ("Đánh giá ngày {old} → ngày {new}", "Assessed on {old} → {new}"),
    "compare.index": ("Chỉ số", "Index"),
    "compare.index_not_comparable": (
        "Chỉ số không so sánh được: bộ câu hỏi hoặc cách tính điểm đã thay đổi giữa hai lần đánh giá",
        "The index does not compare: the questionnaire or the scoring changed between the two assessments",
    ),
    "compare.old": ("Trước", "Before"),
    "compare.new": ("Nay", "Now"),
    "compare.change": ("Thay đổi", "Change"),
    "compare.groups": ("Nhóm nhiệm vụ", "Task groups"),
    "compare.pillars": ("Trụ cột của Bộ chỉ số (ước tính)", "Pillars of the official index (estimate)"),
    "compare.pillar": ("Trụ cột", "Pillar"),
    "compare.targets": ("Chỉ tiêu của Chiến lược", "Strategy targets"),
    "compare.target": ("Chỉ tiêu", "Target"),
    "compare.state.met": ("đạt", "met"),
    "compare.state.not_met": ("chưa đạt", "not met"),
    "compare.state.unanswered": ("chưa trả lời", "unanswered"),
    "compare.state.not_binding": ("không áp dụng", "not binding"),
    "compare.state.not_applicable": ("không đo được", "not measurable"),
    "compare.target_change.newly_met": ("mới đạt", "newly met"),
    "compare.target_change.lost": ("không còn đạt", "lost"),
    "compare.target_change.still_met": ("vẫn đạt", "still met"),
    "compare.target_change.still_not_met": ("vẫn chưa đạt", "still not met"),
    "compare.target_change.not_binding": ("không áp dụng", "not binding"),
    "compare.initiatives": ("Sáng kiến của lộ trình trước", "Initiatives of the earlier roadmap"),
    "compare.initiative": ("Sáng kiến", "Initiative"),
    "compare.done_when": ("Câu hỏi: mức trước→nay/cần đạt", "Questions: level before→now/needed"),
    "compare.status": ("Tình trạng", "Status"),
    "compare.initiative.done": ("đã xong", "done"),
    "compare.initiative.in_progress": ("đang làm", "in progress"),
    "compare.initiative.not_started": ("chưa bắt đầu", "not started"),
    "compare.initiative.regressed": ("thụt lùi", "regressed"),
    "compare.questions": ("Câu trả lời đã thay đổi", "Answers that changed"),
    "compare.question": ("Câu hỏi", "Question"),
    "compare.no_answer_changed": ("Không câu trả lời nào thay đổi.", "No answer changed."),
    "compare.not_comparable": ("Không so sánh được", "Not compared"),
    "compare.what": ("Mục", "Item"),
    "compare.why": ("Lý do", "Reason"),
    "compare.nc.question": ("câu hỏi", "question"),
    "compare.nc.group": ("nhóm", "group"),
    "compare.nc.pillar": ("trụ cột", "pillar"),
    "compare.nc.target": ("chỉ tiêu", "target"),
    "compare.nc.index": ("chỉ số", "index"),
    "compare.nc.initiative": ("sáng kiến", "initiative"),
    "compare.reason.changed": ("nội dung hoặc cách tính đã thay đổi", "its content or scoring changed"),
    "compare.reason.only_old": ("chỉ có ở lần trước", "only in the earlier one"),
    "compare.reason.only_new": ("chỉ có ở lần này", "only in the later one"),
    "compare.title.batch": ("So sánh hai vòng đánh giá", "Two assessment rounds compared"),
    "compare.round": (
        "{file}: {scored} cơ quan, đánh giá từ {first} đến {last}",
        "{file}: {scored} agencies, assessed {first} to {last}",
    ),
    "compare.round_empty": ("{file}: không cơ quan nào được chấm điểm", "{file}: no agency scored"),
    "compare.headline": ("Tổng quan", "Headline"),
    "compare.block": ("Khối", "Block"),
    "compare.block.all": ("Tất cả", "All"),
    "compare.block.key": ("Cơ quan chủ lực", "Key agencies"),
    "compare.block.small_medium": ("Cơ quan vừa và nhỏ", "Small and medium agencies"),
    "compare.both": ("Cả hai vòng", "In both"),
    "compare.new_agencies": ("Mới", "New"),
    "compare.missing_agencies": ("Vắng", "Missing"),
    "compare.mean_change": ("Chỉ số thay đổi TB", "Mean index change"),
    "compare.movers": (
        "Cơ quan tăng và giảm nhiều nhất (tối đa 5 mỗi chiều, mỗi khối)",
        "Largest rises and falls (up to 5 each way, per block)",
    ),
    "compare.agency": ("Cơ quan", "Agency"),
    "compare.targets_then_now": (
        "Tỷ lệ cơ quan đạt chỉ tiêu của Chiến lược: trước và nay",
        "Share of agencies meeting the strategy targets: then and now",
    ),
    "compare.among": ("Trong số", "Among"),
    "compare.then": ("Trước", "Then"),
    "compare.now": ("Nay", "Now"),
    "compare.rows_elsewhere": (
        "Từng cơ quan ({count} cơ quan có ở cả hai vòng): --format csv, hoặc --out THƯ_MỤC (compare.csv, compare.xlsx).",
        "Each agency ({count} in both rounds): --format csv, or --out DIR (compare.csv, compare.xlsx).",
    ),
    "compare.yes": ("có", "yes"),
    "compare.no": ("không", "no"),
    "compare.sheet.agencies": ("Cơ quan", "Agencies"),
    "compare.sheet.new": ("Mới", "New"),
    "compare.sheet.missing": ("Vắng", "Missing"),
    "compare.sheet.targets": ("Chỉ tiêu", "Targets"),
    "compare.sheet.not_comparable": ("Không so sánh được", "Not comparable"),
    "compare.dictionary.sheet": ("Trang", "Sheet"),
    "compare.col.agency_id": ("Mã cơ quan (ở vòng này)", "Agency id (in the later round)"),
    "compare.col.old_id": (
        "Mã của cơ quan ở vòng trước, khi tệp ánh xạ đã đổi mã",
        "The agency's id in the earlier round, when the mapping file renamed it",
    ),
    "compare.col.agency_name": ("Tên cơ quan", "Agency name"),
    "compare.col.block": ("Khối", "Block"),
    "compare.col.key_agency": ("Cơ quan chủ lực", "Key agency"),
    "compare.col.province": ("Tỉnh, thành phố", "Province"),
    "compare.col.old_index": ("Chỉ số ở vòng trước (0-100)", "Index in the earlier round (0-100)"),
    "compare.col.new_index": ("Chỉ số ở vòng này (0-100)", "Index in the later round (0-100)"),
    "compare.col.index_change": (
        "Chỉ số nay trừ trước; trống khi chỉ số không so sánh được",
        "Index now minus then; empty when the index does not compare",
    ),
    "compare.col.index": ("Chỉ số (0-100)", "Index (0-100)"),
    "compare.col.old_band": ("Xếp loại ở vòng trước", "Band in the earlier round"),
    "compare.col.new_band": ("Xếp loại ở vòng này", "Band in the later round"),
    "compare.col.band": ("Xếp loại", "Band"),
    "compare.col.group_change": (
        "Điểm nhóm {group} ({title}) nay trừ trước; trống khi không tính được",
        "Score of group {group} ({title}) now minus then; empty when it cannot be computed",
    ),
    "compare.col.targets_newly_met": ("Chỉ tiêu mới đạt", "Strategy targets newly met"),
    "compare.col.targets_lost": ("Chỉ tiêu không còn đạt", "Strategy targets no longer met"),
    "compare.col.target": ("Mã chỉ tiêu", "Target id"),
    "compare.col.target_name": ("Chỉ tiêu của Chiến lược", "Strategy target"),
    "compare.col.among": (
        "Nhóm cơ quan: tất cả, một khối, cơ quan chủ lực, hoặc cơ quan vừa và nhỏ",
        "Which agencies: all, one block, key agencies, or small and medium agencies",
    ),
    "compare.col.old_bound": (
        "Số cơ quan chỉ tiêu áp dụng ở vòng trước",
        "Agencies the target bound in the earlier round",
    ),
    "compare.col.old_met": ("Số cơ quan đạt ở vòng trước", "Agencies meeting it in the earlier round"),
    "compare.col.old_share": ("Tỷ lệ đạt ở vòng trước", "Share meeting it in the earlier round"),
    "compare.col.new_bound": (
        "Số cơ quan chỉ tiêu áp dụng ở vòng này",
        "Agencies the target binds in the later round",
    ),
    "compare.col.new_met": ("Số cơ quan đạt ở vòng này", "Agencies meeting it in the later round"),
    "compare.col.new_share": ("Tỷ lệ đạt ở vòng này", "Share meeting it in the later round"),
    "compare.col.share_change": ("Tỷ lệ nay trừ trước", "Share now minus then"),
    "compare.col.kind": ("Loại mục", "Kind of item"),
    "compare.col.id": ("Mã", "Id"),
    "compare.col.name": ("Tên", "Name"),
    "compare.col.reason": ("Vì sao không so sánh được", "Why it does not compare"),
    # roadmap.xlsx: the agency's roadmap tracker (assess/roadmap_xlsx.py, assess report --roadmap-xlsx)
    "tracker.sheet.roadmap": ("Lộ trình", "Roadmap"),
    "tracker.sheet.steps": ("Các bước", "Steps"),
    "tracker.sheet.about": ("Thông tin", "About"),
    "tracker.col.initiative_id": ("Mã sáng kiến", "Initiative id"),
    "tracker.col.initiative": ("Sáng kiến", "Initiative"),
    "tracker.col.owner": ("Người chủ trì", "Owner"),
    "tracker.col.priority": ("Mức ưu tiên", "Priority"),
    "tracker.col.targets": ("Chỉ tiêu của Chiến lược", "Strategy targets"),
    "tracker.col.target": ("Chỉ tiêu của Chiến lược", "Strategy target"),
    "tracker.col.overdue": ("Quá hạn", "Overdue"),
    "tracker.col.start": ("Quý bắt đầu", "Start quarter"),
    "tracker.col.end": ("Quý kết thúc", "End quarter"),
    "tracker.col.points": ("Công sức (điểm)", "Effort (points)"),
    "tracker.col.cost": ("Kinh phí (tham khảo)", "Cost (indicative)"),
    "tracker.col.platforms": ("Nền tảng hỗ trợ", "Support platforms"),
    "tracker.col.platform": ("Nền tảng hỗ trợ", "Support platform"),
    "tracker.col.steps": ("Số bước", "Steps"),
    "tracker.col.done_when": ("Hoàn thành khi", "Done when"),
    "tracker.col.question": ("Câu hỏi", "Question"),
    "tracker.col.topic": ("Chủ đề", "Topic"),
    "tracker.col.from_level": ("Từ mức", "From level"),
    "tracker.col.to_level": ("Đến mức", "To level"),
    "tracker.col.recommendation": ("Việc cần làm", "What to do"),
    "tracker.col.effort": ("Công sức", "Effort"),
    "tracker.col.phase": ("Giai đoạn", "Phase"),
    "tracker.col.status": ("Trạng thái", "Status"),
    "tracker.col.progress": ("Tiến độ (%)", "Progress (%)"),
    "tracker.col.responsible": ("Người phụ trách", "Responsible person"),
    "tracker.col.notes": ("Ghi chú", "Notes"),
    "tracker.col.updated": ("Cập nhật lần cuối", "Last updated"),
    "tracker.status.not_started": ("Chưa bắt đầu", "Not started"),
    "tracker.status.in_progress": ("Đang thực hiện", "In progress"),
    "tracker.status.done": ("Hoàn thành", "Done"),
    "tracker.status.dropped": ("Không thực hiện", "Dropped"),
    "tracker.status.error": ("Chọn một trạng thái trong danh sách", "Choose a status from the list"),
    "tracker.progress.error": ("Nhập tỷ lệ từ 0% đến 100%", "Enter a share from 0% to 100%"),
    "tracker.updated.error": ("Nhập một ngày (ngày/tháng/năm)", "Enter a date"),
    "tracker.done_when": (
        "{question} đạt mức {level} ({level_name}): {rubric}",
        "{question} at level {level} ({level_name}): {rubric}",
    ),
    "tracker.about.item": ("Mục", "Item"),
    "tracker.about.value": ("Nội dung", "Value"),
    "tracker.about.agency": ("Cơ quan", "Agency"),
    "tracker.about.agency_id": ("Mã cơ quan", "Agency id"),
    "tracker.about.block": ("Khối", "Block"),
    "tracker.about.key_agency": ("Cơ quan báo chí chủ lực", "Key press agency"),
    "tracker.about.province": ("Tỉnh/thành phố", "Province or city"),
    "tracker.about.governing_body": ("Cơ quan chủ quản", "Governing body"),
    "tracker.about.assessor": ("Người đánh giá", "Assessor"),
    "tracker.about.assessed_on": ("Ngày đánh giá", "Assessment date"),
    "tracker.about.status": ("Tình trạng phiếu đánh giá", "Assessment status"),
    "tracker.about.complete": ("đã hoàn thành", "complete"),
    "tracker.about.in_progress": ("chưa hoàn thành", "incomplete"),
    "tracker.about.questionnaire": ("Bộ câu hỏi", "Questionnaire"),
    "tracker.about.questionnaire_version": ("Phiên bản bộ câu hỏi", "Questionnaire version"),
    "tracker.about.questionnaire_hash": ("Mã băm bộ câu hỏi", "Questionnaire hash"),
    "tracker.about.profile": ("Bộ tham số chấm điểm", "Scoring profile"),
    "tracker.about.profile_version": ("Phiên bản bộ tham số", "Profile version"),
    "tracker.about.profile_hash": ("Mã băm bộ tham số", "Profile hash"),
    "tracker.about.version": ("Phiên bản assess", "assess version"),
    "tracker.about.how": ("Cách dùng", "How to use"),
    "tracker.about.how_rows": (
        "Trang “Lộ trình” có một dòng cho mỗi sáng kiến, việc cấp bách nhất ở trên cùng; trang “Các bước” "
        "có một dòng cho mỗi bước của các sáng kiến.",
        "The “Roadmap” sheet has one row per initiative, the most urgent first; the “Steps” sheet has one "
        "row per step of the initiatives.",
    ),
    "tracker.about.how_columns": (
        "Các cột từ “Trạng thái” đến “Cập nhật lần cuối” để trống cho cơ quan tự theo dõi: chọn trạng thái "
        "trong danh sách, ghi tiến độ (%), người phụ trách, ghi chú và ngày cập nhật.",
        "The columns from “Status” to “Last updated” are left empty for the agency to keep: choose a status "
        "from the list, enter the progress (%), the person responsible, notes and the date updated.",
    ),
    "tracker.about.how_done": (
        "Một sáng kiến hoàn thành khi mỗi câu hỏi ở cột “Hoàn thành khi” đạt mức nêu ở đó; lần đánh giá sau "
        "sẽ đối chiếu điều này.",
        "An initiative is done when each question in its “Done when” column reaches the level named there; "
        "the next assessment checks this.",
    ),
    "tracker.about.how_plan": (
        "Quý, công sức và kinh phí là ước tính của công cụ theo năng lực thường có của cơ quan. Có thể sắp "
        "xếp, lọc, thêm dòng hoặc cột; giữ nguyên “Mã sáng kiến” để đối chiếu với lần đánh giá sau.",
        "Quarters, effort and cost are this tool's estimates at the agency's usual capacity. Sort, filter, "
        "add rows or columns as needed; keep the “Initiative id” so the next assessment can be matched.",
    ),
    "tracker.about.columns": ("Các cột theo dõi", "Tracking columns"),
    "tracker.about.columns_text": (
        "Các cột “Trạng thái”, “Tiến độ (%)”, “Người phụ trách”, “Ghi chú” và “Cập nhật lần cuối” là của cơ "
        "quan: công cụ không điền và không đọc lại các cột này.",
        "The “Status”, “Progress (%)”, “Responsible person”, “Notes” and “Last updated” columns are the "
        "agency's: this tool neither fills them in nor reads them back.",
    ),
    "tracker.same_as_pdf": (
        "--roadmap-xlsx {path} trùng với tệp PDF của báo cáo",
        "--roadmap-xlsx {path} is the report's PDF",
    ),
    "tracker.same_as_pdf.hint": (
        "Chọn một tên khác, ví dụ {suggestion}",
        "Choose another name, e.g. {suggestion}",
    ),
    "tracker.written": ("Đã ghi lộ trình (Excel): {path}", "Roadmap tracker written: {path}"),
    # export xlsform
    "export.xlsform.written": (
        "Đã ghi biểu mẫu XLSForm {path} ({id} {version}, {questions} câu hỏi). Tải tệp lên KoboToolbox "
        "hoặc ODK Central để thu thập; `assess batch` đọc được tệp dữ liệu xuất ra từ các công cụ đó.",
        "XLSForm written: {path} ({id} {version}, {questions} questions). Upload it to KoboToolbox or "
        "ODK Central to collect answers; `assess batch` reads those tools' exports.",
    ),
    # YAML data files a ministry edits (questionnaires/, scoring/, report_templates/_base/labels.yaml):
    # assess.datafile, assess.questionnaire, assess.scoring, assess.report.load_labels
    "yaml.no_such_file": ("{path}: không có tệp này", "{path}: no such file"),
    "yaml.cannot_read": ("{path}: không đọc được: {reason}", "{path}: cannot read: {reason}"),
    "yaml.is_folder": ("{path}: là một thư mục, không phải một tệp", "{path}: is a folder, not a file"),
    "yaml.not_regular": ("{path}: không phải một tệp thông thường", "{path}: not a regular file"),
    "yaml.too_large": (
        "{path}: lớn hơn {mib} MiB, mức tối đa của một tệp dữ liệu YAML",
        "{path}: larger than {mib} MiB, the most a YAML data file may be",
    ),
    "yaml.not_utf8": (
        "{path}: không phải văn bản UTF-8 ({reason} tại byte {at})",
        "{path}: not UTF-8 text ({reason} at byte {at})",
    ),
    "yaml.refused": ("{path}: từ chối đọc: {reason}", "{path}: refused: {reason}"),
    "yaml.alias_recursion": (
        "bí danh *{name} trỏ tới một giá trị chứa chính nó (đệ quy)",
        "the alias *{name} stands for a value that holds it (recursion)",
    ),
    "yaml.too_deep": (
        "danh sách và ánh xạ lồng nhau sâu hơn {depth} cấp",
        "lists and mappings are nested deeper than {depth} levels",
    ),
    "yaml.too_many_values": (
        "tệp chứa hơn {count} giá trị khi mở rộng các bí danh",
        "it holds more than {count} values once its aliases are expanded",
    ),
    "yaml.hint.smaller": (
        "một bộ câu hỏi hay hồ sơ chấm điểm nhỏ và ít tầng hơn nhiều; hãy kiểm tra đây có đúng là tệp cần dùng",
        "a questionnaire or scoring profile is far smaller and flatter; check that this is the right file",
    ),
    "yaml.hint.aliases": (
        "hãy dùng chung ít giá trị hơn qua neo và bí danh (*tên), hoặc viết các giá trị ra đầy đủ",
        "share fewer values through anchors and aliases (*name), or write them out",
    ),
    "yaml.syntax": (
        "{where}: không phải YAML hợp lệ (trình đọc YAML báo: {problem})",
        "{where}: not valid YAML: {problem}",
    ),
    "yaml.duplicate_key": (
        "{where}: không phải YAML hợp lệ: khóa {name} xuất hiện hai lần",
        "{where}: not valid YAML: duplicate key {name}",
    ),
    "yaml.utf8.start": ("byte mở đầu không hợp lệ", "invalid start byte"),
    "yaml.utf8.continuation": ("byte tiếp nối không hợp lệ", "invalid continuation byte"),
    "yaml.utf8.end": ("dữ liệu kết thúc giữa chừng một ký tự", "unexpected end of data"),
    "yaml.not_mapping": (
        "{path}: cấp cao nhất của tệp phải là một ánh xạ (khóa: giá trị)",
        "{path}: expected a mapping at the top level",
    ),
    "yaml.top_level": ("(cấp cao nhất)", "(top level)"),
    "yaml.missing_translation": ("thiếu bản dịch '{name}'", "missing translation '{name}'"),
    "yaml.missing_key": ("thiếu khóa bắt buộc '{name}'", "missing required key '{name}'"),
    "yaml.unknown_key": ("khóa không xác định '{name}'", "unknown key '{name}'"),
    "yaml.pyd.dict_type": ("phải là một ánh xạ (khóa: giá trị)", "must be a mapping (key: value)"),
    "yaml.pyd.model_type": ("phải là một ánh xạ (khóa: giá trị)", "must be a mapping (key: value)"),
    "yaml.pyd.list_type": ("phải là một danh sách (- mục)", "must be a list (- item)"),
    "yaml.pyd.tuple_type": ("phải là một danh sách (- mục)", "must be a list (- item)"),
    "yaml.problems": ("{path}: {count} lỗi trong {what}", "{path}: {count} problem(s) in {what}"),
    "yaml.what.questionnaire": ("bộ câu hỏi", "the questionnaire"),
    "yaml.what.profile": ("hồ sơ chấm điểm", "the scoring profile"),
    "yaml.duplicate": (
        "{field} '{value}' bị trùng (đã có ở mục thứ {first})",
        "duplicate {field} '{value}' (first at item {first})",
    ),
    "yaml.none": ("không có", "none"),
    "yaml.scale_levels": (
        "thang mức phải định nghĩa mỗi mức từ 0 đến 5 đúng một lần",
        "the scale must define each level 0 to 5 exactly once",
    ),
    "yaml.unknown_group": ("nhóm không xác định '{id}'", "unknown group '{id}'"),
    "yaml.unknown_pillar": ("trụ cột không xác định '{id}'", "unknown pillar '{id}'"),
    "yaml.unknown_block": ("khối không xác định '{id}'", "unknown block '{id}'"),
    "yaml.unknown_target": ("chỉ tiêu chiến lược không xác định '{id}'", "unknown strategy target '{id}'"),
    "yaml.unknown_platform": ("nền tảng không xác định '{id}'", "unknown platform '{id}'"),
    "yaml.unknown_question": ("câu hỏi không xác định '{id}'", "unknown question '{id}'"),
    "yaml.unknown_role": ("vai trò không xác định '{id}'", "unknown role '{id}'"),
    "yaml.id_prefix": (
        "mã câu hỏi '{id}' phải bắt đầu bằng mã nhóm của nó '{group}.'",
        "question id '{id}' must start with its group '{group}.'",
    ),
    "yaml.applies_to_empty": (
        "applies_to đang trống: hãy bỏ khóa này để câu hỏi áp dụng cho mọi khối",
        "applies_to is empty: leave it out to apply to every block",
    ),
    "yaml.group_unused": ("nhóm '{id}' không có câu hỏi nào", "group '{id}' has no questions"),
    "yaml.pillar_unused": ("không câu hỏi nào đo trụ cột '{id}'", "pillar '{id}' is measured by no question"),
    "yaml.target_unused": (
        "không câu hỏi nào đo chỉ tiêu chiến lược '{id}'",
        "strategy target '{id}' is measured by no question",
    ),
    "yaml.no_questionnaire": (
        "không có bộ câu hỏi nào có mã '{ref}' (có sẵn: {known})",
        "no questionnaire with id '{ref}' (bundled: {known})",
    ),
    "yaml.no_questionnaire.hint": (
        "hãy cho một mã có sẵn hoặc đường dẫn tới một tệp YAML bộ câu hỏi",
        "give a bundled id or the path to a questionnaire YAML file",
    ),
    "yaml.profile_mismatch": (
        "hồ sơ chấm điểm cho {id} {version}, nhưng bộ câu hỏi là {qid} {qversion}",
        "scores {id} {version}, but the questionnaire is {qid} {qversion}",
    ),
    "yaml.no_group_weight": ("không có trọng số cho nhóm {id}", "no weight for group {id}"),
    "yaml.no_pillar_points": ("không có điểm cho trụ cột '{id}'", "no points for pillar '{id}'"),
    "yaml.no_block_levels": (
        "không có mức khuyến nghị cho khối '{id}'",
        "no recommended levels for block '{id}'",
    ),
    "yaml.no_horizon": ("không có mức mục tiêu cho mốc {horizon}", "no targets for {horizon}"),
    "yaml.no_group_level": ("không có mức mục tiêu cho nhóm {id}", "no target level for group {id}"),
    "yaml.level_drops": (
        "mức khuyến nghị năm 2030 ({late}) thấp hơn mức năm 2025 ({early})",
        "the 2030 recommended level ({late}) is below the 2025 one ({early})",
    ),
    "yaml.no_effort": ("không có loại công sức '{id}'", "no effort class '{id}'"),
    "yaml.in_two_initiatives": (
        "{id} đã thuộc sáng kiến '{initiative}'",
        "{id} is already in initiative '{initiative}'",
    ),
    "yaml.no_initiative": ("câu hỏi {id} không thuộc sáng kiến nào", "question {id} is in no initiative"),
    "yaml.cycle": (
        "các điều kiện tiên quyết tạo thành vòng lặp: {cycle}",
        "prerequisites form a cycle: {cycle}",
    ),
    "yaml.no_profile": (
        "không có hồ sơ chấm điểm nào có mã '{ref}' (có sẵn: {known})",
        "no scoring profile with id '{ref}' (bundled: {known})",
    ),
    "yaml.no_profile.hint": (
        "hãy cho một mã có sẵn hoặc đường dẫn tới một tệp YAML hồ sơ chấm điểm",
        "give a bundled id or the path to a scoring profile YAML file",
    ),
    "yaml.no_bundled_profile": (
        "không có hồ sơ chấm điểm có sẵn nào cho bộ câu hỏi {id} {version}",
        "no bundled scoring profile for questionnaire {id} {version}",
    ),
    "yaml.no_bundled_profile.hint": (
        "hãy chỉ định một hồ sơ bằng --profile ĐƯỜNG_DẪN",
        "give one with --profile PATH",
    ),
    "yaml.no_labels": (
        "không có _base/labels.yaml trong các mẫu báo cáo",
        "no _base/labels.yaml in the report templates",
    ),
    "yaml.labels_invalid": ("{path}: nhãn báo cáo không hợp lệ", "{path}: invalid labels"),
    # the rules of the questionnaire and scoring models (PydanticCustomError types, assess.datafile)
    "pyd.string_pattern_mismatch": ("phải khớp mẫu {pattern}", "must match the pattern {pattern}"),
    "pyd.float_type": ("phải là một số", "must be a number"),
    "pyd.float_parsing": ("phải là một số", "must be a number"),
    "pyd.int_parsing": ("phải là một số nguyên", "must be a whole number"),
    "pyd.int_from_float": ("phải là một số nguyên", "must be a whole number"),
    "pyd.bool_parsing": ("phải là true hoặc false", "must be true or false"),
    "pyd.too_short": (
        "có {actual_length} mục, tối thiểu {min_length}",
        "holds {actual_length} items, at least {min_length}",
    ),
    "pyd.scale_missing": ("{what} thiếu mức {missing}", "{what} has no level {missing}"),
    "pyd.scale_outside": (
        "{what} có mức nằm ngoài {low}-{high}: {extra}",
        "{what} has level(s) outside {low}-{high}: {extra}",
    ),
    "pyd.scale_missing_outside": (
        "{what} thiếu mức {missing}; {what} có mức nằm ngoài {low}-{high}: {extra}",
        "{what} has no level {missing}; {what} has level(s) outside {low}-{high}: {extra}",
    ),
    "pyd.band_start": ("mức xếp loại đầu tiên phải bắt đầu từ 0", "the first band must start at 0"),
    "pyd.band_order": (
        "ngưỡng của các mức xếp loại phải tăng dần nghiêm ngặt",
        "band thresholds must increase strictly",
    ),
    "pyd.phase_end": (
        "hãy cho đúng một trong months, end_of_year, date",
        "give exactly one of months, end_of_year, date",
    ),
    "pyd.priority_order": (
        "các lớp ưu tiên phải đi từ ngưỡng cao nhất xuống 0",
        "priority classes must go from the highest threshold down to 0",
    ),
    "pyd.cost_band_open": (
        "mọi khoảng chi phí trừ khoảng cuối cần up_to_points; khoảng cuối nhận phần còn lại",
        "every cost band but the last needs up_to_points; the last takes the rest",
    ),
    "pyd.cost_band_order": (
        "up_to_points của các khoảng chi phí phải tăng dần",
        "cost bands' up_to_points must increase",
    ),
    "pyd.effort_capacity": (
        "công sức mỗi quý của một bước phải vừa với năng lực của mọi cơ quan",
        "a step's effort per quarter must fit in the capacity of every agency",
    ),
    "pyd.horizons": ("các mốc (horizons) phải là 2025 rồi 2030", "horizons must be 2025 then 2030"),
    "pyd.band_set_years": (
        "các bộ mức xếp loại phải theo from_year tăng dần",
        "band sets must be in increasing from_year",
    ),
    "pyd.band_set_ids": (
        "mọi bộ mức xếp loại phải có cùng các mã mức theo cùng thứ tự",
        "every band set must have the same band ids in the same order",
    ),
    "pyd.needs_help_band": (
        "needs_help.bands: không có mức xếp loại '{band}' (các mức: {bands})",
        "needs_help.bands: no band '{band}' (bands: {bands})",
    ),
}


class Localized:
    """A value of a message that is itself worded in the message's language: t fills it in."""

    def __init__(self, text: Callable[[Lang], str]) -> None:
        self.text = text


def t(key: str, lang: Lang, **values: Any) -> str:
    vi, en = CATALOGUE[key]
    text = vi if lang == "vi" else en
    if not values:
        return text
    return text.format(**{k: v.text(lang) if isinstance(v, Localized) else v for k, v in values.items()})
