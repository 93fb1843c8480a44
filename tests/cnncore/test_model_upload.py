"""Your own .keras model: refused from its bytes when it could run code or cost too much,
loaded in a memory-capped child when it passes, and the same kernels as the run it came from."""

from __future__ import annotations

import hashlib
import io
import json
import resource
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from cnncore.datasets import isolated
from cnncore.errors import InvalidInput
from cnncore.nn import keras_files, model_upload, models

MiB = 2**20


def layer(kind: str, input_shape=None, **config) -> dict:
    """A layer as Keras 3 writes it into config.json."""
    row = {"module": "keras.layers", "class_name": kind, "registered_name": None,
           "config": {"name": config.pop("name", kind.lower()), "trainable": True, **config}}
    if input_shape is not None:
        row["build_config"] = {"input_shape": [None, *input_shape]}
    return row


def sequential(*layers, shape=(8, 8, 1)) -> dict:
    inputs = layer("InputLayer", batch_shape=[None, *shape], name="input_layer")
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"name": "mine", "trainable": True, "layers": [inputs, *layers]}}


SMALL = sequential(layer("Conv2D", (8, 8, 1), filters=4, kernel_size=[3, 3], name="conv"),
                   layer("MaxPooling2D", name="pool"), layer("Flatten"),
                   layer("Dense", (36,), units=10, name="out"))


def archive(config: dict, weights: bytes = b"\x89HDF\r\n\x1a\n", **extra) -> bytes:
    """A .keras file's ZIP with ``config`` (no Keras needed; the weights are not read here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights)
        for name, data in extra.items():
            z.writestr(name, data)
    return buffer.getvalue()


def refused(data: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        keras_files.check_archive(data)
    return caught.value


@pytest.fixture
def no_child(monkeypatch):
    """Fail the test if a file gets as far as a child process."""
    def run(*args, **kwargs):
        raise AssertionError("a refused file reached the loader's child")
    monkeypatch.setattr(isolated, "run", run)


# --------------------------------------------------------------------------- read as data

def test_a_plain_cnn_passes_with_its_weights_counted_from_the_config():
    facts = keras_files.check_archive(archive(SMALL))
    assert facts.kind == "Sequential" and facts.input_shape == (8, 8, 1)
    assert facts.params == (3 * 3 * 1 * 4 + 4) + (36 * 10 + 10)
    assert [kind for _, kind in facts.layers] == ["InputLayer", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]


def test_a_model_of_fifty_million_weights_is_refused_from_its_config(no_child):
    big = sequential(layer("Flatten"), layer("Dense", (64,), units=781_250, name="wide"), shape=(8, 8, 1))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("big.keras", archive(big))
    assert caught.value.code == "model_params_over_cap"
    assert caught.value.values == {"params": 50_781_250, "cap": 5_000_000}
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024   # kB: nothing built


def test_a_lambda_layer_is_refused_before_any_of_it_is_read(no_child):
    config = sequential(layer("Lambda", function={"class_name": "__lambda__", "config": {"code": "ZXZpbA=="}}))
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("lambda.keras", archive(config))
    assert caught.value.code == "model_lambda_layer" and caught.value.values == {"layer": "lambda"}


@pytest.mark.parametrize("where", ["layer", "activation"])
def test_a_custom_object_is_refused(where, no_child):
    config = json.loads(json.dumps(SMALL))
    conv = config["config"]["layers"][1]
    if where == "layer":
        conv.update(module=None, class_name="Evil", registered_name="evil>Evil")
    else:
        conv["config"]["activation"] = {"module": "__main__", "class_name": "function",
                                        "config": "my_activation", "registered_name": "function"}
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("custom.keras", archive(config))
    assert caught.value.code == "model_custom_object"


def test_a_layer_the_lab_does_not_open_is_named():
    config = sequential(layer("LSTM", (8, 8), units=4, name="memory"))
    error = refused(archive(config))
    assert error.code == "model_layer_unsupported" and error.values == {"layer": "memory", "kind": "LSTM"}


def test_channels_first_is_refused():
    config = json.loads(json.dumps(SMALL))
    config["config"]["layers"][1]["config"]["data_format"] = "channels_first"
    assert refused(archive(config)).values == {"layer": "conv", "kind": "Conv2D (channels_first)"}


def test_a_truncated_zip_is_refused():
    whole = archive(SMALL)
    for cut in (len(whole) - 30, len(whole) // 2, 10):
        assert refused(whole[:cut]).code == "model_file_bad"
    assert refused(b"not a zip at all").code == "model_file_bad"


def test_a_zip_of_other_entries_is_refused():
    assert refused(archive(SMALL, **{"evil.py": b"import os"})).code == "model_file_bad"


def test_a_ten_gigabyte_entry_is_refused_from_the_zip_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("config.json", json.dumps(SMALL))
        z.writestr("model.weights.h5", b"x" * 100)
        z.getinfo("model.weights.h5").file_size = 10 * 2**30      # what the directory declares
    error = refused(buffer.getvalue())
    assert error.code == "model_file_too_large"
    assert error.values["what"] == "model.weights.h5" and error.values["size"] == "10.7 GB"


def test_a_ten_gigabyte_array_is_refused_from_the_hdf5_header(tmp_path):
    import h5py

    path = tmp_path / "weights.h5"
    with h5py.File(path, "w") as f:      # 2.5 G float32 declared, no chunk ever written
        f.create_dataset("layers/dense/vars/0", shape=(2_500_000_000,), dtype="f4", chunks=(1024,))
    raw = path.read_bytes()
    assert len(raw) < 100_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InvalidInput) as caught:
        keras_files.check_weights(raw)
    assert caught.value.code == "model_file_too_large" and caught.value.values["size"] == "10 GB"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


def test_any_mangled_config_is_refused_with_a_code_or_passes():
    """A config with any value swapped for another type never trips the checker itself."""
    rng = np.random.default_rng(0)
    oddities = [None, -1, 0, 2**40, "x", [], {}, [None], {"class_name": None}, 1.5, True]

    def places(node, path=()):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            yield path + (key,)
            yield from places(value, path + (key,))

    paths = list(places(SMALL))
    for _ in range(400):
        config = json.loads(json.dumps(SMALL))
        *parents, last = paths[rng.integers(len(paths))]
        node = config
        for key in parents:
            node = node[key]
        node[last] = oddities[rng.integers(len(oddities))]
        try:
            keras_files.check_archive(archive(config))
        except InvalidInput as exc:
            assert exc.code.startswith("model_") or exc.code == "too_many_layers", exc.code


def test_a_file_over_the_upload_cap_is_refused(monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_UPLOAD_BYTES", "1000")
    error = refused(archive(SMALL))
    assert error.code == "model_file_too_large" and error.values["cap"] == "1 kB"


def test_only_keras_files_are_taken(no_child):
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("model.h5", archive(SMALL))
    assert caught.value.code == "model_suffix_bad"


def test_a_model_file_waits_for_a_parse_slot_like_a_data_file(monkeypatch):
    from tests.cnncore.test_parse_slots import Holder

    monkeypatch.setattr(isolated, "SLOT_WAIT_S", 0)
    holder = Holder("ana@example.com")
    try:
        with pytest.raises(InvalidInput) as caught:
            model_upload.check_upload("mine.keras", archive(SMALL), user="ana@example.com")
        assert caught.value.code == "parse_busy_user"
    finally:
        holder.release()


# --------------------------------------------------------------------------- into the lab

def test_the_course_architecture_maps_onto_the_lab_config():
    blocks = []
    for i, block in enumerate(models.PRESETS["dli-cnn"].conv_blocks, start=1):
        blocks.append(layer("Conv2D", (28, 28, 1), filters=block.filters, kernel_size=[3, 3], strides=[1, 1],
                            padding="same", activation="relu", name=f"conv{i}"))
        if block.dropout:
            blocks.append(layer("Dropout", rate=block.dropout, name=f"conv{i}_dropout"))
        blocks += [layer("BatchNormalization", (28, 28, block.filters), name=f"conv{i}_bn"),
                   layer("MaxPooling2D", pool_size=[2, 2], strides=[2, 2], padding="same", name=f"conv{i}_pool")]
    config = sequential(*blocks, layer("Flatten"), layer("Dense", (400,), units=512, activation="relu"),
                        layer("Dropout", rate=0.3), layer("Dense", (512,), units=24, name="output"), shape=(28, 28, 1))
    mapped = model_upload.model_config_from_keras(config)
    assert mapped.conv_blocks == models.PRESETS["dli-cnn"].conv_blocks
    assert mapped.dense_layers == models.PRESETS["dli-cnn"].dense_layers


def test_a_layer_that_does_not_map_is_named():
    config = sequential(layer("Conv2D", (8, 8, 1), filters=4, kernel_size=[3, 3], name="conv"),
                        layer("ReLU", name="relu"), layer("Flatten"), layer("Dense", (144,), units=2))
    with pytest.raises(InvalidInput) as caught:
        model_upload.model_config_from_keras(config)
    assert caught.value.code == "model_layer_unmapped" and caught.value.values["layer"] == "relu"


# --------------------------------------------------------------------------- with Keras

LAMBDA_BUILDER = """
import sys, keras
marker = sys.argv[2]
code = "lambda x: (open(" + repr(marker) + ", 'a').write('ran'), x)[1]"
model = keras.Sequential([keras.Input((4,)), keras.layers.Lambda(eval(code)), keras.layers.Dense(2)])
model.save(sys.argv[1])
"""
UNSAFE_LOAD = """
import sys, keras
keras.config.enable_unsafe_deserialization()
keras.saving.load_model(sys.argv[1])
"""


@pytest.mark.slow
def test_a_lambda_that_would_write_a_file_is_refused_and_never_runs(tmp_path):
    path, marker = tmp_path / "lambda.keras", tmp_path / "marker"
    subprocess.run([sys.executable, "-c", LAMBDA_BUILDER, str(path), str(marker)], check=True)
    marker.unlink()                                     # Keras called it once to build the model
    data = path.read_bytes()
    claimed = model_upload.OwnModel("lambda", hashlib.sha256(data).hexdigest(), 10, (4,), 2, ())
    for check in (lambda: model_upload.check_upload("lambda.keras", data),
                  lambda: model_upload.load_checked(data, claimed)):      # even if a caller skipped the child
        with pytest.raises(InvalidInput) as caught:
            check()
        assert caught.value.code == "model_lambda_layer"
    assert not marker.exists()
    # The marker is real: loading the file unsafely does run its code.
    subprocess.run([sys.executable, "-c", UNSAFE_LOAD, str(path)], check=True, capture_output=True)
    assert marker.read_text().startswith("ran")


@pytest.mark.slow
def test_a_registered_custom_layer_saved_by_keras_is_refused(tmp_path):
    import keras

    @keras.saving.register_keras_serializable(package="cnnlab_test")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return 2 * x

    model = keras.Sequential([keras.Input((4,)), Doubler(), keras.layers.Dense(2)])
    model.save(tmp_path / "custom.keras")
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("custom.keras", (tmp_path / "custom.keras").read_bytes())
    assert caught.value.code == "model_custom_object" and "cnnlab_test>Doubler" in str(caught.value)


@pytest.mark.slow
def test_the_child_refuses_a_ten_gigabyte_array_the_zip_hides(tmp_path):
    import h5py

    path = tmp_path / "weights.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("layers/out/vars/0", shape=(2_500_000_000,), dtype="f4", chunks=(1024,))
    data = archive(SMALL, path.read_bytes())
    keras_files.check_archive(data)                     # the ZIP declares nothing big
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("hidden.keras", data)
    assert caught.value.code == "model_file_too_large" and caught.value.values["size"] == "10 GB"


@pytest.mark.slow
def test_a_model_whose_feature_maps_would_not_fit_is_refused(tmp_path):
    import keras

    keras.Sequential([keras.Input((8, 8, 1)), keras.layers.UpSampling2D(300),       # 2,400 × 2,400
                      keras.layers.Conv2D(2, 1)]).save(tmp_path / "wide.keras")
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("wide.keras", (tmp_path / "wide.keras").read_bytes())
    assert caught.value.code == "model_activations_over_cap"
    assert caught.value.values["values"] == 2400**2 * (1 + 2)      # the up-sampled map, then 2 filters


@pytest.mark.slow
def test_a_load_over_the_memory_cap_ends_the_child_not_the_dashboard(tmp_path, monkeypatch):
    import keras

    keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(4)]).save(
        tmp_path / "small.keras")
    monkeypatch.setenv("CNNLAB_MODEL_MEMORY_BYTES", "1")
    with pytest.raises(InvalidInput) as caught:
        model_upload.check_upload("small.keras", (tmp_path / "small.keras").read_bytes())
    assert caught.value.code == "parse_memory" and "CNNLAB_MODEL_MEMORY_BYTES" in str(caught.value)


@pytest.mark.slow
def test_a_runs_model_file_shows_the_same_kernels_as_the_run(run_store):
    from cnncore import store
    from cnncore.nn import inspection
    from tests.dashboard.training_runs import finished_run

    run_id = finished_run()
    data = _artifact(run_id)
    own = model_upload.check_upload("run.keras", data, user="ana@example.com")
    assert own.input_shape == (8, 8, 1) and own.outputs == 10
    assert [row.name for row in own.layers if row.kind == "Conv2D"] == ["conv1", "conv2"]
    assert own.params == sum(row.params for row in own.layers)
    uploaded, run_model = model_upload.load_checked(data, own), store.load_model(run_id)
    np.testing.assert_array_equal(inspection.first_layer_kernels(uploaded),
                                  inspection.first_layer_kernels(run_model))
    assert inspection.kernel_matches(inspection.first_layer_kernels(uploaded)) == \
        inspection.kernel_matches(inspection.first_layer_kernels(run_model))
    mapped = model_upload.model_config_from_keras(json.loads(zipfile.ZipFile(io.BytesIO(data)).read("config.json")))
    assert mapped.conv_blocks == store.run_config(run_id).model.conv_blocks


def _artifact(run_id: str) -> bytes:
    import tempfile
    from pathlib import Path

    from cnncore import store

    with tempfile.TemporaryDirectory() as tmp:
        return Path(store.client().download_artifacts(run_id, "model/model.keras", tmp)).read_bytes()
