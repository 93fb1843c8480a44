"""Class sessions: a teacher's question, every student's run, one board.

A teacher (an admin, or the user of an open dashboard) :func:`create`\\ s a session from a
:class:`~cnncore.nn.classroom.ClassConfig`; students :func:`submit` runs with values the
teacher allows; :func:`board` is what the class board shows, with names hidden from
whoever may not see them; the teacher opens or closes the session, hides names, shows the
board to students, pins a run (:func:`update`) and :func:`run_rest`\\ s the values nobody
tried. Every student run passes the one door and the fair queue like any other
(:func:`cnncore.jobs.dispatch.submit`), and the per-student cap of the session besides.

Who is who: on a hosted dashboard a student is their signed-in identity (and their name on
the board is the name their provider gives); on an open dashboard everyone is ``local``,
so a student is the display name they type.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd

from cnncore import store
from cnncore.errors import InvalidInput, NotAllowed
from cnncore.jobs import dispatch, door
from cnncore.nn.classroom import ClassConfig, display_name
from cnncore.nn.paths import apply
from cnncore.store import classes as class_store
from cnncore.store import owners

_locks: dict[tuple[str, str], threading.Lock] = {}   # (session, student) → their submits, one at a time
_locks_lock = threading.Lock()
REST = "rest"                 # the board's student of runs queued by "run the rest"


@dataclass(frozen=True)
class Board:
    """A session as one viewer may see it."""

    record: class_store.ClassRecord
    runs: pd.DataFrame            # class_store.BOARD_COLUMNS + value.<path> + verdict, best val. accuracy first;
                                  # names as the viewer may see them
    history: pd.DataFrame         # the runs' epochs (store.histories)
    teacher: bool                 # the viewer teaches this session
    names: bool                   # the viewer sees who made each run
    visible: bool                 # the viewer may see the board at all


def may_teach(user: str | None) -> bool:
    """Whether ``user`` may create a session: an admin, the open dashboard's user or this
    machine's (the command line's)."""
    return user is not None and (user in owners.machine_users() or owners.is_admin(user))


def create(config: ClassConfig, *, user: str) -> str:
    """Record a new open session taught by ``user``; its id. Refused (``class_teacher_only``)
    for a user who may not teach, and by the door for a base run or a student's costliest
    run that no run could be (:func:`cnncore.jobs.door.admit_class`)."""
    if not isinstance(config, ClassConfig):
        raise ValueError(f"create needs a ClassConfig. Received: {type(config).__name__}")  # internal
    if not may_teach(user):
        raise NotAllowed("class_teacher_only", f"only an admin (CNNLAB_ADMINS) may start a class session. "
                         f"Received: user={user!r}", user=str(user))
    door.admit_class(config, user=user)
    return class_store.create(config, teacher=user)


def student_of(user: str, name: str | None = None) -> str:
    """Who a run belongs to in the class: the typed ``name`` on an open dashboard (required
    there), else the signed-in ``user``."""
    if user == owners.LOCAL:
        return display_name(name)
    return owners.check_user(user)


def submit(class_id: str, values: dict, *, user: str, name: str | None = None, shown_name: str = "") -> str:
    """Queue a student's run in session ``class_id`` with ``values`` ({path: value}); its id.

    Refused, with nothing recorded: those of :func:`prepare`, then whatever the one door
    and the queue refuse (:func:`cnncore.jobs.dispatch.submit`).
    """
    with _student_lock(class_id, student_of(user, name)):
        config, tags = prepare(class_id, values, user=user, name=name, shown_name=shown_name)
        return dispatch.submit(config, user=user, tags=tags)


def _student_lock(class_id: str, student: str) -> threading.Lock:
    """One student's lock in one session: their count of runs and their new run happen
    together (two tabs cannot both pass the cap), while other students submit at once."""
    with _locks_lock:                     # a lock per student ever seen: bytes, not a leak worth a race
        return _locks.setdefault((class_id, student), threading.Lock())


def prepare(class_id: str, values: dict, *, user: str, name: str | None = None,
            shown_name: str = "") -> tuple:
    """The run config and tags of a student's run, after the session's checks:
    ``class_unknown``; ``class_closed``; a path or a value the teacher does not allow
    (:meth:`ClassConfig.choose`); ``class_runs_over_cap`` past the session's runs per student.
    ``name`` is the typed display name (open dashboard); ``shown_name`` the name a sign-in
    provider gives, shown on the board instead of the identity."""
    record = class_store.get(class_id)
    if not record.state.open:
        raise InvalidInput("class_closed", f"the teacher has closed this session; it takes no new runs. "
                           f"Received: session {class_id}", class_id=class_id)
    student = student_of(user, name)
    chosen = record.config.check_values(values)
    config = apply(record.config.base, chosen)          # choose() without checking the values twice
    made = class_store.student_runs(class_id, student)
    cap = record.config.runs_per_student
    if made >= cap:
        raise InvalidInput("class_runs_over_cap", f"{student} has {made} runs in this session; the teacher "
                           f"allows {cap}. Received: a new run", student=student, runs=made, cap=cap)
    tags = class_store.run_tags(class_id, student, chosen)
    if shown_name and user != owners.LOCAL:
        tags[class_store.TAG_NAME] = display_name(shown_name)
    return config, tags


@dataclass(frozen=True)
class Snapshot:
    """Everything a board shows, for every viewer at once: the record, every run with its
    verdict (best first), and their epochs. It holds every name; only :func:`view` of it
    ever reaches a page, so a dashboard may share one snapshot among all its viewers."""

    record: class_store.ClassRecord
    runs: pd.DataFrame
    history: pd.DataFrame


def snapshot(class_id: str) -> Snapshot:
    """Read session ``class_id`` and its runs from the store (three queries)."""
    record = class_store.get(class_id)
    runs = class_store.board(class_id)
    history = store.histories(list(runs["run_id"]))
    return Snapshot(record, _judged(runs, history), history)


def view(shot: Snapshot, *, user: str | None, name: str | None = None, projector: bool = False,
         student: bool = False) -> Board:
    """The board of ``shot`` as ``user`` may see it; ``student=True`` as a student sees it even
    for a user who may teach it (the open dashboard's ``local``, who is everyone there).

    The teacher (or an admin) sees every name, except on the projector while names are
    hidden; a student sees the board only when the teacher shows it, every name only when
    the teacher shows names, and otherwise "you" for their own runs and a number for the
    others'. Names the viewer may not see never leave this function, nor does any owner.
    """
    record = shot.record
    teacher = not student and user is not None and owners.may_act(user, record.teacher)
    visible = teacher or record.state.board
    names = record.state.names if projector or not teacher else True
    runs = shot.runs if visible else shot.runs.iloc[0:0]
    history = shot.history if visible else shot.history.iloc[0:0]
    try:
        viewer = student_of(user, name) if user is not None else None
    except InvalidInput:      # an open dashboard's student who has typed no name yet
        viewer = None
    return Board(record, _named(runs, names=names, teacher=teacher, viewer=viewer), history, teacher, names, visible)


def board(class_id: str, *, user: str | None, name: str | None = None, projector: bool = False,
          student: bool = False) -> Board:
    """:func:`view` of a fresh :func:`snapshot`."""
    return view(snapshot(class_id), user=user, name=name, projector=projector, student=student)


def my_runs(shot: Snapshot, *, user: str, name: str | None = None) -> list[str]:
    """The ids of the runs that ``user`` (typing ``name`` on an open dashboard) made in the
    session of ``shot``, oldest first; ``[]`` while an open dashboard's student has typed no name."""
    try:
        student = student_of(user, name)
    except InvalidInput:
        return []
    runs = shot.runs[shot.runs["student"] == student].sort_values("start", kind="stable")
    return list(runs["run_id"])


def update(class_id: str, *, user: str, **changes) -> class_store.ClassState:
    """Change the session's state as its teacher (``open``, ``names``, ``board``, ``pinned``);
    the new state. ``NotAllowed`` for anyone but the teacher or an admin."""
    record = _as_teacher(class_id, user)
    unknown = set(changes) - set(class_store.ClassState.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown session state: {sorted(unknown)}")  # internal
    pinned = changes.get("pinned")
    if pinned and pinned not in set(class_store.board(class_id)["run_id"]):
        raise InvalidInput("class_pin_unknown", f"only a run of this session can be its answer. "
                           f"Received: run_id={pinned!r}", run_id=str(pinned)[:40])
    return class_store.set_state(record, **changes)


def run_rest(class_id: str, *, user: str) -> list[str]:
    """Queue, as the teacher's runs, every combination of the listed values that no run of
    the session tried (:meth:`ClassConfig.untried`); their ids, drawn on the same board.
    Like a sweep's trials, they wait in the teacher's line, bounded by
    ``CNNLAB_MAX_SWEEP_TRIALS`` rather than the per-user count of active runs."""
    from cnncore import settings

    record = _as_teacher(class_id, user)
    runs = class_store.board(class_id)
    tried = [{p: row.get(f"value.{p}") for p in record.config.paths} for _, row in runs.iterrows()]
    rest = record.config.untried(tried)
    cap = settings.limit("sweep_trials")
    if len(rest) > cap:
        raise InvalidInput("sweep_trials_over_cap", f"the rest is {len(rest):,} runs; the limit is {cap:,} "
                           f"(CNNLAB_MAX_SWEEP_TRIALS). Received: {len(rest):,} untried combinations",
                           trials=len(rest), cap=cap)
    configs = [(values, apply(record.config.base, values)) for values in rest]
    for _, config in configs:
        door.admit(config, user=user)
    return [dispatch.queue_trial(config, user=user, sweep="",
                                 tags=class_store.run_tags(class_id, REST, values, rest=True))
            for values, config in configs]


def _as_teacher(class_id: str, user: str) -> class_store.ClassRecord:
    record = class_store.get(class_id)
    owners.check(user, "change", f"class session {class_id}", record.teacher)
    return record


def _judged(runs: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """``runs`` with each run's verdict kind (:func:`cnncore.nn.verdict.verdict`), ranked by
    validation accuracy (best first, runs without an epoch last)."""
    groups = dict(tuple(history.groupby("run_id", sort=False))) if len(history) else {}
    runs = runs.assign(verdict=[_verdict(rid, groups[rid]) if rid in groups else "waiting" for rid in runs["run_id"]])
    return runs.sort_values("val_accuracy", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


_VERDICTS: dict[tuple[str, int], str] = {}     # (run id, epochs) → verdict kind: a run's past never changes


def _verdict(run_id: str, history: pd.DataFrame) -> str:
    """The verdict kind of ``run_id`` on ``history``, judged once per run and epoch count (the
    board asks again every few seconds, for every run)."""
    from cnncore.nn.verdict import verdict

    key = (run_id, len(history))
    if key not in _VERDICTS:
        if len(_VERDICTS) > 100_000:          # a long-lived server: start over rather than grow
            _VERDICTS.clear()
        _VERDICTS[key] = verdict(history).kind
    return _VERDICTS[key]


def _named(runs: pd.DataFrame, *, names: bool, teacher: bool, viewer: str | None) -> pd.DataFrame:
    """``runs`` with ``student`` as the viewer may see it and no ``owner`` column unless the
    viewer teaches; hidden names become "you" (the viewer's own runs) or "#n" (the n-th
    student to submit), and the rest's runs stay "rest"."""
    runs = runs.copy()
    if not names:
        first = runs[~runs["rest"]].sort_values("start", kind="stable")["student"]      # in the order they came
        order = {s: i for i, s in enumerate(dict.fromkeys(first), start=1)}
        own = runs["student"] == viewer
        runs["student"] = [REST if rest else "you" if mine else f"#{order[s]}"
                           for s, rest, mine in zip(runs["student"], runs["rest"], own)]
    elif "shown_name" in runs:
        runs["student"] = runs["shown_name"].where(runs["shown_name"].astype(bool), runs["student"])
    if not teacher:
        runs["owner"] = ""
    return runs.drop(columns=["shown_name"], errors="ignore")
