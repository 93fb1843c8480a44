"""The real server: `streamlit run` answers its health check within seconds of start."""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.serving import running_app

HEALTH_DEADLINE_S = 5.0   # the README's promise: TensorFlow is not imported at start-up


@pytest.mark.slow
def test_streamlit_run_answers_health_check_within_5_s():
    launched = time.monotonic()
    with running_app(health_deadline_s=HEALTH_DEADLINE_S) as url:   # raises if later
        elapsed = time.monotonic() - launched
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
            assert r.read().decode() == "ok"
    assert elapsed < HEALTH_DEADLINE_S
