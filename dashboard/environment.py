"""The Home page's environment panel: backend, versions, device, run store, job runner.

The device needs the Keras backend imported (seconds for TensorFlow), so it is detected
in a child process, once per server, in a background thread started on first use; the
panel paints at once and fills the device in when it is known.
"""

from __future__ import annotations

import concurrent.futures
from importlib import metadata

import streamlit as st

from cnncore import settings
from cnncore.store.connection import redacted

from cnncore.nn import devices
from dashboard.i18n import t


@st.cache_resource(show_spinner=False)
def _device_future() -> concurrent.futures.Future:
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnnlab-device")
    return pool.submit(devices.detect_in_subprocess)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return t("home_env_not_installed")


def _device_text(future: concurrent.futures.Future) -> str:
    if not future.done():
        return t("home_env_detecting")
    info = future.result()
    if info["device"] == "GPU":
        return "GPU · " + ", ".join(info["names"])
    return info["device"]


def render() -> None:
    future = _device_future()
    rows = {
        t("home_env_backend"): f"{settings.keras_backend()} (Keras {_version('keras')})",
        t("home_env_tensorflow"): _version("tensorflow"),
        t("home_env_store"): redacted(settings.tracking_uri()),   # never a password or token
        t("home_env_jobs"): settings.ray_address() or t("home_env_ray_local"),
    }
    for label, value in rows.items():
        st.markdown(f"**{label}:** `{value}`")
    if future.done():
        _device_line(future)
    else:   # poll until the child process answers, then redraw the page without polling
        st.fragment(run_every=1.0)(_poll_device)(future)


def _device_line(future: concurrent.futures.Future) -> None:
    st.markdown(f"**{t('home_env_device')}:** `{_device_text(future)}`")


def _poll_device(future: concurrent.futures.Future) -> None:
    if future.done():
        st.rerun()
    _device_line(future)
