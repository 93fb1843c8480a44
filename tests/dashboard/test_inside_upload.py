"""Inside the model with your own .keras file: a run's file shows the run's kernels, a file
that could run code is refused on the page with a coded message, and a model no data set
fits is fed an uploaded image."""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnncore import store
from tests.dashboard.training_runs import figures, no_exception, open_page, shared_runs

PAGE = "pages/inside.py"
KERAS_MIME = "application/octet-stream"


def run_file(run_id: str) -> bytes:
    """A finished run's model/model.keras, as a user downloads it."""
    with tempfile.TemporaryDirectory() as tmp:
        return Path(store.client().download_artifacts(run_id, "model/model.keras", tmp)).read_bytes()


def uploaded(name: str, data: bytes):
    """The page switched to "your own .keras file", with ``data`` uploaded."""
    at = open_page(PAGE, session={"inside_source": "upload"})
    no_exception(at)
    at.file_uploader(key="inside_upload").upload(name, data, KERAS_MIME).run()
    no_exception(at)
    return at


def kernel_grid(at) -> list:
    """The learned-kernel heatmaps' values (the first chart on the page)."""
    [tiles] = figures(at)[0]["data"]
    return [row[3] for line in tiles["customdata"] for row in line if row[0]]


LAMBDA_CONFIG = {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {
    "name": "evil", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
         "config": {"name": "input", "batch_shape": [None, 8, 8, 1]}},
        {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
         "config": {"name": "marker", "function": {"class_name": "__lambda__", "config": {"code": "ZXZpbA=="}}}},
    ]}}


def lambda_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("config.json", json.dumps(LAMBDA_CONFIG))
        z.writestr("model.weights.h5", b"")
    return buffer.getvalue()


def test_the_page_offers_an_upload_and_says_what_it_accepts(empty_home):
    at = open_page(PAGE, session={"inside_source": "upload"})
    no_exception(at)
    assert at.get("file_uploader")
    assert any("only Keras's own layers" in m.value and "5,000,000" in m.value for m in at.markdown)
    assert any("Upload a .keras file" in i.value for i in at.info)


def test_a_lambda_layer_is_refused_on_the_page_with_its_code(empty_home):
    at = uploaded("evil.keras", lambda_file())
    [error] = at.error
    assert "Lambda layer" in error.value and "never loaded" in error.value
    assert not at.get("plotly_chart") and not at.dataframe


def test_the_refusal_reads_in_korean(monkeypatch):
    from cnncore.errors import InvalidInput
    from cnncore.nn import model_upload
    from dashboard import i18n, ui

    with pytest.raises(InvalidInput) as refused:
        model_upload.check_upload("evil.keras", lambda_file())
    for module in (i18n, ui):          # the language a session chose (AppTest's widgets read English)
        monkeypatch.setattr(module, "current_language", lambda: "ko")
    text = ui.error_text(refused.value)
    assert text.startswith("marker 레이어는 Lambda 레이어입니다") and "Received" not in text


def test_a_file_that_is_not_a_model_is_refused(empty_home):
    at = uploaded("notes.keras", b"just some text")
    [error] = at.error
    assert "not a Keras 3 model file" in error.value


@pytest.fixture(scope="module")
def runs():
    return shared_runs(os.environ["CNNLAB_HOME"])


@pytest.mark.slow
def test_a_runs_file_shows_the_same_kernels_as_the_run(runs):
    from_run = open_page(PAGE, query={"run": runs["cnn"]})
    no_exception(from_run)
    at = uploaded("tiny-cnn.keras", run_file(runs["cnn"]))
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[:2] == ["image", "conv1"] and table.iloc[:, 3].sum() > 0
    assert kernel_grid(at) == kernel_grid(from_run)
    assert len(kernel_grid(at)) == 8 * 9
    # The digits fit its 8×8×1 input: feature maps of a validation image, then top images.
    assert at.radio(key="inside_own_images").options[0].startswith("digits")
    stages = [m.value.split("**")[1] for m in at.markdown if "after activation" in m.value]
    assert stages == ["conv1", "conv2"][:len(stages)] and stages
    assert len(at.get("image")[-1].captions) == 9
    # Every layer maps onto the lab's model: Train gets the architecture, weights dropped.
    at.button(key="inside_own_train").click().run()
    assert at.session_state["arch_model_config"] == store.run_config(runs["cnn"]).model.to_dict()


@pytest.mark.slow
def test_a_model_no_data_set_fits_is_fed_an_uploaded_image(empty_home, tmp_path):
    import keras

    model = keras.Sequential([keras.Input((12, 12, 3), name="photo"),
                              keras.layers.Conv2D(4, 3, name="edges"), keras.layers.BatchNormalization(),
                              keras.layers.ReLU(name="edges_relu"),         # probed: after the activation
                              keras.layers.MaxPooling2D(name="pool"), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")], name="mine")
    model.save(tmp_path / "mine.keras")
    at = uploaded("mine.keras", (tmp_path / "mine.keras").read_bytes())
    assert any("No data set of the lab has images of 12 × 12 × 3" in c.value for c in at.caption)
    assert any("cannot be trained here from scratch: layer 'edges_relu' (ReLU)" in c.value for c in at.caption)
    assert not at.button
    picture = io.BytesIO()
    Image.fromarray((np.random.default_rng(0).random((40, 30, 3)) * 255).astype("uint8")).save(picture, "PNG")
    at.file_uploader(key="inside_own_image").upload("me.png", picture.getvalue(), "image/png").run()
    no_exception(at)
    assert any("your 40×30 image as 12 × 12 × 3" in c for c in at.get("image")[0].captions)
    stages = [m.value for m in at.markdown if "after activation" in m.value or "after pooling" in m.value]
    assert [s.split("**")[1] for s in stages] == ["edges_relu", "pool"]
