"""Class sessions in the store: one MLflow run per session in the experiment
``<experiment>-classes`` (question, config, state, teacher), so it survives restarts and is
visible in MLflow's UI; the students' runs are ordinary runs tagged with the session's id.

A session's *state* is what the teacher changes while the class runs: open or closed,
names shown or hidden, whether students see the board, the pinned answer. It is one JSON
tag, written only by the teacher (:mod:`cnncore.jobs.classes` checks who).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import asdict, dataclass, replace

import pandas as pd

from cnncore.errors import InvalidInput
from cnncore.nn.classroom import ClassConfig
from cnncore.store import owners
from cnncore.store.connection import client, experiment_id
from cnncore.store.schema import as_floats, json_dict, quoted, run_row

SUFFIX = "-classes"
TAG_ID = "cnnlab.class_id"           # on the session's record, and on each of its runs
TAG_CONFIG = "cnnlab.class_config"   # on the record: the ClassConfig, JSON
TAG_STATE = "cnnlab.class_state"     # on the record: the ClassState, JSON
TAG_STUDENT = "cnnlab.student"       # on a run: who in the class made it (a name, or an identity)
TAG_VALUES = "cnnlab.class_values"   # on a run: the values the student chose, JSON
TAG_NAME = "cnnlab.student_name"     # on a run: the student's name from a sign-in provider
TAG_REST = "cnnlab.class_rest"       # on a run: queued by "run the rest", not by a student
BOARD_COLUMNS = ["run_id", "student", "owner", "rest", "status", "epochs_done", "epochs", "accuracy",
                 "val_accuracy", "best_val_accuracy", "gap", "start", "error", "error_code", "error_values"]


@dataclass(frozen=True)
class ClassState:
    """What the teacher switches during the session."""

    open: bool = True             # students may start runs
    names: bool = True            # the board shows who made each run (False: anonymous)
    board: bool = False           # students see the board (the teacher's projector always does)
    pinned: str = ""              # the run the teacher pinned as the answer


@dataclass(frozen=True)
class ClassRecord:
    """A stored session: its id, config, state, teacher and creation time."""

    class_id: str
    config: ClassConfig
    state: ClassState
    teacher: str
    created: float                # seconds since the epoch
    record_id: str                # the MLflow run that stores it


def create(config: ClassConfig, *, teacher: str) -> str:
    """Record a new, open session of ``config`` taught by ``teacher``; return its id."""
    if not isinstance(config, ClassConfig):
        raise ValueError(f"a session needs a ClassConfig. Received: {type(config).__name__}")  # internal
    class_id = secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")   # 8 letters, safe in a URL
    client().create_run(experiment_id(SUFFIX), run_name=config.question[:80], tags={
        TAG_ID: class_id, TAG_CONFIG: json.dumps(config.to_dict()),
        TAG_STATE: json.dumps(asdict(ClassState())), "dataset": config.base.dataset,
        owners.TAG_USER: owners.check_user(teacher),
    })
    return class_id


def get(class_id: str) -> ClassRecord:
    """The session ``class_id``; ``class_unknown`` if there is none."""
    if not isinstance(class_id, str) or not class_id.isalnum() or len(class_id) > 32:
        raise InvalidInput("class_unknown", f"no such class session. Received: {str(class_id)[:40]!r}",
                           class_id=str(class_id)[:40])
    found = client().search_runs([experiment_id(SUFFIX)], filter_string=f"tags.`{TAG_ID}` = '{quoted(class_id)}'",
                                 max_results=1)
    if not found:
        raise InvalidInput("class_unknown", f"no such class session. Received: {class_id!r}", class_id=class_id)
    return _record(found[0])


def sessions() -> list[ClassRecord]:
    """Every session, newest first (a record that no longer reads is left out)."""
    found = client().search_runs([experiment_id(SUFFIX)], max_results=1000, order_by=["attributes.start_time DESC"])
    out = []
    for run in found:
        try:
            out.append(_record(run))
        except ValueError:
            continue
    return out


def set_state(record: ClassRecord, **changes) -> ClassState:
    """Write ``record``'s state with ``changes`` (fields of :class:`ClassState`); the new state."""
    state = replace(record.state, **changes)
    client().set_tag(record.record_id, TAG_STATE, json.dumps(asdict(state)))
    return state


def run_tags(class_id: str, student: str, values: dict, *, rest: bool = False) -> dict[str, str]:
    """The tags that make a run part of session ``class_id``. Its name says the session and
    the values, never the student (the runs table is shared; the board decides who sees names)."""
    label = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())
    return {TAG_ID: class_id, TAG_STUDENT: student, TAG_VALUES: json.dumps(values),
            TAG_REST: "1" if rest else "", "mlflow.runName": f"{class_id} · {label}"[:250]}


def board(class_id: str) -> pd.DataFrame:
    """Every run of the session, oldest first: :data:`BOARD_COLUMNS` and one column per
    allowed path (the values chosen). One store query."""
    found = client().search_runs([experiment_id()], filter_string=f"tags.`{TAG_ID}` = '{quoted(class_id)}'",
                                 max_results=5000, order_by=["attributes.start_time ASC"])
    now = time.time()
    rows = [{k: row[k] for k in BOARD_COLUMNS if k in row}
            | {"student": run.data.tags.get(TAG_STUDENT, ""), "shown_name": run.data.tags.get(TAG_NAME, ""),
               "rest": bool(run.data.tags.get(TAG_REST))}
            | {f"value.{k}": v for k, v in json_dict(run.data.tags.get(TAG_VALUES)).items()}
            for run in found for row in [run_row(run, now)]]
    if not rows:
        return pd.DataFrame(columns=[*BOARD_COLUMNS, "shown_name"])
    return as_floats(pd.DataFrame(rows))


def student_runs(class_id: str, student: str) -> int:
    """How many runs ``student`` has in the session (any status)."""
    found = client().search_runs([experiment_id()], filter_string=f"tags.`{TAG_ID}` = '{quoted(class_id)}' and "
                                 f"tags.`{TAG_STUDENT}` = '{quoted(student)}'", max_results=1000)
    return len(found)


def _record(run) -> ClassRecord:
    tags = run.data.tags
    state = json_dict(tags.get(TAG_STATE))
    known = set(ClassState.__dataclass_fields__)
    return ClassRecord(
        class_id=tags.get(TAG_ID, ""), config=ClassConfig.from_dict(json.loads(tags.get(TAG_CONFIG) or "{}")),
        state=ClassState(**{k: v for k, v in state.items() if k in known}),
        teacher=owners.owner_of(tags), created=run.info.start_time / 1000, record_id=run.info.run_id)
