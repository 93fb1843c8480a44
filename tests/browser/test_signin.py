"""A hosted dashboard end to end: sign-in against a real OIDC provider, owners, admins.

The test starts its own OpenID Connect provider (``oidc-provider-mock``: a form where one
types the user's ``sub``; ``--user-claims`` gives alice, bob and root a verified e-mail and
a name, and mallory root's e-mail, unverified), writes a secrets file whose ``[auth]``
points at it, and serves the dashboard with that file. Runs are made directly in the store
with an owner (no training: fast).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.polling import wait_for
from tests.serving import free_port, running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# sub → (email, name, email_verified)
USERS = {"alice": ("alice@x", "Alice", True), "bob": ("bob@x", "Bob", True), "root": ("root@x", "Root", True),
         "carol": ("carol@x", "Carol", True),
         "mallory": ("root@x", "Mallory", False)}      # the admin's address, which she could not verify
ADMINS = "root@x"
RUN_PAGES = ("experiments", "train?run={alice}", "sweeps", "inside")


@contextlib.contextmanager
def oidc_provider():
    """``oidc-provider-mock`` on a free port; yields its base URL."""
    port = free_port()
    claims = [arg for sub, (email, name, verified) in USERS.items()
              for arg in ("--user-claims", json.dumps({"sub": sub, "email": email, "name": name,
                                                       "email_verified": verified}))]
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *claims],
                                stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        def answers() -> bool:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"oidc-provider-mock did not start:\n{log.read()}")
            try:
                urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=5).read()
            except OSError:
                return False
            return True

        try:
            wait_for(answers, 120, "oidc-provider-mock answering", poll=0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, _empty_store):
    """A store with alice's and bob's runs, and the dashboard serving it with sign-in on.

    Yields ``(app_url, {"alice": run_id, "bob": run_id})``.
    """
    home = tmp_path_factory.mktemp("hosted")
    shutil.copy(_empty_store, home / "mlflow.db")
    with pytest.MonkeyPatch.context() as mp, oidc_provider() as provider:
        mp.setenv("CNNLAB_HOME", str(home))
        mp.setenv("CNNLAB_ADMINS", ADMINS)
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        mp.delenv("CNNLAB_EXPERIMENT", raising=False)
        from cnncore import store
        from cnncore.nn import models, training

        config = training.RunConfig(dataset="digits", limit=300, model=models.PRESETS["dli-cnn"],
                                    train=training.TrainConfig(epochs=2))
        # Queued by this (living) process: the dashboard leaves them queued, never orphaned.
        runs = {user: store.create_run(config, owner=USERS[user][0]) for user in ("alice", "bob")}
        secrets = home / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-of-at-least-32-bytes"\n'
            'client_id = "cnnlab"\n'
            'client_secret = "cnnlab-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
        env = {"CNNLAB_HOME": str(home), "CNNLAB_ADMINS": ADMINS, "STREAMLIT_SECRETS_FILES": str(secrets),
               "AUTHLIB_INSECURE_TRANSPORT": "1"}
        with running_app(env=env) as url:
            # The cookie and the redirect_uri name "localhost": the browser must use it too.
            yield url.replace("127.0.0.1", "localhost"), runs


@pytest.fixture
def browse(browser, request):
    """``browse()`` → a page in a fresh browser context (no cookies: a new visitor). A failing
    test leaves a screenshot of each page in ``tests/artifacts/``."""
    contexts = []
    failed_before = request.session.testsfailed

    def new_page():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield new_page
    for i, context in enumerate(contexts):
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for page in context.pages:
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
        context.close()


def log_in(page, app: str, sub: str, *, shows: str = "") -> None:
    """Log in as ``sub`` through the provider's form; end back on the dashboard, whose
    sidebar ``shows`` who is signed in (default "Signed in as <name>")."""
    page.goto(f"{app}/experiments")
    page.get_by_role("button", name="Log in").first.click()
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app}/**")
    page.get_by_text(shows or f"Signed in as {USERS[sub][1]}").first.wait_for()


def open_train(page, app: str, runs: dict, *, others: tuple[str, ...] = ()) -> None:
    """Open Train on both runs and wait until both are drawn whole: the viewer's own runs
    with their Cancel button, ``others``' with "Owned by …" in its place (elements arrive
    one by one, so a count taken earlier may miss one)."""
    page.goto(f"{app}/train?run={runs['alice']},{runs['bob']}")
    page.get_by_text("alice@x", exact=False).first.wait_for()
    page.get_by_text("bob@x", exact=False).first.wait_for()
    for owner in others:
        page.get_by_text(f"Owned by {owner}").first.wait_for()
    wait_for(lambda: page.get_by_role("button", name="Cancel").count() >= 2 - len(others), 120,
             "the Cancel buttons drawn", poll=0.2)


def test_anonymous_visitors_see_no_run_and_a_log_in_button(hosted, browse):
    app, runs = hosted
    page = browse()
    page.goto(app)
    page.get_by_text("Hosted mode").first.wait_for()
    for path in RUN_PAGES:
        page.goto(f"{app}/{path.format(**runs)}")
        page.get_by_role("heading", name="Log in to see runs").wait_for()
        page.get_by_role("button", name="Log in").first.wait_for()
        body = page.locator("body").inner_text()
        assert runs["alice"][:6] not in body and "alice@x" not in body, path
    page.goto(f"{app}/convolution")                   # the Learn pages stay open
    page.get_by_role("heading", name="Log in to see runs").wait_for(state="detached", timeout=5_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_an_unverified_e_mail_is_nobody_here_not_even_the_admin_it_names(hosted, browse):
    """mallory's token carries root@x, the admin's e-mail, with ``email_verified: false``:
    signed in at the provider, she sees why she is refused, and no run, on every run page;
    a verified user (alice) still works."""
    app, runs = hosted
    page = browse()
    log_in(page, app, "mallory", shows="E-mail not verified: root@x")
    for path in RUN_PAGES:
        page.goto(f"{app}/{path.format(**runs)}")
        page.get_by_role("heading", name="Your e-mail is not verified").wait_for()
        page.get_by_text("Your identity provider has not verified the e-mail address root@x").wait_for()
        page.get_by_role("button", name="Log out").first.wait_for()
        body = page.locator("body").inner_text()
        assert runs["alice"][:6] not in body and "alice@x" not in body and "Log in" not in body, path
    page.goto(app)                                    # Home: the same reason, and no admin
    page.get_by_text("has not verified the e-mail address root@x").first.wait_for()
    assert page.get_by_text("You are an admin").count() == 0
    page.goto(f"{app}/experiments?lang=ko")
    page.get_by_text("로그인 서비스가 이 이메일 주소를 인증하지 않았습니다: root@x").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0

    alice = browse()
    log_in(alice, app, "alice")
    alice.goto(f"{app}/experiments?run={runs['alice']}")
    alice.locator('[role="gridcell"]').filter(has_text=runs["alice"]).first.wait_for(state="attached")


def test_owners_stop_their_own_runs_others_cannot_and_admins_can(hosted, browse):
    from cnncore import jobs, store

    app, runs = hosted
    alice = browse()
    log_in(alice, app, "alice")
    alice.goto(f"{app}/experiments?run={runs['alice']}")   # the run list, with owners
    cells = alice.locator('[role="gridcell"]')          # the table's cells (drawn on a canvas)
    cells.filter(has_text=runs["alice"]).first.wait_for(state="attached")
    cells.filter(has_text="alice@x").first.wait_for(state="attached")        # the owner column
    open_train(alice, app, runs, others=("bob@x",))
    assert alice.get_by_role("button", name="Cancel").count() == 1      # hers, not bob's

    bob = browse()
    log_in(bob, app, "bob")
    open_train(bob, app, runs, others=("alice@x",))   # bob sees alice's run...
    assert bob.get_by_role("button", name="Cancel").count() == 1        # ...but may cancel only his
    with pytest.raises(PermissionError, match=f"bob@x may not stop run {runs['alice'][:6]}… owned by alice@x"):
        jobs.stop(runs["alice"], user="bob@x")
    with pytest.raises(PermissionError, match="bob@x may not delete run"):
        store.delete_runs([runs["alice"]], user="bob@x")
    assert store.get_run(runs["alice"]).status == "queued"

    root = browse()
    log_in(root, app, "root")
    root.goto(app)
    root.get_by_text("You are an admin").wait_for()
    open_train(root, app, runs)
    cancel = root.get_by_role("button", name="Cancel")
    assert cancel.count() == 2                        # an admin may cancel anyone's
    cancel.first.click()
    wait_for(lambda: {store.get_run(r).status for r in runs.values()} != {"queued"}, 120,
             "the admin's Cancel stopping a run", poll=0.5)
    assert jobs.stop(runs["bob"], user="root@x") == "stopped"
    store.delete_runs(list(runs.values()), user="root@x")


def test_log_out(hosted, browse):
    app, _ = hosted
    page = browse()
    log_in(page, app, "alice")
    page.goto(app)
    page.get_by_role("button", name="Log out").first.click()
    end = page.get_by_role("button", name="End session")   # the provider asks to confirm
    with contextlib.suppress(Exception):
        end.wait_for(timeout=10_000)
        end.click()
    page.goto(f"{app}/experiments")
    page.get_by_role("heading", name="Log in to see runs").wait_for()
    assert page.get_by_text("Signed in as").count() == 0


def test_a_class_session_from_the_teachers_form_to_the_board(hosted, browse):
    """The teacher (root, an admin) starts a session; alice, bob and carol open its link
    and train different dropout rates; the projector's board shows the three runs with
    their verdicts; with names hidden, nothing alice's browser receives names the others;
    a closed session takes no new run."""
    from cnncore import jobs

    app, _ = hosted
    teacher = browse()
    log_in(teacher, app, "root")
    teacher.goto(f"{app}/class")
    teacher.get_by_label("Question for the class").fill("Which dropout closes the gap?")
    teacher.locator('[data-testid="stSelectbox"]').filter(has_text="Data set").click()
    teacher.get_by_role("option", name="digits", exact=True).click()
    teacher.get_by_role("spinbutton", name="Images (0 = all)").fill("300")
    teacher.get_by_role("spinbutton", name="Epochs per run").fill("2")
    teacher.get_by_role("spinbutton", name="Epochs per run").press("Enter")
    teacher.get_by_role("button", name="Create the session").click()
    teacher.wait_for_url(re.compile(r"session=\w+"))
    class_id = re.search(r"session=(\w+)", teacher.url).group(1)
    teacher.get_by_text("Link for students").wait_for()
    teacher.get_by_text("Scan to join").wait_for()                          # the QR code
    assert teacher.locator("img").count() >= 1

    students = {}
    for sub, rate in (("alice", "0.0"), ("bob", "0.2"), ("carol", "0.4")):
        page = students[sub] = browse()
        frames = []
        page.on("websocket", lambda ws, frames=frames: ws.on("framereceived", lambda f: frames.append(f)))
        page.frames_received = frames
        log_in(page, app, sub)
        page.goto(f"{app}/class?session={class_id}")
        page.get_by_role("heading", name="Which dropout closes the gap?").wait_for()
        assert page.get_by_text("Teacher's controls").count() == 0
        page.get_by_text(rate, exact=True).first.click()
        page.get_by_role("button", name="Train my setting").click()
        page.get_by_text("Your runs (1 of 2)").wait_for()

    board = browse()
    log_in(board, app, "root")
    board.goto(f"{app}/class?session={class_id}&view=board")
    board.get_by_text("3 of 3 runs finished").wait_for(timeout=300_000)
    cells = board.locator('[role="gridcell"]')
    for name in ("Alice", "Bob", "Carol"):
        cells.filter(has_text=name).first.wait_for(state="attached")
    verdicts = jobs.classes.board(class_id, user="root@x").runs["verdict"]
    assert len(verdicts) == 3 and "waiting" not in set(verdicts)
    for verdict in set(verdicts):
        cells.filter(has_text=verdict.replace("_", " ").capitalize()).first.wait_for(state="attached")
    assert board.locator('[data-testid="stSidebar"]').is_hidden()           # the projector: no sidebar

    teacher.get_by_text("Show names on the board").click()                  # anonymous from now on
    teacher.get_by_text("Students see the board").click()
    wait_for(lambda: (lambda s: not s.names and s.board)(jobs.classes.board(class_id, user="root@x").record.state),
             60, "the teacher's toggles stored", poll=0.5)
    alice = students["alice"]
    alice.frames_received.clear()
    alice.reload()
    alice.get_by_text("3 of 3 runs finished").wait_for()
    alice.locator('[role="gridcell"]').filter(has_text="you").first.wait_for(state="attached")
    received = b"".join(f if isinstance(f, bytes) else f.encode() for f in alice.frames_received)
    assert b"3 of 3 runs finished" in received                              # the frames hold the board…
    for other in (b"Bob", b"bob@x", b"Carol", b"carol@x"):                  # …and no other student
        assert other not in received, other

    teacher.get_by_text("Open for new runs").click()
    carol = students["carol"]
    carol.reload()
    carol.get_by_text("The teacher has closed this session.").wait_for()
    assert carol.get_by_role("button", name="Train my setting").is_disabled()
    with pytest.raises(ValueError, match="closed"):
        jobs.classes.submit(class_id, {"dropout": 0.4}, user="carol@x")
    assert carol.locator('[data-testid="stException"]').count() == 0
