"""The sections of "Inside the model", for a run's model and for an uploaded one alike:
learned kernels, feature maps of one image, and the images that excite a filter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import settings
from cnncore.datasets import DatasetUnavailable
from cnncore.nn import inspection, keras_files, model_upload
from cnncore.ops import kernels
from dashboard import caches, i18n, nav, state, training_figures, ui, widgets
from dashboard.i18n import t

SCORED = 1000       # validation images searched for a filter's strongest responses
TOP = 9             # images shown per filter
MAX_MAPS = 64       # feature maps drawn per layer at most


def kernel_title(name: str) -> str:
    """A hand-made kernel's name as the Convolution page calls it ("sobel_vertical" → its words)."""
    return i18n.t_or(f"conv_kernel_{name}", name)


def learned_kernels(model, channels: int) -> None:
    """The first convolution's kernels as small heatmaps, and the deck kernel each resembles."""
    st.subheader(t("inside_kernels"))
    st.markdown(t("inside_kernels_intro"))
    learned = inspection.first_layer_kernels(model)                       # (F, kh, kw)
    matches = inspection.kernel_matches(learned)
    titles = [f"#{m.filter + 1}" for m in matches]
    columns = st.slider(t("inside_columns"), 4, 16, key="inside_columns")
    st.plotly_chart(training_figures.heatmap_grid(learned, titles, columns=columns, diverging=True,
                                                  value_label=t("inside_weight"),
                                                  cell_label=t("fig_hover_position")),
                    key="inside_kernel_grid", config={"displayModeBar": False})
    if channels > 1:
        st.caption(t("inside_channels_averaged", channels=channels))

    resemblance = pd.DataFrame([{
        t("inside_filter"): f"#{m.filter + 1}",
        t("inside_resembles"): (kernel_title(m.kernel) if m.kernel else "–")
        + (f" ({t('inside_inverted')})" if m.inverted else ""),
        t("inside_similarity"): abs(m.similarity),
    } for m in matches])
    left, right = st.columns([2, 1])
    with left:
        st.dataframe(resemblance, hide_index=True, width="stretch", height=260, column_config={
            t("inside_similarity"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")})
    with right:
        counts = pd.Series([m.kernel for m in matches if m.kernel]).value_counts()
        st.markdown(t("inside_kernel_counts"))
        for kernel_name, n in counts.items():
            st.markdown(f"- **{kernel_title(kernel_name)}**: {n}")
        st.caption(t("inside_similarity_help"))
        if st.toggle(t("inside_show_presets"), key="inside_show_presets"):
            presets = [k for k in counts.index] or list(kernels.PRESETS)[:4]
            st.plotly_chart(training_figures.heatmap_grid(
                np.stack([inspection.fit_kernel(kernels.PRESETS[k], learned.shape[1:]) for k in presets]),
                [kernel_title(k) for k in presets], columns=min(4, len(presets)), diverging=True,
                value_label=t("inside_weight"), cell_label=t("fig_hover_position")),
                key="inside_preset_grid", config={"displayModeBar": False})


def feature_maps(probe: inspection.FeatureProbe, choose, intro: str = "inside_maps_intro") -> None:
    """Every probed layer's feature maps of one image, a tab per convolution block.

    ``choose()`` draws the widgets that pick the image and returns ``(image, caption)``
    with ``image`` ``(H, W, C)`` in the model's input shape, or None when there is none.
    """
    st.subheader(t("inside_maps"))
    st.markdown(t(intro))
    pick_col, image_col = st.columns([3, 1])
    with pick_col:
        chosen = choose()
        if chosen is None:
            return
        shown = st.slider(t("inside_maps_shown"), 4, MAX_MAPS, step=4, key="inside_maps_shown")
    image, caption = chosen
    with image_col:
        st.image(training_figures.enlarge(image, 140), caption=caption)
    with ui.reporting_errors():
        maps = probe.maps(image[None])
        blocks = sorted({layer.block for layer in probe.layers})
        tabs = st.tabs([t("inside_block", block=b) for b in blocks])
        for tab, block in zip(tabs, blocks):
            with tab:
                for layer in [layer for layer in probe.layers if layer.block == block]:
                    fmap = maps[layer.name][0]                               # (h, w, F)
                    count = min(shown, fmap.shape[-1])
                    st.markdown(t(f"inside_stage_{layer.stage}", layer=layer.name, h=fmap.shape[0],
                                  w=fmap.shape[1], filters=fmap.shape[-1], shown=count))
                    st.plotly_chart(training_figures.heatmap_grid(
                        np.moveaxis(fmap[..., :count], -1, 0), [f"#{i + 1}" for i in range(count)],
                        columns=8, value_label=t("inside_activation"), cell_label=t("fig_hover_position"),
                        cell_px=120),
                        key=f"inside_maps_{layer.name}", config={"displayModeBar": False})


def validation_image(data):
    """``choose`` for :func:`feature_maps`: a class, then an image of it, from ``data``'s
    validation set."""
    class_name = st.selectbox(t("inside_class"), data.class_names, key="inside_class",
                              format_func=i18n.class_name)
    members = np.flatnonzero(data.y_val == data.class_names.index(class_name))
    if len(members) == 0:
        st.info(t("inside_no_images"))
        return None
    nth = st.slider(t("inside_image"), 1, len(members), 1, key="inside_image") if len(members) > 1 else 1
    index = int(members[nth - 1])
    return data.x_val[index], t("inside_image_caption", index=index, label=i18n.class_name(class_name))


def top_images(model, probe: inspection.FeatureProbe, data, scores) -> None:
    """The validation images that excite a chosen filter most; ``scores(layer)`` is ``(N, F)``."""
    st.subheader(t("inside_top"))
    st.markdown(t("inside_top_intro", n=min(SCORED, len(data.y_val))))
    conv_layers = [layer.name for layer in probe.layers if layer.stage == "activation"]
    left, right = st.columns(2)
    layer_name = left.selectbox(t("inside_layer"), conv_layers, key="inside_top_layer")
    filters = int(model.get_layer(layer_name).output.shape[-1])        # the convolution's, or its activation's
    chosen = right.number_input(t("inside_filter_number", filters=filters), 1, filters, 1,
                                key="inside_top_filter")
    with ui.reporting_errors(), st.spinner(t("inside_scoring")):
        found = scores(layer_name)
        top = inspection.top_activating(found, int(chosen) - 1, TOP)
        st.image([training_figures.enlarge(data.x_val[i]) for i in top], width=84,
                 caption=[f"{i18n.class_name(data.class_names[int(data.y_val[i])])} · "
                          f"{found[i, int(chosen) - 1]:.2f}" for i in top])
        st.caption(t("inside_top_help"))


# --------------------------------------------------------------------------- your own model

IMAGE = "image"     # the image source that is an uploaded picture, not a data set


def own_model(user: str | None) -> None:
    """A ``.keras`` file in: checked, its layer table, then what a run's model shows."""
    st.markdown(t("inside_own_intro", params_cap=f"{settings.limit('run_params'):,}"))
    upload = st.file_uploader(t("inside_upload"), type=["keras"], key="inside_upload",
                              help=t("inside_upload_help"))
    if upload is None:
        st.info(t("inside_own_none"), icon=":material/upload_file:")
        return
    data = upload.getvalue()
    try:
        with st.spinner(t("inside_own_checking")):
            own = caches.checked_model(upload.name, data, user)
            model = caches.own_model(own, data)
    except ValueError as exc:
        ui.show_error(exc)
        return
    show_own(own, model, data)


def show_own(own: model_upload.OwnModel, model, data: bytes) -> None:
    """The layer table, kernels, feature maps and top images of a checked upload."""
    st.subheader(t("inside_own_layers", name=own.name))
    st.dataframe(widgets.layer_table(own.layers), hide_index=True, width="stretch")
    st.caption(t("inside_own_summary", params=own.params, layers=len(own.layers),
                 shape=_shape(own.input_shape)))
    train_from_scratch(data)
    if not any(row.kind == "Conv2D" for row in own.layers):
        st.info(t("inside_own_no_conv"), icon=":material/info:")
        return
    learned_kernels(model, own.input_shape[-1] if own.input_shape else 1)
    if own.input_shape is None:
        st.info(t("inside_own_input_unfed"), icon=":material/info:")
        return
    with ui.reporting_errors():
        probe = caches.own_probe(own, data)
        fits = model_upload.datasets_for(own.input_shape)
        choices = list(range(len(fits))) + [IMAGE]
        source = st.radio(t("inside_own_images"), choices, key="inside_own_images", horizontal=True,
                          format_func=lambda c: t("inside_own_image_upload") if c == IMAGE else _set_name(*fits[c]))
        if not fits:
            st.caption(t("inside_own_no_dataset", shape=_shape(own.input_shape)))
        if source == IMAGE:
            feature_maps(probe, lambda: _uploaded_image(own.input_shape), "inside_own_maps_intro")
            return
        name, options = fits[source]
        try:
            images = caches.dataset(name, options=options)
        except DatasetUnavailable as exc:
            ui.show_error(exc)
            return
        feature_maps(probe, lambda: validation_image(images))
        top_images(model, probe, images, lambda layer: caches.own_filter_scores(
            own.digest, own, data, name, tuple(sorted(options.items())), layer, SCORED))


def train_from_scratch(data: bytes) -> None:
    """Hand the architecture, weights dropped, to Train when every layer maps onto the lab's
    model; else say which layer does not."""
    try:
        mapped = model_upload.model_config_from_keras(keras_files.check_archive(data).config)
    except ValueError as exc:
        st.caption(t("inside_own_unmapped", why=ui.error_text(exc)))
        return
    train = next((spec for spec in nav.PAGES if spec.path == "pages/train.py"), None)
    if train is not None and st.button(t("inside_own_train"), key="inside_own_train",
                                       icon=":material/model_training:"):
        st.session_state[state.ARCH_MODEL_CONFIG] = mapped.to_dict()
        st.switch_page(train.file)
    st.caption(t("inside_own_train_help"))


def _uploaded_image(input_shape: tuple):
    """``choose`` for :func:`feature_maps`: a PNG or JPEG, resized to the model's input."""
    picture = st.file_uploader(t("inside_own_image_file"), type=["png", "jpg", "jpeg"], key="inside_own_image")
    if picture is None:
        return None
    loaded = caches.uploaded_image(picture.getvalue())
    fitted = model_upload.fit_image(loaded.image, input_shape)[0]        # (H, W, C)
    h, w = loaded.original_shape
    return fitted, t("inside_own_image_caption", h=h, w=w, shape=_shape(input_shape))


def _set_name(name: str, options: dict) -> str:
    return f"{name} ({options['image_size']}×{options['image_size']})" if options else name


def _shape(shape) -> str:
    return " × ".join(map(str, shape)) if shape else "–"
