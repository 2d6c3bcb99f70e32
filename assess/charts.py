"""Vector charts for the reports (matplotlib, imported only when a report is made).

Text is drawn as outlines in the bundled font, so every diacritic looks the same on every
machine and the SVG needs no font of its own; ids are salted so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from assess import resources

INK = "#1f2a44"
ACCENT = "#0f6e8c"
TARGET = "#d9822b"
MUTED = "#9aa5b1"
GRID = "#d5dbe1"


@lru_cache(maxsize=1)
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    fonts = resources.templates_dir() / "_base" / "fonts"
    for path in sorted(fonts.glob("*.ttf")):
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": "Noto Sans",
            "font.size": 9,
            "svg.fonttype": "none",  # text stays text: WeasyPrint sets it in the bundled font
            "svg.hashsalt": "assess",
            "axes.edgecolor": GRID,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "text.color": INK,
            "text.parse_math": False,  # agency ids and names are text: "$\\alpha$" stays as typed
        }
    )
    return plt


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    _pyplot().close(fig)
    text = buffer.getvalue()
    # drop the XML prolog and DOCTYPE: the SVG is placed inline in HTML
    return text[text.index("<svg") :]


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _share_axis(ax: Any, positions: Sequence[int], labels: Sequence[str], right: float, size: float) -> None:
    """A horizontal 0-100% axis with one labelled row per bar and no frame but the bottom line."""
    ax.set_xlim(0, right)
    ax.set_yticks(positions)
    ax.set_yticklabels(labels, fontsize=size)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    ax.tick_params(axis="both", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


BAND_COLOURS = ("#b23b3b", "#d9822b", "#e6c15a", "#6aa57a", "#2e7d4f")


def stacked_shares(rows: Sequence[str], series: Sequence[str], counts: Sequence[Sequence[int]]) -> str:
    """One horizontal bar per row (block), split by series (bands) in proportion to the counts."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(rows) + 1.1))
    positions = list(range(len(rows)))[::-1]
    totals = [sum(c) or 1 for c in counts]
    left = [0.0] * len(rows)
    colours = BAND_COLOURS if len(series) <= len(BAND_COLOURS) else None
    for i, name in enumerate(series):
        shares = [100 * c[i] / t for c, t in zip(counts, totals, strict=True)]
        ax.barh(
            positions,
            shares,
            left=left,
            height=0.6,
            label=name,
            color=colours[i] if colours else None,
            zorder=2,
        )
        for pos, share, start, c in zip(positions, shares, left, counts, strict=True):
            if share >= 7:
                ax.text(
                    start + share / 2,
                    pos,
                    str(c[i]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white",
                    zorder=3,
                )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    _share_axis(ax, positions, [wrap(r, 28) for r in rows], 100, 8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(series), frameon=False, fontsize=8)
    return _svg(fig)


def target_shares(
    labels: Sequence[str],
    shares: Sequence[float],
    goals_2025: Sequence[float | None],
    goals_2030: Sequence[float | None],
    names: tuple[str, str, str],
) -> str:
    """Share of agencies meeting each target (bars) against the 2025 and 2030 goals (markers).

    Each share is written in a column of its own right of the 100% line, where no marker can
    fall over it (a 90% marker once overprinted an "87%" written at the end of its bar)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.55 * len(labels) + 1.0))
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, [100 * s for s in shares], color=ACCENT, height=0.55, zorder=2, label=names[0])
    for pos, share in zip(positions, shares, strict=True):
        ax.text(
            104, pos, f"{100 * share:.0f}%", va="center", ha="left", fontsize=7.5, fontweight="bold", zorder=3
        )
    for goals, marker, colour, name in (
        (goals_2025, "|", TARGET, names[1]),
        (goals_2030, "|", INK, names[2]),
    ):
        points = [(pos, 100 * g) for pos, g in zip(positions, goals, strict=True) if g is not None]
        if points:
            ax.scatter(
                [x for _, x in points],
                [p for p, _ in points],
                marker=marker,
                s=300,
                linewidths=2.2,
                color=colour,
                zorder=4,
                label=name,
            )
    _share_axis(ax, positions, [wrap(x, 40) for x in labels], 112, 7.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False, fontsize=8)
    return _svg(fig)
