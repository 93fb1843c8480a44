"""The hosted dashboard as a service, on a real multi-node Ray cluster on this machine
(``ray.cluster_utils.Cluster``): dashboards, the scheduler and a worker node are killed on
purpose, and what users started still finishes, each epoch logged once.

A "dashboard" here is a process that does what a dashboard does for its users: it calls
``cnncore.jobs.submit`` with ``RAY_ADDRESS`` set, and lives on until it is killed.
Timeouts are deadlock guards, generous on purpose.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from cnncore import jobs, store
from cnncore.nn import training
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from tests.polling import wait_for

pytestmark = pytest.mark.slow

TINY = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=4),), dense_layers=(DenseLayer(8),))
DASHBOARD = """
import sys
from cnncore import jobs
from cnncore.nn import training
for line in sys.stdin:                       # "user epochs seed" → the run id
    user, epochs, seed = line.split()
    config = training.RunConfig.from_dict(__import__("json").loads(sys.argv[1]))
    config = training.RunConfig.from_dict(config.to_dict() | {"train": config.train.to_dict() | {
        "epochs": int(epochs), "seed": int(seed)}})
    print(jobs.submit(config, user=user), flush=True)
"""


def tiny(epochs: int = 3) -> training.RunConfig:
    return training.RunConfig(dataset="digits", limit=300, model=TINY,
                              train=training.TrainConfig(epochs=epochs, batch_size=8))


class Dashboard:
    def __init__(self, env):
        import json

        self.process = subprocess.Popen([sys.executable, "-c", DASHBOARD, json.dumps(tiny().to_dict())],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def submit(self, user: str, epochs: int = 3, seed: int = 0) -> str:
        self.process.stdin.write(f"{user} {epochs} {seed}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().strip()
        assert line, f"the dashboard process ended (status {self.process.poll()})"
        return line

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A head that runs no training (the scheduler lives there) and two 1-CPU worker nodes;
    every process points at one SQLite store on this machine."""
    from ray.cluster_utils import Cluster

    home = tmp_path_factory.mktemp("service-home")
    jobs.shutdown()                       # a local Ray an earlier test of this process left
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    nodes = [cluster.add_node(num_cpus=1), cluster.add_node(num_cpus=1)]
    cluster.wait_for_nodes()
    saved = {k: os.environ.get(k) for k in ("RAY_ADDRESS", "CNNLAB_HOME", "CNNLAB_JOB_SLOTS")}
    os.environ.update(RAY_ADDRESS=cluster.address, CNNLAB_HOME=str(home), CNNLAB_JOB_SLOTS="2")
    try:
        yield cluster, nodes
    finally:
        jobs.shutdown()
        cluster.shutdown()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _status(run_id):
    return store.get_run(run_id).status


def _training(run_id, epochs=1):
    record = store.get_run(run_id)
    done = int(record.tags.get(store.TAG_EPOCHS_DONE) or 0)
    return record if record.status == "running" and done >= epochs else None


def _resumed(run_id):
    """The run, once it trains again after a resume, on a live process."""
    record = _training(run_id)
    if record is None or store.TAG_RESUMED not in record.tags:
        return None
    return record if os.path.exists(f"/proc/{record.tags[store.TAG_WORKER].rsplit(':', 1)[1]}") else None


def _epochs_once(run_id, epochs):
    return store.histories([run_id]).epoch.tolist() == list(range(1, epochs + 1))


def test_dashboards_come_and_go_the_scheduler_dies_a_node_leaves_and_every_run_finishes(cluster):
    import ray

    ray_cluster, nodes = cluster
    env = os.environ | {"CNNLAB_WARM_UP": "0"}
    one, two = Dashboard(env), Dashboard(env)
    try:
        # Both slots busy, so the users' runs queue up behind them.
        blockers = [one.submit("ops@x", epochs=40, seed=s) for s in (1, 2)]
        wait_for(lambda: all(_training(b) for b in blockers), 300, "both blockers training")
        # Three users queue through both dashboards, one after another.
        a1, a2 = one.submit("alice@x"), one.submit("alice@x", seed=1)
        b1, b2 = two.submit("bob@x"), two.submit("bob@x", seed=1)
        c1, c2 = one.submit("carol@x"), two.submit("carol@x", seed=1)
        state = jobs.scheduler_state()
        assert state["waiting"] == [a1, b1, c1, a2, b2, c2]   # one line per user, in turn
        for b in blockers:
            jobs.stop(b, user="ops@x")
        # The dashboard that queued alice's runs dies while her first run trains.
        wait_for(lambda: _training(a1), 300, "alice's first run training")
        one.kill()
        assert jobs.wait([a1, b1, c1, a2, b2, c2], timeout=600) == dict.fromkeys([a1, b1, c1, a2, b2, c2],
                                                                            "finished")
        handed = jobs.scheduler_state()["handed"]
        assert [r for r in handed if r in (a1, b1, c1, a2, b2, c2)] == [a1, b1, c1, a2, b2, c2]

        # The scheduler dies: Ray starts a new one, which rebuilds the lines from the store
        # and resumes the run whose worker died with the old one.
        long, queued = two.submit("alice@x", epochs=40, seed=3), two.submit("bob@x", epochs=40, seed=4)
        after = two.submit("carol@x", seed=5)
        wait_for(lambda: _training(long, 2) and _training(queued, 1), 300, "two runs training")
        ray.kill(ray.get_actor("cnnlab-scheduler", namespace="cnnlab"), no_restart=False)
        wait_for(lambda: _resumed(long) and _resumed(queued), 300, "both runs resumed by the new scheduler")
        # A worker node leaves mid-run: the run resumes on the other node from its last epoch.
        ray_cluster.remove_node(_node_of(_resumed(queued), nodes))
        assert jobs.wait([long, queued, after], timeout=900) == dict.fromkeys([long, queued, after], "finished")
        for run_id, epochs in ((long, 40), (queued, 40), (after, 3)):
            assert _epochs_once(run_id, epochs), store.histories([run_id]).epoch.tolist()
        assert store.get_run(queued).tags.get(store.TAG_RESUMED)
    finally:
        for dashboard in (one, two):
            if dashboard.process.poll() is None:
                dashboard.kill()


def _node_of(record, nodes):
    """The cluster node whose raylet started the worker process training ``record``."""
    pid = int(record.tags[store.TAG_WORKER].rsplit(":", 1)[1])
    ancestors = set()
    while pid > 1 and pid not in ancestors:
        ancestors.add(pid)
        pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    for node in nodes:
        if any(info.process.pid in ancestors for info in node.all_processes["raylet"]):
            return node
    raise AssertionError(f"no worker node started the process of run {record.run_id}")


def test_runs_share_a_gpu_in_fractions(cluster):
    """``CNNLAB_RUNS_PER_GPU`` workers fit on one GPU (a node that declares one: no GPU is
    needed to test the placement), each with its share and memory growth."""
    import ray

    from cnncore.jobs.slots import worker

    ray_cluster, _ = cluster
    ray_cluster.add_node(num_cpus=0, num_gpus=1, resources={"gpu_node": 1})
    ray_cluster.wait_for_nodes()
    os.environ["CNNLAB_RUNS_PER_GPU"] = "4"
    workers = []
    try:
        workers += [worker(i, cls=_Where) for i in range(5)]
        placed = [w.where.remote() for w in workers]
        ready, pending = ray.wait(placed, num_returns=4, timeout=120)
        assert len(ready) == 4 and len(pending) == 1          # the fifth waits for a share
        for node, gpus, growth in ray.get(ready):
            assert node == "gpu_node" and gpus == pytest.approx(0.25) and growth == "true"
    finally:
        os.environ.pop("CNNLAB_RUNS_PER_GPU", None)
        for w in workers:
            ray.kill(w)


class _Where:
    def where(self):
        import ray

        here = ray.get_runtime_context().get_node_id()
        node = next(n for n in ray.nodes() if n["NodeID"] == here)
        share = ray.get_runtime_context().get_assigned_resources().get("GPU", 0.0)
        return ("gpu_node" if "gpu_node" in node["Resources"] else node["NodeID"], share,
                os.environ.get("TF_FORCE_GPU_ALLOW_GROWTH"))
