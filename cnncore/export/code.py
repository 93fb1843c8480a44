"""A run's :class:`~cnncore.nn.training.RunConfig` written out as Keras 3 code, in sections.

Each :class:`Section` is one step a reader follows (settings, data, model, augmentation,
training, results): a title, a markdown paragraph for a notebook and the code. The script
and the notebooks (:mod:`cnncore.export.notebooks`) are made of the same sections.

The code builds exactly what :func:`cnncore.nn.training.fit` builds, so the same seed
lands on the same weights: layers of the same kinds, names and order as
:func:`cnncore.nn.models.build_model` (Conv2D → Dropout → BatchNorm → Pooling), created after
``keras.utils.set_random_seed(SEED)`` (each layer's initialiser draws its seed in creation
order), BatchNorm's momentum by :func:`cnncore.nn.training.bn_momentum`'s rule, the
augmentation layers with the same seeds in front of the network for training only, and
EarlyStopping on the validation loss with the best weights restored. Nothing but the data
loading calls cnncore. Plot labels are English in both languages: matplotlib's default font
has no Hangul.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from cnncore.export.prose import words
from cnncore.nn.models import ConvBlock, ModelConfig
from cnncore.nn.training import RunConfig, TrainConfig

# keras.optimizers.get's names (TrainConfig.optimizer) → the class a script spells out.
OPTIMIZER_CLASSES = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW",
                     "nadam": "Nadam", "adagrad": "Adagrad"}
WIDTH = 96                  # wrap comments here: a readable line in an editor or a notebook
INDENT = " " * 8            # the layers inside keras.Sequential([...])


@dataclass(frozen=True)
class Section:
    """One step of the code: ``title`` (a heading), ``about`` (a notebook's markdown, may be
    empty) and ``code`` (Python, no trailing newline)."""

    title: str
    about: str
    code: str


def sections(config: RunConfig, lang: str, *, target: str = "script", label: str | None = None) -> list[Section]:
    """The sections after the imports that train ``config``: settings, data, model,
    augmentation (if any), training and results.

    ``target``: ``"script"`` (the plot is saved next to the file and shown where there is a
    screen) or ``"notebook"`` (shown inline). ``label``: in a story, the key under which
    the history joins ``histories``; the results then print without a plot.
    """
    train = config.train
    out = [
        Section(words("sec_settings", lang), words("nb_settings", lang), _settings(config, lang)),
        Section(words("sec_data", lang), words("nb_data", lang), _data(config, lang)),
        Section(words("sec_model", lang),
                words("nb_model_cnn" if config.model.conv_blocks else "nb_model_dense", lang),
                _model(config.model, train, lang)),
    ]
    if train.augments:
        out.append(Section(words("sec_augmentation", lang), words("nb_augmentation", lang),
                           _augmentation(train, lang)))
    about = words("nb_training", lang) + (
        words("nb_early_stopping", lang, patience=train.early_stopping) if train.early_stopping else "")
    out.append(Section(words("sec_training", lang), about, _training(train, lang, label)))
    out.append(Section(words("sec_results", lang), words("nb_results", lang), _results(lang, target, label)))
    return out


def imports(configs: list[RunConfig], *, target: str = "script") -> str:
    """The import lines the sections of ``configs`` need (all at the top: ruff's E402)."""
    lines = []
    if any(_has_rule_bn(c) for c in configs):
        lines.append("import math")
    if target == "script":
        lines.append("from pathlib import Path")
    lines += ["", "import keras", "import matplotlib", "import matplotlib.pyplot as plt",
              "from keras import layers", "", "from cnncore import datasets"]
    if target == "notebook":
        lines.remove("import matplotlib")
    return "\n".join(lines).lstrip("\n")


def comment(text: str, indent: str = "") -> list[str]:
    """``text`` as ``#`` lines at most :data:`WIDTH` columns wide (its own newlines kept).

    >>> comment("one two three", "  ")
    ['  # one two three']
    """
    out = []
    for paragraph in text.split("\n"):
        out += _wrap(paragraph, WIDTH - len(indent) - 2)
    return [f"{indent}# {line}".rstrip() for line in out]


def columns(text: str) -> int:
    """How wide ``text`` shows in a fixed-width font: Hangul and other wide letters take two.

    >>> columns("kernel"), columns("커널")
    (6, 4)
    """
    return len(text) + sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` columns (a longer word alone)."""
    lines = [""]
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}" if lines[-1] else word
        if columns(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def noted(code: str, note: str) -> str:
    """``code  # note`` on one line where it fits in :data:`WIDTH`, else the note above."""
    if columns(code) + columns(note) + 4 <= WIDTH:
        return f"{code}  # {note}"
    indent = code[:len(code) - len(code.lstrip())]
    return "\n".join([*comment(note, indent), code])


def _aligned(rows: list[tuple[str, str]]) -> str:
    """``code  # comment`` rows with the comments in one column (above a row they make too long)."""
    column = max(len(code) for code, _ in rows) + 2
    return "\n".join(f"{code:<{column}}# {note}" if column + columns(note) + 2 <= WIDTH else noted(code, note)
                     for code, note in rows)


def _settings(config: RunConfig, lang: str) -> str:
    train = config.train
    rows = [(f"DATASET = {py(config.dataset)}", words("c_dataset", lang)),
            (f"LIMIT = {py(config.limit)}", words("c_limit", lang))]
    if config.dataset_options:
        rows.append((f"DATASET_OPTIONS = {py(dict(config.dataset_options))}", words("c_options", lang)))
    rows += [(f"VAL_FRACTION = {train.val_fraction}", words("c_val_fraction", lang)),
             (f"SEED = {train.seed}", words("c_seed", lang)),
             (f"EPOCHS = {train.epochs}", words("c_epochs", lang)),
             (f"BATCH_SIZE = {train.batch_size}", words("c_batch", lang)),
             (f"LEARNING_RATE = {train.learning_rate}", words("c_lr", lang))]
    if train.early_stopping:
        rows.append((f"PATIENCE = {train.early_stopping}", words("c_patience", lang)))
    return _aligned(rows)


def _data(config: RunConfig, lang: str) -> str:
    options = ", **DATASET_OPTIONS" if config.dataset_options else ""
    return "\n".join([
        *comment(words("c_load", lang)),
        f"data = datasets.load(DATASET, val_fraction=VAL_FRACTION, seed=SEED, limit=LIMIT{options})",
        noted("x_train, y_train = data.x_train, data.y_train", words("c_arrays", lang)),
        "x_val, y_val = data.x_val, data.y_val",
        'print(f"training images: {x_train.shape}, validation images: {x_val.shape}")',
        'print(f"classes: {data.num_classes}")',
    ])


def _has_bn(model: ModelConfig) -> bool:
    return any(block.batch_norm for block in model.conv_blocks)


def _has_rule_bn(config: RunConfig) -> bool:
    return _has_bn(config.model) and config.train.bn_momentum is None


def _model(model: ModelConfig, train: TrainConfig, lang: str) -> str:
    lines = []
    if _has_bn(model):
        if train.bn_momentum is None:   # cnncore.nn.training.bn_momentum's rule, spelled out
            lines += comment(words("c_bn_rule", lang))
            lines += [noted("steps = math.ceil(len(x_train) / BATCH_SIZE)", words("c_steps", lang)),
                      "BN_MOMENTUM = min(0.99, 0.01 ** (1 / steps))", ""]
        else:
            lines += [noted(f"BN_MOMENTUM = {train.bn_momentum}", words("c_bn_fixed", lang)), ""]
    lines.append(noted("keras.utils.set_random_seed(SEED)", words("c_seed_model", lang)))
    mixed = train.precision != "float32"
    if mixed:
        lines.append(noted(f"keras.config.set_dtype_policy({py(train.precision)})",
                           words("c_precision", lang, precision=train.precision)))
    lines += ["model = keras.Sequential(", "    ["]
    lines += _layers(model, lang)
    lines += ["    ],", f"    name={py(model.name)},", ")"]
    if mixed:
        lines.append(noted('keras.config.set_dtype_policy("float32")', words("c_precision_back", lang)))
    lines.append("model.summary()")
    return "\n".join(lines)


def _layers(model: ModelConfig, lang: str) -> list[str]:
    """The lines inside ``keras.Sequential([...])``, each kind of layer under a comment
    naming the deck's concept (a comment said once is not repeated word for word)."""
    said: set[str] = set()
    lines: list[str] = []

    def add(note: str, code: str) -> None:
        if note not in said:
            said.add(note)
            lines.extend(comment(note, INDENT))
        lines.append(f"{INDENT}{code},")

    lines.append(noted(f'{INDENT}keras.Input(shape=x_train.shape[1:], name="image"),', words("c_input", lang)))
    for i, block in enumerate(model.conv_blocks, start=1):
        for note, code in _block(block, f"conv{i}", lang):
            add(note, code)
    add(words("c_flatten" if model.conv_blocks else "c_flatten_image", lang), 'layers.Flatten(name="flatten")')
    for i, dense in enumerate(model.dense_layers, start=1):
        add(words("c_dense", lang, units=dense.units),
            f"layers.Dense({dense.units}, activation={py(dense.activation)}, name=\"dense{i}\")")
        if dense.dropout > 0:
            add(words("c_dropout", lang, percent=_percent(dense.dropout)),
                f'layers.Dropout({dense.dropout}, name="dense{i}_dropout")')
    add(words("c_output", lang), 'layers.Dense(data.num_classes, activation="softmax", name="output")')
    return lines


def _block(block: ConvBlock, name: str, lang: str) -> list[tuple[str, str]]:
    """``(comment, layer)`` pairs of one convolution block, in build_model's order."""
    padding = words("c_pad_same" if block.padding == "same" else "c_pad_valid", lang)
    out = [(words("c_conv", lang, filters=block.filters, k=block.kernel_size, stride=block.stride) + " " + padding,
            f"layers.Conv2D({block.filters}, {block.kernel_size}, strides={block.stride}, "
            f"padding={py(block.padding)}, activation={py(block.activation)}, name=\"{name}\")")]
    if block.dropout > 0:
        out.append((words("c_dropout", lang, percent=_percent(block.dropout)),
                    f'layers.Dropout({block.dropout}, name="{name}_dropout")'))
    if block.batch_norm:
        out.append((words("c_bn", lang), f'layers.BatchNormalization(momentum=BN_MOMENTUM, name="{name}_bn")'))
    if block.pooling != "none":
        kind = "MaxPooling2D" if block.pooling == "max" else "AveragePooling2D"
        out.append((words(f"c_pool_{block.pooling}", lang, p=block.pool_size, s=block.pool_stride),
                    f"layers.{kind}({block.pool_size}, strides={block.pool_stride}, "
                    f"padding={py(block.pool_padding)}, name=\"{name}_pool\")"))
    return out


def py(value) -> str:
    """``value`` (a JSON scalar, or a dict of them) as Python source, strings in double quotes.

    >>> print(py({"n": 3, "file": 'a "b".csv'}), py(None), py(0.001))
    {"n": 3, "file": "a \\"b\\".csv"} None 0.001
    """
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)   # JSON's escapes are Python's
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _percent(rate: float) -> str:
    return f"{100 * rate:g}"


def _augmentation(train: TrainConfig, lang: str) -> str:
    """cnncore.nn.training.augmentation_layers, spelled out: the same layers, seeds and order."""
    rows = []
    if train.rotation:
        rows.append((f"    layers.RandomRotation({train.rotation} / 360, fill_mode=\"constant\", seed=SEED),",
                     words("c_rotation", lang, degrees=train.rotation)))
    if train.zoom:
        rows.append((f"    layers.RandomZoom({train.zoom}, fill_mode=\"constant\", seed=SEED + 1),",
                     words("c_zoom", lang, percent=100 * train.zoom)))
    if train.shift:
        rows.append((f"    layers.RandomTranslation({train.shift}, {train.shift}, fill_mode=\"constant\", "
                     "seed=SEED + 2),", words("c_shift", lang, percent=100 * train.shift)))
    if train.flip:
        rows.append(('    layers.RandomFlip("horizontal", seed=SEED + 3),', words("c_flip", lang)))
    return "\n".join([
        *comment(words("c_augmentation", lang)),
        "augmentation = [",
        _aligned(rows),
        "]",
        f"# {words('c_trainer', lang)}",
        "trainer = keras.Sequential(",
        '    [keras.Input(shape=x_train.shape[1:]), *augmentation, model], name="augmented"',
        ")",
    ])


def _training(train: TrainConfig, lang: str, label: str | None) -> str:
    trainer = "trainer" if train.augments else "model"
    optimizer = OPTIMIZER_CLASSES[train.optimizer]
    lines = [
        f"{trainer}.compile(",
        noted(f"    optimizer=keras.optimizers.{optimizer}(learning_rate=LEARNING_RATE),", words("c_optimizer", lang)),
        noted('    loss="sparse_categorical_crossentropy",', words("c_loss", lang)),
        '    metrics=["accuracy"],',
        ")",
    ]
    if train.early_stopping:
        lines += ["", *comment(words("c_early_stopping", lang)), "callbacks = [",
                  "    keras.callbacks.EarlyStopping(",
                  '        monitor="val_loss", patience=PATIENCE, restore_best_weights=True',
                  "    ),", "]"]
    lines += [
        f"history = {trainer}.fit(",
        "    x_train,",
        "    y_train,",
        "    validation_data=(x_val, y_val),",
        "    epochs=EPOCHS,",
        "    batch_size=BATCH_SIZE,",
        "    shuffle=True,",
        *(["    callbacks=callbacks,"] if train.early_stopping else []),
        ")",
    ]
    if label is not None:
        lines.append(f"histories[{py(label)}] = history.history")
    return "\n".join(lines)


def _results(lang: str, target: str, label: str | None) -> str:
    lines = [
        noted('final_val_accuracy = history.history["val_accuracy"][-1]', words("c_final", lang)),
        'print(f"val_accuracy = {final_val_accuracy:.4f}")',
        'print(f"parameters = {model.count_params()}")',
    ]
    if label is not None:             # a story draws every run at its end
        return "\n".join(lines)
    lines += [
        "",
        'epochs = range(1, len(history.history["accuracy"]) + 1)',
        'plt.plot(epochs, history.history["accuracy"], "--", label="training")',
        'plt.plot(epochs, history.history["val_accuracy"], label="validation")',
        'plt.xlabel("epoch")',
        'plt.ylabel("accuracy")',
        'plt.title("Training vs validation accuracy")',
        "plt.legend()",
    ]
    if target == "script":
        lines += [
            noted('plot_file = Path(__file__).with_suffix(".png")', words("c_plot_file", lang)),
            "plt.savefig(plot_file, dpi=120)",
            'print(f"saved {plot_file}")',
            noted('if matplotlib.get_backend().lower() != "agg":', words("c_plot_show", lang)),
            "    plt.show()",
        ]
    else:
        lines.append("plt.show()")
    return "\n".join(lines)
