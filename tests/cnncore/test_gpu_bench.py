"""bench/gpu.py on a machine without TensorFlow (``tests/notf`` hides it) and without a GPU.

Its GPU numbers need a GPU; what can be checked anywhere is that every module it imports
works on JAX alone, that it refuses to report when no GPU is used, and that its whole
tracked path (``jobs.execute``, the run's device tag) runs with ``--cpu-ok``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("jax")


def run_bench(repo_root, tmp_path, *args, timeout=900):
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", CNNLAB_HOME=str(tmp_path),
               PYTHONPATH=str(repo_root / "tests" / "notf"))
    return subprocess.run([sys.executable, str(repo_root / "bench" / "gpu.py"), *args], env=env,
                          cwd=repo_root, capture_output=True, text=True, timeout=timeout)


def test_no_gpu_exits_non_zero_with_a_clear_message(repo_root, tmp_path):
    out = run_bench(repo_root, tmp_path, timeout=300)
    assert out.returncode == 1, out.stderr[-2000:]
    assert "no GPU: the jax backend sees none" in out.stderr
    assert "Keras backend jax: CPU" in out.stdout


@pytest.mark.slow
def test_the_tracked_path_runs_on_jax_without_tensorflow(repo_root, tmp_path):
    out = run_bench(repo_root, tmp_path, "--cpu-ok", "--train", "96", "--val", "48", "--epochs", "2")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "96 training and 48 validation images (28, 28, 1), 24 classes" in out.stdout
    for precision in ("float32", "mixed_bfloat16"):
        assert f"{precision}:" in out.stdout and "device on the run: 'CPU'" in out.stdout
    assert "no GPU was used" in out.stderr
