"""Plotly figures of training runs: curves with the train–validation gap, overlays of
many runs, confusion matrices, learned kernels and feature maps.

Figures take plain arrays and DataFrames (no Streamlit, no Keras) and a ``labels``
mapping for every visible word, so the pages pass their translated text in.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

PALETTE = qualitative.Plotly
METRICS = ("accuracy", "loss")
ONSET_LINE_PX = 16     # one line of a 12 px onset label: each run's label on its own line


def run_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def training_curves(history: pd.DataFrame, names: dict[str, str], labels: dict[str, str], *,
                    shade_gap: bool = True, epochs: int | None = None, height: int = 380,
                    onsets: dict[str, int] | None = None) -> go.Figure:
    """Accuracy and loss per epoch, side by side, for one run or many on shared axes.

    Parameters
    ----------
    history : DataFrame
        Long format: ``run_id``, ``epoch``, ``loss``, ``accuracy``, ``val_loss``,
        ``val_accuracy`` (``cnncore.store.histories``).
    names : dict of run id to str
        The legend name of each run, in the order to draw them (one colour each).
    labels : dict
        Translated ``accuracy``, ``loss``, ``epoch``, ``train``, ``val`` and ``gap``.
    shade_gap : bool
        Fill the area between each run's training and validation curve in its colour.
    epochs : int, optional
        Fix the x axis to 1…epochs, so a live run grows into a frame that does not move.
    onsets : dict of run id to int, optional
        The epoch each overfitting run began to overfit (``Verdict.onset``): marked by a
        dotted line on both charts, the epochs after it shaded, labelled with
        ``labels["onset"]`` (a format string with ``{epoch}``), each run's label on a
        line of its own (two runs that began at one epoch, or at neighbouring ones, would
        write over each other).

    Notes
    -----
    Training curves are dashed, validation curves solid, one colour per run.
    """
    labelled = 0                       # onset labels drawn so far: the next goes below them
    fig = make_subplots(rows=1, cols=2, subplot_titles=(labels["accuracy"], labels["loss"]),
                        horizontal_spacing=0.08)
    for i, (run_id, name) in enumerate(names.items()):
        rows = history[history["run_id"] == run_id].sort_values("epoch") if len(history) else history
        colour = run_colour(i)
        for col, metric in enumerate(METRICS, start=1):
            x = rows["epoch"] if len(rows) else []
            train = rows[metric] if len(rows) else []
            val = rows[f"val_{metric}"] if len(rows) else []
            group = f"{run_id}"
            fig.add_trace(go.Scatter(
                x=x, y=val, mode="lines+markers", name=f"{name} · {labels['val']}",
                line=dict(color=colour, width=2.5), legendgroup=group, showlegend=col == 1,
                hovertemplate=f"{name}<br>{labels['val']} {labels[metric]}: %{{y:.4f}}"
                              f"<br>{labels['epoch']} %{{x}}<extra></extra>",
            ), row=1, col=col)
            fig.add_trace(go.Scatter(
                x=x, y=train, mode="lines+markers", name=f"{name} · {labels['train']}",
                line=dict(color=colour, width=2, dash="dash"), marker=dict(symbol="circle-open"),
                legendgroup=group, showlegend=col == 1,
                fill="tonexty" if shade_gap else None, fillcolor=_rgba(colour, 0.15),
                hovertemplate=f"{name}<br>{labels['train']} {labels[metric]}: %{{y:.4f}}"
                              f"<br>{labels['epoch']} %{{x}}<extra></extra>",
            ), row=1, col=col)
        onset = (onsets or {}).get(run_id)
        if onset is not None and len(rows):
            _mark_onset(fig, onset, max(int(rows["epoch"].max()), epochs or 0) + 0.5, colour,
                        labels["onset"].format(epoch=onset), line=labelled)
            labelled += 1
    x_range = [0.5, epochs + 0.5] if epochs else None
    for col in (1, 2):
        fig.update_xaxes(title_text=labels["epoch"], range=x_range, dtick=_tick(epochs), row=1, col=col)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.18), hovermode="closest")
    return fig


def _mark_onset(fig: go.Figure, onset: int, end: float, colour: str, text: str, *, line: int) -> None:
    """Shade the epochs from ``onset`` to ``end`` and draw a dotted line at it, on both charts;
    ``text`` on the ``line``-th line (from 0) at the top of the accuracy chart."""
    for col in (1, 2):
        fig.add_vrect(x0=onset - 0.5, x1=end, fillcolor=colour, opacity=0.08, line_width=0, row=1, col=col)
        fig.add_vline(x=onset - 0.5, line=dict(color=colour, dash="dot", width=2), row=1, col=col)
    fig.add_annotation(x=onset - 0.5, y=1.0, yref="y domain", xanchor="left", showarrow=False,
                       yshift=-ONSET_LINE_PX * line, text=text, font=dict(color=colour, size=12), row=1, col=1)


def _tick(epochs: int | None):
    return None if not epochs or epochs > 20 else 1


def confusion_figure(matrix, class_names, labels: dict[str, str]) -> go.Figure:
    """Counts of (true, predicted) classes as a heatmap, true classes down the side."""
    matrix = np.asarray(matrix)
    names = [str(c) for c in class_names] or [str(i) for i in range(len(matrix))]
    fig = go.Figure(go.Heatmap(
        z=matrix, x=names, y=names, colorscale="Blues", showscale=True,
        text=matrix, texttemplate="%{text}" if len(names) <= 12 else None,
        hovertemplate=f"{labels['true']}: %{{y}}<br>{labels['predicted']}: %{{x}}"
                      f"<br>{labels['count']}: %{{z}}<extra></extra>",
    ))
    side = min(700, 160 + 28 * len(names))
    fig.update_layout(height=side, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(title=labels["predicted"], type="category"),
                      yaxis=dict(title=labels["true"], type="category", autorange="reversed"))
    return fig


def heatmap_grid(maps: np.ndarray, titles: list[str], *, columns: int = 8, diverging: bool = False,
                 value_label: str = "value", cell_label: str = "row {row}, col {col}",
                 cell_px: int = 110) -> go.Figure:
    """Small heatmaps in a grid: learned kernels (diverging around 0) or feature maps.

    Parameters
    ----------
    maps : (F, h, w) ndarray
    titles : list of str, one per map
    diverging : bool
        Red–blue around zero with one shared, symmetric scale (kernel weights); else
        greys, each map scaled on its own (feature maps).
    value_label : str
        The word shown on hover before each value.
    cell_label : str
        How hover names a cell inside its map, with ``{row}`` and ``{col}`` (from 1).

    Notes
    -----
    The maps are tiled into one heatmap with blank lines between them: one trace
    instead of one subplot each, so 64 maps draw in milliseconds, not a second. Hover
    shows the map's title, the row and column inside it, and its own value.
    """
    maps = np.asarray(maps, dtype=float)
    count, h, w = maps.shape
    columns = max(1, min(columns, count))
    rows = max(1, math.ceil(count / columns))
    gap = max(1, round(0.4 * h))    # rows between tiles: room for each tile's title
    shape = (rows * (h + gap) - gap, columns * (w + 1) - 1)
    colour = np.full(shape, np.nan)
    value = np.full(shape, np.nan)
    which = np.full(shape, -1)
    inner_r, inner_c = np.indices((h, w))
    cells = np.full(shape + (2,), -1)
    for i, m in enumerate(maps):
        r0, c0 = (i // columns) * (h + gap), (i % columns) * (w + 1)
        value[r0:r0 + h, c0:c0 + w] = m
        if diverging:
            colour[r0:r0 + h, c0:c0 + w] = m
        else:   # each feature map on its own scale, so a weak one is not all black
            span = m.max() - m.min()
            colour[r0:r0 + h, c0:c0 + w] = (m - m.min()) / span if span > 0 else 0.0
        which[r0:r0 + h, c0:c0 + w] = i
        cells[r0:r0 + h, c0:c0 + w] = np.stack([inner_r, inner_c], axis=-1)
    names = np.array(list(titles) + [""], dtype=object)[which]               # -1 → ""
    custom = np.dstack([names, cells[..., 0] + 1, cells[..., 1] + 1, value]).astype(object)
    bound = float(np.nanmax(np.abs(maps))) if diverging and count else None
    scale = dict(colorscale="RdBu_r", zmid=0, zmin=-bound, zmax=bound, showscale=True) \
        if diverging and bound else dict(colorscale="gray", zmin=0, zmax=1, showscale=False)
    position = cell_label.format(row="%{customdata[1]}", col="%{customdata[2]}")
    fig = go.Figure(go.Heatmap(
        z=colour, customdata=custom, hoverongaps=False, xgap=0, ygap=0,
        hovertemplate=f"%{{customdata[0]}}<br>{position}<br>{value_label}: %{{customdata[3]:.4f}}<extra></extra>",
        **scale))
    labels = [dict(x=(i % columns) * (w + 1) + (w - 1) / 2, y=(i // columns) * (h + gap) - 0.5,
                   text=title, showarrow=False, font=dict(size=11), yanchor="bottom", yref="y")
              for i, title in enumerate(titles)]
    fig.update_layout(
        height=40 + rows * cell_px, margin=dict(l=5, r=5, t=25, b=5), annotations=labels,
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x", constrain="domain"),
        plot_bgcolor="rgba(0,0,0,0)")
    return fig


def enlarge(image: np.ndarray, size: int = 84) -> np.ndarray:
    """A ``(H, W, C)`` image in [0, 1] scaled up by whole pixels (nearest) to about ``size``.

    Small images (8×8 digits, 28×28 MNIST) stay crisp instead of blurred by the browser.
    Returns ``(h, w)`` for grayscale and ``(h, w, 3)`` for colour, float in [0, 1].
    """
    image = np.clip(np.asarray(image, dtype=np.float32), 0, 1)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    factor = max(1, size // max(image.shape[:2]))
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)
