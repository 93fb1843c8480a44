"""cnncore.export and ``python -m cnncore export``: a run as a Keras script and a notebook
that reproduce it, its model and its history.

The references are independent of the exporter: Keras's own model from
``cnncore.nn.models.build_model`` (layers and initial weights), the run's own metrics in the
store, the run's saved ``.keras`` model (``count_params``), ``ruff`` and ``py_compile``.
"""

from __future__ import annotations

import io
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace

import numpy as np
import pytest

from cnncore import export, jobs, store
from cnncore.cli import main
from cnncore.errors import InvalidInput
from cnncore.export.code import sections
from cnncore.nn import models
from cnncore.nn.training import RunConfig, TrainConfig, bn_momentum, course_augmentation
from cnncore.store import stories

SMALL = dict(dataset="digits", limit=500)     # 8×8 digits: 400 training, 100 validation images
RUNS = {
    "dense": RunConfig(**SMALL, model=models.PRESETS["dense-baseline"], train=TrainConfig(epochs=3)),
    "cnn": RunConfig(**SMALL, model=models.PRESETS["dli-cnn"], train=TrainConfig(epochs=3)),
    "cnn_augmented": RunConfig(**SMALL, model=models.PRESETS["dli-cnn"], train=TrainConfig(
        epochs=3, early_stopping=1, **course_augmentation("digits"))),
}
# Layers of every kind and option the templates write: valid padding, stride 2, average
# pooling, no batch norm, a fixed momentum, dense dropout, another activation and optimizer.
ODD = RunConfig(dataset="shapes", dataset_options={"n": 120}, model=models.ModelConfig(
    name="odd", conv_blocks=(models.ConvBlock(6, 5, 2, "valid", "tanh", batch_norm=False, pooling="average"),
                             models.ConvBlock(4, dropout=0.1, pool_padding="valid")),
    dense_layers=(models.DenseLayer(16, "elu", 0.25),)),
    train=TrainConfig(epochs=1, optimizer="sgd", bn_momentum=0.9, rotation=5.0, shift=0.05))
POINTS = 0.03                                # the tolerance: 3 points of validation accuracy
RESULT = re.compile(r"^val_accuracy = ([0-9.]+)\nparameters = (\d+)$", re.M)


def _ruff(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", str(path)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", [*RUNS, "odd"])
def test_the_script_compiles_and_passes_ruff(tmp_path, name, lang):
    path = tmp_path / "run.py"
    path.write_text(export.script(RUNS.get(name, ODD), lang=lang), encoding="utf-8")
    py_compile.compile(str(path), doraise=True)
    lint = _ruff(path)
    assert lint.returncode == 0, lint.stdout
    text = path.read_text(encoding="utf-8")
    assert "import cnncore" not in text and text.count("cnncore.") == 0    # only `from cnncore import datasets`
    assert "keras.Sequential(" in text and ".fit(" in text


def test_the_script_names_the_decks_concepts():
    english = export.script(RUNS["cnn_augmented"])
    for word in ("Convolution", "kernels", "stride", "padding", "Max pooling", "Dropout", "augmentation",
                 "Early stopping"):
        assert word in english, word
    korean = export.script(RUNS["cnn_augmented"], lang="ko")
    for word in ("합성곱", "커널", "스트라이드", "패딩", "맥스 풀링", "드롭아웃", "밀집(Dense)", "데이터 증강", "조기 종료"):
        assert word in korean, word


@pytest.mark.parametrize("config", [RUNS["dense"], RUNS["cnn"], ODD], ids=["dense", "cnn", "odd"])
def test_the_scripts_network_is_build_models_with_the_same_initial_weights(config):
    """The model section, run on the data, builds the layers of build_model in the same
    order with the same names, and the seed gives them the same initial weights."""
    import keras

    data = config.load_dataset()
    code = {s.title: s.code for s in sections(config, "en")}["The network, layer by layer"]
    space = {"keras": keras, "layers": keras.layers, "math": __import__("math"), "data": data,
             "x_train": data.x_train, "BATCH_SIZE": config.train.batch_size, "SEED": config.train.seed}
    exec(code.replace("model.summary()", ""), space)
    ours = space["model"]
    keras.utils.set_random_seed(config.train.seed)
    reference = models.build_model(config.model, data.image_shape, data.num_classes)
    assert [(l.name, type(l).__name__) for l in ours.layers] == [(l.name, type(l).__name__)
                                                                   for l in reference.layers[1:]]
    for a, b in zip(ours.weights, reference.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    momentum = bn_momentum(config.train, len(data.y_train))
    assert all(l.momentum == momentum for l in ours.layers if isinstance(l, keras.layers.BatchNormalization))
    assert ours.count_params() == reference.count_params() == sum(
        row.params for row in models.describe(config.model, data.image_shape, data.num_classes))


@pytest.mark.parametrize("lang, words", [("en", ("convolution", "kernels", "overfitting")),
                                         ("ko", ("합성곱", "커널", "과적합", "드롭아웃", "합니다"))])
def test_the_notebook_is_the_script_in_cells_with_markdown_in_the_readers_language(lang, words):
    import nbformat

    book = nbformat.reads(export.notebook(RUNS["cnn_augmented"], lang=lang), as_version=4)
    nbformat.validate(book)
    kinds = [cell.cell_type for cell in book.cells]
    assert kinds[0] == "markdown" and kinds[1:] == ["markdown", "code"] * (len(kinds) // 2)
    prose = "\n".join(cell.source for cell in book.cells if cell.cell_type == "markdown")
    assert all(word in prose for word in words)
    code = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    script = export.script(RUNS["cnn_augmented"], lang=lang)
    for section in sections(RUNS["cnn_augmented"], lang, target="notebook")[:-1]:   # all but the plot
        assert section.code in code and section.code in script


def test_bad_input_is_a_coded_error(run_store, tmp_path, capsys):
    with pytest.raises(InvalidInput) as unknown:
        export.script("no-such-run")
    assert unknown.value.code == "run_unknown"
    with pytest.raises(InvalidInput) as language:
        export.notebook(RUNS["cnn"], lang="fr")
    assert language.value.code == "choice_bad"
    queued = store.create_run(RUNS["cnn"])                   # queued: nothing trained, no model yet
    with pytest.raises(InvalidInput) as not_ready:
        export.model_file(queued)
    assert not_ready.value.code == "model_not_ready" and not_ready.value.values["run_id"] == queued
    assert export.history_csv(queued) == "epoch,loss,accuracy,val_loss,val_accuracy\n"
    assert main(["export", "no-such-run", "--script"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cnnlab: error: no such run") and err.count("\n") == 1
    assert main(["export", queued, "--model", str(tmp_path / "m.keras")]) == 2
    assert "has not finished" in capsys.readouterr().err and not (tmp_path / "m.keras").exists()


# --------------------------------------------------------------------------- trained runs


@pytest.fixture(scope="module")
def trained(tmp_path_factory, _empty_store):
    """The three runs of :data:`RUNS` trained into a store of their own (the CNN as the dense
    network's ``use_cnn`` remedy, so the two make a story)."""
    home = tmp_path_factory.mktemp("export-home")
    shutil.copy(_empty_store, home / "mlflow.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CNNLAB_HOME", str(home))
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)
        patch.delenv("CNNLAB_EXPERIMENT", raising=False)
        ids = {}
        for name, config in RUNS.items():
            tags = stories.remedy_tags(ids["dense"], "use_cnn") if name == "cnn" else None
            ids[name] = store.create_run(config, tags=tags)
            assert jobs.execute(ids[name]) == "finished", store.get_run(ids[name]).error
        yield ids


def _reference(run_id: str) -> tuple[float, int]:
    """The run's own final validation accuracy, and the parameters of the model it saved."""
    import keras

    with tempfile.TemporaryDirectory() as folder:
        path = store.client().download_artifacts(run_id, export.MODEL_ARTIFACT, folder)
        params = keras.saving.load_model(path).count_params()
    return store.get_run(run_id).metrics["val_accuracy"], params


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_the_exported_script_reproduces_the_run(trained, tmp_path, name, capsys):
    run_id = trained[name]
    path = tmp_path / "run.py"
    assert main(["export", run_id, "--script", "--out", str(path)]) == 0
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300,
                          env=os.environ | {"MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-2000:]
    accuracy, params = (float(v) for v in RESULT.search(done.stdout).groups())
    run_accuracy, run_params = _reference(run_id)
    print(f"{name}: script {accuracy:.4f}, run {run_accuracy:.4f}, {params:.0f} parameters")
    assert abs(accuracy - run_accuracy) <= POINTS and params == run_params
    assert path.with_suffix(".png").stat().st_size > 1000      # the plot, saved headless


def kernel_env() -> dict:
    """The kernel's environment, as Jupyter's would be: importing Streamlit (any page test in
    this process) sets MPLBACKEND=Agg, which would keep the notebook's plots from showing."""
    return {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}


@pytest.mark.slow
def test_the_exported_notebook_runs_and_reproduces_the_run(trained, tmp_path):
    import nbclient
    import nbformat

    run_id = trained["cnn_augmented"]
    path = tmp_path / "run.ipynb"
    assert main(["export", run_id, "--notebook", "--lang", "ko", "--out", str(path)]) == 0
    book = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute(env=kernel_env())
    printed = "".join(out.get("text", "") for cell in book.cells if cell.cell_type == "code"
                      for out in cell.outputs if out.output_type == "stream")
    accuracy, params = (float(v) for v in RESULT.search(printed).groups())
    run_accuracy, run_params = _reference(run_id)
    assert abs(accuracy - run_accuracy) <= POINTS and params == run_params
    assert any(out.output_type == "display_data" and "image/png" in out.data
               for cell in book.cells if cell.cell_type == "code" for out in cell.outputs)


@pytest.mark.slow
def test_model_history_and_story_from_the_command_line(trained, tmp_path, capsys):
    import nbformat
    import pandas as pd

    run_id = trained["cnn"]
    assert main(["export", run_id, "--model", str(tmp_path / "model.keras")]) == 0
    assert (tmp_path / "model.keras").read_bytes() == export.model_file(run_id)
    assert main(["export", run_id, "--history"]) == 0
    history = pd.read_csv(io.StringIO(capsys.readouterr().out))
    stored = store.histories([run_id])
    assert list(history.columns) == export.HISTORY_CSV_COLUMNS
    np.testing.assert_allclose(history.to_numpy(), stored[export.HISTORY_CSV_COLUMNS].to_numpy())
    assert main(["export", run_id, "--history", "--out", str(tmp_path / "history.csv")]) == 0
    assert (tmp_path / "history.csv").read_text() == export.history_csv(run_id)

    # A remedy's id gives its original's story: the dense network, then the CNN.
    assert main(["export", run_id, "--story", "--out", str(tmp_path / "story.ipynb")]) == 0
    story = nbformat.read(tmp_path / "story.ipynb", as_version=4)
    code = "\n\n".join(cell.source for cell in story.cells if cell.cell_type == "code")
    assert code.count("keras.Sequential(") == 2 and 'name="dense-baseline"' in code and 'name="dli-cnn"' in code
    assert 'histories["1 dense-baseline"]' in code and 'histories["2 use_cnn"]' in code
    joined = tmp_path / "story.py"
    joined.write_text(code, encoding="utf-8")
    assert _ruff(joined).returncode == 0


def test_the_cli_help_names_every_export(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = capsys.readouterr().out
    for option in ("--script", "--notebook", "--story", "--history", "--model", "--lang", "--out"):
        assert option in help_text


def test_a_config_exports_without_a_store():
    assert export.script(replace(RUNS["cnn"], limit=None)).count("LIMIT = None") == 1


@pytest.mark.slow
def test_a_story_notebook_trains_every_run_and_draws_them_together(tmp_path):
    import nbclient
    import nbformat

    from cnncore.export.notebooks import story_text
    from cnncore.nn import remedies

    dense = replace(RUNS["dense"], limit=200, train=TrainConfig(epochs=2))
    chapters = [("", dense), *((name, remedies.remedy(dense, name)) for name in ("use_cnn", "augmentation"))]
    book = nbformat.reads(story_text(chapters, lang="ko"), as_version=4)
    nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute(env=kernel_env())
    printed = "".join(out.get("text", "") for cell in book.cells if cell.cell_type == "code"
                      for out in cell.outputs if out.output_type == "stream")
    params = [int(p) for _, p in RESULT.findall(printed)]
    data = dense.load_dataset()
    assert params == [models.build_model(c.model, data.image_shape, data.num_classes).count_params()
                      for _, c in chapters]
    last = book.cells[-1]
    assert "histories.items()" in last.source and any(out.output_type == "display_data" for out in last.outputs)
