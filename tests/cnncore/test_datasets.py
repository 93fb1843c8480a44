"""cnncore.datasets: built-in sets offline, the split, the cache, uploads good and bad."""

from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import tarfile
import zipfile

import numpy as np
import pytest
from PIL import Image

from cnncore import datasets
from cnncore.datasets import downloads


def _check(ds: datasets.Dataset, shape, classes):
    for x in (ds.x_train, ds.x_val):
        assert x.dtype == np.float32 and x.shape[1:] == shape
        assert 0.0 <= x.min() and x.max() <= 1.0
    assert ds.y_train.dtype == np.int32 and len(ds.y_train) == len(ds.x_train)
    assert len(ds.class_names) == classes == ds.card.num_classes
    assert ds.card.image_shape == shape
    assert sum(ds.card.train_counts.values()) == len(ds.y_train)
    assert sum(ds.card.val_counts.values()) == len(ds.y_val)


@pytest.mark.parametrize("name, shape, classes, total", [
    ("mnist-5k", (28, 28, 1), 10, 5000),
    ("digits", (8, 8, 1), 10, 1797),
    ("shapes", (28, 28, 1), 3, 1500),
])
def test_builtin_sets_load_offline(cnnlab_home, name, shape, classes, total):
    ds = datasets.load(name)
    _check(ds, shape, classes)
    assert len(ds.y_train) + len(ds.y_val) == total
    assert len(ds.y_val) == round(total * 0.2)


def test_split_is_stratified_seeded_and_disjoint(cnnlab_home):
    a = datasets.load("mnist-5k", limit=1000, seed=3, val_fraction=0.25)
    b = datasets.load("mnist-5k", limit=1000, seed=3, val_fraction=0.25)
    c = datasets.load("mnist-5k", limit=1000, seed=4, val_fraction=0.25)
    assert len(a.y_train) == 750 and len(a.y_val) == 250
    assert set(a.card.train_counts.values()) == {75} and set(a.card.val_counts.values()) == {25}
    np.testing.assert_array_equal(a.x_val, b.x_val)
    assert not np.array_equal(a.x_val, c.x_val)
    train_rows = {r.tobytes() for r in a.x_train}
    assert not any(r.tobytes() in train_rows for r in a.x_val)
    assert a.card.notes == (datasets.Note("subset", {"limit": 1000, "total": 5000}),)
    assert str(a.card.notes[0]) == "subset of 1000 of 5000 images"


def test_shapes_options_and_determinism(cnnlab_home):
    ds = datasets.load("shapes", n=90, image_size=16, noise=0.0, seed=7)
    _check(ds, (16, 16, 1), 3)
    x, y = datasets.shapes(30, image_size=16, seed=7)
    x2, y2 = datasets.shapes(30, image_size=16, seed=7)
    np.testing.assert_array_equal(x, x2)
    assert np.bincount(y).tolist() == [10, 10, 10]
    with pytest.raises(ValueError, match="Received: image_size=4"):
        datasets.load("shapes", image_size=4)
    with pytest.raises(ValueError, match="takes no option"):
        datasets.load("digits", n=5)


@pytest.fixture
def offline(monkeypatch):
    """No network, whatever this machine has: every host is unreachable, and a download
    attempted anyway fails the test. Returns the hosts that were asked about."""
    asked = []

    def unreachable(host, timeout):
        asked.append(host)
        return False

    def no_download(*args, **kwargs):
        raise AssertionError(f"a download was attempted while offline: {args}")

    monkeypatch.setattr(downloads, "_reachable", unreachable)
    monkeypatch.setattr(downloads.urllib.request, "urlopen", no_download)
    return asked


@pytest.mark.parametrize("name, host", [("mnist", "storage.googleapis.com"),
                                        ("fashion-mnist", "storage.googleapis.com"),
                                        ("cifar10", "www.cs.toronto.edu")])
def test_keras_sets_fail_clearly_offline(cnnlab_home, offline, name, host):
    with pytest.raises(datasets.DatasetUnavailable) as caught:
        datasets.load(name, limit=100)
    message = str(caught.value)
    assert f"{host} is unreachable (offline?)" in message
    assert str(cnnlab_home / "datasets" / name) in message       # where to put the file
    assert "choose mnist-5k, digits or shapes" in message
    assert offline == [host]                                      # asked once, then gave up
    assert not (cnnlab_home / "datasets" / name).exists()         # nothing half-written


def test_keras_sets_fail_at_once_when_host_unreachable(cnnlab_home, offline):
    with pytest.raises(datasets.DatasetUnavailable, match="mnist.npz: storage.googleapis.com is unreachable"):
        datasets.load("mnist")


def test_the_reachability_probe_answers_from_the_connection_attempt(monkeypatch):
    class Connection:
        def close(self):
            pass

    seen = []

    def connects(address, timeout):
        seen.append((address, timeout))
        return Connection()

    def refused(address, timeout):
        raise ConnectionRefusedError(address)

    monkeypatch.setattr(downloads.socket, "create_connection", connects)
    assert downloads._reachable("example.org", 1.5) is True
    assert seen == [(("example.org", 443), 1.5)]
    monkeypatch.setattr(downloads.socket, "create_connection", refused)
    assert downloads._reachable("example.org", 1.5) is False


def test_keras_sets_load_from_the_cache(cnnlab_home, offline, monkeypatch):
    rng = np.random.default_rng(0)
    folder = cnnlab_home / "datasets"
    # mnist.npz as keras.datasets ships it
    (folder / "mnist").mkdir(parents=True)
    np.savez(folder / "mnist" / "mnist.npz", x_train=rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
             y_train=np.arange(40) % 10, x_test=np.zeros((1, 28, 28), np.uint8), y_test=np.zeros(1))
    _check(datasets.load("mnist"), (28, 28, 1), 10)
    # fashion-mnist: gzipped IDX files
    (folder / "fashion-mnist").mkdir()
    for name, payload in [("train-labels-idx1-ubyte.gz", b"\0" * 8 + (np.arange(40) % 10).astype(np.uint8).tobytes()),
                          ("train-images-idx3-ubyte.gz", b"\0" * 16 + rng.integers(0, 256, 40 * 784, dtype=np.uint8).tobytes()),
                          ("t10k-labels-idx1-ubyte.gz", b""), ("t10k-images-idx3-ubyte.gz", b"")]:
        (folder / "fashion-mnist" / name).write_bytes(gzip.compress(payload))
    ds = datasets.load("fashion-mnist")
    _check(ds, (28, 28, 1), 10)
    assert ds.class_names[9] == "Ankle boot"
    # cifar10: pickled batches in a tar.gz
    (folder / "cifar10").mkdir()
    with tarfile.open(folder / "cifar10" / "cifar-10-python.tar.gz", "w:gz") as tar:
        for i in range(1, 6):
            blob = pickle.dumps({b"data": rng.integers(0, 256, (10, 3072), dtype=np.uint8),
                                 b"labels": list(range(10))})
            info = tarfile.TarInfo(f"cifar-10-batches-py/data_batch_{i}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    tarball = folder / "cifar10" / "cifar-10-python.tar.gz"
    with pytest.raises(datasets.DatasetUnavailable, match="not the published cifar-10-python.tar.gz"):
        datasets.load("cifar10")                  # not Toronto's file: never unpickled
    monkeypatch.setitem(downloads.SHA256, tarball.name, hashlib.sha256(tarball.read_bytes()).hexdigest())
    _check(datasets.load("cifar10"), (32, 32, 3), 10)
    assert offline == []                      # cached files: the network was never asked


# --------------------------------------------------------------------------- uploads

def _csv(rows, header=True, side=4):
    lines = (["label," + ",".join(f"pixel{i}" for i in range(1, side * side + 1))] if header else [])
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines).encode()


def _sign_rows(labels, side=4):
    rng = np.random.default_rng(1)
    return [[label, *rng.integers(0, 256, side * side)] for label in labels]


def test_sign_language_csv_upload_maps_labels_to_letters(cnnlab_home):
    labels = [0, 1, 8, 10, 24] * 4                     # A, B, I, K, Y (9 = J never occurs)
    ds = datasets.load_upload("sign.csv", _csv(_sign_rows(labels)))
    _check(ds, (4, 4, 1), 24)
    assert ds.class_names[9] == "K" and ds.class_names[23] == "Y"
    seen = {k for counts in (ds.card.train_counts, ds.card.val_counts) for k, v in counts.items() if v}
    assert seen == {"A", "B", "I", "K", "Y"}
    no_header = datasets.load_upload("sign.csv", _csv(_sign_rows(labels), header=False))
    np.testing.assert_array_equal(no_header.x_train, ds.x_train)


def test_sign_language_mnist_from_course_csv_files(cnnlab_home, tmp_path):
    train, valid = tmp_path / "sign_mnist_train.csv", tmp_path / "sign_mnist_valid.csv"
    train.write_bytes(_csv(_sign_rows([0, 2, 3, 24] * 5, side=28), side=28))
    valid.write_bytes(_csv(_sign_rows([0, 2, 3, 24] * 2, side=28), side=28))
    ds = datasets.load("sign-language-mnist", path=str(train))
    _check(ds, (28, 28, 1), 24)
    assert len(ds.y_train) == 20 and len(ds.y_val) == 8       # the valid file, not a split
    with pytest.raises(ValueError, match="needs the course's CSV"):
        datasets.load("sign-language-mnist")


@pytest.mark.parametrize("data, code, message", [
    (_csv([[0, 1, 2, 3], [1, 1, 2, 3]]), "csv_columns_bad", "Received: 4 columns"),
    (b"label,p1,p2,p3,p4\n0,1,2,3,4\n1,1,2,3\n", "csv_row_length", "Received: 4 in data row 2"),
    (_csv([[0, *[5] * 16], [1, "dark", *[5] * 15]]), "csv_not_number", "Received: 'dark' in data row 2, column 2"),
    (_csv(_sign_rows([0, 25])), "sign_labels_bad", "Received: label 25"),
    (_csv(_sign_rows([0, 9])), "sign_labels_bad", "Received: label 9"),
    (_csv(_sign_rows([3, 3, 3])), "one_class", r"at least 2 classes. Received: 1 class \('D'\)"),
    (_csv([[0, *[300] * 16], [1, *[5] * 16]]), "pixels_out_of_range", "0…255 or 0…1. Received: 5…300"),
    (b"", "csv_empty", "no data rows"),
])
def test_bad_csv_uploads_are_rejected_clearly(cnnlab_home, data, code, message):
    with pytest.raises(ValueError, match=message) as info:
        datasets.load_upload("mine.csv", data)
    assert info.value.code == code


def test_csv_index_labels(cnnlab_home):
    ds = datasets.load_upload("mine.csv", _csv(_sign_rows([0, 1, 2, 9] * 3)), labels="index")
    assert ds.class_names == tuple("0123456789")


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_npz_upload(cnnlab_home):
    x = np.random.default_rng(0).integers(0, 256, (30, 6, 6), dtype=np.uint8)
    ds = datasets.load_upload("mine.npz", _npz(x=x, y=np.arange(30) % 3, class_names=np.array(["a", "b", "c"])))
    _check(ds, (6, 6, 1), 3)
    assert ds.class_names == ("a", "b", "c")
    flat = datasets.load_upload("flat.npz", _npz(x=x.reshape(30, 36), y=np.arange(30) % 3))
    np.testing.assert_array_equal(flat.x_train, ds.x_train)
    assert datasets.load_upload("mine.npz", _npz(x=x, y=np.arange(30) % 3), image_size=12).image_shape == (12, 12, 1)


@pytest.mark.parametrize("arrays, code, message", [
    (dict(x=np.zeros((4, 6, 6))), "npz_members", r"Received: \['x'\]"),
    (dict(x=np.zeros((4, 6, 6)), y=np.arange(3)), "npz_y_shape", r"Received: shape \(3,\)"),
    (dict(x=np.zeros((4, 6, 6)), y=np.array([0.5, 1, 0, 1])), "npz_y_not_indices", "Received: dtype float64"),
    (dict(x=np.zeros((4, 7)), y=np.array([0, 1, 0, 1])), "npz_not_square", "Received: 7"),
    (dict(x=np.array([["a"] * 4] * 4), y=np.array([0, 1, 0, 1])), "npz_x_not_numbers", "Received: dtype <U1"),
    (dict(x=np.zeros((4, 6, 6)), y=np.zeros(4, int)), "one_class", "at least 2 classes"),
])
def test_bad_npz_uploads_are_rejected_clearly(cnnlab_home, arrays, code, message):
    with pytest.raises(ValueError, match=message) as info:
        datasets.load_upload("mine.npz", _npz(**arrays))
    assert info.value.code == code


def _zip(files: dict[str, Image.Image]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, image in files.items():
            png = io.BytesIO()
            image.save(png, format="PNG")
            archive.writestr(name, png.getvalue())
    return buffer.getvalue()


def test_zip_upload_one_folder_per_class_with_resize_on_the_card(cnnlab_home):
    files = {f"cats/{i}.png": Image.new("L", (10, 10), 40 * i) for i in range(5)}
    files |= {f"dogs/{i}.png": Image.new("L", (10, 10), 200) for i in range(4)}
    files["dogs/big.png"] = Image.new("L", (20, 16), 100)
    ds = datasets.load_upload("pets.zip", _zip(files))
    _check(ds, (10, 10, 1), 2)
    assert ds.class_names == ("cats", "dogs")
    assert [note.code for note in ds.card.notes] == ["resized_some"]
    assert "resized 1 of 10 images to 10×10" in str(ds.card.notes[0]) and "20×16" in str(ds.card.notes[0])
    color = datasets.load_upload("pets.zip", _zip(files | {"dogs/rgb.png": Image.new("RGB", (10, 10), (255, 0, 0))}))
    assert color.image_shape == (10, 10, 3)


@pytest.mark.parametrize("files, message", [
    ({"cats/1.png": Image.new("L", (5, 5))} | {"cats/2.png": Image.new("L", (5, 5))},
     r"Received: 1 class \('cats'\)"),
    ({"loose.png": Image.new("L", (5, 5))}, "one folder per class"),
])
def test_bad_zip_uploads_are_rejected_clearly(cnnlab_home, files, message):
    with pytest.raises(ValueError, match=message):
        datasets.load_upload("mine.zip", _zip(files))


def test_unknown_files_and_names_are_rejected(cnnlab_home):
    with pytest.raises(ValueError, match=r"\.csv, \.npz or \.zip files. Received: 'notes.txt'"):
        datasets.load_upload("notes.txt", b"hello")
    with pytest.raises(ValueError, match="not a readable ZIP"):
        datasets.load_upload("x.zip", b"not a zip")
    with pytest.raises(ValueError, match="unknown data set: choose one of mnist-scattered, mnist-5k"):
        datasets.load("imagenet")
    with pytest.raises(ValueError, match="Received: val_fraction=1.5"):
        datasets.load("digits", val_fraction=1.5)


def test_saved_upload_loads_by_id(cnnlab_home):
    data = _csv(_sign_rows([0, 1] * 10))
    spec = datasets.save_upload("sign.csv", data)
    assert spec.startswith("upload:") and spec.endswith(".csv")
    ds = datasets.load(spec)
    assert ds.card.name == spec
    np.testing.assert_array_equal(ds.x_train, datasets.load_upload("sign.csv", data).x_train)
    with pytest.raises(ValueError, match=r"at least 2 classes. Received: 1 class \('B'\)"):
        datasets.save_upload("bad.csv", _csv(_sign_rows([1, 1])))
