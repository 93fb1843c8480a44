"""cnncore.nn.training: configs, seeded fits, tracked epochs, NaN, and the course's claim."""

from __future__ import annotations

import json

import pytest

from cnncore import jobs, store

from cnncore.nn import training
from cnncore.nn.models import PRESETS, ConvBlock, DenseLayer, ModelConfig

TINY_CNN = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=8), ConvBlock(filters=4)),
                       dense_layers=(DenseLayer(16),))


def tiny(**train) -> training.RunConfig:
    """A run that trains in about a second: 8×8 digits, 240 training images."""
    return training.RunConfig(dataset="digits", limit=300, model=TINY_CNN,
                              train=training.TrainConfig(**({"epochs": 2} | train)))


# --------------------------------------------------------------------------- configs

def test_configs_round_trip_through_json():
    config = training.RunConfig(dataset="shapes", limit=500, dataset_options={"n": 900},
                                model=PRESETS["dli-cnn"],
                                train=training.TrainConfig(epochs=3, rotation=10, flip=True, bn_momentum=0.9))
    again = training.RunConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config
    assert training.RunConfig.from_dict({}) == training.RunConfig()
    assert training.TrainConfig().augments is False and config.train.augments is True


@pytest.mark.parametrize("field, value, message", [
    ("epochs", 0, "Received: epochs=0"),
    ("batch_size", 2.5, "Received: batch_size=2.5"),
    ("optimizer", "adamm", "Received: optimizer='adamm'"),
    ("learning_rate", -1.0, "Received: learning_rate=-1.0"),
    ("val_fraction", 1.0, "Received: val_fraction=1.0"),
    ("rotation", 400, "Received: rotation=400"),
    ("zoom", 1.5, "Received: zoom=1.5"),
    ("flip", "yes", "Received: flip='yes'"),
    ("precision", "float16", "Received: precision='float16'"),
    ("early_stopping", -1, "Received: early_stopping=-1"),
])
def test_train_config_names_what_it_received(field, value, message):
    with pytest.raises(ValueError, match=message):
        training.TrainConfig(**{field: value})


def test_unknown_fields_are_rejected():
    with pytest.raises(ValueError, match=r"unknown TrainConfig field\(s\): \['epoch'\]"):
        training.TrainConfig.from_dict({"epoch": 3})
    with pytest.raises(ValueError, match=r"unknown RunConfig field\(s\): \['data'\]"):
        training.RunConfig.from_dict({"data": "digits"})


def test_bn_momentum_settles_within_an_epoch_on_small_sets():
    small = training.bn_momentum(training.TrainConfig(), 800)         # 25 batches
    assert small ** 25 == pytest.approx(0.01)
    assert training.bn_momentum(training.TrainConfig(), 27_455) == 0.99
    assert training.bn_momentum(training.TrainConfig(bn_momentum=0.5), 800) == 0.5


# --------------------------------------------------------------------------- fitting

@pytest.mark.slow
def test_same_seed_same_metrics_other_seed_other_metrics(cnnlab_home):
    first = training.fit(tiny())
    again = training.fit(tiny())
    other = training.fit(tiny(seed=1))
    assert first.history == again.history
    assert first.history != other.history
    assert set(first.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert first.epochs_done == 2


@pytest.mark.slow
def test_fit_trains_on_the_batches_keras_cuts_from_the_arrays(cnnlab_home, monkeypatch):
    """The reference is Keras's own batching: the arrays handed to ``Model.fit``. The same
    seeded run, augmented and with early stopping, reaches the same metrics either way."""
    config = tiny(epochs=3, rotation=10, early_stopping=1, batch_size=16)
    data = config.load_dataset()
    ours = training.fit(config, dataset=data).history
    monkeypatch.setattr(training, "fit_data", lambda d, batch_size: dict(
        x=d.x_train, y=d.y_train, batch_size=batch_size, shuffle=True, validation_data=(d.x_val, d.y_val)))
    assert training.fit(config, dataset=data).history == ours


def test_on_tensorflow_the_batches_come_without_tf_data_autotuning():
    """tf.data's autotuning thread stalled epoch starts by 20–40 s (``bench/epochs.py``)."""
    import keras
    import numpy as np

    data = training.RunConfig(dataset="digits", limit=100).load_dataset()
    arguments = training.fit_data(data, 32)
    if keras.backend.backend() != "tensorflow":
        assert arguments["x"] is data.x_train and arguments["batch_size"] == 32
        return
    train, val = arguments["x"], arguments["validation_data"]
    assert not train.options().autotune.enabled and not val.options().autotune.enabled
    assert int(train.cardinality()) == -(-len(data.y_train) // 32)       # Keras knows each epoch's steps
    labels = np.concatenate([y.numpy() for _, y in train])
    assert sorted(labels) == sorted(data.y_train) and len(labels) == len(data.y_train)
    assert [y.numpy().tolist() for _, y in val] == [data.y_val[i:i + 32].tolist()
                                                    for i in range(0, len(data.y_val), 32)]

@pytest.mark.slow
def test_augmentation_trains_and_leaves_a_bare_model(cnnlab_home):
    result = training.fit(tiny(epochs=1, rotation=10, zoom=0.1, shift=0.1, flip=True))
    names = [layer.__class__.__name__ for layer in result.model.layers]
    assert not any(n.startswith("Random") for n in names)
    assert result.model.name == "tiny-cnn"


@pytest.mark.slow
def test_mixed_bfloat16_trains_and_restores_the_policy(cnnlab_home):
    import keras

    result = training.fit(tiny(epochs=1, precision="mixed_bfloat16"))
    assert result.model.get_layer("conv1").compute_dtype == "bfloat16"
    assert keras.config.dtype_policy().name == "float32"


class _PoisonWeights:
    """A Keras callback that sets every weight to NaN after the first batch: the next
    batch's loss is NaN on every CPU (IEEE arithmetic, no rounding luck)."""

    def __new__(cls):
        import keras

        class Poison(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                if batch == 0:
                    for w in self.model.weights:
                        w.assign(keras.ops.full(w.shape, float("nan"), dtype=w.dtype))

        return Poison()


@pytest.mark.slow
def test_a_nan_loss_raises_training_diverged_on_any_cpu(cnnlab_home):
    with pytest.raises(training.TrainingDiverged, match="the loss became nan at epoch 1, batch 2"):
        training.fit(tiny(), callbacks=[_PoisonWeights()])


@pytest.mark.slow
def test_a_diverged_run_is_failed_with_its_reason_and_a_code_for_translation(run_store):
    import json

    run_id = store.create_run(tiny())
    assert jobs.execute(run_id, callbacks=[_PoisonWeights()]) == "failed"
    record = store.get_run(run_id)
    assert record.error.startswith("the loss became nan at epoch 1, batch 2: training diverged")
    assert record.tags[store.TAG_ERROR_CODE] == "loss_not_finite"
    assert json.loads(record.tags[store.TAG_ERROR_VALUES])["batch"] == 2


@pytest.mark.parametrize("losses, reason", [
    ([2.3, 1.9, float("inf")], "the loss became inf at epoch 1, batch 3"),
    ([2.3, 2.0, 2.1e25], "the loss exploded to 2.1e+25"),        # what one Zen 4 CPU reported
    ([2.3, 4.6e8], "the loss exploded to 4.6e+08"),
])
def test_the_guard_stops_a_diverged_loss_whatever_the_cpu_rounded_to(losses, reason):
    from cnncore.nn.callbacks import DivergenceGuard

    guard = DivergenceGuard()
    guard.on_train_begin()
    guard.on_epoch_begin(0)
    with pytest.raises(training.TrainingDiverged, match=reason.replace("+", r"\+")):
        for batch, loss in enumerate(losses):
            guard.on_train_batch_end(batch, {"loss": loss})


def test_the_guard_lets_ordinary_training_noise_pass():
    from cnncore.nn.callbacks import DivergenceGuard

    guard = DivergenceGuard()
    guard.on_train_begin()
    for epoch, losses in enumerate([[2.3, 2.9, 1.2], [0.4, 12.0, 0.3], [0.01, 0.002]]):
        guard.on_epoch_begin(epoch)
        for batch, loss in enumerate(losses):
            guard.on_train_batch_end(batch, {"loss": loss})


@pytest.mark.slow
def test_two_epochs_log_exactly_two_steps_of_each_metric(run_store):
    run_id = store.create_run(tiny())
    assert jobs.execute(run_id) == "finished"
    c = store.client()
    for key in store.METRICS:
        assert [m.step for m in c.get_metric_history(run_id, key)] == [1, 2]
    record = store.get_run(run_id)
    assert record.status == "finished" and record.device.startswith("CPU")
    assert record.config == tiny()
    assert store.confusion_matrix(run_id).to_numpy().sum() == 60
    model = store.load_model(run_id)
    assert model.count_params() > 0


@pytest.mark.slow
def test_failed_data_marks_the_run_failed_with_the_reason(run_store, monkeypatch):
    from cnncore.datasets import downloads

    monkeypatch.setattr(downloads, "_reachable", lambda host, timeout: False)   # offline on any machine
    run_id = store.create_run(training.RunConfig(dataset="mnist", limit=100))
    assert jobs.execute(run_id) == "failed"
    error = store.get_run(run_id).error
    assert "DatasetUnavailable" in error and "storage.googleapis.com is unreachable" in error
