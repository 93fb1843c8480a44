"""Fixtures for the adversarial corpus: a private CNN Lab home, and a memory guard."""

from __future__ import annotations

import resource

import pytest

from tests.cnncore.conftest import _empty_store, cnnlab_home, run_store  # noqa: F401

MAX_GROWTH_MB = 300          # a bad input may cost this much peak memory in the test process


@pytest.fixture(autouse=True)
def no_memory_blowup():
    """Fail a test whose bad input raised this process's peak memory by over MAX_GROWTH_MB."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # kB → MB (Linux)
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert grown < MAX_GROWTH_MB, f"peak memory grew by {grown:.0f} MB"
