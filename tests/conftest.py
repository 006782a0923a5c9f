"""Shared fixtures: the example organisation, a scratch copy of a project, the CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from slmspec.cli import cli

# No per-example deadline: a loaded machine must not fail a property that holds.
# In CI (CI=true) examples are derived from the test, so a run is repeatable;
# locally they are random and keep finding new cases.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLE_FILES = ("slmspec.yaml", "contracts.d", "sla.d", "matrices")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite expected outputs (tests/cases/*/expected.txt, goldens) "
                          "from what the code produces now.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def copy_example(target: Path) -> Path:
    """A private copy of the example organisation, safe to edit."""
    target.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


@pytest.fixture
def run():
    """Invoke the CLI in-process: run(*args) -> click Result (exit_code, output)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(cli, list(args), env={"NO_COLOR": "1", **(env or {})},
                             catch_exceptions=False)

    return invoke
