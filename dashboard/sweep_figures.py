"""Plotly figures of a sweep: which parameter values go with a high validation accuracy.

Figures take plain DataFrames and a ``labels`` mapping for every visible word (no
Streamlit, no Keras), so the page passes its translated text in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def parallel_coordinates(trials: pd.DataFrame, paths: list[str], labels: dict[str, str]) -> go.Figure:
    """One line per trial across an axis per parameter, ending at its validation accuracy.

    Parameters
    ----------
    trials : DataFrame
        ``cnncore.store.sweeps.trials``: a column per parameter path, ``val_accuracy``, ``trial``.
    paths : list of str
        The parameter columns, in axis order.
    labels : dict
        Translated ``val_accuracy`` (the last axis and the colour bar), optionally each
        path's axis title and ``log_axis`` (a template with ``{name}``) for log₁₀ axes.

    Notes
    -----
    Trials without a validation accuracy yet (queued, or failed before an epoch) are left
    out. Text values (pooling, padding) become evenly spaced ticks; numbers keep their
    scale, a parameter spanning more than two decades (learning rates) on a log₁₀ axis.
    """
    done = trials[trials["val_accuracy"].notna()] if len(trials) else trials
    dimensions = []
    for path in paths:
        column = done[path] if path in done else pd.Series(dtype=object)
        numeric = pd.to_numeric(column, errors="coerce")
        if len(column) and numeric.notna().all() and not column.map(lambda v: isinstance(v, bool)).any():
            values = numeric.to_numpy(dtype=float)
            if (values > 0).all() and values.max() / values.min() > 100:
                label = labels.get("log_axis", "log₁₀ {name}").format(name=labels.get(path, path))
                dimensions.append(dict(label=label, values=np.log10(values)))
            else:
                dimensions.append(dict(label=labels.get(path, path), values=values))
        else:
            names = list(dict.fromkeys(column.astype(str)))
            dimensions.append(dict(label=labels.get(path, path), values=[names.index(v) for v in column.astype(str)],
                                   tickvals=list(range(len(names))), ticktext=names))
    accuracy = done["val_accuracy"].to_numpy(dtype=float) if len(done) else np.array([])
    dimensions.append(dict(label=labels["val_accuracy"], values=accuracy, range=[0, 1],
                           tickformat=".0%"))
    fig = go.Figure(go.Parcoords(
        line=dict(color=accuracy, colorscale="Viridis", cmin=0, cmax=1, showscale=True,
                  colorbar=dict(title=labels["val_accuracy"], tickformat=".0%")),
        dimensions=dimensions,
    ))
    fig.update_layout(height=360, margin=dict(l=60, r=40, t=50, b=20))
    return fig
