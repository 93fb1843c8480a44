"""Who is using the dashboard: open on a laptop, sign-in with Streamlit's OIDC on a host.

Hosted mode: ``.streamlit/secrets.toml`` (or ``~/.streamlit/secrets.toml``) has an
``[auth]`` section (``redirect_uri``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``). Then every page that shows or starts runs
asks for sign-in (``st.login``), and the dashboard acts as the signed-in user's e-mail
when the provider vouches for it (:func:`cnncore.store.owners.identity_from_claims`):
``email_verified`` true. Without that claim (Microsoft Entra ID), or without an e-mail,
it acts as ``oidc:<sub>``, never an admin. A user whose token says the e-mail is *not*
verified is *refused*: signed in at the provider, but the dashboard acts as nobody; every
page that shows runs says why instead (:func:`login_prompt`), with Log out. The Learn
pages stay open. Open mode (no ``[auth]``): everyone acts as ``local``, who
owns the runs made there (:mod:`cnncore.store.owners`).

``dashboard/app.py`` gates pages centrally (:func:`may_view` before a page runs); pages
ask :func:`user` whom to act as and :func:`may_act` whether to offer Stop and Delete.
cnncore enforces the same rule again, so a button that should not be there still fails.
"""

from __future__ import annotations

import streamlit as st

from cnncore.errors import InvalidInput
from cnncore.store import owners
from dashboard import i18n
from dashboard.i18n import t

PUBLIC = ("home", "convolution", "pooling", "architecture")   # pages that show no run


def configured() -> bool:
    """Whether sign-in is on: the secrets have an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:             # no secrets file at all: open mode
        return False


def signed_in() -> bool:
    """Whether someone is signed in and accepted (always true in open mode, where nobody
    needs to be); false for a user :func:`refusal` turns away."""
    return user() is not None


def _provider_user() -> tuple[str | None, InvalidInput | None]:
    """``(identity, None)`` for a signed-in user, ``(None, why)`` for a refused one,
    ``(None, None)`` for an anonymous visitor (hosted mode only)."""
    if not st.user.is_logged_in:
        return None, None
    try:
        # Never "local" or a login name: a signed-in user is not this machine's owner.
        return owners.identity_from_claims(st.user.to_dict()), None
    except InvalidInput as exc:
        return None, exc


def user() -> str | None:
    """Whom the dashboard acts as: the verified e-mail or ``oidc:<sub>``, ``local`` in open
    mode, ``None`` for an anonymous visitor or a refused user of a hosted dashboard."""
    return _provider_user()[0] if configured() else owners.LOCAL


def refusal() -> InvalidInput | None:
    """Why the dashboard acts as nobody for a user signed in at the provider (code
    ``email_unverified``), or ``None``."""
    return _provider_user()[1] if configured() else None


def display_name() -> str:
    """The signed-in user's name, else e-mail; ``local`` in open mode."""
    if not configured():
        return owners.LOCAL
    return str(st.user.get("name") or st.user.get("email") or user() or "")


def may_view(url_path: str) -> bool:
    """Whether the page at ``url_path`` may be shown (a run-showing page needs sign-in)."""
    return url_path in PUBLIC or signed_in()


def may_act(owner: str) -> bool:
    """Whether this user may stop, delete or edit what ``owner`` owns (cnncore's rule)."""
    who = user()
    return who is not None and owners.may_act(who, owner)


def acting_user() -> str:
    """:func:`user` for a page that changes something; stops the page for an anonymous one."""
    who = user()
    if who is None:
        login_prompt()
    return who


def login_prompt() -> None:
    """What an anonymous visitor sees instead of a page that shows runs; ends the script.
    A refused user sees why, with Log out (logging in again would change nothing)."""
    why = refusal()
    if why is not None:
        st.title(t("auth_refused_title"))
        _refusal_box(why, key="auth_logout_refused")
        st.stop()
    st.title(t("auth_login_title"))
    st.info(t("auth_login_needed"), icon=":material/lock:")
    st.button(t("auth_login"), key="auth_login", type="primary", icon=":material/login:", on_click=st.login)
    st.stop()


def _refusal_box(why: InvalidInput, *, key: str) -> None:
    st.warning(t(f"err_{why.code}", **why.values), icon=":material/gpp_bad:")
    st.button(t("auth_logout"), key=key, type="primary", icon=":material/logout:", on_click=st.logout)


def place_text(place: int, seconds: float | None) -> str:
    """"2nd in line, about 3 min" (Korean: "대기열 2번째, 약 3분 남음")."""
    if i18n.current_language() == "ko":
        where = str(place)
        wait = f"{max(1, round(seconds / 60))}분" if seconds is not None else None
    else:
        suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
        where = f"{place}{suffix}"
        wait = f"{max(1, round(seconds / 60))} min" if seconds is not None else None
    return t("queue_place", place=where, wait=wait) if wait else t("queue_place_unknown", place=where)


def sidebar() -> None:
    """Who is signed in, with Log in / Log out (hosted mode only)."""
    if not configured():
        return
    with st.sidebar:
        if st.user.is_logged_in:
            why = refusal()
            st.caption(t("auth_refused_as", **why.values) if why else t("auth_signed_in_as", name=display_name()))
            st.button(t("auth_logout"), key="auth_logout_sidebar", icon=":material/logout:", on_click=st.logout)
        else:
            st.button(t("auth_login"), key="auth_login_sidebar", icon=":material/login:", on_click=st.login)


def render_status() -> None:
    """The Home page's account box: which mode is in effect, who is signed in, Log out."""
    if not configured():
        st.caption(t("auth_mode_open"))
        return
    why = refusal()
    if why is not None:
        _refusal_box(why, key="auth_logout")
    elif st.user.is_logged_in:
        st.markdown(t("auth_mode_hosted_signed_in", name=display_name(), user=user()))
        if owners.is_admin(user()):
            st.caption(t("auth_admin"))
        st.button(t("auth_logout"), key="auth_logout", icon=":material/logout:", on_click=st.logout)
    else:
        st.markdown(t("auth_mode_hosted_anonymous"))
        st.button(t("auth_login"), key="auth_login_home", type="primary", icon=":material/login:",
                  on_click=st.login)
