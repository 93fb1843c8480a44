"""Many browser sessions on one dashboard at once, for the load test and ``bench/load.py``.

Each session opens the Convolution page with its own stride and language in the link and
must draw its own stride; it then walks the pages through the app's own navigation (the
session lives on) and every page must be in its own language: nothing of another
session's state. Page times are
from the click to the page's title drawn.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import i18n

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WALK = ("nav_pooling", "nav_architecture", "nav_train", "nav_experiments", "nav_convolution")
TITLES = {"nav_convolution": "conv_title", "nav_pooling": "pool_title", "nav_architecture": "arch_title",
          "nav_train": "train_title", "nav_experiments": "exp_title"}


@dataclass
class Report:
    seconds: list[float] = field(default_factory=list)    # every page drawn, all sessions
    exceptions: list[str] = field(default_factory=list)   # tracebacks shown on a page
    leaks: list[str] = field(default_factory=list)        # a session that found another's state


def text(key: str, lang: str) -> str:
    return i18n.CATALOGUE[key][0 if lang == "en" else 1]


def drive(browser, url: str, sessions: int = 20, timeout_ms: int = 300_000) -> Report:
    """Open ``sessions`` sessions on ``url`` at once and walk each through the pages."""
    report = Report()
    pages = []
    for i in range(sessions):
        lang, stride = ("en", "ko")[i % 2], 1 + i % 3
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(f"{url}/convolution?lang={lang}&stride={stride}")
        pages.append((page, lang, stride))
    for n, (page, lang, stride) in enumerate(pages):  # all open and live before the walk
        _drawn(page, text("conv_title", lang), report, 0.0)
        _own_stride(page, n, stride, report)
    for step in WALK:                                # round-robin: every session, one page each
        for n, (page, lang, _) in enumerate(pages):
            start = time.monotonic()
            with explained(page, f"session {n} ({lang}), going to {step}"):
                page.get_by_role("link", name=text(step, lang), exact=True).first.click()
                _drawn(page, text(TITLES[step], lang), report, start)
    for n, (page, lang, stride) in enumerate(pages):
        if page.get_by_role("heading", name=text("conv_title", lang)).count() == 0:
            report.leaks.append(f"session {n}: the page is not in {lang}")
        page.context.close()
    return report


@contextlib.contextmanager
def training_in_background(runs: int = 2, epochs: int = 50) -> Iterator[list[str]]:
    """``runs`` course CNNs training on 8×8 digits (submitted here) while the block runs:
    it starts once none of them waits in the queue (however long Ray and TensorFlow take
    to start on this machine); they are stopped, with the dispatcher and Ray, when it ends.
    Set ``CNNLAB_JOB_SLOTS`` first for them to train at once."""
    from cnncore import jobs, store
    from cnncore.nn import models, training
    from tests.polling import wait_for

    config = training.RunConfig(dataset="digits", model=models.PRESETS["dli-cnn"],
                                train=training.TrainConfig(epochs=epochs))
    ids = []
    try:
        ids += [jobs.submit(config) for _ in range(runs)]
        wait_for(lambda: all(store.get_run(r).status != "queued" for r in ids), 900,
                 "the background runs starting", poll=0.5)
        yield ids
    finally:
        try:
            for run_id in ids:
                jobs.stop(run_id)
        finally:
            jobs.shutdown()


@contextlib.contextmanager
def explained(page, doing: str) -> Iterator[None]:
    """A wait that timed out says what the page showed instead (its address and text), so
    that a failure on a slow machine can be told from a session that lost its state."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        yield
    except PlaywrightTimeout as exc:
        try:
            shown = page.locator("body").inner_text(timeout=10_000)[:1500]
        except PlaywrightTimeout:
            shown = "(the page did not answer)"
        raise AssertionError(f"{doing}: {exc.message.splitlines()[0]}\nat {page.url}, the page showed:\n{shown}") from None


def _own_stride(page, n: int, stride: int, report: Report) -> None:
    """The session drew its own link's stride, not another session's."""
    page.wait_for_url(re.compile(r"[?&]image="))          # the page wrote its settings back
    found = re.search(r"[?&]stride=(\d+)", page.url)
    if not found or int(found.group(1)) != stride:
        report.leaks.append(f"session {n}: stride {found and found.group(1)} in {page.url}, expected {stride}")


def _drawn(page, title: str, report: Report, start: float) -> None:
    page.get_by_role("heading", name=title).first.wait_for()
    if start:
        report.seconds.append(time.monotonic() - start)
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        report.exceptions.append(f"{page.url}: {errors.first.inner_text()[:300]}")


def peak_rss_mb(port: int) -> float | None:
    """The peak resident memory (VmHWM) of the process serving ``port`` (Linux), in MB."""
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            cmd = status.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            for line in (status.parent / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
