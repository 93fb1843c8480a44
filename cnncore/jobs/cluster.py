"""Ray for CNN Lab: a small local instance started on first use, or the cluster at
``RAY_ADDRESS``; and, on shutdown, every local Ray process this process started."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

from cnncore import settings


WORKER_NICENESS = 0                 # a local Ray's workers (Ray's own default: 15)

_start_lock = threading.Lock()
_released = threading.Event()       # set by stop_local_ray: the starting thread may end


def ensure_ray():
    """The ``ray`` module, initialised: the cluster at ``RAY_ADDRESS``, else a small local Ray.

    Started in a thread of its own that lives until Ray is shut down: Ray starts its local
    processes with Linux's parent-death signal, which fires when the *thread* that started
    them ends, so a Ray started by a short-lived thread (a sweep's launcher) died with it.
    """
    import ray

    with _start_lock:
        if not ray.is_initialized():
            _released.clear()
            _in_lasting_thread(_init)
    return ray


def _in_lasting_thread(start) -> None:
    """Run ``start()`` in a daemon thread that then stays alive until Ray is shut down;
    raise what it raised."""
    outcome: list[BaseException | None] = []
    started = threading.Event()

    def keep():
        try:
            start()
            outcome.append(None)
        except BaseException as exc:   # noqa: BLE001  (re-raised in the caller)
            outcome.append(exc)
        started.set()
        if outcome[0] is None:
            _released.wait()          # the parent thread of Ray's processes: ends with them

    threading.Thread(target=keep, name="cnnlab-ray", daemon=True).start()
    started.wait()
    if outcome[0] is not None:
        raise outcome[0]


def _init() -> None:
    """Connect to the cluster at ``RAY_ADDRESS``, or start a small local Ray."""
    import ray

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
        # "local": always a Ray of this process's own, never one another program left running.
        # Ray starts its workers at nice 15; a laptop's training worker then yields to the
        # dashboard and the browser watching it (the course from a watching browser took
        # 1.15x as long). Here it runs at the same priority as a bare fit.
        ray.init(address="local", num_cpus=max(1, min(2, os.cpu_count() or 1)), include_dashboard=False,
                 object_store_memory=128 * 1024**2, _system_config={"worker_niceness": WORKER_NICENESS},
                 **common)


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
    _released.set()
    deadline = time.monotonic() + 5
    while leftovers and time.monotonic() < deadline:
        leftovers = [p for p in leftovers if Path(f"/proc/{p}").exists() and not zombie(p)]
        time.sleep(0.2)
    for pid in leftovers:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
