"""``keras.datasets``' files, fetched once into ``$CNNLAB_HOME/datasets`` with a bounded timeout."""

from __future__ import annotations

import gzip
import hashlib
import pickle
import socket
import tarfile
import threading
import urllib.request
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.datasets.base import DatasetUnavailable

DOWNLOADS: dict[str, tuple[str, ...]] = {
    "mnist": ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",),
    "fashion-mnist": tuple(
        f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{f}" for f in (
            "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")),
    "cifar10": ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",),
}
CONNECT_TIMEOUT_S = 4.0      # offline must fail in seconds, not after a TCP timeout
# Files that are unpickled are checked first: a pickle runs code. The value is Keras's
# own (keras/src/datasets/cifar10.py, keras 3) for this URL; c4a38c50… is the hash of
# cifar-10-binary.tar.gz, another file.
SHA256 = {
    "cifar-10-python.tar.gz": "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
}
_verified: dict[tuple[str, int, int], bool] = {}   # (path, size, mtime) already hashed


def keras_dataset(name: str):
    """``keras.datasets``' training images, downloaded once into ``$CNNLAB_HOME/datasets``."""
    folder = settings.cnnlab_home() / "datasets" / name
    files = [_fetch(url, folder) for url in DOWNLOADS[name]]
    if name == "mnist":
        with np.load(files[0]) as f:
            x, y = f["x_train"], f["y_train"]
    elif name == "fashion-mnist":
        with gzip.open(files[0]) as f:
            y = np.frombuffer(f.read(), np.uint8, offset=8)
        with gzip.open(files[1]) as f:
            x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(len(y), 28, 28)
    else:  # cifar10: five pickled batches of (10000, 3072) channels-first rows
        verify(files[0])
        xs, ys = [], []
        with tarfile.open(files[0]) as tar:
            for i in range(1, 6):
                batch = pickle.load(tar.extractfile(f"cifar-10-batches-py/data_batch_{i}"),
                                    encoding="bytes")
                xs.append(batch[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
                ys.extend(batch[b"labels"])
        x, y = np.concatenate(xs), np.array(ys)
    x = x[..., None] if x.ndim == 3 else x
    return x / np.float32(255), y


def verify(path: Path) -> None:
    """Refuse ``path`` unless its SHA-256 is the one :data:`SHA256` knows for its name."""
    expected = SHA256[path.name]
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key):
        return
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise DatasetUnavailable(
            "download_checksum",
            f"{path} is not the published {path.name} (its SHA-256 differs), so it is not "
            f"unpickled; delete it to download it again. Received: sha256={digest.hexdigest()}",
            name=path.name)
    _verified[key] = True


def _fetch(url: str, folder: Path) -> Path:
    target = folder / url.rsplit("/", 1)[1]
    if target.is_file():
        return target
    host = urllib.request.urlparse(url).hostname
    if not _reachable(host, CONNECT_TIMEOUT_S):
        raise DatasetUnavailable(
            "download_offline",
            f"cannot download {target.name}: {host} is unreachable (offline?). Put the file "
            f"at {target} to use it offline, or choose mnist-5k, digits or shapes. "
            f"Received: url={url}", name=target.name, host=host, path=str(target))
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=30) as response, open(partial, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatasetUnavailable("download_failed", f"download of {target.name} failed: {exc}. Received: url={url}",
                                 name=target.name) from exc
    partial.rename(target)
    return target


def _reachable(host: str, timeout: float) -> bool:
    """Whether a TCP connection to ``host:443`` opens in ``timeout`` s (DNS included)."""
    result: list[bool] = []

    def attempt():
        try:
            socket.create_connection((host, 443), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=attempt, daemon=True)   # DNS lookups ignore timeouts
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])
