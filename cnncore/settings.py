"""Where CNN Lab keeps its runs, and which services it talks to, from the environment.

``CNNLAB_HOME``          folder for the embedded store (default ``./.cnnlab``)
``MLFLOW_TRACKING_URI``  a shared MLflow server or database; default SQLite in ``CNNLAB_HOME``
``RAY_ADDRESS``          a Ray cluster; default a local Ray instance started on first use
``KERAS_BACKEND``        ``tensorflow`` (default), ``jax`` or ``torch``
``CNNLAB_EXPERIMENT``   the MLflow experiment of the runs (default ``cnnlab``)
``CNNLAB_JOB_SLOTS``    trainings at once (default: ``CNNLAB_RUNS_PER_GPU`` per GPU, else 1)
``CNNLAB_RUNS_PER_GPU`` trainings that share one GPU (default 4)
``CNNLAB_DATA``         a folder of server-side data files the pages may pick by name (default none)
``CNNLAB_ADMINS``       comma-separated e-mails who may stop, delete or edit anyone's runs and sweeps
``CNNLAB_WARM_UP``      ``0``: the dashboard does not start a training worker at start-up (default ``1``)

Limits on what one user's input may cost everyone (see :data:`LIMITS`, each an env var):
``CNNLAB_MAX_UPLOAD_BYTES``, ``CNNLAB_MAX_IMAGES``, ``CNNLAB_MAX_CLASSES``,
``CNNLAB_MAX_IMAGE_PIXELS``, ``CNNLAB_MAX_DATASET_BYTES``, ``CNNLAB_PARSE_MEMORY_BYTES``,
``CNNLAB_MODEL_MEMORY_BYTES``,
``CNNLAB_DATASET_CACHE_BYTES``, ``CNNLAB_MODEL_CACHE_BYTES``, ``CNNLAB_MAX_PARSES``,
``CNNLAB_MAX_SWEEP_TRIALS``; and per user or per run (a hosted dashboard's fair share):
``CNNLAB_MAX_ACTIVE_RUNS``, ``CNNLAB_MAX_EPOCH_IMAGES``, ``CNNLAB_MAX_RUN_PARAMS``,
``CNNLAB_MAX_USER_UPLOAD_BYTES``, ``CNNLAB_MAX_USER_PARSES``.

This is the one place that reads CNN Lab's environment.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def cnnlab_home() -> Path:
    """The folder that holds the embedded run store and caches (created on demand)."""
    return Path(os.environ.get("CNNLAB_HOME") or ".cnnlab").expanduser().resolve()


def tracking_uri() -> str:
    """MLflow tracking URI: ``MLFLOW_TRACKING_URI`` or SQLite under ``CNNLAB_HOME``."""
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if uri:
        return uri
    return f"sqlite:///{cnnlab_home() / 'mlflow.db'}"


def uri_is_server(uri: str) -> bool:
    """Whether a tracking URI names an MLflow server (which stores the artifacts too)."""
    return uri.startswith(("http://", "https://"))


def artifact_root() -> Path:
    """Where the embedded store keeps artifacts (models, confusion matrices)."""
    return cnnlab_home() / "artifacts"


def ray_address() -> str | None:
    """``RAY_ADDRESS`` when a cluster is configured, else ``None`` (local Ray)."""
    return os.environ.get("RAY_ADDRESS") or None


def keras_backend() -> str:
    """The Keras backend that training will use (Keras reads the same variable)."""
    return os.environ.get("KERAS_BACKEND") or "tensorflow"


def experiment_name() -> str:
    """The MLflow experiment that holds the runs (``CNNLAB_EXPERIMENT``, default ``cnnlab``)."""
    return os.environ.get("CNNLAB_EXPERIMENT") or "cnnlab"


def job_slots() -> int | None:
    """``CNNLAB_JOB_SLOTS``: trainings at once, or ``None`` when unset (one per GPU, else 1)."""
    value = os.environ.get("CNNLAB_JOB_SLOTS")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ValueError(f"CNNLAB_JOB_SLOTS must be a positive integer. Received: {value!r}")  # admin
    return int(value)


RUNS_PER_GPU = 4             # a course CNN (264 k weights, batch 64) uses a sliver of a data-centre GPU


def runs_per_gpu() -> int:
    """``CNNLAB_RUNS_PER_GPU``: trainings that share one GPU (default :data:`RUNS_PER_GPU`).

    The lab's models are small: one run of the course CNN keeps a large GPU mostly idle
    between its small batches (Python and the input pipeline set the pace), so several runs
    on one GPU finish a class's queue sooner. Each gets ``1 / n`` of the GPU as a Ray
    resource and allocates GPU memory as it grows, not all at once.
    """
    value = os.environ.get("CNNLAB_RUNS_PER_GPU")
    if not value:
        return RUNS_PER_GPU
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 64:
        raise ValueError(f"CNNLAB_RUNS_PER_GPU must be an integer from 1 to 64. Received: {value!r}")  # admin
    return int(value)


def data_dir() -> Path | None:
    """``CNNLAB_DATA``: the folder of server-side data files an admin offers, or ``None``.

    The pages may pick files from it by name only; nothing else on the server is reachable
    from a browser.
    """
    value = os.environ.get("CNNLAB_DATA")
    return Path(value).expanduser().resolve() if value else None


def admins() -> frozenset[str]:
    """``CNNLAB_ADMINS``: the e-mails (lower case) who may act on anyone's runs and sweeps."""
    value = os.environ.get("CNNLAB_ADMINS") or ""
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


def os_user() -> str:
    """The operating-system user running this process (the command line's default owner)."""
    try:
        return getpass.getuser() or "local"
    except (KeyError, OSError):         # no passwd entry, no LOGNAME/USER: a bare container
        return "local"



def warm_up() -> bool:
    """``CNNLAB_WARM_UP``: whether the dashboard starts a training worker when it starts
    (default yes: the first click then trains at once; tests turn it off with ``0``)."""
    return (os.environ.get("CNNLAB_WARM_UP") or "1").strip().lower() not in ("0", "false", "no", "off")

# name → (env var, default, why). Defaults fit the course's data with room to spare and
# keep one user's worst input far below a 16 GB machine.
LIMITS: dict[str, tuple[str, int, str]] = {
    "upload_bytes": ("CNNLAB_MAX_UPLOAD_BYTES", 256 * 2**20,
                     "the course's sign-language CSV is 80 MB; Streamlit's own default is 200 MB"),
    "images": ("CNNLAB_MAX_IMAGES", 200_000, "full MNIST is 60,000; CIFAR-10 50,000"),
    "classes": ("CNNLAB_MAX_CLASSES", 1_000, "ImageNet's 1,000; a softmax over more is a mistake"),
    "image_pixels": ("CNNLAB_MAX_IMAGE_PIXELS", 4096 * 4096,
                     "a 16-megapixel photo; decompression bombs declare far more"),
    "dataset_bytes": ("CNNLAB_MAX_DATASET_BYTES", 2 * 2**30,
                      "a data set's float32 images: 680,000 MNIST digits"),
    "parse_memory_bytes": ("CNNLAB_PARSE_MEMORY_BYTES", 6 * 2**30,
                           "the upload parser's child process: 3× the largest data set"),
    "model_memory_bytes": ("CNNLAB_MODEL_MEMORY_BYTES", 1 * 2**30,
                           "the child that loads an uploaded .keras file, beyond Keras's own import "
                           "(2.0 GB of address space, 0.8 GB resident): loading the course CNN peaks "
                           "0.28 GB higher, a model at CNNLAB_MAX_RUN_PARAMS (4.9 M weights and Adam's "
                           "state, a 59 MB file) 0.5 GB higher; 400 MB is too little for it"),
    "dataset_cache_bytes": ("CNNLAB_DATASET_CACHE_BYTES", 1 * 2**30,
                            "loaded data kept for reuse, shared by all users"),
    "model_cache_bytes": ("CNNLAB_MODEL_CACHE_BYTES", 256 * 2**20,
                          "loaded models kept for reuse, shared by all users: a course model's "
                          "weights are 1–3 MB, so dozens fit; one at the run_params cap is 20 MB"),
    "parses": ("CNNLAB_MAX_PARSES", 2,
               "upload parses at once in one dashboard: two children of CNNLAB_PARSE_MEMORY_BYTES "
               "(6 GB each) fit a 16 GB machine beside the caches"),
    "sweep_trials": ("CNNLAB_MAX_SWEEP_TRIALS", 1_000, "a day of 1-minute trials on one slot"),
    # Per user and per run: what keeps a shared dashboard fair (jobs.submit checks them).
    "active_runs": ("CNNLAB_MAX_ACTIVE_RUNS", 6,
                    "one user's queued + running runs: the course's comparison (3) and a few remedies"),
    "epoch_images": ("CNNLAB_MAX_EPOCH_IMAGES", 2_000_000,
                     "epochs × training images of one run: 20 epochs of full MNIST is 1.2 M, the "
                     "course's 20 of sign-language MNIST 0.55 M; ~15 min of one CPU slot"),
    "run_params": ("CNNLAB_MAX_RUN_PARAMS", 5_000_000,
                   "weights of one run's model: the course CNN has 264,049, the dense baseline "
                   "676,888; 5 M is a 20 MB artifact"),
    "user_upload_bytes": ("CNNLAB_MAX_USER_UPLOAD_BYTES", 1 * 2**30,
                          "all uploads one user keeps: four of the largest single upload"),
    "user_parses": ("CNNLAB_MAX_USER_PARSES", 1,
                    "one user's upload parses at once (datasets.isolated checks it): one "
                    "user's clicks cannot take both of CNNLAB_MAX_PARSES"),
}


def limit(name: str) -> int:
    """The limit ``name`` of :data:`LIMITS`: its env var if set (a positive integer), else the default."""
    var, default, _ = LIMITS[name]
    value = os.environ.get(var)
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) < 1:
        raise ValueError(f"{var} must be a positive integer. Received: {var}={value!r}")  # admin
    return int(value)


def worker_env() -> dict[str, str]:
    """What a training process elsewhere (a Ray worker) needs to write to the same store."""
    env = {"CNNLAB_HOME": str(cnnlab_home()), "MLFLOW_TRACKING_URI": tracking_uri(),
           "KERAS_BACKEND": keras_backend(), "CNNLAB_EXPERIMENT": experiment_name(),
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    if uri_is_server(env["MLFLOW_TRACKING_URI"]):
        # Runs, models and uploads come through the server: a node keeps its own home (caches).
        del env["CNNLAB_HOME"]
    for var in ("CNNLAB_DATA", "CNNLAB_JOB_SLOTS", "CNNLAB_RUNS_PER_GPU", *(v for v, _, _ in LIMITS.values())):
        if os.environ.get(var):
            env[var] = os.environ[var]
    return env
