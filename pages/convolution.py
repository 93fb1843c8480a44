"""Convolution: pick an image, a kernel, a stride and a padding; see every number.

Widgets → :mod:`cnncore.ops.convolution` → render. Small single-channel images (the deck's
6×6 example) show every number and a stepper over the output cells; photos show the
original beside the result and the deck's kernels side by side. The settings live in
the URL, so a link reopens the same view, and the feature map is handed to the Pooling
page through ``st.session_state["conv_feature_map"]``.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from cnncore.checks import query_int
from cnncore.ops import convolution, images, kernels
from dashboard import caches, figures, state
from dashboard.i18n import t
from dashboard.ui import reporting_errors, show_error

SMALL_SIDE = 16               # up to this many pixels a side, every number is printed
MAX_STRIDE = 5
MAX_PAD = 8
IMAGES = ["deck", *images.SAMPLES, "upload"]
KERNELS = [*kernels.PRESETS, "custom"]
PADDINGS = ["valid", "same", "zeros"]

state.init_defaults()   # the app shell does this too; here so the page also runs alone


# --- URL <-> session state ---------------------------------------------------------------

def _kernel_text(kernel: np.ndarray) -> str:
    return ";".join(",".join(f"{v:g}" for v in row) for row in kernel)


def _read_url() -> None:
    """Once per session, before any widget: settings from the link win over defaults."""
    if st.session_state.get("conv_url_read"):
        return
    st.session_state["conv_url_read"] = True
    query = st.query_params
    choices = {"conv_image": IMAGES, "conv_kernel": KERNELS, "conv_padding": PADDINGS,
               "conv_display": list(figures.DISPLAY_MODES)}
    for key, options in choices.items():
        if query.get(key[5:]) in options:
            st.session_state[key] = query[key[5:]]
    for key, low, high in (("conv_stride", 1, MAX_STRIDE), ("conv_pad", 0, MAX_PAD),
                           ("conv_cell", 1, None)):
        value = query_int(query.get(key[5:]))                # "²".isdigit() is True; int("²") fails
        if value is not None and low <= value <= (high or value):
            st.session_state[key] = value
    if "k" in query:
        try:
            custom = kernels.validate_kernel([row.split(",") for row in query["k"].split(";")])
        except ValueError:
            return
        st.session_state["conv_custom_base"] = _rows(custom)
        st.session_state["conv_kernel_rows"], st.session_state["conv_kernel_cols"] = custom.shape


def _write_url(kernel: np.ndarray | None) -> None:
    query = {key[5:]: str(st.session_state[key]) for key in
             ("conv_image", "conv_kernel", "conv_stride", "conv_padding", "conv_pad",
              "conv_display", "conv_cell")}
    if st.session_state["conv_kernel"] == "custom" and kernel is not None:
        query["k"] = _kernel_text(kernel)
    elif "k" in st.query_params:
        del st.query_params["k"]
    st.query_params.update(query)


# --- the custom kernel grid ----------------------------------------------------------------

def _rows(kernel) -> tuple:
    return tuple(tuple(float(v) for v in row) for row in np.asarray(kernel))


def _custom_base() -> tuple:
    """The custom grid before edits: set by the URL or a resize, else the last preset."""
    return st.session_state["conv_custom_base"] or _rows(
        kernels.PRESETS[st.session_state["conv_last_preset"]])


def _start_custom() -> None:
    """Switching to "custom" starts the grid from the preset that was showing."""
    if st.session_state["conv_kernel"] == "custom":
        base = kernels.PRESETS[st.session_state["conv_last_preset"]]
        st.session_state["conv_custom_base"] = _rows(base)
        st.session_state["conv_custom_kernel"] = None
        st.session_state["conv_kernel_rows"], st.session_state["conv_kernel_cols"] = base.shape


def _resize_custom() -> None:
    """A new grid size keeps the weights typed so far, centred."""
    current = st.session_state["conv_custom_kernel"] or _custom_base()
    st.session_state["conv_custom_base"] = _rows(
        kernels.centred(current, (st.session_state["conv_kernel_rows"], st.session_state["conv_kernel_cols"])))


def custom_kernel_grid() -> np.ndarray:
    """Rows, columns and an editable grid; returns the checked kernel (ValueError if not)."""
    left, right = st.columns(2)
    limit = kernels.MAX_KERNEL_SIDE
    rows = left.number_input(t("conv_kernel_rows"), 1, limit, key="conv_kernel_rows",
                             on_change=_resize_custom)
    cols = right.number_input(t("conv_kernel_cols"), 1, limit, key="conv_kernel_cols",
                              on_change=_resize_custom)
    base = kernels.centred(_custom_base(), (rows, cols))
    # A new base needs a new editor: its widget state holds edits relative to the base.
    digest = hashlib.md5(base.tobytes() + bytes(base.shape)).hexdigest()[:10]
    edited = st.data_editor(
        pd.DataFrame(base, columns=[str(c + 1) for c in range(cols)]),
        key=f"conv_grid_{digest}", hide_index=True,
    )
    st.caption(t("conv_grid_help"))
    kernel = kernels.validate_kernel(edited.to_numpy(dtype=np.float64, na_value=np.nan))
    st.session_state["conv_custom_kernel"] = _rows(kernel)
    return kernel


# --- views ---------------------------------------------------------------------------------

def shapes_and_formula(image, kernel, stride, padding) -> None:
    padded = convolution.zero_pad(image, kernel.shape, stride=stride, padding=padding)
    out_shape = [convolution.conv_output_size(n, k, stride=stride, padding=padding)
                 for n, k in zip(image.shape[:2], kernel.shape)]
    size = "{}×{}".format
    st.markdown(t("conv_shapes", input=size(*image.shape[:2]), padded=size(*padded.shape[:2]),
                  kernel=size(*kernel.shape), stride=stride, output=size(*out_shape)))
    lines = []
    for axis, n, k, out in zip(("conv_axis_height", "conv_axis_width"), image.shape[:2],
                               kernel.shape, out_shape):
        before, after = convolution.padding_amounts(n, k, stride=stride, padding=padding)
        if padding == "same":
            lines.append(t("conv_formula_same", axis=t(axis), n=n, k=k, s=stride, out=out,
                           total=before + after, before=before, after=after))
        else:
            lines.append(t("conv_formula_explicit", axis=t(axis), n=n, k=k, s=stride, out=out,
                           p=before))
    st.markdown(f"**{t('conv_formula')}**  \n" + "  \n".join(lines))


def numbers_view(image, kernel, stride, padding, output) -> None:
    """Every number, and a stepper over the output cells ("multiply, then sum")."""
    count = output.size
    st.session_state["conv_cell"] = min(st.session_state["conv_cell"], count)
    st.subheader(t("conv_step"))
    stepper, where = st.columns([1, 3], vertical_alignment="bottom")
    index = stepper.number_input(t("conv_cell"), 1, count, key="conv_cell")
    row, col = divmod(index - 1, output.shape[1])
    trace = convolution.cell_trace(image, kernel, row, col, stride=stride, padding=padding)
    padded = convolution.zero_pad(image, kernel.shape, stride=stride, padding=padding)
    (top, _), (left, _) = (convolution.padding_amounts(n, k, stride=stride, padding=padding)
                           for n, k in zip(image.shape, kernel.shape))
    where.caption(t("conv_cell_caption", index=index, count=count, row=row + 1, col=col + 1,
                    top=trace.top + 1, left=trace.left + 1))

    kh, kw = kernel.shape
    first, second, third = st.columns([padded.shape[1], max(kw, 3), max(output.shape[1], 3)])
    first.plotly_chart(figures.heatmap(
        padded, highlight=(trace.top, trace.left, kh, kw), frame=(top, left, *image.shape),
        title=t("conv_input_padded") if padded.shape != image.shape else t("conv_input"),
    ), key="conv_fig_input")
    second.plotly_chart(figures.heatmap(kernel, colorscale="RdBu", zmid=0,
                                        title=t("conv_kernel")), key="conv_fig_kernel")
    third.plotly_chart(figures.heatmap(output, colorscale="Viridis", highlight=(row, col, 1, 1),
                                       title=t("conv_output")), key="conv_fig_output")

    first, second = st.columns(2)
    first.plotly_chart(figures.heatmap(trace.window, title=t("conv_window")), key="conv_fig_window")
    second.plotly_chart(figures.heatmap(trace.products, colorscale="RdBu", zmid=0,
                                        title=t("conv_products")), key="conv_fig_products")
    terms = " + ".join(figures.deck_number(v) for v in trace.products.ravel())
    st.markdown(f"**{t('conv_sum')}:** {terms} = **{figures.deck_number(trace.total)}**")


def photo_view(image_id, image, kernel, stride, padding, output) -> None:
    """The kernel, the original beside the result, and the deck's six kernels at once."""
    weights, display = st.columns([1, 3])
    weights.plotly_chart(figures.heatmap(kernel, colorscale="RdBu", zmid=0, title=t("conv_kernel")),
                         key="conv_fig_kernel")
    mode = display.radio(t("conv_display"), figures.DISPLAY_MODES, key="conv_display",
                         horizontal=True, format_func=lambda m: t(f"conv_display_{m}"))
    display.caption(t("conv_display_help") + " " + t(
        "conv_value_range", low=f"{output.min():.3g}", high=f"{output.max():.3g}"))
    kernel_key = _rows(kernel)
    left, right = st.columns(2)
    left.image(caches.picture(image_id, image, None, 1, "valid", "clip"), caption=t("conv_original"))
    right.image(caches.picture(image_id, image, kernel_key, stride, padding, mode), caption=t("conv_result"))

    st.subheader(t("conv_gallery"))
    columns = st.columns(3)
    for number, name in enumerate(kernels.DECK_GALLERY):
        with columns[number % 3]:
            with reporting_errors():
                st.image(caches.picture(image_id, image, _rows(kernels.PRESETS[name]), stride, padding, mode),
                         caption=t(f"conv_kernel_{name}"))


# --- the page ----------------------------------------------------------------------------

_read_url()
st.title(t("conv_title"))
st.caption(t("conv_intro"))

image_column, kernel_column, stride_column, padding_column = st.columns([3, 3, 2, 3])
image_choice = image_column.selectbox(
    t("conv_image"), IMAGES, key="conv_image",
    format_func=lambda c: t("conv_image_deck") if c == "deck" else t("conv_image_upload")
    if c == "upload" else t("conv_image_sample", name=c))
kernel_choice = kernel_column.selectbox(
    t("conv_kernel"), KERNELS, key="conv_kernel", on_change=_start_custom,
    format_func=lambda k: t(f"conv_kernel_{k}"))
stride = stride_column.slider(t("conv_stride"), 1, MAX_STRIDE, key="conv_stride",
                              help=t("conv_stride_help"))
padding_choice = padding_column.radio(t("conv_padding"), PADDINGS, key="conv_padding",
                                      horizontal=True, format_func=lambda p: t(f"conv_padding_{p}"))
padding = padding_choice
if padding_choice == "zeros":
    padding = padding_column.number_input(t("conv_pad"), 0, MAX_PAD, key="conv_pad")

image = image_id = None
if image_choice == "deck":
    image, image_id = images.DECK_EXAMPLE, "deck"
elif image_choice == "upload":
    file = st.file_uploader(t("conv_upload"), type=["png", "jpg", "jpeg"], key="conv_upload")
    if file is None:
        st.info(t("conv_upload_prompt"))
    else:
        data = file.getvalue()
        try:
            loaded = caches.uploaded_image(data)
            image, image_id = loaded.image, "upload:" + hashlib.sha1(data).hexdigest()
            if loaded.downscaled:
                st.info(t("conv_downscaled", h=loaded.original_shape[0], w=loaded.original_shape[1],
                          nh=image.shape[0], nw=image.shape[1], max_side=images.MAX_SIDE))
        except ValueError as exc:
            show_error(exc)
else:
    image, image_id = caches.sample_image(image_choice), "sample:" + image_choice

kernel = None
with reporting_errors():
    if kernel_choice == "custom":
        kernel = custom_kernel_grid()
    else:
        st.session_state["conv_last_preset"] = kernel_choice
        kernel = kernels.PRESETS[kernel_choice]

if image is not None and kernel is not None:
    with reporting_errors():
        output = caches.convolved(image_id, image, _rows(kernel), stride, padding)
        shapes_and_formula(image, kernel, stride, padding)
        st.session_state[state.CONV_FEATURE_MAP] = {
            "image_name": image_choice, "kernel_name": kernel_choice, "kernel": kernel,
            "stride": stride, "padding": padding, "feature_map": images.to_gray(output),
        }
        if image.ndim == 2 and max(image.shape) <= SMALL_SIDE:
            numbers_view(image, kernel, stride, padding, output)
        else:
            photo_view(image_id, image, kernel, stride, padding, output)

_write_url(kernel)
