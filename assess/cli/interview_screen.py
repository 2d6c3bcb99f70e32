"""What the interview shows: the question screen, the review screen and the help screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang
    from assess.interview import Interview


def elapsed(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def progress_line(iv: Interview) -> Text:
    line = Text()
    for p in iv.progress():
        style = "bold" if p.group == iv.question.group else ("green" if p.done == p.total else "dim")
        line.append(f"{p.group} {p.done}/{p.total}", style=style)
        line.append("  ")
    return line


def question(iv: Interview, lang: Lang) -> RenderableType:
    q, x, answer = iv.q, iv.question, iv.answer
    group = q.group_by_id[x.group]
    pos, count = iv.position_in_group()
    title = f"{x.group} {group.title(lang)} · {pos}/{count}"
    overall = t(
        "q.overall",
        lang,
        pos=iv.index + 1,
        total=len(iv.order),
        done=iv.answered_count(),
        elapsed=elapsed(iv.total_seconds()),
        block=q.block_by_id[iv.a.agency.block].name(lang),
    )
    parts: list[RenderableType] = [
        Rule(Text(title, style="bold"), align="left"),
        Text(overall, style="dim"),
        progress_line(iv),
        Text(""),
    ]
    heading = Text()
    heading.append(f"{x.id}  ", style="bold cyan")
    heading.append(x.text(lang), style="bold")
    if x.na_allowed:
        heading.append(f"  ({t('q.na_allowed', lang)})", style="dim")
    parts.append(heading)
    parts.append(Padding(Text(f"{t('q.help', lang)}: {x.help(lang)}", style="dim"), (0, 0, 0, 2)))

    rubric = Table(box=box.SIMPLE, show_header=False, padding=(0, 1), expand=True)
    rubric.add_column(width=3, no_wrap=True)
    rubric.add_column(ratio=1)
    for level in range(6):
        chosen = answer.level == level
        marker = f"▶{level}" if chosen else f" {level}"
        body = Text()
        body.append(q.level_name(level, lang), style="bold")
        body.append(" — " + x.rubric[level](lang))
        rubric.add_row(
            Text(marker, style="bold reverse" if chosen else "bold"),
            body,
            style="reverse" if chosen else None,
        )
    parts.append(rubric)
    parts.append(Text(f"{t('q.evidence_hint', lang)}: {x.evidence(lang)}", style="italic"))
    if answer.note:
        parts.append(Text(f"{t('q.note', lang)}: {answer.note}"))
    if answer.evidence:
        parts.append(Text(f"{t('q.evidence', lang)}:"))
        for i, ref in enumerate(answer.evidence, 1):
            parts.append(Text(f"  {i}. {ref}"))
    parts.append(current_answer(iv, lang))
    parts.append(Text(t("q.keys", lang), style="dim"))
    return Group(*parts)


def current_answer(iv: Interview, lang: Lang) -> Text:
    answer = iv.answer
    text = Text(f"{t('q.current', lang)}: ", style="bold")
    if answer.level is not None:
        text.append(
            t("q.current_level", lang, level=answer.level, name=iv.q.level_name(answer.level, lang)),
            style="green",
        )
    elif answer.na:
        text.append(t("q.current_na", lang, reason=answer.na_reason), style="green")
    elif answer.skipped:
        text.append(t("q.current_skipped", lang), style="yellow")
    else:
        text.append(t("q.current_none", lang), style="yellow")
    if answer.flagged:
        text.append(f" · ⚑ {t('q.flag', lang)}", style="bold magenta")
    return text


SHORT_LIST = 12  # unanswered questions listed with their text up to this many


FILTERS = {"m": "flagged", "u": "unanswered", "a": "na", "e": "no_evidence"}  # review key -> filter


def filtered(iv: Interview, lang: Lang, kind: str) -> RenderableType:
    """The review's list of the questions one filter keeps, each with its id to jump to."""
    parts: list[RenderableType] = [Text(t(f"review.filter.{kind}", lang), style="bold")]
    ids = iv.matching(kind)
    for qid in ids:
        line = Text(f"  {qid}  ", style="bold", no_wrap=True, overflow="ellipsis")
        line.append(iv.q.question_by_id[qid].text(lang), style="")
        parts.append(line)
    if not ids:
        parts.append(Text("  " + t("review.filter.none", lang), style="dim"))
    parts.append(Text(t("review.filter.hint", lang), style="dim"))
    return Group(*parts)


def review(iv: Interview, lang: Lang, kind: str | None = None) -> RenderableType:
    """The counts per group and the questions left; with a filter (FILTERS), only its list, so
    that it stays on the screen however long the table would be."""
    if kind is not None:
        return Group(Text(t("review.title", lang), style="italic"), filtered(iv, lang, kind))
    table = Table(title=t("review.title", lang), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(t("review.group", lang))
    for key in ("review.answered", "review.na", "review.skipped", "review.unanswered"):
        table.add_column(t(key, lang), justify="right")
    missing: list[str] = []
    by_group: list[tuple[str, tuple[str, ...]]] = []
    for p in iv.progress():
        title = iv.q.group_by_id[p.group].title(lang)
        table.add_row(
            f"{p.group} {escape(title)}",
            str(p.answered),
            str(p.na),
            str(p.skipped),
            f"[yellow]{p.not_seen}[/]" if p.not_seen else "0",
        )
        missing += p.unanswered
        if p.unanswered:
            by_group.append((p.group, p.unanswered))
    parts: list[RenderableType] = [table]
    flagged = iv.matching("flagged")
    if flagged:
        parts.append(Text(f"⚑ {t('review.flagged', lang)}: " + ", ".join(flagged), style="magenta"))
    if len(missing) > SHORT_LIST:
        # too many to list with their text: ids per group keep the table above on screen
        parts.append(Text(t("review.unanswered_list", lang), style="bold yellow"))
        for group, ids in by_group:
            parts.append(Text(f"  {group}: " + ", ".join(ids)))
    elif missing:
        parts.append(Text(t("review.unanswered_list", lang), style="bold yellow"))
        for qid in missing:
            x = iv.q.question_by_id[qid]
            line = Text(f"  {qid}  ", style="bold", no_wrap=True, overflow="ellipsis")
            line.append(x.text(lang), style="")
            parts.append(line)
    else:
        parts.append(Text(t("review.all_done", lang), style="green"))
    return Group(*parts)


def help_rows(key: str, lang: Lang) -> tuple[list[tuple[str, str]], list[str]]:
    """A help table of the catalogue ("keys<TAB>what they do" lines) as rows, and the lines after
    it: laid out by the screen, so that the columns line up whatever the language's key lengths."""
    rows: list[tuple[str, str]] = []
    rest: list[str] = []
    for line in t(key, lang).split("\n"):
        keys, tab, text = line.partition("\t")
        if tab:
            rows.append((keys, text))
        else:
            rest.append(line)
    return rows, rest


def help_screen(lang: Lang) -> RenderableType:
    rows, rest = help_rows("help.lines", lang)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")  # long lines wrap within their column
    for keys, text in rows:
        table.add_row(Text(keys), Text(text))
    return Group(Text(t("help.title", lang), style="bold"), table, *(Text(line) for line in rest))
