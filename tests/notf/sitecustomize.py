"""On ``PYTHONPATH``, this makes TensorFlow uninstalled for the interpreter and every child.

The GPU benchmark and the non-TensorFlow backends must run on a machine with ``keras``
and ``jax`` (or ``torch``) only; this folder stands in for such a machine: every import
finder reports ``tensorflow`` (and its companions) as absent, so ``import tensorflow``
raises ``ModuleNotFoundError`` and ``importlib.util.find_spec`` returns ``None``.
"""

import sys

ABSENT = ("tensorflow", "tensorboard", "tf_keras")


class _Hide:
    def __init__(self, inner):
        self._inner = inner

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ABSENT:
            return None
        find = getattr(self._inner, "find_spec", None)
        return find(name, path, target) if find else None

    def __getattr__(self, name):
        return getattr(self._inner, name)


sys.meta_path[:] = [_Hide(finder) for finder in sys.meta_path]
