"""The Class page's forms: a teacher's new session, a student's controls, the link and its QR code."""

from __future__ import annotations

import io

import streamlit as st

from cnncore import datasets
from cnncore.nn import classroom, models, paths, training
from dashboard import run_views, ui, widgets
from dashboard.i18n import t, t_or

# What the form offers for each parameter before the teacher edits it.
SUGGESTED = {"kernel_size": "3, 5, 7", "stride": "1, 2", "padding": "same, valid", "pooling": "max, average, none",
             "dropout": "0, 0.2, 0.4, 0.6", "learning_rate": "0.0001:0.01:log", "filters": "8, 16, 32",
             "augment": "false, true"}


def param_name(path: str) -> str:
    """A parameter a class may vary, as the pages name it ("dropout" → "Dropout rate")."""
    return t_or(f"class_path_{path}", path)


def new_session() -> classroom.ClassConfig | None:
    """The teacher's form; the session's config once every value is accepted (else an
    error under the field at fault, and ``None``)."""
    question = st.text_area(t("class_question"), key="class_new_question", max_chars=classroom.MAX_QUESTION,
                            placeholder=t("class_question_example"))
    choice = widgets.dataset_picker("class")
    source, model = widgets.model_source("class", t("class_model"), t("train_model_from_architecture"))
    left, right = st.columns(2)
    epochs = left.number_input(t("class_epochs"), 1, 100, 5, key="class_new_epochs")
    per_student = right.number_input(t("class_runs_per_student"), 1, 20, 2, key="class_new_runs")
    paths = st.multiselect(t("class_params"), classroom.CLASS_PATHS, default=["dropout"], key="class_new_paths",
                           format_func=param_name)
    st.caption(t("class_params_help"))
    allowed = []
    for path in paths:
        text = st.text_input(t("class_values_for", name=param_name(path)), SUGGESTED.get(path, ""),
                             key=f"class_new_values_{path}")
        try:
            allowed.append(classroom.allowed(path, text))
        except ValueError as exc:
            ui.show_error(exc)
            return None
    if choice is None or not question.strip():
        return None
    base = training.RunConfig(dataset=choice.name, limit=choice.limit, dataset_options=choice.options,
                              model=model, train=training.TrainConfig(epochs=int(epochs)))
    return classroom.ClassConfig(question.strip(), base, tuple(allowed), int(per_student))


def student_controls(config: classroom.ClassConfig) -> dict:
    """One control per parameter the teacher allows, and nothing else; the values chosen."""
    values = {}
    for param in config.allowed:
        label = param_name(param.path)
        key = f"class_value_{param.path}"
        if param.kind == "grid":
            values[param.path] = st.radio(label, param.values, key=key, horizontal=True,
                                          format_func=run_views.setting_value)
        elif paths.kind_of(param.path).startswith("int"):
            values[param.path] = st.slider(label, int(param.low), int(param.high), key=key)
        elif param.log:
            steps = _log_steps(param.low, param.high)
            values[param.path] = st.select_slider(label, steps, key=key, format_func=lambda v: f"{v:.2g}")
        else:
            values[param.path] = st.slider(label, float(param.low), float(param.high), key=key)
    return values


def layer_table(config: classroom.ClassConfig) -> None:
    """The base experiment's layers, with shapes and parameters, on its data set."""
    try:
        size = datasets.size_of(config.base.dataset, **config.base.dataset_options)
        rows = models.describe(config.base.model, size.image_shape, size.num_classes)
    except (ValueError, datasets.DatasetUnavailable, OSError) as exc:
        ui.show_error(exc)
        return
    st.markdown(t("class_base", dataset=config.base.dataset, model=config.base.model.name,
                  epochs=config.base.train.epochs, params=f"{sum(r.params for r in rows):,}"))
    with st.expander(t("train_model_layers")):
        st.dataframe(widgets.layer_table(rows), hide_index=True, width="stretch")


def session_url(class_id: str, **query) -> str:
    """The session's address on this server, as the browser reached it (``query``: more
    parameters, e.g. ``view="board"``)."""
    from urllib.parse import urlencode

    base = (st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.endswith("/class") else base
    return f"{base}/class?" + urlencode({"session": class_id} | query)


def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as a PNG (segno: no image library needed)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def _log_steps(low: float, high: float, per_decade: int = 4) -> list[float]:
    """Round values from ``low`` to ``high`` evenly spread on a log scale (slider stops)."""
    import numpy as np

    count = max(2, int(round(np.log10(high / low) * per_decade)) + 1)
    return sorted({float(f"{v:.2g}") for v in np.geomspace(low, high, count)} | {low, high})
