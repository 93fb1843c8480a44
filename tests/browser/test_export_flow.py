""""Get the code" in a real browser: open a run on Experiments, download its Keras script
and its trained model, and check what arrives (the model is made on the click)."""

from __future__ import annotations

import py_compile
import zipfile

import pytest

from tests.dashboard.training_runs import recorded_run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_get_the_code_downloads_the_script_and_the_model(page, app_url, tmp_path):
    run_id = recorded_run(model=True)            # in the store the server reads (the session's)
    page.goto(f"{app_url}/experiments?run={run_id}")
    page.get_by_role("heading", name="Experiments").first.wait_for()
    page.get_by_text("Get the code").first.click()

    with page.expect_download() as script:
        page.get_by_role("button", name="Keras script").click()
    path = tmp_path / script.value.suggested_filename
    script.value.save_as(path)
    assert path.name == f"cnnlab_{run_id[:8]}.py"
    py_compile.compile(str(path), doraise=True)
    assert "keras.Sequential(" in path.read_text(encoding="utf-8")

    with page.expect_download() as model:
        page.get_by_role("button", name="Trained model").click()
    path = tmp_path / model.value.suggested_filename
    model.value.save_as(path)
    assert path.suffix == ".keras" and "config.json" in zipfile.ZipFile(path).namelist()
    assert page.locator('[data-testid="stException"]').count() == 0
