"""The interview session behind `assess interview`: the terminal, intake and the question loop
(imported only when an interview runs, so `assess --help` stays light)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType

from assess import assessment as am  # the interview's own model; its text limits bound the intake
from assess import submissions  # batch's rules for typed text, dates, yes/no and N/A words
from assess.cli.console import console, plain
from assess.errors import UsageError
from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang
    from assess.interview import Interview
    from assess.questionnaire import Questionnaire


class EndOfInput(Exception):
    """Standard input ran out (scripted use): save and stop."""


class Terminal:
    """Line-based input and Rich output; plain and scroll-only when not a terminal."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.console = console()  # prints no control character from data, whatever it is given
        self.interactive = sys.stdin.isatty() and self.console.is_terminal
        # the question screens go full screen on a terminal that can draw one; piped input and
        # TERM=dumb keep the line mode
        self.full_screen = self.interactive and os.environ.get("TERM", "dumb") not in ("", "dumb")
        if self.interactive:
            import readline  # noqa: F401 - line editing and history for input()

    def show(self, renderable: RenderableType | str) -> None:
        self.console.print(renderable)

    def say(self, key: str, style: str = "", **values: Any) -> None:
        self.console.print(t(key, self.lang, **values), style=style or None, markup=False, highlight=False)

    def clear(self) -> None:
        if self.interactive:
            self.console.clear()

    def ask(self, label: str, prefill: str = "") -> str:
        if prefill and self.interactive:
            import readline

            readline.set_startup_hook(lambda: readline.insert_text(prefill))
        try:
            if self.interactive:
                # The prompt goes through input() so that readline knows it: line editing (Ctrl-A,
                # history with the arrows) redraws the line without erasing the prompt. \001 and
                # \002 tell readline which bytes take no room on the screen.
                bold = os.environ.get("TERM", "dumb") not in ("", "dumb")
                text = f"{plain(label)} › "
                value = input(f"\001\x1b[1m\002{text}\001\x1b[0m\002" if bold else text)
            else:
                self.console.print(f"{label} › ", end="", style="bold", markup=False, highlight=False)
                value = input()
            value = submissions.cell_text(value)  # NFC, as batch stores text
            if not self.interactive:
                # piped input is not echoed: show it, so a transcript reads like the session
                self.console.print(value, markup=False, highlight=False)
            return value
        except EOFError:
            raise EndOfInput from None
        finally:
            if prefill and self.interactive:
                import readline

                readline.set_startup_hook(None)

    def yes(self, label: str) -> bool:
        while True:
            answer = self.ask(label).casefold()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("intake.bad_yes_no", "red")


YES = {"c", "có", "co", "y", "yes", "1", "true"}
NO = {"k", "không", "khong", "n", "no", "0", "false"}


@dataclass
class Field:
    key: str
    label: str
    parse: Callable[[str, Questionnaire, Lang], Any]  # raises ValueError(message) for a bad value


def _text(max_len: int, required: bool = True) -> Callable[[str, Questionnaire, Lang], str]:
    def parse(value: str, q: Questionnaire, lang: Lang) -> str:
        if required and not value:
            raise ValueError(t("intake.required", lang))
        if len(value) > max_len:
            raise ValueError(t("intake.too_long", lang, max=max_len))
        if am.control_problem(value):
            raise ValueError(t("intake.control", lang))
        return value

    return parse


def _block(value: str, q: Questionnaire, lang: Lang) -> str:
    if value.isdigit() and 1 <= int(value) <= len(q.blocks):
        return q.blocks[int(value) - 1].id
    block = q.match_block(value)
    if block is None:
        raise ValueError(t("intake.bad_block", lang, value=value, count=len(q.blocks)))
    return block.id


def _yes_no(value: str, q: Questionnaire, lang: Lang) -> bool:
    found = submissions.key_agency(value) if value else None  # batch's words for the same column
    if found is None:
        raise ValueError(t("intake.bad_yes_no", lang))
    return found


def _date(value: str, q: Questionnaire, lang: Lang) -> str:
    today = date.today()
    if not value:
        return today.isoformat()
    day = submissions.parse_date(value)  # batch's reading of a date, and its rule below
    if day is None:
        raise ValueError(t("intake.bad_date", lang, value=value))
    if submissions.in_future(day, today):
        raise ValueError(t("intake.date_future", lang, today=today.isoformat()))
    if day < am.EARLIEST:
        raise ValueError(t("intake.date_early", lang, earliest=am.EARLIEST.isoformat()))
    return day.isoformat()


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d*)?")
_NA_WORDS = sorted(submissions.NA_WORDS, key=len, reverse=True)


def _na_command(raw: str) -> str | None:
    """The reason typed after a word batch reads as N/A (na, N/A, không áp dụng, ...), or None
    when the line does not start with one."""
    folded = raw.casefold()
    for word in _NA_WORDS:
        if folded == word or folded.startswith(word + " "):
            return raw[len(word) :].strip()
    return None


FIELDS = [
    Field("id", "intake.agency_id", _text(am.ID_MAX)),
    Field("name", "intake.name", _text(am.SHORT_MAX)),
    Field("block", "intake.block", _block),
    Field("province", "intake.province", _text(am.SHORT_MAX)),
    Field("governing_body", "intake.governing_body", _text(am.SHORT_MAX)),
    Field("key_agency", "intake.key_agency", _yes_no),
    Field("assessor", "intake.assessor", _text(am.SHORT_MAX)),
    Field("assessed_on", "intake.date", _date),
]


_AGENCY_KEYS = ("id", "name", "block", "province", "governing_body", "key_agency")  # the rest: assessment


def _draft_values(draft: object, q: Questionnaire, lang: Lang) -> dict[str, Any]:
    """What a saved intake draft holds that the intake itself would accept (the draft is a file
    like any other: what no longer passes is asked again)."""
    values: dict[str, Any] = {}
    if not isinstance(draft, dict):
        return values
    for field in FIELDS:
        value = draft.get(field.key)
        if isinstance(value, bool) and field.key == "key_agency":
            values[field.key] = value
        elif isinstance(value, str):
            try:
                values[field.key] = field.parse(value, q, lang)
            except ValueError:
                continue
    return values


class Session:
    """One run of the command: find or create the file, then walk the questions."""

    def __init__(self, term: Terminal, questionnaire_ref: str | None, profile_ref: str | None) -> None:
        self.term = term
        self.lang = term.lang
        self.questionnaire_ref = questionnaire_ref
        self.profile_ref = profile_ref
        self.path: Path | None = None
        self.iv: Interview | None = None
        self.started = time.monotonic()
        self.draft_path: Path | None = None  # while the intake is typed
        self.notice: tuple[str, str] | None = None  # said under the next screen: (message, style)
        self.saved_at: datetime | None = None  # the last write of the assessment file (shown full screen)
        self._locks = contextlib.ExitStack()
        self._locked: Path | None = None

    # --- files -------------------------------------------------------------------------------

    def _save(self, a: am.Assessment) -> None:
        assert self.path is not None
        with self._writing(self.path):
            am.save(a, self.path)
        self.saved_at = datetime.now()

    @contextlib.contextmanager
    def _writing(self, path: Path) -> Iterator[None]:
        """A write the machine refuses (permissions, disk full, read-only) is exit 2 with the
        reason, never an internal error."""
        try:
            yield
        except OSError as exc:
            raise self._cannot_write(path, exc.strerror or str(exc)) from None

    def _cannot_write(self, path: Path, reason: str) -> UsageError:
        return UsageError(
            t("file.cannot_write", self.lang, path=path, reason=reason),
            hint=t("file.cannot_write.hint", self.lang),
        )

    def _check_writable(self, path: Path, *, folder_only: bool = False) -> None:
        """Before any question is asked: the folder can be made and written in, and the file, if
        there, is a regular file its owner may write. A read-only file is refused, not silently
        replaced; the folder is tried with a real temporary file (as root, permission bits
        alone would say yes to a read-only filesystem)."""
        folder = path.parent
        for above in (folder, *folder.parents):
            if above.exists():
                if not above.is_dir():
                    raise self._cannot_write(path, t("file.not_a_folder", self.lang, folder=above))
                break
        try:
            folder.mkdir(parents=True, exist_ok=True)
            there = path.stat()
        except FileNotFoundError:
            there = None
        except OSError as exc:
            raise self._cannot_write(path, exc.strerror or str(exc)) from None
        if there is not None and not folder_only:
            if stat.S_ISDIR(there.st_mode):
                raise UsageError(
                    t("output.is_folder", self.lang, path=path),
                    hint=t("output.is_folder.hint", self.lang, suggestion=path / "assessment.json"),
                )
            if not stat.S_ISREG(there.st_mode):
                raise self._cannot_write(path, t("file.not_regular", self.lang))
            if not there.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
                raise UsageError(
                    t("file.read_only", self.lang, path=path),
                    hint=t("file.read_only.hint", self.lang, path=path),
                )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise self._cannot_write(path, t("file.no_permission", self.lang))
        with self._writing(path):
            fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            Path(probe).unlink()

    def _lock(self, path: Path) -> None:
        """Hold `path` for this run: a second interview on the same file is refused (exit 2),
        naming the host and process that has it, instead of the last writer silently winning."""
        from assess import atomicfile

        if self._locked is not None and self._locked.resolve() == path.resolve():
            return
        self._unlock()
        since = am.now().astimezone().isoformat(timespec="seconds")
        try:
            with self._writing(path):
                self._locks.enter_context(atomicfile.exclusive(path, since))
        except atomicfile.Busy as busy:
            holder = busy.holder
            raise UsageError(
                t("file.busy", self.lang, path=path, **holder),
                hint=t("file.busy.hint", self.lang, **holder),
            ) from None
        self._locked = path

    def _unlock(self) -> None:
        self._locks.close()
        self._locked = None

    def _claim(self, path: Path) -> None:
        """The file this run may write: writable, and held by no other interview."""
        self._check_writable(path)
        self._lock(path)

    def _load(self, path: Path) -> tuple[am.Assessment, Questionnaire]:
        from assess import questionnaire as qm

        a = am.load(path, self.lang)
        _, q = qm.resolve(self.questionnaire_ref or a.questionnaire.id, self.lang)
        am.check(a, q, str(path), self.lang)
        return a, q

    def _open_existing(self, path: Path, resume: bool) -> tuple[am.Assessment, Questionnaire] | None:
        """An existing file: resume it, reopen or overwrite a completed one, or stop (None)."""
        a, q = self._load(path)
        self.path = path
        if a.status == "in_progress":
            done = sum(a.answer(x.id).answered for x in q.applicable(a.agency.block))
            total = len(q.applicable(a.agency.block))
            if resume or self.term.yes(
                t("file.resume_ask", self.lang, path=path, name=a.agency.name, done=done, total=total)
            ):
                return a, q
            self.term.say("file.not_resumed")
            return None
        while True:
            choice = self.term.ask(
                t("file.complete_ask", self.lang, path=path, name=a.agency.name)
            ).casefold()
            if choice in ("m", "r"):
                return a, q
            if choice in ("g", "o"):
                confirm = self.term.ask(t("file.overwrite_confirm", self.lang)).casefold()
                if confirm in ("ghi đè", "overwrite"):
                    return self._intake(q, path)
                self.term.say("file.not_overwritten")
                return None
            if choice in ("t", "q", ""):
                return None

    def _intake_draft(self, output: Path | None) -> Path:
        if output is not None:
            return output.parent / f".{output.name}.intake.json"
        return Path(".assess-intake.json")

    def _intake(self, q: Questionnaire, path: Path | None) -> tuple[am.Assessment, Questionnaire] | None:
        """Ask who is being assessed; every field typed is kept in a draft file until the
        assessment file exists, so a crash during intake loses nothing either."""
        from assess import atomicfile

        draft_path = self.draft_path = self._intake_draft(path)
        values: dict[str, Any] = {}
        if draft_path.exists():
            try:
                values = _draft_values(json.loads(draft_path.read_text(encoding="utf-8")), q, self.lang)
                self.term.say("file.draft_found", "green")
            except (OSError, ValueError, RecursionError):
                values = {}
        self.term.show(f"[bold]{t('intake.title', self.lang)}[/]")
        for field in FIELDS:
            previous = values.get(field.key)
            values[field.key] = self._ask_field(field, q, previous)
            if values[field.key] != previous or previous is None:
                with self._writing(draft_path):
                    atomicfile.write_text(draft_path, json.dumps(values, ensure_ascii=False))
            if field.key == "id" and path is None:
                # the default file name is known now: a clash is settled before anything more is typed
                chosen = self._default_file(values["id"])
                if isinstance(chosen, tuple):
                    draft_path.unlink(missing_ok=True)
                    self.draft_path = None
                    return chosen
                path = chosen

        agency = am.Agency(
            id=values["id"],
            name=values["name"],
            block=values["block"],
            province=values["province"],
            governing_body=values["governing_body"],
            key_agency=values["key_agency"],
        )
        assert path is not None
        a = am.new(
            q,
            agency,
            assessor=values["assessor"],
            assessed_on=date.fromisoformat(values["assessed_on"]),
            origin=am.Origin(kind="interview"),
        )
        self.path = path
        self._save(a)
        draft_path.unlink(missing_ok=True)
        self.draft_path = None
        applicable = len(q.applicable(agency.block))
        self.term.say(
            "intake.applicable",
            "dim",
            count=applicable,
            skipped=len(q.questions) - applicable,
            block=q.block_by_id[agency.block].name(self.lang),
        )
        return a, q

    def _ask_field(self, field: Field, q: Questionnaire, previous: Any) -> Any:
        """One intake field, asked until it passes; Enter keeps `previous` when there is one."""
        if field.key == "block":
            for i, block in enumerate(q.blocks, 1):
                self.term.console.print(f"  {i}. {block.name(self.lang)}", markup=False)
        label = t(field.label, self.lang, today=date.today().isoformat())
        if previous not in (None, ""):
            shown = previous
            if field.key == "block":
                shown = q.block_by_id[previous].name(self.lang)
            elif field.key == "key_agency":
                shown = t("yes" if previous else "no", self.lang)
            label += f" ({t('intake.keep', self.lang, value=shown)})"
        while True:
            raw = self.term.ask(label)
            if not raw and previous not in (None, ""):
                return previous
            try:
                return field.parse(raw, q, self.lang)
            except ValueError as exc:
                self.term.console.print(str(exc), style="red", markup=False)

    def _edit_agency(self) -> None:
        """`i`: the intake's fields asked again with the current values (Enter keeps each), checked
        by the same rules. A new id is written into the same file (its name stays); a block that
        would leave answered questions out is refused (Interview.set_agency)."""
        iv = self.iv
        assert iv is not None and self.path is not None
        a = iv.a
        current: dict[str, Any] = {
            **a.agency.model_dump(include=set(_AGENCY_KEYS)),
            "assessor": a.assessor,
            "assessed_on": a.assessed_on.isoformat(),
        }
        self.term.show(f"[bold]{t('agency.title', self.lang)}[/]")
        values = {field.key: self._ask_field(field, iv.q, current[field.key]) for field in FIELDS}
        if values == current:
            self._notify("agency.unchanged", "dim")
            return
        agency = a.agency.model_copy(update={k: values[k] for k in _AGENCY_KEYS})
        iv.set_agency(agency, values["assessor"], date.fromisoformat(values["assessed_on"]))
        if values["id"] != current["id"]:
            self._notify("agency.id_changed", "yellow", old=current["id"], new=values["id"], path=self.path)
        else:
            self._notify("agency.saved", "green")

    def _notify(self, key: str, style: str, **values: Any) -> None:
        self.notice = (t(key, self.lang, **values), style)

    def _default_file(self, agency_id: str) -> Path | tuple[am.Assessment, Questionnaire]:
        """The file named after the agency id, claimed as soon as the id is typed: a file there
        for this agency is offered to resume (or reopen); one for another agency, or one that
        cannot be read, is left alone and the next free name (`ID-2.json`, ...) is used. Nothing
        typed is thrown away: declining goes on with the intake under a new name."""
        from assess.errors import AssessError
        from assess.filenames import safe_stem

        stem = safe_stem(agency_id)
        number = 1
        while True:
            path = Path(f"{stem}.json" if number == 1 else f"{stem}-{number}.json")
            number += 1
            self._claim(path)
            if not path.exists():
                return path
            new = Path(f"{stem}-{number}.json")
            try:
                a, q = self._load(path)
            except AssessError:
                self.term.say("file.default_unusable", "yellow", path=path, new=new)
                continue
            if a.agency.id != agency_id:
                self.term.say(
                    "file.default_taken", "yellow", path=path, name=a.agency.name, id=a.agency.id, new=new
                )
                continue
            applicable = q.applicable(a.agency.block)
            if a.status == "in_progress":
                done = sum(a.answer(x.id).answered for x in applicable)
                question = t(
                    "file.resume_ask",
                    self.lang,
                    path=path,
                    name=a.agency.name,
                    done=done,
                    total=len(applicable),
                )
            else:
                question = t("file.default_complete_ask", self.lang, path=path, name=a.agency.name, new=new)
            if self.term.yes(question):
                self.path = path
                return a, q
            self.term.say("file.default_new", new=new)

    # --- the run -----------------------------------------------------------------------------

    def run(self, path: Path | None, resume: bool) -> int:
        try:
            return self._run(path, resume)
        finally:
            self._unlock()

    def _run(self, path: Path | None, resume: bool) -> int:
        from assess import questionnaire as qm
        from assess.interview import Interview

        try:
            if resume:
                assert path is not None
                if not path.exists():
                    raise UsageError(t("file.resume_missing", self.lang, path=path))
                self._claim(path)
                opened = self._open_existing(path, resume=True)
            elif path is not None:
                # before any question: the file can be written, and no other interview has it
                self._claim(path)
                if path.exists():
                    opened = self._open_existing(path, resume=False)
                else:
                    _, q = qm.resolve(self.questionnaire_ref, self.lang)
                    opened = self._intake(q, path)
            else:
                # the folder the default name will be in (the name is known once the id is typed)
                self._check_writable(Path("assessment.json"), folder_only=True)
                _, q = qm.resolve(self.questionnaire_ref, self.lang)
                opened = self._intake(q, path)
        except EndOfInput:
            self.term.say("quit.eof", "yellow")
            self._draft_kept()
            return 0
        if opened is None:
            return 0
        a, q = opened
        assert self.path is not None
        self.iv = Interview(q, a, self._save, session_seconds=lambda: time.monotonic() - self.started)
        self.term.say("file.saving_to", "dim", path=self.path)
        try:
            return self._full_screen() if self.term.full_screen else self._loop()
        except EndOfInput:
            self.term.say("quit.eof", "yellow")
            self._resume_hint("quit.saved")
            return 0

    def _draft_kept(self) -> None:
        if self.draft_path is not None and self.draft_path.exists():
            self.term.say("quit.intake_kept", draft=self.draft_path)

    def _resume_hint(self, key: str) -> None:
        if self.path is None:
            return
        self.term.say(key, path=self.path)
        command = ["assess", "interview", "--resume", str(self.path)]
        if self.questionnaire_ref:
            command += ["--questionnaire", self.questionnaire_ref]
        self.term.console.print("  " + shlex.join(command), markup=False, style="bold")

    def interrupted(self) -> None:
        self.term.console.print()
        if self.iv is None:  # still in the intake: the file is not made yet, the draft is kept
            self._draft_kept()
            return
        self._resume_hint("quit.interrupted")

    def _loop(self) -> int:
        from assess.interview import InterviewError

        iv = self.iv
        assert iv is not None
        redraw = True
        while True:
            if redraw:
                self.term.clear()
                self.term.show(self._question_screen())
                if self.notice is not None:
                    text, style = self.notice
                    self.term.console.print(text, style=style, markup=False, highlight=False)
            self.notice = None
            redraw = True
            raw = self.term.ask(f"{iv.question.id} {t('q.prompt', self.lang)}")
            command, _, rest = raw.partition(" ")
            command, rest = command.casefold(), rest.strip()
            if command.startswith("n=") and len(command) > 2:  # n=text, without the space
                command, rest = "n=", f"{raw[2:]}".strip()
            na_reason = _na_command(raw)
            if na_reason is not None:
                command, rest = "na", na_reason
            try:
                if command in ("0", "1", "2", "3", "4", "5") and not rest:
                    iv.set_level(int(command))
                    if not iv.next():
                        outcome = self._review()
                        if outcome is not None:
                            return outcome
                elif command == "na":
                    if not iv.question.na_allowed:
                        raise InterviewError("interview.na_not_allowed", question=iv.question.id)
                    reason = rest or self.term.ask(t("q.na_reason", self.lang))
                    if not reason:
                        self.term.say("q.cancelled", "yellow")
                        redraw = False
                        continue
                    iv.set_na(reason)
                    if not iv.next():
                        outcome = self._review()
                        if outcome is not None:
                            return outcome
                elif command in ("n", "n="):
                    self._note(rest, replace=command == "n=")
                elif command == "e":
                    self._evidence(rest)
                elif command == "b":
                    iv.back()
                elif command == "s":
                    if not iv.skip():
                        outcome = self._review()
                        if outcome is not None:
                            return outcome
                elif command == "g":
                    iv.go(rest or self.term.ask(t("q.goto_prompt", self.lang)))
                elif command == "m" and not rest:
                    flagged = iv.toggle_flag()
                    key = "q.flagged" if flagged else "q.unflagged"
                    self._notify(key, "magenta", question=iv.question.id)
                elif command == "i" and not rest:
                    self._edit_agency()  # a refusal (a block that drops answers) is said below
                elif command == "r":
                    outcome = self._review()
                    if outcome is not None:
                        return outcome
                elif command in ("?", "h", "help"):
                    self.term.show(self._help())
                    redraw = False
                elif command == "q":
                    self._resume_hint("quit.saved")
                    return 0
                elif _NUMBER.fullmatch(command) and not rest:
                    self.term.say("q.bad_level", "red", value=raw)
                    redraw = False
                else:
                    self.term.say("q.invalid", "red", value=raw)
                    redraw = False
            except InterviewError as exc:
                self.term.say(exc.key, "red", **exc.values)
                redraw = False

    def _full_screen(self) -> int:
        """The question screens as one full-screen application (the same commands, single keys);
        quitting and finishing then print what line mode prints."""
        from assess.cli.interview_tui import FullScreen
        from assess.interview import InterviewError

        while True:
            screen = FullScreen(self)
            if self.notice is not None:  # what the agency edit did, on the screen it returns to
                text, style = self.notice
                screen.message = (text, {"green": "class:ok", "red": "class:error"}.get(style, "class:warn"))
                self.notice = None
            outcome = screen.run()
            if outcome != "info":
                break
            try:
                self._edit_agency()  # as lines, like the intake; then the full screen again
            except InterviewError as exc:
                self._notify(exc.key, "red", **exc.values)
        if outcome == "finish":
            return self._finish()
        self._resume_hint("quit.saved")
        return 0

    def _question_screen(self) -> RenderableType:
        from assess.cli import interview_screen

        assert self.iv is not None
        return interview_screen.question(self.iv, self.lang)

    def _help(self) -> RenderableType:
        from assess.cli import interview_screen

        return interview_screen.help_screen(self.lang)

    def _note(self, inline: str, replace: bool) -> None:
        """`n text` adds a line to the note, `n= text` replaces it, `n -` clears it; with no
        text, a prompt (for `n=`, on a terminal, with the current note to edit). The next screen
        says what was done."""
        iv = self.iv
        assert iv is not None
        if inline:
            text = inline
        elif replace:
            text = self.term.ask(t("q.note_edit_prompt", self.lang), prefill=iv.answer.note)
        else:
            text = self.term.ask(t("q.note_prompt", self.lang))
        if not text:
            self._notify("q.cancelled", "yellow")
            return
        if text == "-":
            iv.set_note("")
            self._notify("q.note_cleared", "green")
        elif replace:
            iv.set_note(text)
            self._notify("q.note_replaced", "green")
        else:
            iv.add_note(text)
            self._notify("q.note_added", "green")

    def _evidence(self, inline: str) -> None:
        from assess.interview import InterviewError

        assert self.iv is not None
        text = inline or self.term.ask(t("q.evidence_prompt", self.lang))
        if not text:
            return
        if text.startswith("-") and text[1:].isdigit():
            self.iv.remove_evidence(int(text[1:]))
        elif text.startswith("-"):
            raise InterviewError("interview.no_such_evidence", number=text[1:])
        else:
            self.iv.add_evidence(text)

    def _review(self) -> int | None:
        """The review screen; returns an exit code when the interview ends, None to go on."""
        from assess.cli import interview_screen
        from assess.interview import InterviewError

        iv = self.iv
        assert iv is not None
        kind: str | None = None  # the filter shown, if any
        error: tuple[str, dict[str, Any]] | None = None  # said under the redrawn review, to be read
        while True:
            self.term.clear()
            self.term.show(interview_screen.review(iv, self.lang, kind))
            self.term.say("review.keys", "dim")
            if error is not None:
                self.term.say(error[0], "red", **error[1])
                error = None
            choice = self.term.ask(t("review.prompt", self.lang))
            if not choice:
                return None
            if choice.casefold() in interview_screen.FILTERS:
                chosen = interview_screen.FILTERS[choice.casefold()]
                kind = None if kind == chosen else chosen
                continue
            if choice.casefold() == "q":
                self._resume_hint("quit.saved")
                return 0
            if choice.casefold() == "f":
                missing = sum(len(p.unanswered) for p in iv.progress())
                key = "review.confirm_unanswered_one" if missing == 1 else "review.confirm_unanswered"
                if missing and not self.term.yes(t(key, self.lang, count=missing)):
                    continue
                return self._finish()
            try:
                iv.go(choice)
                return None
            except InterviewError as exc:
                error = (exc.key, exc.values)

    def _finish(self) -> int:
        from assess import result, scoring
        from assess.cli import render
        from assess.errors import AssessError

        iv = self.iv
        assert iv is not None and self.path is not None
        a = iv.finish()
        self.term.say("finish.done", "bold green", path=self.path)
        try:
            profile = scoring.resolve(self.profile_ref, iv.q, self.lang)
            self.term.show(render.summary(result.evaluate(a, iv.q, profile), self.lang))
        except AssessError as exc:
            self.term.say("finish.no_profile", "yellow", reason=exc.message)
        self.term.say("finish.report")
        report_name = self.path.with_suffix(".pdf").name
        self.term.console.print(
            "  " + shlex.join(["assess", "report", str(self.path), "-o", report_name]),
            markup=False,
            style="bold",
        )
        return 0
