"""Guard rail: the playground modules import instantly, without Streamlit or Keras."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


HEAVY = ("streamlit", "tensorflow", "keras", "jax", "torch", "mlflow", "ray")

# Modules that must stay light: everything a Learn page or the shell imports at start-up
# (the store is imported by the shell; it loads MLflow only when a page reads runs).
LIGHT = ["cnncore"] + [
    f"cnncore.{name}"
    for name in ("settings", "checks", "nn.devices", "ops.kernels", "ops.convolution", "ops.pooling",
                 "ops.dropout", "ops.images", "nn.models", "nn.verdict", "store", "datasets")
]


def _heavy_modules_after(module: str) -> list[str]:
    code = (
        f"import sys, json, importlib; importlib.import_module({module!r}); "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("module", LIGHT)
def test_light_module_imports_no_streamlit_or_keras(module):
    assert _heavy_modules_after(module) == []
