"""Plotly figures and display helpers shared by the Learn pages.

Small matrices (an image of a few pixels, a kernel, a feature map) are drawn as
heatmaps with every number printed, in the course deck's style (``.56``); photos are
turned into PNG bytes once, so a cached picture costs nothing to show again.
"""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go

from dashboard.i18n import t

CELL_PX = 44          # a heatmap cell, big enough for ".56" at the default font
MAX_HEIGHT_PX = 520
DISPLAY_MODES = ("clip", "rescale")


def deck_number(value: float) -> str:
    """A number as the deck prints it: two decimals at most, no leading zero.

    Example
    -------
    >>> [deck_number(v) for v in (0.5612, 0.7, 1.0, 0.0, -0.25, 12.345)]
    ['.56', '.7', '1', '0', '-.25', '12.35']
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def heatmap(
    values,
    *,
    numbers: bool = True,
    colorscale: str = "Blues",
    zmid: float | None = None,
    highlight: tuple[int, int, int, int] | None = None,
    frame: tuple[int, int, int, int] | None = None,
    title: str | None = None,
) -> go.Figure:
    """A matrix as a heatmap with square cells, row 0 at the top.

    Parameters
    ----------
    values : (rows, cols) array_like
    numbers : bool, optional
        Print every value in its cell (:func:`deck_number`).
    colorscale : str, optional
        A Plotly colour scale; with ``zmid`` a diverging one (``"RdBu"``) centres on it.
    highlight : (top, left, height, width), optional
        Cells outlined in red: the kernel's window, or the output cell being traced.
    frame : (top, left, height, width), optional
        Cells outlined with a dashed line: the original image inside its padding.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
    """
    values = np.asarray(values, dtype=np.float64)
    rows, cols = values.shape
    trace = go.Heatmap(z=values, colorscale=colorscale, zmid=zmid, showscale=False,
                       hovertemplate=t("fig_hover_cell") + "<extra></extra>", xgap=1, ygap=1)
    if numbers:
        trace.update(text=[[deck_number(v) for v in row] for row in values],
                     texttemplate="%{text}", textfont={"size": 13})
    figure = go.Figure(trace)
    for box, style in ((frame, {"color": "#555", "width": 2, "dash": "dash"}),
                       (highlight, {"color": "#e4002b", "width": 4})):
        if box is not None:
            top, left, height, width = box
            figure.add_shape(type="rect", x0=left - 0.5, x1=left + width - 0.5,
                             y0=top - 0.5, y1=top + height - 0.5, line=style)
    axes = {"showticklabels": False, "ticks": "", "showgrid": False, "zeroline": False,
            "constrain": "domain"}
    figure.update_xaxes(**axes)
    figure.update_yaxes(**axes, autorange="reversed", scaleanchor="x")
    figure.update_layout(
        title=title, height=min(MAX_HEIGHT_PX, CELL_PX * rows + (70 if title else 20)),
        margin={"l": 5, "r": 5, "t": 40 if title else 5, "b": 5},
    )
    return figure


def to_display(values, *, mode: str = "clip") -> np.ndarray:
    """Map convolution output to the display range [0, 1].

    Parameters
    ----------
    values : (H, W) or (H, W, 3) array_like
    mode : {"clip", "rescale"}
        ``"clip"``: values below 0 become 0 and above 1 become 1, as a photo would show
        them. ``"rescale"``: the lowest value becomes 0 and the highest 1.

    Returns
    -------
    (H, W) or (H, W, 3) ndarray of float64 in [0, 1]

    Example
    -------
    >>> to_display([[-1.0, 0.5, 3.0]], mode="rescale").tolist()
    [[0.0, 0.375, 1.0]]
    """
    if mode not in DISPLAY_MODES:
        raise ValueError(f'mode must be "clip" or "rescale". Received: mode={mode!r}')
    values = np.asarray(values, dtype=np.float64)
    if mode == "clip":
        return np.clip(values, 0.0, 1.0)
    low, high = values.min(), values.max()
    if high == low:
        return np.full_like(values, 0.5)
    return (values - low) / (high - low)


def png_bytes(image) -> bytes:
    """An image in [0, 1] ((H, W) or (H, W, 3)) encoded as PNG, for ``st.image``."""
    from PIL import Image

    pixels = np.round(np.clip(image, 0.0, 1.0) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
