"""Vector charts for the reports (matplotlib, imported only when a report is made).

Text is drawn as outlines in the bundled font, so every diacritic looks the same on every
machine and the SVG needs no font of its own; ids are salted so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assess import resources

INK = "#1f2a44"
ACCENT = "#0f6e8c"
TARGET = "#d9822b"
MUTED = "#9aa5b1"
GRID = "#d5dbe1"


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    median: float | None = None


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


def radar(
    labels: Sequence[str],
    current: Sequence[float],
    target: Sequence[float],
    current_name: str,
    target_name: str,
) -> str:
    """Current and target maturity levels (0-5) on one axis per task group."""
    import math

    plt = _pyplot()
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    fig = plt.figure(figsize=(5.6, 4.6))
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # the first group at the top, the others clockwise
    ax.set_theta_direction(-1)
    closed = [*angles, angles[0]]
    ax.plot(closed, [*target, target[0]], color=TARGET, linewidth=1.6, linestyle="--", label=target_name)
    ax.plot(closed, [*current, current[0]], color=ACCENT, linewidth=2, label=current_name)
    ax.fill(closed, [*current, current[0]], color=ACCENT, alpha=0.18)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], color=MUTED, fontsize=7)
    ax.set_xticks(angles)
    ax.set_xticklabels([wrap(x, 18) for x in labels], fontsize=8)
    ax.tick_params(axis="x", pad=18)
    ax.grid(color=GRID, linewidth=0.7)
    ax.spines["polar"].set_color(GRID)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False, fontsize=8)
    return _svg(fig)


def bars(items: Sequence[Bar], median_name: str | None, thresholds: Sequence[float]) -> str:
    """Horizontal bars of group scores 0-100, with the block median as a marker when known."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(items) + 0.9))
    positions = list(range(len(items)))[::-1]
    values = [x.score or 0 for x in items]
    ax.barh(positions, values, color=ACCENT, height=0.58, zorder=2)
    for pos, item in zip(positions, items, strict=True):
        text = "—" if item.score is None else f"{item.score:.0f}"
        ax.text((item.score or 0) + 1.2, pos, text, va="center", fontsize=8, zorder=3)
    if median_name is not None:
        medians = [(pos, x.median) for pos, x in zip(positions, items, strict=True) if x.median is not None]
        ax.scatter(
            [m for _, m in medians],
            [p for p, _ in medians],
            marker="|",
            s=260,
            linewidths=2.2,
            color=TARGET,
            zorder=4,
            label=median_name,
        )
        ax.legend(
            loc="lower right", frameon=False, fontsize=8, bbox_to_anchor=(1.0, -0.02 - 1.0 / len(items))
        )
    for threshold in thresholds:
        ax.axvline(threshold, color=GRID, linewidth=0.8, zorder=1)
    ax.set_xlim(0, 100)
    ax.set_yticks(positions)
    ax.set_yticklabels([wrap(x.label, 34) for x in items], fontsize=8)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.tick_params(axis="both", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return _svg(fig)


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


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    thresholds: Sequence[float],
    band_names: Sequence[str],
) -> str:
    """Scores 0-100 of agencies (rows) on task groups (columns), coloured by band, as vector cells."""
    plt = _pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap

    edges = [*thresholds, 100.0001]
    cmap = ListedColormap(list(BAND_COLOURS[: len(thresholds)])).with_extremes(bad="#d5dbe1")
    norm = BoundaryNorm(edges, cmap.N)
    import numpy as np

    data = np.ma.masked_invalid(
        np.array([[np.nan if v is None else v for v in r] for r in values], dtype=float)
    )
    height = max(1.6, 0.16 * len(rows) + 0.9)
    fig, ax = plt.subplots(figsize=(6.2, height))
    ax.pcolormesh(data, cmap=cmap, norm=norm, edgecolors="white", linewidth=0.4)
    ax.invert_yaxis()
    ax.set_xticks([i + 0.5 for i in range(len(columns))])
    ax.set_xticklabels(columns, fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(rows))])
    ax.set_yticklabels(rows, fontsize=5.5 if len(rows) > 30 else 7)
    ax.tick_params(axis="both", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    from matplotlib.patches import Patch

    handles = [Patch(color=BAND_COLOURS[i], label=name) for i, name in enumerate(band_names)]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles),
        frameon=False,
        fontsize=7,
    )
    return _svg(fig)


def target_shares(
    labels: Sequence[str],
    shares: Sequence[float],
    goals_2025: Sequence[float | None],
    goals_2030: Sequence[float | None],
    names: tuple[str, str, str],
) -> str:
    """Share of agencies meeting each target (bars) against the 2025 and 2030 goals (markers)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.55 * len(labels) + 1.0))
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, [100 * s for s in shares], color=ACCENT, height=0.55, zorder=2, label=names[0])
    for pos, share in zip(positions, shares, strict=True):
        ax.text(100 * share + 1.5, pos, f"{100 * share:.0f}%", va="center", fontsize=7.5, zorder=3)
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
    _share_axis(ax, positions, [wrap(x, 40) for x in labels], 105, 7.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False, fontsize=8)
    return _svg(fig)
