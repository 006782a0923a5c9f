"""Every folder under tests/cases is an invalid project with its expected diagnostics beside it.

A case holds only what differs from ``tests/cases/_base`` (a small valid
project): its files are laid over a copy of the base, paths listed in
``_remove`` are deleted, and ``slmspec validate --today 2026-06-15`` (plus the
arguments in ``_args``) must print exactly ``expected.txt``.  Run pytest with
``--update-goldens`` to rewrite an expected file after a deliberate change.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import CASES

TODAY = "2026-06-15"
CONTROL = {"expected.txt", "_remove", "_args", "README.md"}
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: Path, target: Path) -> Path:
    shutil.copytree(CASES / "_base", target, symlinks=True)
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if rel.as_posix() in CONTROL:
            continue
        dest = target / rel
        if source.is_symlink():
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists() or dest.is_symlink():
                dest.unlink()
            dest.symlink_to(source.readlink())
        elif source.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    remove = case / "_remove"
    if remove.exists():
        for line in remove.read_text().split():
            victim = target / line
            if victim.is_dir():
                shutil.rmtree(victim)
            else:
                victim.unlink()
    return target


def test_base_project_is_clean(tmp_path: Path, run) -> None:
    """The base every case builds on validates with no diagnostics at all."""
    shutil.copytree(CASES / "_base", tmp_path / "p")
    project = tmp_path / "p"
    result = run("-C", str(project), "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All checks passed."


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path, run, update_goldens: bool) -> None:
    project = assemble(case, tmp_path / "project")
    args = shlex.split((case / "_args").read_text()) if (case / "_args").exists() else []
    result = run("-C", str(project), "validate", "--today", TODAY, *args)
    expected_file = case / "expected.txt"
    if update_goldens:
        expected_file.write_text(result.output)
    expected = expected_file.read_text()
    assert result.output == expected
    has_error = any(": error SLM" in line for line in expected.splitlines())
    assert result.exit_code == (1 if has_error else 0)
