"""What a page shows a reader, and the English in it: the helper of the Korean page tests.

:func:`shown_texts` reads every text of an ``AppTest`` page — prose, labels, options,
help, metrics, links, progress, image captions, table headers (as ``column_config``
names them), index and cells, and each plotly figure's titles, axis titles, ticks,
annotations, legend names, hover templates, categories and colour bars. :func:`english`
keeps the texts with English words that are not names (:data:`ALLOWED`) or code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from tests.dashboard.training_runs import figures

ALLOWED = {
    # names of things: the app, libraries, services, hardware
    "English", "CNN", "Lab", "Keras", "TensorFlow", "JAX", "PyTorch", "MLflow", "Ray", "Tune", "ASHA",
    "GPU", "CPU", "ML", "MNIST", "ASL", "CSV", "PNG", "JPEG", "ZIP", "JSON", "npz", "URL",
    "MLFLOW_TRACKING_URI", "CNNLAB_HOME", "auto", "label", "pixel", "sign_mnist_train", "csv",
    # Keras layers and options, shown as code
    "Conv2D", "Dense", "Dropout", "BatchNormalization", "Flatten", "MaxPooling2D",
    "AveragePooling2D", "InputLayer", "ReLU", "relu", "softmax", "valid", "same", "max",
    "average", "none", "adam", "sgd", "rmsprop", "adamw", "nadam", "adagrad", "float32", "mixed_float16",
    "bfloat16", "mixed_bfloat16", "float16",
    # data-set ids and sample images
    "mnist", "k", "scattered", "digits", "fashion", "cifar10", "shapes", "sign", "language", "camera",
    "astronaut", "coins", "coffee", "moon", "text", "chelsea", "checkerboard", "deck",
    "brick", "clock", "horse", "page", "rocket", "grass", "gravel", "cat",
    # layer names describe() gives (conv1, conv1_pool, dense1, flatten, output, image)
    "conv", "dense", "pool", "bn", "dropout", "flatten", "output", "image",
    # models the store holds (tiny-cnn, dli-cnn) and the owner of every run in open mode
    "tiny", "cnn", "local",
    # maths and units: the deck's weights W1…W9, the values a diverged loss takes
    "n", "p", "s", "x", "px", "pts", "W", "W1", "W9", "log", "low", "high", "e", "nan", "inf",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
LAYER_NAME = re.compile(r"(conv|dense)\d+(_[a-z]+)?")   # Keras layer names, as in the layer table
RUN_ID = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{6}(?:[0-9a-f]{26})?(?![0-9A-Za-z])")   # a run's id or its first six
ENGLISH_MARK = i18n.CATALOGUE["err_in_english"][1]    # "오류 메시지(영어 원문)": English on purpose


def _code_stripped(text: str) -> str:
    text = re.sub(r":material/[a-z_]+:", " ", str(text))
    text = re.sub(r"`[^`]*`", " ", text)             # code spans are code
    return re.sub(r"https?://\S+", " ", text)


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """``(where, text)`` for every text the page shows a reader."""
    found: list[tuple[str, str]] = []

    def add(where, *texts):
        found.extend((where, str(text)) for text in texts if text not in (None, ""))

    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "info",
                 "warning", "success", "exception", "toast"):
        for element in at.get(kind):
            add(kind, element.value)
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in at.get(kind):
            add(f"{kind} {widget.key or ''}".strip(), widget.label, getattr(widget, "help", ""))
            add(f"{kind} {widget.key or ''} option".strip(), *widget.options)
    for kind in ("button", "download_button", "number_input", "slider", "select_slider", "text_input",
                 "checkbox", "toggle", "text_area"):
        for widget in at.get(kind):
            add(kind, widget.label, getattr(widget, "help", ""))
    for kind, blocks in (("expander", at.expander), ("tab", at.tabs)):
        add(kind, *[block.label for block in blocks])
    for metric in at.get("metric"):
        add("metric", metric.label, metric.value, getattr(metric, "help", ""))
    for link in at.get("page_link"):
        add("page_link", link.proto.label)
    for bar in at.get("progress"):
        add("progress", bar.proto.text)
    for image in at.get("image"):
        add("image caption", *image.captions)
    for n, frame in enumerate(at.get("dataframe")):
        found += table_texts(frame, f"table {frame.key or n}")
    for n, figure in enumerate(figures(at)):
        found += figure_texts(figure, f"figure {n}")
    return found


def table_texts(frame, where: str) -> list[tuple[str, str]]:
    """A table's headers as shown (column config labels, else the column names) and cells."""
    value: pd.DataFrame = frame.value
    config = json.loads(frame.proto.columns or "{}")
    out = []
    for column in value.columns:
        shown = config.get(str(column), {}) or config.get(f"col:{column}", {})   # label set in column_config
        label = shown.get("label") if isinstance(shown, dict) else None
        if not (isinstance(shown, dict) and shown.get("hidden")):
            out.append((f"{where} column", str(label or column)))
    if not isinstance(value.index, pd.RangeIndex):
        out += [(f"{where} index", str(i)) for i in value.index]
    for column in value.columns:
        for cell in value[column]:
            if isinstance(cell, str):
                out.append((f"{where} cell of {column}", cell))
    return out


_PLOTLY_FIELD = re.compile(r"%\{[^}]*\}|<[^>]+>")


def figure_texts(figure: dict, where: str) -> list[tuple[str, str]]:
    """Titles, axis titles, annotations, legend names, hover templates, category labels."""
    out = []
    layout = figure.get("layout", {})

    def title(value):
        return value.get("text") if isinstance(value, dict) else value

    out.append((f"{where} title", title(layout.get("title"))))
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key) and isinstance(axis, dict):
            out.append((f"{where} {key} title", title(axis.get("title"))))
            out += [(f"{where} {key} tick", str(v)) for v in axis.get("ticktext") or []]
    out += [(f"{where} annotation", a.get("text")) for a in layout.get("annotations", [])]
    for trace in figure.get("data", []):
        kind = trace.get("type", "scatter")
        out.append((f"{where} {kind} legend", trace.get("name")))
        out.append((f"{where} {kind} hover", _PLOTLY_FIELD.sub(" ", trace.get("hovertemplate") or "")))
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, list):
                out += [(f"{where} {kind} {axis} category", v) for v in values if isinstance(v, str)]
        texts = trace.get("text")
        out += [(f"{where} {kind} text", v) for v in (texts if isinstance(texts, list) else [texts])
                if isinstance(v, str)]
        colorbar = (trace.get("colorbar") or trace.get("line", {}).get("colorbar") or {})
        out.append((f"{where} {kind} colour bar", title(colorbar.get("title"))))
        for dimension in trace.get("dimensions", []):
            out.append((f"{where} {kind} axis", dimension.get("label")))
            out += [(f"{where} {kind} axis tick", str(v)) for v in dimension.get("ticktext") or []]
    return [(w, str(t)) for w, t in out if t]


def plain(text: str, names=()) -> str:
    """``text`` without code spans, icons, links, English marked as such, ``names`` and run ids."""
    text = _code_stripped(text)
    text = text.split(ENGLISH_MARK)[0]           # English on purpose, and said so
    for name in names:                           # ids and names the store holds
        text = text.replace(name, " ")
    return RUN_ID.sub(" ", text)


@dataclass(frozen=True)
class Fragment:
    """A text with English in it: where it was shown, the text, its English words."""

    where: str
    text: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: {' '.join(self.words)!r} in {self.text[:140]!r}"


def english(at: AppTest, names=()) -> list[Fragment]:
    """Every text the page shows with English words in it (``names``: ids and names the
    store holds, which pass)."""
    found = []
    for where, text in shown_texts(at):
        words = [w for w in WORD.findall(plain(text, names))
                 if w not in ALLOWED and not LAYER_NAME.fullmatch(w)]
        if words:
            found.append(Fragment(where, text, tuple(dict.fromkeys(words))))
    return list(dict.fromkeys(found))
