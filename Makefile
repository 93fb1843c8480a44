# CNN Lab: `make run` serves the dashboard, `make test` runs the test suite,
# `make test-fast` all of it but the tests marked slow (training, Ray, servers, browsers).
# Both create .venv on first use and reinstall only when a requirements file changes.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-fast test-jax bench bench-gpu team team-down team-deps lint clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate requirements.txt pyproject.toml
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/streamlit run dashboard/app.py --server.address localhost --server.port $(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# The quick tests hold no Ray, server or browser: they run side by side, one per core (up to 4).
FAST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -m "not slow" -n $(FAST_WORKERS) $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	for b in $(filter-out bench/gpu.py,$(wildcard bench/*.py)); do echo "== $$b"; $(PY) $$b || exit 1; done

# Another Keras backend: JAX on the CPU (pinned), for the tests that train.
JAX_VERSION := 0.10.2
JAX_TESTS   := tests/cnncore/test_training.py tests/cnncore/test_jobs.py tests/cnncore/test_sweeps.py tests/cnncore/test_gpu_bench.py

$(VENV)/.installed-jax: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet jax==$(JAX_VERSION) jaxlib==$(JAX_VERSION)
	touch $@

test-jax: $(VENV)/.installed-jax
	KERAS_BACKEND=jax $(PY) -m pytest $(JAX_TESTS) $(PYTEST_ARGS)

# The course's CNN on this machine's GPU; exits 1 when none is used (see bench/gpu.py).
bench-gpu: $(VENV)/.installed
	$(PY) bench/gpu.py

# The team stack on this machine, no Docker: PostgreSQL, mlflow server, Ray head and
# worker, the dashboard (deploy/team.sh; state and logs in .team/).
team: $(VENV)/.installed
	deploy/team.sh up

team-down:
	deploy/team.sh down

team-deps:
	deploy/team.sh deps

clean:
	rm -rf $(VENV) .pytest_cache
