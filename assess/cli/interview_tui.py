"""The interview's full-screen question screens (prompt_toolkit), used when stdin and stdout are a
terminal that is not TERM=dumb: single keys, a fixed header and key footer, and a rubric panel whose
description scrolls while the screen does not. Every command goes through the same `Interview`
methods, and every text through the same `Session` rules, as line mode: this module only draws and
maps keys."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from prompt_toolkit.application import Application
from prompt_toolkit.data_structures import Point
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import ANSI, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.layout.margins import ScrollbarMargin
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth
from prompt_toolkit.widgets import TextArea

from assess import submissions
from assess.cli import interview_screen
from assess.cli.console import console, plain
from assess.messages import t

if TYPE_CHECKING:
    from assess.cli.interview_session import Session
    from assess.interview import Interview

Outcome = Literal["quit", "finish", "info"]  # info: edit the agency details as lines, then come back
Mode = Literal["question", "review", "help"]

STYLE = Style.from_dict(
    {
        "header": "bold",
        "dim": "#888888",
        "qid": "bold ansicyan",
        "question": "bold",
        "selected": "reverse",
        "current": "bold ansigreen",
        "level": "bold",
        "rule": "#888888",
        "ok": "ansigreen",
        "warn": "ansiyellow",
        "error": "ansired bold",
        "keys": "reverse",
        "label": "bold",
    }
)


def fit(text: str, width: int) -> str:
    """`text` on one line of `width` cells, cut with … when longer."""
    text = plain(text).replace("\n", " ")
    if get_cwidth(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        cells = get_cwidth(char)
        if used + cells > width - 1:
            break
        out.append(char)
        used += cells
    return "".join(out) + "…"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in plain(text).split("\n"):
        lines += textwrap.wrap(paragraph, max(width, 10), subsequent_indent=indent) or [""]
    return lines


class FullScreen:
    """One full-screen run over the session's interview; `run` returns what ended it."""

    def __init__(self, session: Session) -> None:
        assert session.iv is not None
        self.session = session
        self.iv: Interview = session.iv
        self.lang = session.lang
        self.mode: Mode = "question"
        self.filter: str | None = None  # the review's filter (interview_screen.FILTERS), if any
        self.selected = self._default_selection()
        self.scroll = 0
        self.message: tuple[str, str] | None = None  # (text, style class)
        self.label = ""  # what the input line asks for
        self.accept: Callable[[str], bool] | None = None  # True: done, False: keep the line open
        self.input = TextArea(multiline=False, prompt="› ", style="class:input")
        self.app: Application[Outcome] = self._application()

    # --- what is shown -----------------------------------------------------------------------

    @property
    def width(self) -> int:
        return self.app.output.get_size().columns

    def _default_selection(self) -> int:
        level = self.iv.answer.level
        return level if level is not None else 0

    def _header(self) -> StyleAndTextTuples:
        iv, width = self.iv, self.width
        saved = self.session.saved_at
        right = interview_screen.elapsed(iv.total_seconds())
        if saved:
            right += "  " + t("tui.saved", self.lang, time=saved.strftime("%H:%M:%S"))
        left = fit(f"{iv.a.agency.id} · {iv.a.agency.name}", max(width - get_cwidth(right) - 2, 10))
        gap = max(width - get_cwidth(left) - get_cwidth(right), 1)
        x = iv.question
        pos, count = iv.position_in_group()
        where = t(
            "tui.position",
            self.lang,
            group=f"{x.group} {iv.q.group_by_id[x.group].title(self.lang)}",
            gpos=pos,
            gcount=count,
            pos=iv.index + 1,
            total=len(iv.order),
            done=iv.answered_count(),
        )
        return [
            ("class:header", left),
            ("", " " * gap),
            ("class:ok", right),
            ("", "\n"),
            ("class:dim", fit(where, width)),
        ]

    def _question(self) -> StyleAndTextTuples:
        x = self.iv.question
        text = x.text(self.lang)
        if x.na_allowed:
            text += f"  ({t('q.na_allowed', self.lang)})"
        lines = wrap(f"{x.id}  {text}", self.width)
        out: StyleAndTextTuples = [("class:qid", x.id), ("class:question", lines[0][len(x.id) :])]
        for line in lines[1:]:
            out += [("", "\n"), ("class:question", line)]
        return out

    def _rule(self, title: str = "") -> StyleAndTextTuples:
        head = f"── {title} " if title else ""
        return [("class:rule", head + "─" * max(self.width - get_cwidth(head), 0))]

    def _rubric(self) -> StyleAndTextTuples:
        iv, width = self.iv, self.width
        out: StyleAndTextTuples = []
        for level in range(6):
            current = iv.answer.level == level
            line = (
                f"{'›' if level == self.selected else ' '}{'▶' if current else ' '}{level} "
                f"{iv.q.level_name(level, self.lang)} — {iv.question.rubric[level](self.lang)}"
            )
            style = "class:selected" if level == self.selected else ("class:current" if current else "")
            line = fit(line, width)
            out += [(style, line + " " * (width - get_cwidth(line))), ("", "\n")]
        return out[:-1]

    def _panel_lines(self) -> list[tuple[str, str]]:
        """The scrolling part: the selected level in full, then guidance, evidence to ask for, and
        the note and evidence recorded."""
        iv, lang, width = self.iv, self.lang, self.width - 2  # a gap and the scroll bar
        x, answer = iv.question, iv.answer
        lines: list[tuple[str, str]] = []
        level = f"{self.selected} {iv.q.level_name(self.selected, lang)} — {x.rubric[self.selected](lang)}"
        lines += [("class:level", line) for line in wrap(level, width, "  ")]
        lines += [("class:dim", line) for line in wrap(f"{t('q.help', lang)}: {x.help(lang)}", width, "  ")]
        hint = f"{t('q.evidence_hint', lang)}: {x.evidence(lang)}"
        lines += [("class:dim", line) for line in wrap(hint, width, "  ")]
        if answer.note:
            lines += [("", line) for line in wrap(f"{t('q.note', lang)}: {answer.note}", width, "  ")]
        if answer.evidence:
            lines.append(("", f"{t('q.evidence', lang)}:"))
            for i, ref in enumerate(answer.evidence, 1):
                lines += [("", line) for line in wrap(f"  {i}. {ref}", width, "     ")]
        return lines

    def _review_lines(self) -> list[tuple[str, str]]:
        from io import StringIO

        buffer = StringIO()
        # the console every other screen uses: no control character from data reaches the terminal
        rich = console(file=buffer, width=self.width - 2, force_terminal=True, color_system="standard")
        rich.print(interview_screen.review(self.iv, self.lang, self.filter))
        return [("ansi", line) for line in buffer.getvalue().rstrip("\n").split("\n")]

    def _help_lines(self) -> list[str]:
        """The keys in a column as wide as the longest, what they do wrapped beside it (clear of
        the scroll bar in the last column)."""
        rows, rest = interview_screen.help_rows("tui.help", self.lang)
        width = self.width - 1
        column = max(get_cwidth(keys) for keys, _ in rows) + 2
        lines: list[str] = []
        for keys, text in rows:
            pad = " " * (column - get_cwidth(keys))
            lines += wrap(f"{keys}{pad}{text}", width, " " * column)
        for line in rest:
            lines += wrap(line, width)
        return lines

    def _body(self) -> StyleAndTextTuples:
        if self.mode == "help":
            lines = [("", line) for line in self._help_lines()]
        elif self.mode == "review":
            lines = self._review_lines()
        else:
            lines = self._panel_lines()
        info = self.body.render_info
        height = info.window_height if info is not None else 1
        self.scroll = max(0, min(self.scroll, len(lines) - height))  # the last page stays full
        out: StyleAndTextTuples = []
        for style, line in lines:
            if style == "ansi":
                out += to_formatted_text(ANSI(line))
            else:
                out.append((style, line))
            out.append(("", "\n"))
        return out[:-1]

    def _status(self) -> StyleAndTextTuples:
        if self.mode != "question":
            return []
        text = interview_screen.current_answer(self.iv, self.lang)
        style = "class:ok" if self.iv.answer.answered else "class:warn"
        head = f"{t('q.current', self.lang)}: "
        return [("class:label", head), (style, fit(text.plain[len(head) :], self.width - len(head)))]

    def _message(self) -> StyleAndTextTuples:
        if self.message is not None:  # a refusal shows above the input line it refers to
            text, style = self.message
            return [(style, fit(text, self.width))]
        if self.accept is not None:
            return [("class:label", fit(self.label, self.width))]
        return []

    def _footer(self) -> StyleAndTextTuples:
        if self.accept is not None:
            key = "tui.input_keys"
        else:
            key = {"question": "tui.keys", "review": "tui.review_keys", "help": "tui.help_keys"}[self.mode]
        out: StyleAndTextTuples = []
        for line in t(key, self.lang).split("\n"):
            line = fit(line, self.width)
            out += [("class:keys", line + " " * (self.width - get_cwidth(line))), ("", "\n")]
        return out[:-1]

    # --- the application ---------------------------------------------------------------------

    def _application(self) -> Application[Outcome]:
        typing = Condition(lambda: self.accept is not None)
        in_question = Condition(lambda: self.mode == "question")
        body = Window(
            FormattedTextControl(
                self._body, focusable=True, get_cursor_position=lambda: Point(0, self.scroll)
            ),
            get_vertical_scroll=lambda window: self.scroll,
            right_margins=[ScrollbarMargin(display_arrows=True)],
            wrap_lines=False,
        )
        self.body = body
        layout = HSplit(
            [
                Window(FormattedTextControl(self._header), height=2),
                Window(FormattedTextControl(lambda: self._rule()), height=1),
                ConditionalContainer(
                    HSplit(
                        [
                            Window(
                                FormattedTextControl(self._question),
                                height=Dimension(min=1, max=5),
                                dont_extend_height=True,
                            ),
                            Window(
                                FormattedTextControl(lambda: self._rule(t("tui.rubric", self.lang))), height=1
                            ),
                            Window(FormattedTextControl(self._rubric), height=6),
                            Window(FormattedTextControl(lambda: self._rule()), height=1),
                        ]
                    ),
                    filter=in_question,
                ),
                body,
                ConditionalContainer(
                    Window(FormattedTextControl(self._status), height=1), filter=in_question
                ),
                Window(FormattedTextControl(self._message), height=1),
                ConditionalContainer(self.input, filter=typing),
                Window(FormattedTextControl(self._footer), height=Dimension(min=1, max=2)),
            ]
        )
        app: Application[Outcome] = Application(
            layout=Layout(layout, focused_element=body),
            key_bindings=self._keys(typing),
            style=STYLE,
            full_screen=True,
            mouse_support=False,
        )
        app.ttimeoutlen = 0.05  # Esc cancels at once
        return app

    def run(self) -> Outcome:
        return self.app.run()

    # --- keys --------------------------------------------------------------------------------

    def _keys(self, typing: Condition) -> KeyBindings:
        kb = KeyBindings()
        idle = ~typing

        @kb.add("c-c", eager=True)
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt())

        @kb.add("enter", filter=typing)
        def _accept(event: KeyPressEvent) -> None:
            assert self.accept is not None
            text = submissions.cell_text(self.input.text)  # NFC, as batch and line mode store text
            self.message = None
            if self._guard(lambda: self.accept(text) if self.accept else True):
                self._close_input()

        @kb.add("escape", filter=typing, eager=True)
        def _cancel(event: KeyPressEvent) -> None:
            self._close_input()
            self.message = (t("q.cancelled", self.lang), "class:warn")

        def dispatch(event: KeyPressEvent) -> None:
            key = event.key_sequence[0].key
            name = key.value if isinstance(key, Keys) else key
            self.message = None
            if self.mode == "help":  # any key goes back
                self.mode, self.scroll = "question", 0
                return
            handler = self._review_key if self.mode == "review" else self._question_key
            self._guard(lambda: handler(name))

        # each key named: prompt_toolkit's own bindings for the arrows and pages win over <any>
        for key in [*"012345", *"bsanNegr?hqfmiu", "up", "down", "left", "right", "pageup", "pagedown"]:
            kb.add(key, filter=idle)(dispatch)
        kb.add("enter", filter=idle)(dispatch)
        kb.add("escape", filter=idle)(dispatch)
        kb.add("<any>", filter=idle)(dispatch)

        return kb

    def _guard(self, action: Callable[[], bool | None]) -> bool:
        """Run a command: a refusal is shown (and the input line stays open); a file that can no
        longer be written ends the screen with the same error line mode gives."""
        from assess.interview import InterviewError

        try:
            return action() is not False
        except InterviewError as exc:
            self.message = (t(exc.key, self.lang, **exc.values), "class:error")
            return False
        except Exception as exc:  # a file that cannot be written (exit 2), or a bug (exit 3): as line mode
            self.app.exit(exception=exc)
            return True

    def _ask(self, label: str, accept: Callable[[str], bool], prefill: str = "") -> None:
        self.label, self.accept, self.message = label, accept, None
        self.input.text = prefill
        self.input.buffer.cursor_position = len(prefill)
        self.app.layout.focus(self.input)

    def _close_input(self) -> None:
        self.accept, self.label = None, ""
        self.input.text = ""
        self.app.layout.focus(self.body)

    def _moved(self) -> None:
        self.selected, self.scroll = self._default_selection(), 0

    def _next(self, moved: bool) -> None:
        """After an answer or a skip: the next question, or the review after the last one."""
        if moved:
            self._moved()
        else:
            self.mode, self.scroll = "review", 0

    def _question_key(self, key: str) -> None:
        iv = self.iv
        if key in "012345" and len(key) == 1:
            iv.set_level(int(key))
            self._next(iv.next())
        elif key == "c-m":
            iv.set_level(self.selected)
            self._next(iv.next())
        elif key == "up":
            self.selected, self.scroll = max(self.selected - 1, 0), 0
        elif key == "down":
            self.selected, self.scroll = min(self.selected + 1, 5), 0
        elif key in ("pagedown", "pageup"):
            self.scroll += 3 if key == "pagedown" else -3
        elif key in ("b", "left"):
            iv.back()
            self._moved()
        elif key in ("s", "right"):
            self._next(iv.skip())
        elif key == "a":
            self._na()
        elif key == "n":
            self._ask(t("q.note_prompt", self.lang), lambda text: self._note(text, replace=False))
        elif key == "N":
            prompt = t("q.note_edit_prompt", self.lang)
            self._ask(prompt, lambda text: self._note(text, replace=True), prefill=iv.answer.note)
        elif key == "e":
            self._ask(t("q.evidence_prompt", self.lang), self._evidence)
        elif key == "g":
            self._ask(t("q.goto_prompt", self.lang), self._go)
        elif key == "m":
            flagged = iv.toggle_flag()
            text = t("q.flagged" if flagged else "q.unflagged", self.lang, question=iv.question.id)
            self.message = (text, "class:ok")
        elif key == "i":
            self.app.exit(result="info")
        elif key == "r":
            self.mode, self.scroll = "review", 0
        elif key in ("?", "h"):
            self.mode, self.scroll = "help", 0
        elif key == "q":
            self.app.exit(result="quit")
        elif len(key) == 1:
            self.message = (t("q.invalid", self.lang, value=key), "class:error")

    def _na(self) -> None:
        from assess.interview import InterviewError

        iv = self.iv
        if not iv.question.na_allowed:
            raise InterviewError("interview.na_not_allowed", question=iv.question.id)

        def accept(reason: str) -> bool:
            if not reason:
                self.message = (t("q.cancelled", self.lang), "class:warn")
                return True
            iv.set_na(reason)
            self._next(iv.next())
            return True

        self._ask(t("q.na_reason", self.lang), accept)

    def _note(self, text: str, replace: bool) -> bool:
        if not text:
            self.message = (t("q.cancelled", self.lang), "class:warn")
            return True
        self.session.notice = None
        self.session._note(text, replace=replace)  # the same rules as `n`, `n=` and `n -`
        if self.session.notice is not None:
            text, style = self.session.notice
            self.message = (text, "class:ok" if style == "green" else "class:warn")
            self.session.notice = None
        return True

    def _evidence(self, text: str) -> bool:
        if not text:
            self.message = (t("q.cancelled", self.lang), "class:warn")
            return True
        self.session._evidence(text)  # the same rules as `e ref` and `e -N`
        return True

    def _go(self, ref: str) -> bool:
        if not ref:
            return True
        self.iv.go(ref)
        self.mode = "question"
        self._moved()
        return True

    def _review_key(self, key: str) -> None:
        iv = self.iv
        if key in ("escape", "c-m"):
            self.mode, self.scroll = "question", 0
        elif key in ("down", "pagedown"):
            self.scroll += 1 if key == "down" else 5
        elif key in ("up", "pageup"):
            self.scroll -= 1 if key == "up" else 5
        elif key == "g":
            self._ask(t("q.goto_prompt", self.lang), self._go)
        elif key in interview_screen.FILTERS:
            chosen = interview_screen.FILTERS[key]
            self.filter, self.scroll = (None if self.filter == chosen else chosen), 0
        elif key in ("?", "h"):
            self.mode, self.scroll = "help", 0
        elif key == "q":
            self.app.exit(result="quit")
        elif key == "f":
            missing = sum(len(p.unanswered) for p in iv.progress())
            if not missing:
                self.app.exit(result="finish")
                return
            confirm = "review.confirm_unanswered_one" if missing == 1 else "review.confirm_unanswered"
            self._ask(t(confirm, self.lang, count=missing), self._confirm_finish)

    def _confirm_finish(self, answer: str) -> bool:
        from assess.cli.interview_session import NO, YES

        if answer.casefold() in YES:
            self.app.exit(result="finish")
            return True
        if answer.casefold() in NO or not answer:
            return True
        self.message = (t("intake.bad_yes_no", self.lang), "class:error")
        self.input.text = ""
        return False
