"""Who owns a run or a sweep, and who may stop, delete or edit it.

Every run and sweep records its owner in MLflow's standard user tag (``mlflow.user``),
so the MLflow UI shows it too: the signed-in user's e-mail on a hosted dashboard,
``local`` on an open one (a laptop), the operating-system user for the command line
(``--user`` overrides it).

The rule (:func:`may_act`):

- the owner may stop, delete or edit what they own;
- an admin (an e-mail in ``CNNLAB_ADMINS``) may act on anything;
- ``local`` and the operating-system user of this process are both *the machine's owner*,
  so each may act on the other's runs: the open dashboard and the command line on one
  laptop share everything. A run recorded before owners existed belongs to ``local``.

Signed-in users are e-mails, never ``local`` nor a login name, so on a hosted dashboard
nobody but the owner and the admins can touch a run. Everyone may view, compare and re-run
any run; a re-run is a new run owned by whoever started it. Pure rules: no MLflow import.
"""

from __future__ import annotations

from cnncore import settings

LOCAL = "local"              # the open dashboard's user, and the owner of runs without one
TAG_USER = "mlflow.user"     # MLflow's own "User" column


def check_user(user) -> str:
    """``user`` as stored and compared: stripped, e-mails in lower case.

    Raises ``ValueError`` for anything but a non-empty string of at most 254 characters.
    """
    if not isinstance(user, str) or not user.strip() or len(user) > 254 or "\n" in user:
        raise ValueError(f"user must be a non-empty name or e-mail. Received: user={str(user)[:80]!r}")
    user = user.strip()
    return user.lower() if "@" in user else user


def owner_of(tags: dict) -> str:
    """The owner recorded in a run's or a sweep's tags (``local`` when none is)."""
    return tags.get(TAG_USER) or LOCAL


def machine_users() -> frozenset[str]:
    """The names under which this machine's owner acts: ``local`` and the OS user."""
    return frozenset({LOCAL, settings.os_user()})


def is_admin(user: str) -> bool:
    return check_user(user) in settings.admins()


def may_act(user: str, owner: str) -> bool:
    """Whether ``user`` may stop, delete or edit what ``owner`` owns (see the module's rule)."""
    user, owner = check_user(user), check_user(owner or LOCAL)
    if user == owner or user in settings.admins():
        return True
    machine = machine_users()
    return user in machine and owner in machine


def check(user: str, action: str, what: str, owner: str) -> None:
    """Raise ``PermissionError`` unless ``user`` may ``action`` ``what`` owned by ``owner``.

    >>> check("bob@x", "delete", "run 3f2a1b9c", "alice@x")
    Traceback (most recent call last):
    ...
    PermissionError: bob@x may not delete run 3f2a1b… owned by alice@x
    """
    if not may_act(user, owner):
        kind, _, ident = what.partition(" ")
        short = f"{ident[:6]}…" if kind == "run" and len(ident) > 6 else ident
        raise PermissionError(f"{check_user(user)} may not {action} {kind} {short} owned by {owner}")
