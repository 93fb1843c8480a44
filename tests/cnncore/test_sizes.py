"""``datasets.size_of`` against ``datasets.load``: the same shape, classes and training images."""

from __future__ import annotations

import io

import numpy as np
import pytest

from cnncore import datasets


def npz(n: int, side: int, classes: int, channels: int | None = None) -> bytes:
    rng = np.random.default_rng(0)
    shape = (n, side, side) + ((channels,) if channels else ())
    buffer = io.BytesIO()
    np.savez(buffer, x=rng.random(shape).astype("float32"), y=np.arange(n) % classes)
    return buffer.getvalue()


@pytest.mark.parametrize("spec, options, limit, val_fraction", [
    ("digits", {}, None, 0.2),
    ("digits", {}, 301, 0.35),
    ("mnist-5k", {}, 777, 0.2),
    ("mnist-scattered", {}, 250, 0.2),
    ("mnist-scattered", {}, None, 0.1),
    ("shapes", {"n": 90, "image_size": 16}, None, 0.25),
    ("shapes", {"n": 90}, 40, 0.5),
])
def test_the_size_of_a_built_in_set_is_what_load_makes(spec, options, limit, val_fraction):
    data = datasets.load(spec, limit=limit, val_fraction=val_fraction, **options)
    size = datasets.size_of(spec, **options)
    assert (size.image_shape, size.num_classes) == (data.image_shape, data.num_classes)
    assert size.train_images(limit=limit, val_fraction=val_fraction) == len(data.y_train)


@pytest.mark.parametrize("content, options", [
    (npz(45, 12, 3), {}),
    (npz(30, 10, 5, channels=3), {}),
    (npz(30, 10, 5), {"image_size": 16}),                 # resized as a run resizes it
], ids=["gray", "color", "resized"])
def test_the_size_of_a_file_upload_or_data_file_is_what_load_makes(content, options, tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    (tmp_path / "set.npz").write_bytes(content)
    upload = datasets.save_upload("set.npz", content)
    for spec in (str(tmp_path / "set.npz"), "data:set.npz", upload):
        data = datasets.load(spec, limit=20, **options)
        size = datasets.size_of(spec, **options)
        assert (size.image_shape, size.num_classes) == (data.image_shape, data.num_classes), spec
        assert size.train_images(limit=20) == len(data.y_train), spec


def test_a_changed_file_is_measured_again(tmp_path):
    path = tmp_path / "set.npz"
    path.write_bytes(npz(20, 8, 2))
    assert datasets.size_of(str(path)).images == 20
    path.write_bytes(npz(60, 8, 2))                       # another size: another version
    assert datasets.size_of(str(path)).images == 60


def test_a_download_is_never_fetched_to_be_measured(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    assert datasets.size_of("cifar10").image_shape == (32, 32, 3)
    assert not (tmp_path / "datasets").exists()


def test_bad_options_are_refused_as_load_refuses_them():
    for spec, options in (("digits", {"n": 3}), ("shapes", {"n": 2}), ("mnist-scattered", {"n": 3})):
        with pytest.raises(ValueError):
            datasets.size_of(spec, **options)
