"""Each user's share of the upload folder: at most ``CNNLAB_MAX_USER_UPLOAD_BYTES`` kept.

The file itself is kept once, by content (:func:`cnncore.datasets.save_upload`); who keeps
it is one empty marker file per user and upload under ``$CNNLAB_HOME/uploads/by-user/``,
so the count needs no database and survives restarts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cnncore import datasets, settings
from cnncore.datasets.base import UPLOAD_PREFIX
from cnncore.errors import InvalidInput
from cnncore.store import owners, uploads


def save_upload(filename: str, data: bytes, *, user: str = owners.LOCAL) -> str:
    """:func:`cnncore.datasets.save_upload`, refused (``ValueError``, with the numbers) when
    ``user``'s kept uploads would exceed their share. Re-sending a file costs nothing."""
    folder = _folder(user)
    kept = _kept(folder)
    key = hashlib.sha256(data).hexdigest()[:16] + Path(filename).suffix.lower()
    cap = settings.limit("user_upload_bytes")
    if key not in kept and sum(kept.values()) + len(data) > cap:
        raise InvalidInput("user_uploads_over_cap", f"{owners.check_user(user)} keeps {sum(kept.values()):,} "
                           f"bytes of uploads; {len(data):,} more would pass the limit of {cap:,} "
                           f"(CNNLAB_MAX_USER_UPLOAD_BYTES). Received: {Path(filename).name[:100]!r}",
                           user=owners.check_user(user), kept=sum(kept.values()), size=len(data), cap=cap,
                           name=Path(filename).name[:100])
    upload_id = datasets.save_upload(filename, data, user=user)
    uploads.share(upload_id)                    # workers on other machines fetch it by id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / upload_id[len(UPLOAD_PREFIX):]).touch()
    return upload_id


def kept_bytes(user: str) -> int:
    """Bytes of the uploads ``user`` keeps."""
    return sum(_kept(_folder(user)).values())


def _folder(user: str) -> Path:
    # A hash, never the name: an e-mail or a login name is no path.
    name = hashlib.sha256(owners.check_user(user).encode()).hexdigest()[:24]
    return settings.cnnlab_home() / "uploads" / "by-user" / name


def _kept(folder: Path) -> dict[str, int]:
    uploads = folder.parent.parent
    if not folder.is_dir():
        return {}
    return {m.name: (uploads / m.name).stat().st_size for m in folder.iterdir()
            if (uploads / m.name).is_file()}
