"""Page tests that run a page file alone (without dashboard/app.py) get what the app shell
does for every page: Keras's state kept between script runs (dashboard/keras_state.py)."""

from __future__ import annotations

import pytest

from dashboard import keras_state


@pytest.fixture(autouse=True)
def _as_under_the_app_shell():
    yield
    keras_state.keep()            # after the test: Keras may have been imported by it
