"""What one run, and one user's runs, may cost a shared machine (checked by ``jobs.submit``).

The caps are :data:`cnncore.settings.LIMITS` (each an env var): ``active_runs`` queued +
running runs per user, ``epoch_images`` epochs × training images per run, ``run_params``
weights per run's model. A refusal is a ``ValueError`` with the numbers and the variable
that raises the cap. The machine's owner (``local``, the OS user) is not held to the
per-user count: on a laptop there is nobody to share with.
"""

from __future__ import annotations

from cnncore import settings
from cnncore.store import owners

# Images in the built-in data sets (all splits), for a run that sets no ``limit``.
BUILTIN_IMAGES = {"mnist-5k": 5_000, "digits": 1_797, "mnist": 70_000, "fashion-mnist": 70_000,
                  "cifar10": 60_000, "sign-language-mnist": 27_455}
BUILTIN_SHAPES = {"mnist-5k": ((28, 28, 1), 10), "digits": ((8, 8, 1), 10), "mnist": ((28, 28, 1), 10),
                  "fashion-mnist": ((28, 28, 1), 10), "cifar10": ((32, 32, 3), 10),
                  "sign-language-mnist": ((28, 28, 1), 24)}


def check_active(user: str, active: int) -> None:
    """Refuse a new run of ``user`` who already has ``active`` runs queued or running."""
    cap = settings.limit("active_runs")
    if active >= cap and user not in owners.machine_users():
        raise ValueError(f"{user} already has {active} runs queued or running; the limit is {cap} "
                         f"(CNNLAB_MAX_ACTIVE_RUNS): wait for one to end, or stop one. "
                         f"Received: a new run")


def check_run(run_config, data=None) -> None:
    """Refuse a run whose model or whose epochs × images exceed their caps.

    ``data``: the loaded data set if the caller has it (its training images, shape and
    classes give exact numbers); otherwise the run's ``limit``, a built-in data set's size,
    or, for a file nobody has loaded yet, the model's weights counted from its layers alone.
    """
    from cnncore.nn import models

    params_cap = settings.limit("run_params")
    models.check_model_size(run_config.model, max_params=params_cap)     # a lower bound, any input
    shape = (data.image_shape, data.num_classes) if data is not None else BUILTIN_SHAPES.get(run_config.dataset)
    if shape is not None:
        params = sum(row.params for row in models.describe(run_config.model, *shape))
        if params > params_cap:
            raise ValueError(f"the model has {params:,} parameters; the limit per run is {params_cap:,} "
                             f"(CNNLAB_MAX_RUN_PARAMS). Received: {run_config.model.name!r}")
    images = _training_images(run_config, data)
    if images is None:
        return
    epochs, cap = run_config.train.epochs, settings.limit("epoch_images")
    if epochs * images > cap:
        raise ValueError(f"{epochs} epochs × {images:,} training images = {epochs * images:,} image "
                         f"passes; the limit per run is {cap:,} (CNNLAB_MAX_EPOCH_IMAGES): fewer epochs "
                         f"or a smaller limit. Received: epochs={epochs}, images={images:,}")


def _training_images(run_config, data) -> int | None:
    if data is not None:
        return len(data.y_train)
    total = run_config.limit or BUILTIN_IMAGES.get(run_config.dataset)
    if run_config.dataset == "shapes" and not run_config.limit:
        total = int(run_config.dataset_options.get("n", 1_500))
    if total is None:
        return None
    return round(total * (1 - run_config.train.val_fraction))
