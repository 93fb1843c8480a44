"""The team stack as `make team` starts it (deploy/team.sh): PostgreSQL, `mlflow server` with
proxied artifacts, a Ray head and a worker node, the dashboard. A run submitted from one
CNN Lab home trains on the worker node, which has its own home and fetches the upload by
id from the artifact server; a third home opens the trained model from that server.

Needs PostgreSQL's binaries and the mlflow venv (``deploy/team.sh`` creates it on first
use, minutes); skipped without PostgreSQL, except under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from cnncore.jobs.cluster import store_note
from tests.serving import free_port

PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def test_a_database_store_with_a_remote_ray_cluster_says_it_is_single_machine_only():
    note = store_note("10.1.2.3:6379", "postgresql://cnnlab:pw@db/cnnlab")
    assert "single-machine only" in note and "--serve-artifacts" in note and "pw" not in note
    assert store_note("127.0.0.1:6379", "postgresql://db/cnnlab") == ""
    assert store_note("10.1.2.3:6379", "http://mlflow:5000") == ""


@pytest.fixture(scope="module")
def team(repo_root):
    if not PG_BIN:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run should install it")
        pytest.skip("no PostgreSQL binaries for the team stack")
    # In /tmp, not pytest's private folder: the postgres user must reach the cluster's
    # folder (PostgreSQL refuses to run as root), and its socket path must stay short.
    folder = Path(tempfile.mkdtemp(prefix="cnnlab-team-"))
    folder.chmod(0o755)
    ports = {"TEAM_PG_PORT": free_port(), "TEAM_MLFLOW_PORT": free_port(), "TEAM_RAY_PORT": free_port(),
             "TEAM_DASHBOARD_PORT": free_port()}
    env = dict(os.environ, TEAM_DIR=str(folder), **{k: str(v) for k, v in ports.items()})
    script = [str(repo_root / "deploy" / "team.sh")]
    try:
        up = subprocess.run([*script, "up"], env=env, capture_output=True, text=True, timeout=900)
        assert up.returncode == 0, up.stdout + up.stderr + _logs(folder)
        yield {"dir": folder, "env": env, "ports": ports, "up": up.stdout}
    finally:
        down = subprocess.run([*script, "down"], env=env, capture_output=True, text=True, timeout=180)
        print(down.stdout, down.stderr)
        shutil.rmtree(folder, ignore_errors=True)


def _logs(folder: Path) -> str:
    return "".join(f"\n--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                   for p in sorted((folder / "logs").glob("*.log")))


CLIENT = r"""
import json, os, sys
import numpy as np
from cnncore import datasets, jobs, store
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from cnncore.nn.training import RunConfig, TrainConfig

x, y = datasets.shapes(120, seed=1)
import io
buffer = io.BytesIO()
np.savez(buffer, x=x, y=y)
from cnncore.store import shares
upload = shares.save_upload("shapes.npz", buffer.getvalue())   # as the Train page saves one
tiny = ModelConfig(name="tiny", conv_blocks=(ConvBlock(filters=4),), dense_layers=(DenseLayer(16),))
run_id = jobs.submit(RunConfig(dataset=upload, model=tiny, train=TrainConfig(epochs=2)))
status = jobs.wait([run_id], timeout=600)[run_id]
record = store.get_run(run_id)
jobs.shutdown()
print(json.dumps({"upload": upload, "run_id": run_id, "status": status, "error": record.error,
                  "worker": record.tags.get(store.TAG_WORKER), "pid": os.getpid()}))
"""

OPEN_MODEL = r"""
import json, sys
from cnncore import store
model = store.load_model(sys.argv[1])
print(json.dumps({"params": model.count_params()}))
"""


def _python(code, env, *args, timeout=900):
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                         timeout=timeout)
    assert out.returncode == 0, out.stderr[-5000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_run_trains_on_the_worker_node_and_its_model_opens_from_the_artifact_server(team, tmp_path):
    ports = team["ports"]
    with urllib.request.urlopen(f"http://127.0.0.1:{ports['TEAM_DASHBOARD_PORT']}/_stcore/health",
                                timeout=10) as r:
        assert r.read() == b"ok"
    env = _team_env(team, tmp_path / "dashboard")
    ran = _python(CLIENT, env)
    assert ran["status"] == "finished", ran["error"]
    assert not ran["worker"].endswith(f":{ran['pid']}")              # not in the submitting process
    # The worker node has its own home: it downloaded the upload there, by id.
    assert (team["dir"] / "worker-home" / "uploads" / ran["upload"].split(":", 1)[1]).is_file()
    # A third home, which never saw the upload or the run, opens the model from the server.
    opened = _python(OPEN_MODEL, dict(env, CNNLAB_HOME=str(tmp_path / "elsewhere")), ran["run_id"])
    assert opened["params"] > 0
    assert list((team["dir"] / "artifacts").rglob("model.keras"))       # proxied to the server's store


def _team_env(team, home: Path) -> dict:
    """A process of the team: its store is the mlflow server, its Ray the stack's head."""
    ports = team["ports"]
    env = dict(os.environ, MLFLOW_TRACKING_URI=f"http://127.0.0.1:{ports['TEAM_MLFLOW_PORT']}",
               RAY_ADDRESS=f"127.0.0.1:{ports['TEAM_RAY_PORT']}", RAY_AUTH_MODE="token",
               RAY_AUTH_TOKEN_PATH=str(team["dir"] / "ray-auth-token"), CNNLAB_HOME=str(home))
    env.pop("CNNLAB_EXPERIMENT", None)
    return env


@pytest.mark.slow
@pytest.mark.browser
def test_the_dashboards_inside_page_opens_a_model_trained_on_the_worker_node(team, tmp_path, browser):
    # The team's dashboard never saw the run, its upload or its model: all come from the
    # artifact server. In a real browser, as a user opens it from Experiments.
    from dashboard.i18n import CATALOGUE
    from tests.browser.sessions import explained

    ran = _python(CLIENT, _team_env(team, tmp_path / "submitter"))
    assert ran["status"] == "finished", ran["error"]
    url = f"http://127.0.0.1:{team['ports']['TEAM_DASHBOARD_PORT']}/inside?run={ran['run_id']}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(240_000)                  # a deadlock guard: the first model load
        page.goto(url)
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        with explained(page, "opening the run on Inside the model"):
            for heading in ("inside_kernels", "inside_maps"):       # the model, then its upload
                page.get_by_role("heading", name=CATALOGUE[heading][0]).or_(errors).first.wait_for()
                assert errors.count() == 0, errors.first.inner_text()
            page.locator(".js-plotly-plot").first.wait_for()
    finally:
        context.close()


SWEEP = r"""
import sys, time
from cnncore.jobs import sweeps
from cnncore.nn import models, space, training
from cnncore.store import sweeps as sweep_store

tiny = models.ModelConfig(name="tiny", conv_blocks=(models.ConvBlock(filters=4),), dense_layers=(models.DenseLayer(16),))
base = training.RunConfig(dataset="digits", limit=200, model=tiny, train=training.TrainConfig(epochs=4))
sweep_id = sweeps.start(space.SweepConfig(base=base, params=(space.parse("dropout", "0, 0.2"),), max_concurrent=1))
print(sweep_id, flush=True)
while not len(sweep_store.trials(sweep_id)):     # a trial is training: the dashboard "restarts"
    time.sleep(0.5)
print("training", flush=True)
time.sleep(3600)
"""


@pytest.mark.slow
def test_a_sweep_outlives_the_dashboard_that_started_it(team, tmp_path, monkeypatch):
    from cnncore.jobs import sweeps
    from cnncore.store import sweeps as sweep_store
    from tests.polling import wait_for

    dashboard = subprocess.Popen([sys.executable, "-c", SWEEP], env=_team_env(team, tmp_path / "first"),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sweep_id = dashboard.stdout.readline().strip()
        assert dashboard.stdout.readline().strip() == "training", dashboard.stderr.read()[-3000:]
    finally:
        dashboard.kill()                                   # no clean shutdown: a crash or a restart
        dashboard.wait()
    # Another dashboard (this process) sees the sweep go on, reconciles, and it finishes.
    for key, value in _team_env(team, tmp_path / "second").items():
        monkeypatch.setenv(key, value)

    def ended():
        assert sweep_id not in sweeps.reconcile(), "a live sweep was marked failed"
        row = sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id].to_dict()
        return row if row["status"] != "running" else None

    row = wait_for(ended, 600, "the sweep finishing after its dashboard died", poll=2)
    assert row["status"] == "finished", sweep_store.trials(sweep_id)[["status", "error"]].to_string()
    assert row["finished"] == 2
