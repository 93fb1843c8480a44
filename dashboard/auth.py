"""Who is using the dashboard: open on a laptop, sign-in with Streamlit's OIDC on a host.

Hosted mode: ``.streamlit/secrets.toml`` (or ``~/.streamlit/secrets.toml``) has an
``[auth]`` section (``redirect_uri``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``). Then every page that shows or starts runs
asks for sign-in (``st.login``), and the dashboard acts as the signed-in user's e-mail.
The Learn pages stay open. Open mode (no ``[auth]``): everyone acts as ``local``, who
owns the runs made there (:mod:`cnncore.store.owners`).

``dashboard/app.py`` gates pages centrally (:func:`may_view` before a page runs); pages
ask :func:`user` whom to act as and :func:`may_act` whether to offer Stop and Delete.
cnncore enforces the same rule again, so a button that should not be there still fails.
"""

from __future__ import annotations

import streamlit as st

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
    """Whether someone is signed in (always true in open mode, where nobody needs to be)."""
    return not configured() or bool(st.user.is_logged_in)


def user() -> str | None:
    """Whom the dashboard acts as: the signed-in e-mail, ``local`` in open mode, ``None``
    for an anonymous visitor of a hosted dashboard."""
    if not configured():
        return owners.LOCAL
    if not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    # Never "local" or a login name: a signed-in user is not this machine's owner.
    return owners.check_user(email) if email else f"oidc:{st.user.get('sub', '?')}"


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
    """What an anonymous visitor sees instead of a page that shows runs; ends the script."""
    st.title(t("auth_login_title"))
    st.info(t("auth_login_needed"), icon=":material/lock:")
    st.button(t("auth_login"), key="auth_login", type="primary", icon=":material/login:", on_click=st.login)
    st.stop()


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
            st.caption(t("auth_signed_in_as", name=display_name()))
            st.button(t("auth_logout"), key="auth_logout_sidebar", icon=":material/logout:", on_click=st.logout)
        else:
            st.button(t("auth_login"), key="auth_login_sidebar", icon=":material/login:", on_click=st.login)


def render_status() -> None:
    """The Home page's account box: which mode is in effect, who is signed in, Log out."""
    if not configured():
        st.caption(t("auth_mode_open"))
        return
    if st.user.is_logged_in:
        st.markdown(t("auth_mode_hosted_signed_in", name=display_name(), user=user()))
        if owners.is_admin(user()):
            st.caption(t("auth_admin"))
        st.button(t("auth_logout"), key="auth_logout", icon=":material/logout:", on_click=st.logout)
    else:
        st.markdown(t("auth_mode_hosted_anonymous"))
        st.button(t("auth_login"), key="auth_login_home", type="primary", icon=":material/login:",
                  on_click=st.login)
