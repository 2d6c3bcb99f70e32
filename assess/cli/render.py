"""Rich renderings of results shared by several commands (score, interview, batch)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from assess import formatting
from assess.cli.console import markup, plain
from assess.messages import t

if TYPE_CHECKING:
    from assess.bilingual import Lang
    from assess.result import Result


def summary(r: Result, lang: Lang) -> RenderableType:
    """One result: the headline numbers, then a row per task group with its target and gap."""
    s = r.scores
    head = Text()
    head.append(plain(r.agency.name), style="bold")
    head.append(f"  ({plain(r.agency.id)})", style="dim")
    line = Text()
    line.append(f"{t('score.index', lang)}: ")
    line.append(formatting.number(s.index, lang), style="bold")
    line.append(f" · {s.band.name(lang)}", style="bold")
    line.append(
        f"   {t('score.official', lang)}: {formatting.number(s.official.total, lang)}"
        f" · {s.official.band.name(lang)}",
        style="dim",
    )
    parts: list[RenderableType] = [head, line]
    if not s.complete:
        parts.append(Text(t("score.incomplete_detail", lang, count=len(s.unanswered)), style="yellow"))

    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), expand=False)
    table.add_column(t("score.group", lang), overflow="fold")
    table.add_column(t("score.score", lang), justify="right")
    table.add_column(t("col.level", lang), justify="right")
    table.add_column(t("score.target", lang), justify="right")
    table.add_column(t("score.gap", lang), justify="right")
    horizon = "2030" if r.assessed_on.year > 2025 else "2025"
    for g in s.groups:
        target = g.recommended_2030 if horizon == "2030" else g.recommended_2025
        gap = g.gap_2030 if horizon == "2030" else g.gap_2025
        table.add_row(
            f"{g.id} {markup(g.title(lang))}",
            "—" if g.score is None else formatting.number(g.score, lang),
            "—" if g.level is None else str(g.level),
            str(target),
            "—" if gap is None else ("[green]0[/]" if gap == 0 else f"[yellow]{gap}[/]"),
        )
    parts.append(table)
    parts.append(Text(t("score.target_note", lang, horizon=horizon), style="dim"))
    binding = [x for x in s.targets if x.status not in ("not_binding", "not_applicable")]
    met = sum(x.status == "met" for x in binding)
    missed = [x for x in binding if x.status in ("not_met", "unanswered")]
    overdue = sum(x.overdue for x in missed)
    targets = Text(t("score.targets", lang, met=met, total=len(binding), missed=len(missed)))
    if overdue:
        targets.append(" " + t("score.overdue", lang, count=overdue), style="red")
    parts.append(targets)
    if s.unanswered:
        parts.append(Text(f"{t('score.unanswered', lang)}: {', '.join(s.unanswered)}", style="yellow"))
    return Group(*parts)


def overview(results: Sequence[Result], lang: Lang) -> RenderableType:
    """Several results side by side: index and band, then each group's score · level."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), title=t("score.title", lang), title_justify="left")
    table.add_column(t("score.agency", lang), overflow="fold", min_width=16, ratio=1)
    table.add_column(t("score.index", lang), justify="right", no_wrap=True)
    groups = results[0].scores.groups
    for g in groups:
        table.add_column(g.id, justify="right", no_wrap=True)
    table.add_column(t("score.unanswered_short", lang), justify="right", no_wrap=True)
    for r in results:
        s = r.scores
        name = f"{markup(r.agency.name)}\n[dim]{markup(r.agency.id)}[/]"
        if not s.complete:
            name += f" [yellow]{t('score.incomplete_short', lang)}[/]"
        cells = [name, f"[bold]{formatting.number(s.index, lang)}[/]\n{markup(s.band.name(lang))}"]
        for g in s.groups:
            cells.append(
                "—" if g.score is None else f"{formatting.number(g.score, lang, 0)}\n[dim]{g.level}[/]"
            )
        cells.append(str(len(s.unanswered)) if s.unanswered else "—")
        table.add_row(*cells)
    legend = Text(
        t("score.legend", lang) + "  " + " · ".join(f"{g.id} {g.title(lang)}" for g in groups), style="dim"
    )
    return Group(table, legend)
