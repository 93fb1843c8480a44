"""python -m cnncore: train in the foreground, list runs, clear one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cnncore import store
from cnncore.cli import main


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnncore", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_train_then_runs(run_store, capsys):
    assert main(["train", "--dataset", "digits", "--model", "dense-baseline", "--epochs", "2",
                 "--limit", "300", "--batch-size", "16", "--learning-rate", "0.002", "--seed", "3",
                 "--augment", "--no-flip", "--quiet"]) == 0
    out, err = capsys.readouterr()
    run_id, status, *metrics = out.split()
    assert status == "finished" and [m.split("=")[0] for m in metrics] == list(store.METRICS)
    assert "240 training, 60 validation images of 8×8×1" in err
    config = store.get_run(run_id).config
    assert (config.train.batch_size, config.train.learning_rate, config.train.seed) == (16, 0.002, 3)
    assert (config.train.rotation, config.train.flip) == (10.0, False)
    assert main(["runs"]) == 0
    listing = capsys.readouterr().out
    assert run_id in listing and "finished" in listing and "dense-baseline" in listing


@pytest.mark.parametrize("args, message", [
    (["train", "--model", "resnet"], "--model must be a preset (dense-baseline, dli-cnn)"),
    (["train", "--epochs", "0"], "Received: epochs=0"),
    (["train", "--dataset", "imagenet"], "unknown data set"),
    (["train", "--option", "nonsense"], "--option takes KEY=VALUE"),
    (["train", "--dataset", "shapes", "--option", "n=2"], "Received: n=2"),
])
def test_bad_input_is_one_line_and_exit_2(cnnlab_home, capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("cnnlab: error: ") and message in err and err.count("\n") == 1


def test_command_line_help_and_errors_without_traceback(run_store, capsys):
    with pytest.raises(SystemExit) as help_exit:
        main(["train", "--help"])
    help_text = capsys.readouterr().out
    assert help_exit.value.code == 0
    for option in ("--dataset", "--model", "--epochs", "--batch-size", "--learning-rate", "--seed",
                   "--val-fraction", "--limit", "--optimizer", "--early-stopping", "--augment",
                   "--precision", "--option"):
        assert option in help_text
    assert main(["runs"]) == 0 and "no runs yet" in capsys.readouterr().out
    # The real entry point, once: `python -m cnncore` exits 2 with one line, no traceback.
    bad = _cli("train", "--learning-rate", "-1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == "cnnlab: error: learning_rate must be a positive number. Received: learning_rate=-1.0"
