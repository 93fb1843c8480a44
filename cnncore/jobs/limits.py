"""What one run, and one user's runs, may cost a shared machine (checked at :mod:`~cnncore.jobs.door`).

The caps are :data:`cnncore.settings.LIMITS` (each an env var): ``active_runs`` queued +
running runs per user, ``epoch_images`` epochs × training images per run, ``run_params``
weights per run's model. The numbers are the real ones: the model's weights for its data
set's input shape and classes, and the run's training images after its ``limit`` and
split (:func:`cnncore.datasets.size_of`). A refusal is an
:class:`~cnncore.errors.InvalidInput` whose message gives the numbers and the variable that
raises the cap. The machine's owner (``local``, the OS user) is not held to the per-user
count: on a laptop there is nobody to share with.
"""

from __future__ import annotations

from cnncore import settings
from cnncore.errors import InvalidInput
from cnncore.store import owners

RUN_CAPS = ("run_params_over_cap", "epoch_images_over_cap")   # the codes of check_run's own refusals


def check_active(user: str, active: int) -> None:
    """Refuse a new run of ``user`` who already has ``active`` runs queued or running.

    Raises ``InvalidInput`` ``active_runs_over_cap`` (values ``user``, ``active``, ``cap``).

    >>> check_active("local", 99)                 # the machine's owner: nobody to share with
    """
    cap = settings.limit("active_runs")
    if active >= cap and user not in owners.machine_users():
        raise InvalidInput("active_runs_over_cap",
                           f"{user} already has {active} runs queued or running; the limit is {cap} "
                           f"(CNNLAB_MAX_ACTIVE_RUNS): wait for one to end, or stop one. "
                           f"Received: a new run", user=user, active=active, cap=cap)


def check_run(run_config, data=None) -> None:
    """Refuse a run whose model or whose epochs × images exceed their caps.

    Parameters
    ----------
    run_config : RunConfig
    data : Dataset or DatasetSize, optional
        The loaded data set if the caller has it (its training images are the run's), or
        its size; by default the data set is measured (:func:`data_size`).

    Raises
    ------
    InvalidInput
        ``run_params_over_cap`` (values ``params``, ``cap``, ``model``) for a model with
        more weights than ``CNNLAB_MAX_RUN_PARAMS`` on this input; ``epoch_images_over_cap``
        (values ``epochs``, ``images``, ``passes``, ``cap``) for more image passes than
        ``CNNLAB_MAX_EPOCH_IMAGES``; or :func:`cnncore.nn.models.describe`'s error for a
        model that does not fit the input.
    """
    from cnncore import datasets
    from cnncore.nn import models

    if data is None:
        data = data_size(run_config)
    if isinstance(data, datasets.Dataset):
        images = len(data.y_train)
    else:
        images = data.train_images(limit=run_config.limit, val_fraction=run_config.train.val_fraction)
    params_cap = settings.limit("run_params")
    params = sum(row.params for row in models.describe(run_config.model, data.image_shape, data.num_classes))
    if params > params_cap:
        raise InvalidInput("run_params_over_cap",
                           f"the model has {params:,} parameters; the limit per run is {params_cap:,} "
                           f"(CNNLAB_MAX_RUN_PARAMS). Received: {run_config.model.name!r} on "
                           f"{'×'.join(map(str, data.image_shape))} images",
                           params=params, cap=params_cap, model=run_config.model.name)
    epochs, cap = run_config.train.epochs, settings.limit("epoch_images")
    if epochs * images > cap:
        raise InvalidInput("epoch_images_over_cap",
                           f"{epochs} epochs × {images:,} training images = {epochs * images:,} image "
                           f"passes; the limit per run is {cap:,} (CNNLAB_MAX_EPOCH_IMAGES): fewer epochs "
                           f"or a smaller limit. Received: epochs={epochs}, images={images:,}",
                           epochs=epochs, images=images, passes=epochs * images, cap=cap)


def data_size(run_config):
    """The :class:`~cnncore.datasets.DatasetSize` of the data set ``run_config`` trains on
    (an upload only on the tracking server is brought here first, as a worker would)."""
    from cnncore import datasets
    from cnncore.store import uploads

    uploads.ensure_local(run_config.dataset)
    return datasets.size_of(run_config.dataset, **run_config.dataset_options)
