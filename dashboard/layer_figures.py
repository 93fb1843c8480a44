"""Plotly figures of the Pooling & Dropout and Architecture pages.

Matrices and feature maps are drawn with :mod:`dashboard.figures`; this module adds a row
of neurons after dropout and the shapes flowing through a network. Each function takes
plain arrays or :class:`cnncore.nn.models.LayerInfo` rows and returns a
``plotly.graph_objects.Figure``; the pages pass labels in, already translated.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from cnncore.nn.models import LayerInfo
from dashboard.i18n import t

DROPPED_GREY = "#c8c8c8"
KIND_COLOURS = {
    "InputLayer": "#7f7f7f",
    "Conv2D": "#1f77b4",
    "BatchNormalization": "#9edae5",
    "MaxPooling2D": "#ff7f0e",
    "AveragePooling2D": "#ffbb78",
    "Dropout": "#d62728",
    "Flatten": "#8c564b",
    "Dense": "#2ca02c",
}


def dropout_neurons(rows: list[tuple[str, np.ndarray, np.ndarray]]) -> go.Figure:
    """Rows of neurons after dropout: kept ones coloured with their scaled value, dropped grey.

    Parameters
    ----------
    rows : list of (label, values, kept)
        ``label`` names the row (e.g. the rate); ``values`` (units,) are the outputs
        after dropout and ``kept`` (units,) bool says which neurons survived.
    """
    fig = go.Figure()
    high = max(float(np.max(values)) for _, values, _ in rows) or 1.0
    for label, values, kept in rows:
        x = np.arange(len(values))
        fig.add_trace(go.Scatter(
            x=x[kept], y=[label] * int(kept.sum()), mode="markers+text",
            text=[f"{v:.2f}" for v in values[kept]], textposition="top center",
            marker={"size": 26, "color": values[kept], "colorscale": "Greens", "cmin": 0,
                    "cmax": high, "line": {"width": 1, "color": "#333"}},
            hovertemplate=t("fig_hover_neuron") + "<extra></extra>", showlegend=False,
        ))
        fig.add_trace(go.Scatter(
            x=x[~kept], y=[label] * int((~kept).sum()), mode="markers",
            marker={"size": 26, "color": DROPPED_GREY, "symbol": "x-thin-open",
                    "line": {"width": 3, "color": "#888"}},
            hovertemplate=t("fig_hover_neuron_dropped") + "<extra></extra>", showlegend=False,
        ))
    fig.update_layout(height=90 * len(rows) + 60, margin={"l": 10, "r": 10, "t": 20, "b": 10},
                      xaxis={"visible": False}, yaxis={"autorange": "reversed", "type": "category"})
    return fig


def shape_flow(rows: list[LayerInfo], *, values_label: str) -> go.Figure:
    """Values per example after each layer, log scale, each bar labelled with its shape.

    Parameters
    ----------
    rows : list of LayerInfo
        From :func:`cnncore.nn.models.describe`.
    values_label : str
        Title of the y axis ("values per image").
    """
    sizes = [math.prod(row.output_shape) for row in rows]
    labels = ["×".join(str(n) for n in row.output_shape) for row in rows]
    fig = go.Figure(go.Bar(
        x=[row.name for row in rows], y=sizes, text=labels, textposition="outside",
        marker_color=[KIND_COLOURS.get(row.kind, "#bcbd22") for row in rows],
        customdata=[row.kind for row in rows],
        hovertemplate=t("fig_hover_flow") + "<extra></extra>",
    ))
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      yaxis={"type": "log", "title": values_label}, xaxis={"tickangle": -40})
    return fig
