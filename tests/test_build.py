"""``build`` swaps its output in whole: an interrupted build leaves the previous one intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from slmspec import build as build_module
from slmspec.compiler import compile_project

TODAY = "2026-12-04"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_output(example: Path, run) -> None:
    result = run("-C", str(example), "build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    names = set(_snapshot(example / "dist"))
    assert {"catalog.json", "reminders.json", "reminders.csv", "feeds/all.ics",
            "feeds/customer.ics", "feeds/supplier.ics"} <= names
    assert not [p for p in example.iterdir() if p.name.endswith(".tmp")]


def test_a_failing_emitter_leaves_the_previous_output(example: Path, run, monkeypatch) -> None:
    assert run("-C", str(example), "build", "--today", TODAY).exit_code == 0
    before = _snapshot(example / "dist")

    def half_then_fail(context) -> None:
        context.write_text("catalog.json", "{}")
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "emitters", lambda: (half_then_fail,))
    compilation = compile_project(example, None)
    with pytest.raises(RuntimeError):
        build_module.write_outputs(compilation, example / "dist")
    assert _snapshot(example / "dist") == before
    assert not [p for p in example.iterdir() if p.name.endswith(".tmp")]


def test_a_killed_build_leaves_the_previous_output(example: Path, run) -> None:
    """SIGKILL in the middle of writing: dist/ is exactly the previous build."""
    assert run("-C", str(example), "build", "--today", TODAY).exit_code == 0
    before = _snapshot(example / "dist")
    (example / "contracts.d" / "sup-ricoh-print.yaml").write_text(
        (example / "contracts.d" / "sup-ricoh-print.yaml").read_text().replace(
            "Skrivarleasing", "Skrivarhyra"))
    script = (
        "import os, signal, sys\n"
        "import slmspec.build as b\n"
        "real = b.emitters\n"
        "def killing():\n"
        "    first, *rest = real()\n"
        "    def die(context):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return (first, die, *rest)\n"
        "b.emitters = killing\n"
        "from slmspec.cli import main\n"
        f"sys.argv = ['slmspec', 'build', '--today', '{TODAY}']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=example, capture_output=True,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == -signal.SIGKILL
    assert _snapshot(example / "dist") == before
    assert [p for p in example.iterdir() if p.name.endswith(".tmp")], "staging left by the kill"
    rebuilt = run("-C", str(example), "build", "--today", TODAY)
    assert rebuilt.exit_code == 0
    assert not [p for p in example.iterdir() if p.name.endswith(".tmp")]
    assert "Skrivarhyra" in (example / "dist" / "catalog.json").read_text()


def test_the_same_sources_give_the_same_bytes(example: Path, run, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1796342400"}
    for out in ("a", "b"):
        result = run("-C", str(example), "build", "--today", TODAY, "--out",
                     str(tmp_path / out), env=env)
        assert result.exit_code == 0, result.output
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


@pytest.mark.parametrize(("out", "reason"), [
    (".", "it holds the project itself"),
    ("..", "it holds the project itself"),
    ("contracts.d/out", "it overlaps the source folder contracts.d"),
    ("mine", "it is not empty and was not written by slmspec build"),
    ("file.txt", "is a file"),
])
def test_build_never_replaces_what_it_did_not_write(example: Path, run, out: str,
                                                    reason: str) -> None:
    (example / "mine").mkdir()
    (example / "mine" / "notes.txt").write_text("precious")
    (example / "file.txt").write_text("precious")
    before = _snapshot(example)
    result = run("-C", str(example), "build", "--today", TODAY, "--out", str(example / out))
    assert result.exit_code == 2
    assert reason in result.output
    assert "Traceback" not in result.output
    assert _snapshot(example) == before


def test_outputs_are_readable_by_a_web_server(example: Path, run) -> None:
    """The swapped-in folder gets the usual permissions, not mkdtemp's private 0700."""
    old = os.umask(0o022)
    try:
        assert run("-C", str(example), "build", "--today", TODAY).exit_code == 0
    finally:
        os.umask(old)
    assert (example / "dist").stat().st_mode & 0o777 == 0o755
