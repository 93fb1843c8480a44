"""The one connection to the run store: an ``MlflowClient`` per URI and CNN Lab's experiments.

Where: ``settings.tracking_uri()`` (SQLite in ``$CNNLAB_HOME`` by default, a team's
PostgreSQL, or a shared MLflow server). With a database URI, artifacts go under
``settings.artifact_root()``; an MLflow server decides for itself.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from cnncore import settings

_clients: dict[str, Any] = {}
_experiments: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


class StoreUnavailable(RuntimeError):
    """The tracking store (``MLFLOW_TRACKING_URI``) cannot be opened."""


def _probe_database(uri: str, timeout_s: int = 5) -> None:
    """Connect once to a database store, so that a wrong URI fails fast and says why."""
    import sqlalchemy

    args = {"connect_timeout": timeout_s} if uri.startswith("postgresql") else {}
    engine = sqlalchemy.create_engine(uri, connect_args=args)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


_SECRET_KEYS = r"[\w.-]*(?:password|passwd|pwd|token|api[_-]?key|secret|access[_-]?key|signature|sig|credential|auth)[\w.-]*"
_PATTERNS = (
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]*:)[^@\s'\"]*@", re.I), r"\1***@"),   # user:pass@
    (re.compile(rf"([?&;]{_SECRET_KEYS}=)[^&#\s'\"]*", re.I), r"\1***"),                   # ?password=
    (re.compile(r"\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}", re.I), r"\1 ***"),      # headers
)


def redacted(text) -> str:
    """``text`` without passwords or tokens: a URI, an error message, a log line.

    ``postgresql://user:pw@host/db`` → ``postgresql://user:***@host/db``; query
    parameters named like a secret (``password``, ``token``, ``access_token``,
    ``api_key``, ``secret``…) → ``***``; and the literal secrets of the configured
    ``MLFLOW_TRACKING_URI`` wherever they appear (an error that quotes one alone).
    The one redaction used for the pages, the CLI, errors, logs and a run's error.

    >>> redacted("http://ann:s3cret@mlflow:5000/?x=1&api_key=abc&token=t")
    'http://ann:***@mlflow:5000/?x=1&api_key=***&token=***'
    """
    text = str(text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    for secret in _secrets(settings.tracking_uri()):
        text = text.replace(secret, "***")
    return text


@functools.lru_cache(maxsize=8)
def _secrets(uri: str) -> tuple[str, ...]:
    """The password and secret-named query values of ``uri`` (and their URL-decoded forms)."""
    found = set()
    try:
        parts = urlsplit(uri)
        if parts.password:
            found.add(parts.password)
        for key, value in parse_qsl(parts.query, keep_blank_values=False):
            if re.fullmatch(_SECRET_KEYS, key, re.I):
                found.add(value)
    except ValueError:
        pass
    found |= {unquote(v) for v in found}
    return tuple(sorted((v for v in found if len(v) >= 3), key=len, reverse=True))


class _RedactingFilter(logging.Filter):
    """Rewrites every log record's message with :func:`redacted` (installed on handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:                 # a record whose args do not format: leave it
            return True
        clean = redacted(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_LOG_FILTER = _RedactingFilter()


def install_log_redaction() -> None:
    """Redact secrets in every log record: on the root logger's handlers and on new records."""
    for handler in logging.getLogger().handlers:
        if _LOG_FILTER not in handler.filters:
            handler.addFilter(_LOG_FILTER)
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_cnnlab_redacting", False):
        return

    def make(*args, **kwargs):
        record = factory(*args, **kwargs)
        _LOG_FILTER.filter(record)
        return record

    make._cnnlab_redacting = True
    logging.setLogRecordFactory(make)


# A unique key inserted by another writer between MLflow's check and its insert
# (SQLite's and PostgreSQL's wording).
_RACED_INSERT = re.compile(r"UNIQUE constraint failed|duplicate key value violates unique", re.IGNORECASE)


class _Client:
    """The ``MlflowClient``, with every error's text redacted (an HTTP store's errors quote
    its URL, credentials included). Attributes other than methods pass through."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        value = getattr(self._inner, name)
        if not callable(value) or name.startswith("_"):
            return value

        @functools.wraps(value)
        def call(*args, **kwargs):
            try:
                return _again_if_raced(name, value, args, kwargs)
            except Exception as exc:
                text = str(exc)
                if redacted(text) == text:
                    raise
                raise redact_exception(exc) from None  # admin: the store's own error, its secrets removed
        return call


def _again_if_raced(name: str, method, args, kwargs):
    """``method(*args, **kwargs)``, tried a second time if it was a ``set_tag`` that lost a
    race: two processes set the same new tag at once (two reconcilers marking one dead
    run), and the other's row is there now, so the second try updates it."""
    try:
        return method(*args, **kwargs)
    except Exception as exc:
        if name != "set_tag" or not _RACED_INSERT.search(str(exc)):
            raise
    return method(*args, **kwargs)


def redact_exception(exc: BaseException) -> BaseException:
    """``exc`` with secrets removed from its text (its type kept, so callers still catch it)."""
    text = str(exc)
    clean = redacted(text)
    if clean != text:
        exc.args = tuple(redacted(a) if isinstance(a, str) else a for a in exc.args) or (clean,)
        if isinstance(getattr(exc, "message", None), str):
            exc.message = redacted(exc.message)
        exc.__cause__ = exc.__context__ = None   # the original, unredacted, is not chained
        if str(exc) != redacted(str(exc)):     # a type whose __str__ ignores args
            return StoreUnavailable(clean)
    return exc


def _write_ahead_log(path: Path) -> None:
    """Put the SQLite store at ``path`` in write-ahead-log mode (kept in the file): pages
    reading runs and workers writing metrics then never wait for each other, where the
    default journal makes a reader wait out every write ("database is locked" under load)."""
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=20)) as db:
            db.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:          # a read-only or network file system: the default journal
        logging.getLogger(__name__).warning("cnnlab store: WAL mode not set on %s: %s", path, exc)


@contextlib.contextmanager
def _one_process_at_a_time(database: Path | None):
    """Hold an exclusive lock beside the SQLite file ``database`` (nothing for other stores).

    MLflow creates and migrates a new store's tables when a client first opens it; two
    processes doing that at once (a dashboard and a command line started together on a
    new ``CNNLAB_HOME``) failed with "duplicate column name". The second now waits, then
    finds the tables made. Where no lock file can be made (a read-only folder), no lock.
    """
    import fcntl

    if database is None:
        yield
        return
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        held = open(database.with_name(database.name + ".lock"), "a")   # noqa: SIM115  (closed below)
    except OSError:
        yield
        return
    with held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield


def client():
    """The ``MlflowClient`` for ``settings.tracking_uri()`` (one per URI per process)."""
    uri = settings.tracking_uri()
    with _lock:
        if uri not in _clients:
            from mlflow.tracking import MlflowClient

            # An unreachable store must fail in seconds, not after MLflow's minutes of retries.
            os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
            os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "20")
            install_log_redaction()
            try:
                if "://" in uri and not uri.startswith(("sqlite:", "http:", "https:", "file:")):
                    _probe_database(uri)
                sqlite = Path(uri[len("sqlite:///"):]) if uri.startswith("sqlite:///") else None
                with _one_process_at_a_time(sqlite):
                    if sqlite:
                        _write_ahead_log(sqlite)
                    _clients[uri] = _Client(MlflowClient(uri))
            except Exception as exc:   # a missing driver, a refused connection, bad credentials
                raise StoreUnavailable(redacted(  # admin: the store the admin configured
                    f"cannot open the run store at {uri}: {type(exc).__name__}: {exc}")) from None
        return _clients[uri]


def experiment_id(suffix: str = "") -> str:
    """The id of CNN Lab's experiment (``settings.experiment_name() + suffix``), created on
    first use: the runs live in ``cnnlab``, one record per sweep in ``cnnlab-sweeps``."""
    uri, name = settings.tracking_uri(), settings.experiment_name() + suffix
    if (uri, name) in _experiments:
        return _experiments[uri, name]
    from mlflow.exceptions import MlflowException

    c = client()
    found = c.get_experiment_by_name(name)
    if found is None:
        # An MLflow server decides where artifacts go; with a database URI (the embedded
        # SQLite or a team's PostgreSQL) they go under CNNLAB_HOME, not the working folder.
        location = None if uri.startswith(("http://", "https://")) else settings.artifact_root().as_uri()
        try:
            c.create_experiment(name, artifact_location=location)
        except MlflowException:          # another process created it first
            pass
        found = c.get_experiment_by_name(name)
    _experiments[uri, name] = found.experiment_id
    return found.experiment_id
