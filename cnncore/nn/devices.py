"""Which accelerator the Keras backend sees.

:func:`detect` imports the backend (seconds for TensorFlow), so the dashboard calls it
in a child process (``python -m cnncore.nn.devices``) and never at start-up. It asks
the backend that trains, and only that one: a GPU machine may have JAX or PyTorch and
no TensorFlow at all.
"""

from __future__ import annotations

import json
import subprocess
import sys

from cnncore import settings

JAX_GPU_PLATFORMS = ("gpu", "cuda", "rocm")   # what jax's Device.platform says for a GPU


def detect() -> dict:
    """``{"backend": ..., "device": "GPU" | "CPU", "names": [...]}`` for this process."""
    backend = settings.keras_backend()
    names: list[str] = []
    if backend == "tensorflow":
        import tensorflow as tf

        names = [d.name for d in tf.config.list_physical_devices("GPU")]
    elif backend == "jax":
        import jax

        names = [getattr(d, "device_kind", "") or str(d) for d in jax.devices()
                 if d.platform in JAX_GPU_PLATFORMS]
    elif backend == "torch":
        import torch

        if torch.cuda.is_available():
            names = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return {"backend": backend, "device": "GPU" if names else "CPU", "names": names}


def detect_in_subprocess(timeout: float = 120.0) -> dict:
    """:func:`detect` run in a fresh interpreter, so the caller never imports the backend."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "cnncore.nn.devices"],
            capture_output=True, text=True, timeout=timeout, check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, json.JSONDecodeError, IndexError, OSError) as exc:
        return {"backend": settings.keras_backend(), "device": "unknown", "names": [], "error": str(exc)}


if __name__ == "__main__":
    print(json.dumps(detect()))
