"""How many trainings run at once, and the worker actor that holds each slot."""

from __future__ import annotations

from cnncore import settings

CPUS_PER_SLOT = 4            # a CPU training uses a few cores well; more slots only slow each other


def count_slots() -> int:
    """How many trainings run at once: ``CNNLAB_JOB_SLOTS``, else from what Ray has
    (:func:`slots_for`)."""
    configured = settings.job_slots()
    if configured:
        return configured
    import ray

    return slots_for(ray.cluster_resources(), cluster=settings.ray_address() is not None,
                     per_gpu=settings.runs_per_gpu())


def slots_for(resources: dict, *, cluster: bool, per_gpu: int = 1) -> int:
    """Trainings at once for Ray's ``resources``: ``per_gpu`` per GPU; without GPUs one per
    ``CPUS_PER_SLOT`` CPUs of a cluster, and one on this machine alone.

    >>> slots_for({"CPU": 16.0, "GPU": 2.0}, cluster=True, per_gpu=4), slots_for({"CPU": 16.0}, cluster=True)
    (8, 4)
    >>> slots_for({"CPU": 16.0}, cluster=False)
    1
    """
    gpus = int(resources.get("GPU", 0))
    if gpus:
        return gpus * per_gpu
    return max(1, int(resources.get("CPU", 0)) // CPUS_PER_SLOT) if cluster else 1


def worker(index: int, cls=None):
    """A warm training worker (a Ray actor of ``cls``, :class:`~cnncore.jobs.worker.Worker`)
    for slot ``index``: one CPU, or ``1 / CNNLAB_RUNS_PER_GPU`` of a GPU."""
    import ray

    from cnncore.jobs.worker import Worker

    gpus = 1 / settings.runs_per_gpu() if ray.cluster_resources().get("GPU", 0) else 0
    env = settings.worker_env() | ({"TF_FORCE_GPU_ALLOW_GROWTH": "true",
                                    "XLA_PYTHON_CLIENT_PREALLOCATE": "false"} if gpus else {})
    return ray.remote(cls or Worker).options(num_cpus=0 if gpus else 1, num_gpus=gpus, max_concurrency=1,
                                      max_restarts=0, runtime_env={"env_vars": env},
                                      scheduling_strategy="DEFAULT").remote()
