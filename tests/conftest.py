import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.config import sample_report

ROOT = Path(__file__).resolve().parent.parent

#: Fixtures that bring in an outside program: a test that uses one gets its marker (and ``slow``).
FIXTURE_MARKS = {"browser": "browser"}
#: Markers for what a test needs; each also makes a test ``slow``, so ``-m "not slow"`` is the quick run.
NEEDS = ("browser", "ray", "postgres", "omegat")


def pytest_collection_modifyitems(config, items):
    """Mark each test by what it needs (see FIXTURE_MARKS and the modules' ``pytestmark``); every
    test that needs a browser, Ray, PostgreSQL or OmegaT is ``slow`` too."""
    for item in items:
        for fixture in set(getattr(item, "fixturenames", ())) & FIXTURE_MARKS.keys():
            item.add_marker(getattr(pytest.mark, FIXTURE_MARKS[fixture]))
        if any(item.get_closest_marker(name) for name in NEEDS) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _nobody_acts():
    """No account acts when a test starts or after it ends (the acting account is a context variable
    that would otherwise outlive a test that set it)."""
    from workbench.service import teams

    teams.set_actor(None)
    yield
    teams.set_actor(None)


def team_project(folder: Path, accounts: list[tuple[str, str]], password: str) -> Path:
    """A project file in ``folder`` with the sample report and ``accounts`` (name, role), all with
    ``password``: made once per module (password hashing is slow on purpose) and copied per test."""
    from workbench import service
    from workbench.service import teams
    from workbench.store import Store

    store = Store(folder / "p.db")
    service.import_document(store, sample_report())
    for name, role in accounts:
        teams.add_user(store, name, role, password)
    store.dispose()
    return folder / "p.db"


def copy_project(template: Path, db: Path) -> Path:
    """A copy of a project file (SQLite's backup, so a write still in the WAL comes along)."""
    import sqlite3

    with sqlite3.connect(template) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    return db


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Keep every test's data folder (default project, models) inside its tmp_path."""
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    monkeypatch.delenv("WORKBENCH_CLEAN_RULES", raising=False)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return sample_report().read_text("utf-8")


@pytest.fixture
def cli_subprocess(tmp_path):
    """Run the real `workbench` command in a subprocess; returns CompletedProcess. For the tests
    whose point is the process itself (exit status, stderr, no traceback); others use ``cli``."""

    def run(*args, input=None, env=None):
        full_env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), **(env or {})}
        return subprocess.run(
            [sys.executable, "-c", "from workbench.cli import run; run()", *map(str, args)],
            capture_output=True,
            text=True,
            input=input,
            env=full_env,
            cwd=tmp_path,
            timeout=300,
        )

    return run


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `workbench` in this process (click's CliRunner isolation around the real entry point,
    so the exit-status contract is the same: 2 and one line for user errors); returns
    CompletedProcess. Much faster than ``cli_subprocess``."""
    from click.testing import CliRunner

    from workbench.cli import run as entry_point

    def run(*args, input=None, env=None):
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
        monkeypatch.setattr(sys, "argv", ["workbench", *map(str, args)])
        with CliRunner().isolation(input=input, env=env) as streams:
            try:
                entry_point()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            out, err = streams[0].getvalue().decode(), streams[1].getvalue().decode()
        return subprocess.CompletedProcess(["workbench", *map(str, args)], code, out, err)

    return run


CHROMIUM = "/usr/bin/chromium"
#: Debian's Chromium, headless, as root, on a machine without a network: no background traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """A real headless Chromium (Debian's, driven by Playwright), one per test module; the test is
    skipped where run-tests.sh could not install it."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (run-tests.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A tiny random-weight Marian model built here (two SentencePiece models, vocab.json,
    MarianConfig, save_pretrained): the same files and loading path as opus-mt-zh-en."""
    from workbench.mt.random_model import TINY, build_random_marian

    return build_random_marian(tmp_path_factory.mktemp("tiny") / "tiny-marian", TINY, num_beams=2, max_length=24)
