"""Training configurations and the Keras training loop (Keras 3 API, any backend).

A :class:`RunConfig` is everything a run needs: the data set, the :class:`ModelConfig`
and a :class:`TrainConfig`. It is frozen and JSON-able (``to_dict``/``from_dict``), so it
goes from a page to a job, into MLflow params, and back when a run is reopened.

:func:`fit` trains in the calling process and knows nothing about tracking or jobs;
progress leaves through the Keras callbacks it is given (the tracking callback of
:mod:`cnncore.jobs.callbacks`, the CLI's progress bar). Keras is imported inside :func:`fit` only.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from cnncore import datasets
from cnncore.checks import check_int, checked_fields, is_real, out_of_range, shown
from cnncore.errors import InvalidInput
from cnncore.nn.divergence import TrainingDiverged  # noqa: F401  (what fit raises)
from cnncore.nn.models import PRESETS, ModelConfig, build_model

OPTIMIZERS = ("adam", "sgd", "rmsprop", "adamw", "nadam", "adagrad")
PRECISIONS = ("float32", "mixed_bfloat16")
# The course's next part augments the sign-language images with these ranges.
COURSE_AUGMENTATION = {"rotation": 10.0, "zoom": 0.1, "shift": 0.1, "flip": True}


def course_augmentation(dataset: str) -> dict:
    """The course's augmentation for ``dataset``: without the horizontal flip where a
    mirrored image is another class (digits; :data:`cnncore.datasets.MIRROR_CHANGES_CLASS`).

    On ``mnist-scattered`` the flip costs the CNN 2–8 points of validation accuracy (seeds
    0–4), because half of what it then learns from is not a digit; without it the course's
    rotation, zoom and shift lose nothing.

    Examples
    --------
    >>> course_augmentation("sign-language-mnist")["flip"], course_augmentation("mnist-scattered")["flip"]
    (True, False)
    """
    return COURSE_AUGMENTATION | ({"flip": False} if dataset in datasets.MIRROR_CHANGES_CLASS else {})


@dataclass(frozen=True)
class TrainConfig:
    """How to train: schedule, optimiser, split, early stopping, augmentation, precision."""

    epochs: int = 10                 # enough for the train/val gap to open on a small set
    batch_size: int = 32             # Keras's default; small batches suit small data sets
    optimizer: str = "adam"          # the course's optimiser
    learning_rate: float = 1e-3      # Adam's default step size
    seed: int = 0                    # seeds split, initial weights, shuffling, augmentation
    val_fraction: float = 0.2        # share of images held out for validation
    early_stopping: int = 0          # patience in epochs on val_loss; 0 = off (full curves)
    rotation: float = 0.0            # augmentation: max rotation in degrees (course: 10)
    zoom: float = 0.0                # augmentation: max zoom fraction (course: 0.1)
    shift: float = 0.0               # augmentation: max shift, fraction of H and W (course: 0.1)
    flip: bool = False               # augmentation: random horizontal flips (off: digits flip badly)
    precision: str = "float32"       # or "mixed_bfloat16" (see bench/train.py for the speed-up)
    bn_momentum: float | None = None # None: Keras's 0.99, lowered on small data (see fit's Notes)

    def __post_init__(self):
        check_int("epochs", self.epochs, 1, 10_000)
        check_int("batch_size", self.batch_size, 1, 65_536)
        check_int("seed", self.seed, 0, 2**31 - 1)
        check_int("early_stopping", self.early_stopping, 0, 10_000)
        if self.optimizer not in OPTIMIZERS:
            raise InvalidInput("choice_bad", f"optimizer must be one of {', '.join(OPTIMIZERS)}. "
                               f"Received: optimizer={self.optimizer!r}", name="optimizer",
                               value=shown(self.optimizer), options=", ".join(OPTIMIZERS))
        if not is_real(self.learning_rate) or not self.learning_rate > 0 or math.isinf(self.learning_rate):
            raise InvalidInput("positive_number_bad", f"learning_rate must be a positive number. "
                               f"Received: learning_rate={self.learning_rate!r}", name="learning_rate",
                               value=shown(self.learning_rate))
        if not is_real(self.val_fraction) or not 0 < self.val_fraction < 1:
            raise out_of_range("val_fraction", self.val_fraction, "(0, 1)")
        if not is_real(self.rotation) or not 0 <= self.rotation <= 180:
            raise out_of_range("rotation", self.rotation, "[0, 180]", "degrees in")
        for name in ("zoom", "shift"):
            value = getattr(self, name)
            if not is_real(value) or not 0 <= value < 1:
                raise out_of_range(name, value, "[0, 1)", "a fraction in")
        if not isinstance(self.flip, bool):
            raise InvalidInput("not_bool", f"flip must be True or False. Received: flip={self.flip!r}",
                               name="flip", value=shown(self.flip))
        if self.bn_momentum is not None and (not is_real(self.bn_momentum) or not 0 <= self.bn_momentum < 1):
            raise out_of_range("bn_momentum", self.bn_momentum, "[0, 1)", tail=" or None")
        if self.precision not in PRECISIONS:
            raise InvalidInput("choice_bad", f"precision must be one of {', '.join(PRECISIONS)}. "
                               f"Received: precision={self.precision!r}", name="precision",
                               value=shown(self.precision), options=", ".join(PRECISIONS))

    @property
    def augments(self) -> bool:
        return bool(self.rotation or self.zoom or self.shift or self.flip)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        return cls(**checked_fields(cls, data))


@dataclass(frozen=True)
class RunConfig:
    """One training run: which data, which network, how to train it."""

    dataset: str = "mnist-5k"        # a datasets.NAMES entry, an upload id or a file path
    limit: int | None = None         # use only this many images (stratified); None = all
    dataset_options: dict[str, Any] = field(default_factory=dict)   # e.g. shapes' n; never mutated
    model: ModelConfig = PRESETS["dli-cnn"]                          # the course's CNN
    train: TrainConfig = field(default_factory=TrainConfig)          # the defaults above

    def __post_init__(self):
        if not isinstance(self.dataset, str) or not self.dataset:
            raise InvalidInput("dataset_spec_bad", f"dataset must be a non-empty string. "
                               f"Received: dataset={self.dataset!r}", value=shown(self.dataset))
        if not isinstance(self.model, ModelConfig):   # from_dict makes one: a caller's bug
            raise ValueError(f"model must be a ModelConfig. Received: model={type(self.model).__name__}")  # internal
        if not isinstance(self.train, TrainConfig):
            raise ValueError(f"train must be a TrainConfig. Received: train={type(self.train).__name__}")  # internal
        if len(self.dataset) > 4096:
            raise InvalidInput("dataset_spec_bad", f"dataset must be a name, an id or a path of at most "
                               f"4096 characters. Received: dataset={self.dataset[:100]!r}…",
                               value=repr(self.dataset[:100]) + "…")
        if self.limit is not None:
            check_int("limit", self.limit, 4, 10**9)
        _check_options(self.dataset_options)

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "limit": self.limit,
                "dataset_options": dict(self.dataset_options),
                "model": self.model.to_dict(), "train": self.train.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "RunConfig":
        """The config ``to_dict`` wrote, or a ``ValueError`` naming the field that is wrong
        (JSON from a link or a re-run: any type may arrive, ``null``, ``[]``…)."""
        data = checked_fields(cls, data)
        if "model" in data:
            data["model"] = model_from_dict(data["model"])
        if "train" in data:
            data["train"] = TrainConfig.from_dict(data["train"])
        if "dataset_options" in data:
            options = data["dataset_options"]
            if options is not None and not isinstance(options, dict):
                raise InvalidInput("dataset_options_not_dict", f"dataset_options must be a dict. "
                                   f"Received: dataset_options={str(options)[:100]!r}",
                                   value=repr(str(options)[:100]))
            data["dataset_options"] = dict(options or {})
        return cls(**data)

    def load_dataset(self) -> datasets.Dataset:
        """The data this run trains on, split with the run's seed and validation share."""
        return datasets.load(self.dataset, val_fraction=self.train.val_fraction,
                             seed=self.train.seed, limit=self.limit, **self.dataset_options)


MAX_OPTIONS = 16                 # a data set takes 3 options; more is not a data set's


def _check_options(options) -> None:
    """``dataset_options``: a small dict of names to JSON scalars (they go into params)."""
    if not isinstance(options, dict):
        raise InvalidInput("dataset_options_not_dict", f"dataset_options must be a dict. "
                           f"Received: dataset_options={str(options)[:100]!r}", value=repr(str(options)[:100]))
    if len(options) > MAX_OPTIONS:
        raise InvalidInput("dataset_options_too_many", f"dataset_options may hold at most {MAX_OPTIONS} "
                           f"options. Received: {len(options)} options", cap=MAX_OPTIONS, count=len(options))
    for key, value in options.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise InvalidInput("dataset_option_key_bad", f"dataset_options keys must be names. "
                               f"Received: key {str(key)[:50]!r}", key=repr(str(key)[:50]))
        if value is not None and not isinstance(value, (str, int, float, bool)) or (
                isinstance(value, str) and len(value) > 4096):
            raise InvalidInput("dataset_option_value_bad", f"dataset option {key} must be a number, a "
                               f"short string or null. Received: {key}={str(value)[:100]!r}",
                               key=key, value=repr(str(value)[:100]))


def model_from_dict(data) -> ModelConfig:
    """:meth:`ModelConfig.from_dict` for JSON of any shape: a ``ValueError`` naming the field
    for ``null``, ``[]``, ``{"conv_blocks": 5}``…, never an ``AttributeError`` from deep inside."""
    if not isinstance(data, dict):
        raise InvalidInput("not_a_dict", f"model must be a dict of a ModelConfig. "
                           f"Received: model={str(data)[:100]!r}", kind="ModelConfig", value=repr(str(data)[:100]))
    for key, kind in (("conv_blocks", "ConvBlock"), ("dense_layers", "DenseLayer")):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
            raise InvalidInput("layer_list_bad", f"{key} must be a list of {kind} dicts. "
                               f"Received: {key}={str(value)[:100]!r}", name=key, value=repr(str(value)[:100]))
        if len(value) > 64:
            raise InvalidInput("too_many_layers", f"{key} may hold at most 64 layers. "
                               f"Received: {len(value)} layers", name=key, cap=64, count=len(value))
    if not isinstance(data.get("name", ""), str):
        raise InvalidInput("model_name_bad", f"name must be a string. "
                           f"Received: name={str(data.get('name'))[:100]!r}", value=repr(str(data.get("name"))[:100]))
    unknown = set(data) - {f.name for f in fields(ModelConfig)}
    if unknown:
        raise InvalidInput("unknown_fields", f"unknown ModelConfig field(s): {sorted(unknown, key=str)}. "
                           f"Received: {str(data)[:300]}", kind="ModelConfig",
                           fields=", ".join(str(name)[:50] for name in sorted(unknown, key=str)[:10]))
    return ModelConfig.from_dict(data)


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit` leaves: the trained model (without augmentation), its history."""

    model: Any                                   # keras.Model
    history: dict[str, list[float]]              # "loss", "accuracy", "val_loss", "val_accuracy"
    dataset: datasets.Dataset = field(repr=False)

    @property
    def epochs_done(self) -> int:
        return len(self.history.get("loss", []))


def fit(run_config: RunConfig, *, callbacks=(), dataset: datasets.Dataset | None = None,
        verbose: int = 0, resume=None) -> FitResult:
    """Train ``run_config``'s model on its data set in this process.

    Parameters
    ----------
    run_config : RunConfig
    callbacks : sequence of keras.callbacks.Callback
        Called by Keras as usual; one may set ``model.stop_training`` to stop.
    dataset : Dataset, optional
        Already-loaded data (else ``run_config.load_dataset()``).
    verbose : int
        Keras's progress output (0 silent).
    resume : cnncore.store.checkpoints.Checkpoint, optional
        Go on from a completed epoch: its weights and optimizer state are restored and
        training starts at the next epoch (the returned history holds only those).

    Raises
    ------
    TrainingDiverged
        The loss became NaN or infinite or exploded (:func:`diverged`; say, a far too
        high learning rate).

    Notes
    -----
    The same config trains to the same metrics on a CPU: the seed fixes the split,
    the initial weights, the shuffling and the augmentation. Augmentation layers wrap
    the model for training only; the returned model is the bare network.

    BatchNorm's moving mean and variance start at 0 and 1 and move by ``1 − momentum``
    per batch; with Keras's 0.99 they need ~460 batches to forget that start. A small
    training set has far fewer (800 images: 25 batches an epoch), and validation then
    normalises with a variance that is still mostly the initial 1: the network predicts
    one class. Unless ``bn_momentum`` is set, the momentum is lowered to
    ``min(0.99, 0.01 ** (1 / batches_per_epoch))`` so the start weighs under 1 % after
    the first epoch; on large sets (≥ 459 batches) Keras's default is kept.
    """
    import keras

    train = run_config.train
    data = dataset if dataset is not None else run_config.load_dataset()
    keras.utils.set_random_seed(train.seed)
    previous_policy = keras.config.dtype_policy()
    keras.config.set_dtype_policy(train.precision)
    try:
        model = build_model(run_config.model, data.image_shape, data.num_classes)
    finally:
        keras.config.set_dtype_policy(previous_policy)   # a warm worker's next run starts clean
    momentum = bn_momentum(train, len(data.y_train))
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = momentum
    trainer = _with_augmentation(model, train) if train.augments else model
    trainer.compile(
        optimizer=keras.optimizers.get({"class_name": train.optimizer,
                                        "config": {"learning_rate": train.learning_rate}}),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    from cnncore.nn.callbacks import DivergenceGuard

    all_callbacks = [DivergenceGuard()]
    if train.early_stopping:
        all_callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=train.early_stopping, restore_best_weights=True))
    all_callbacks.extend(callbacks)
    if resume is not None:
        _restore(trainer, resume)
    history = trainer.fit(
        **fit_data(data, train.batch_size), epochs=train.epochs, callbacks=all_callbacks,
        verbose=verbose, initial_epoch=resume.epoch if resume else 0,
    )
    return FitResult(model=model, history={k: [float(v) for v in vs] for k, vs in history.history.items()},
                     dataset=data)


def fit_data(data: datasets.Dataset, batch_size: int) -> dict:
    """``Model.fit``'s data arguments for ``data``: its training images in shuffled batches
    of ``batch_size``, and its validation images.

    The batches are those Keras cuts from the arrays itself (the same order, so the same
    metrics), but on the TensorFlow backend in a ``tf.data`` pipeline without tf.data's
    autotuning. With it, TensorFlow 2.21 sometimes froze the start of an epoch: dropping
    the last epoch's iterator waits for its autotuning thread, which wakes only at the end
    of its current period (up to ~20 or ~40 s), the process idle meanwhile. The course
    CNN's epochs took 36–44 s instead of ~21 s, 5 times in 12; without autotuning none
    did, at the same accuracies (``bench/epochs.py``: 0.72× the time). Other backends get
    the arrays.
    """
    import keras

    if keras.backend.backend() != "tensorflow":
        return array_data(data, batch_size)
    return dict(x=_untuned(data.x_train, data.y_train, batch_size, shuffle=True), shuffle=False,  # shuffled
                validation_data=_untuned(data.x_val, data.y_val, batch_size, shuffle=False))


def array_data(data: datasets.Dataset, batch_size: int) -> dict:
    """``Model.fit``'s data arguments as a plain Keras script passes them: the arrays."""
    return dict(x=data.x_train, y=data.y_train, batch_size=batch_size, shuffle=True,
                validation_data=(data.x_val, data.y_val))


def _untuned(x, y, batch_size: int, shuffle: bool):
    """Keras's own batches of ``(x, y)`` as a ``tf.data.Dataset``, autotuning off."""
    import tensorflow as tf
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    options = tf.data.Options()
    options.autotune.enabled = False
    adapter = ArrayDataAdapter(x, y, batch_size=batch_size, shuffle=shuffle)
    batches = tf.data.experimental.assert_cardinality(adapter.num_batches)   # Keras counts the steps
    return adapter.get_tf_dataset().apply(batches).with_options(options)


def _restore(trainer, checkpoint) -> None:
    """Put a checkpoint's weights and optimizer state into the compiled ``trainer``."""
    trainer.set_weights(checkpoint.weights)
    optimizer = trainer.optimizer
    optimizer.build(trainer.trainable_variables)
    if len(optimizer.variables) != len(checkpoint.optimizer):
        raise ValueError(f"the checkpoint's optimizer state does not fit this model. Received: "  # internal
                         f"{len(checkpoint.optimizer)} arrays for {len(optimizer.variables)} variables")
    for variable, value in zip(optimizer.variables, checkpoint.optimizer):
        variable.assign(value)


def warm_up() -> None:
    """Pay a process's one-time cost of its first fit now: TensorFlow's runtime, kernels
    and thread pools, which add ~2.5 s to a first run on 2 cores (``bench/first_click.py``).
    One epoch of the course CNN on 100 bundled 8×8 digits, and a prediction."""
    config = RunConfig(dataset="digits", limit=100, model=PRESETS["dli-cnn"],
                       train=TrainConfig(epochs=1, batch_size=32))
    result = fit(config)
    result.model.predict(result.dataset.x_val, batch_size=256, verbose=0)


def bn_momentum(train: TrainConfig, train_size: int) -> float:
    """The BatchNorm momentum :func:`fit` uses for ``train_size`` training images."""
    if train.bn_momentum is not None:
        return train.bn_momentum
    batches = max(1, math.ceil(train_size / train.batch_size))
    return min(0.99, 0.01 ** (1 / batches))


def augmentation_layers(train: TrainConfig, seed: int | None = None) -> list:
    """Keras preprocessing layers for ``train``'s augmentation (active in training only)."""
    from keras import layers

    seed = train.seed if seed is None else seed
    out = []
    if train.rotation:
        out.append(layers.RandomRotation(train.rotation / 360.0, fill_mode="constant", seed=seed))
    if train.zoom:
        out.append(layers.RandomZoom(train.zoom, fill_mode="constant", seed=seed + 1))
    if train.shift:
        out.append(layers.RandomTranslation(train.shift, train.shift, fill_mode="constant", seed=seed + 2))
    if train.flip:
        out.append(layers.RandomFlip("horizontal", seed=seed + 3))
    return out


def _with_augmentation(model, train: TrainConfig):
    import keras

    inputs = keras.Input(shape=model.input_shape[1:], name="image")
    x = inputs
    for layer in augmentation_layers(train):
        x = layer(x)
    return keras.Model(inputs, model(x), name=f"{model.name}_augmented")