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

Signed-in users are e-mails their identity provider has verified, or ``oidc:<sub>``
(:func:`identity_from_claims`), never ``local`` nor a login name, so on a hosted dashboard
nobody but the owner and the admins can touch a run. Everyone may view, compare and re-run
any run; a re-run is a new run owned by whoever started it. Pure rules: no MLflow import.
"""

from __future__ import annotations

from collections.abc import Mapping

from cnncore import settings
from cnncore.errors import InvalidInput, NotAllowed

LOCAL = "local"              # the open dashboard's user, and the owner of runs without one
TAG_USER = "mlflow.user"     # MLflow's own "User" column
SUBJECT = "oidc:"            # a signed-in user known by the provider's subject id: never an admin


def check_user(user) -> str:
    """``user`` as stored and compared: stripped, e-mails in lower case.

    Raises ``ValueError`` for anything but a non-empty string of at most 254 characters.
    """
    if not isinstance(user, str) or not user.strip() or len(user) > 254 or "\n" in user:
        raise InvalidInput("user_invalid", f"user must be a non-empty name or e-mail. "
                           f"Received: user={str(user)[:80]!r}", user=str(user)[:80])
    user = user.strip()
    return user.lower() if "@" in user else user


def identity_from_claims(claims: Mapping) -> str:
    """Whom a user signed in with OpenID Connect acts as, from their ID token's claims.

    Parameters
    ----------
    claims : mapping
        The ID token's claims (``st.user``): ``sub``, and ``email`` and ``email_verified``
        when the provider sends them.

    Returns
    -------
    str
        The e-mail (as :func:`check_user` stores it) when the provider vouches for it
        (``email_verified`` is ``True`` or the string ``"true"``); else ``oidc:<sub>``, the
        provider's own id of the user, which is nobody's e-mail and never an admin.

    Raises
    ------
    InvalidInput
        ``email_unverified`` (values: ``email``) when the token has an e-mail and an
        ``email_verified`` that is not true (``False``, ``"false"``).

    Notes
    -----
    Many providers let anyone register any address, unverified; owners and admins
    (``CNNLAB_ADMINS``) are e-mails, so an unverified e-mail never becomes an identity.
    Its user is refused rather than made ``oidc:<sub>``: once they verify the address
    they are the e-mail, and their runs would be split between two owners.

    A token *without* ``email_verified`` does not vouch for its ``email`` either, so that
    user acts as ``oidc:<sub>``. Google, Okta, Keycloak, Auth0 and Cognito send the claim
    whenever they send ``email``; Microsoft Entra ID does not, and its ``email`` is an
    attribute a tenant's admin may set to any address, unverified (Microsoft says not to
    authorize on it). Entra ID users thus train and own runs as ``oidc:<sub>``, always
    the same one, but are never matched to an e-mail, nor to an admin.

    Examples
    --------
    >>> identity_from_claims({"sub": "a1", "email": "Alice@X.org", "email_verified": True})
    'alice@x.org'
    >>> identity_from_claims({"sub": "a1", "email": "alice@x.org"})     # nobody vouches
    'oidc:a1'
    >>> identity_from_claims({"sub": "m1", "email": "root@x.org", "email_verified": "false"})
    Traceback (most recent call last):
    ...
    cnncore.errors.InvalidInput: the identity provider has not verified the e-mail address root@x.org. Received: email_verified='false'
    """
    sub = claims.get("sub")
    if not sub:        # an ID token always has one (OIDC Core 2); Authlib checks it
        raise ValueError(f"an ID token must carry a sub claim. Received: claims={sorted(claims)}")  # internal
    email, verified = claims.get("email"), claims.get("email_verified")
    if not email or verified is None:
        return f"{SUBJECT}{sub}"
    if verified is True or (isinstance(verified, str) and verified.strip().lower() == "true"):
        return check_user(email)
    raise InvalidInput("email_unverified", "the identity provider has not verified the e-mail address "
                       f"{email}. Received: email_verified={verified!r}", email=email)


def owner_of(tags: dict) -> str:
    """The owner recorded in a run's or a sweep's tags (``local`` when none is)."""
    return tags.get(TAG_USER) or LOCAL


def machine_users() -> frozenset[str]:
    """The names under which this machine's owner acts: ``local`` and the OS user."""
    return frozenset({LOCAL, settings.os_user()})


def is_admin(user: str) -> bool:
    """Whether ``user`` is an admin: an e-mail in ``CNNLAB_ADMINS`` (an ``oidc:`` id never is)."""
    user = check_user(user)
    return not user.startswith(SUBJECT) and user in settings.admins()


def may_act(user: str, owner: str) -> bool:
    """Whether ``user`` may stop, delete or edit what ``owner`` owns (see the module's rule)."""
    user, owner = check_user(user), check_user(owner or LOCAL)
    if user == owner or is_admin(user):
        return True
    machine = machine_users()
    return user in machine and owner in machine


def check(user: str, action: str, what: str, owner: str) -> None:
    """Raise ``PermissionError`` unless ``user`` may ``action`` ``what`` owned by ``owner``:
    :class:`~cnncore.errors.NotAllowed`, code ``not_owner``.

    >>> check("bob@x", "delete", "run 3f2a1b9c", "alice@x")
    Traceback (most recent call last):
    ...
    cnncore.errors.NotAllowed: bob@x may not delete run 3f2a1b… owned by alice@x
    """
    if not may_act(user, owner):
        kind, _, ident = what.partition(" ")
        short = f"{ident[:6]}…" if kind == "run" and len(ident) > 6 else ident
        raise NotAllowed("not_owner", f"{check_user(user)} may not {action} {kind} {short} owned by {owner}",
                         user=check_user(user), action=action, kind=kind, name=short, owner=owner)
