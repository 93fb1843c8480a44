"""Ray for CNN Lab: a small local instance started on first use, or the cluster at
``RAY_ADDRESS``; and, on shutdown, every local Ray process this process started."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

from cnncore import settings


def ensure_ray():
    """The ``ray`` module, initialised: the cluster at ``RAY_ADDRESS``, else a small local Ray."""
    import ray

    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        address = settings.ray_address()
        common = dict(namespace="cnnlab", ignore_reinit_error=True, log_to_driver=False,
                      configure_logging=False)
        if address:
            note = store_note(address, settings.tracking_uri())
            if note:
                print(note, file=sys.stderr)
            # Workers elsewhere import cnncore from the package this process ships them.
            ray.init(address=address, runtime_env={"py_modules": [str(Path(__file__).parents[1])]}, **common)
        else:
            ray.init(num_cpus=max(1, min(2, os.cpu_count() or 1)), include_dashboard=False,
                     object_store_memory=128 * 1024**2, **common)
    return ray


def store_note(address: str, uri: str) -> str:
    """Why a run store that only this machine sees does not fit a Ray cluster on another
    machine, or ``""`` when it fits.

    A database URI (the embedded SQLite, or PostgreSQL direct) keeps artifacts — models,
    confusion matrices, uploads — under ``CNNLAB_HOME`` on the machine that writes them:
    single-machine only. An MLflow server with ``--serve-artifacts`` carries them.
    """
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    if settings.uri_is_server(uri) or address == "auto" or host in (
            "127.0.0.1", "localhost", "::1", socket.gethostname()):
        return ""
    return (f"CNN Lab: RAY_ADDRESS={address} is a Ray cluster on another machine, but "
            f"MLFLOW_TRACKING_URI is a database ({uri.split(':', 1)[0]}): models and uploads are "
            f"kept under CNNLAB_HOME on the machine that writes them, so runs trained there will "
            f"have no model here and uploads will not be found there. Direct-database mode is "
            f"single-machine only: point MLFLOW_TRACKING_URI at an MLflow server started with "
            f"--serve-artifacts (see deploy/README.md).")


def local_ray_processes() -> list[int]:
    """Pids of the local Ray node this process started and all their descendants (Linux)."""
    from ray._private import worker

    node = getattr(worker, "_global_node", None)
    if node is None or settings.ray_address() or not Path("/proc").is_dir():
        return []
    roots = {info.process.pid for infos in node.all_processes.values() for info in infos
             if getattr(info, "process", None) is not None}
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return sorted(found)


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def stop_local_ray() -> None:
    """``ray.shutdown()``, then end the local Ray processes this process started that
    outlive it (Ray's agents sometimes do), so nothing is left eating CPU."""
    import ray

    if not ray.is_initialized():
        return
    leftovers = local_ray_processes()
    ray.shutdown()
    deadline = time.monotonic() + 5
    while leftovers and time.monotonic() < deadline:
        leftovers = [p for p in leftovers if Path(f"/proc/{p}").exists() and not zombie(p)]
        time.sleep(0.2)
    for pid in leftovers:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
