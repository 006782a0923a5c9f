"""The command line as a user meets it: exit codes, formats, colour, help, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slmspec.cli import cli

from .conftest import REPO


def test_example_organisation_validates_without_errors(run) -> None:
    result = run("-C", str(REPO), "validate", "--today", "2026-12-04")
    assert result.exit_code == 0, result.output
    assert ": error " not in result.output


def test_errors_exit_1_and_warnings_only_with_strict(example: Path, run) -> None:
    (example / "contracts.d" / "empty.yaml").write_text("# nothing yet\n")
    assert run("-C", str(example), "validate", "--today", "2026-12-04").exit_code == 0
    strict = run("-C", str(example), "validate", "--today", "2026-12-04", "--strict")
    assert strict.exit_code == 1
    (example / "contracts.d" / "broken.yaml").write_text("a: [\n")
    broken = run("-C", str(example), "validate", "--today", "2026-12-04")
    assert broken.exit_code == 1
    assert "contracts.d/broken.yaml:2:1: error SLM001 yaml-syntax:" in broken.output


def test_no_project_exits_2(tmp_path: Path, run) -> None:
    result = run("-C", str(tmp_path), "validate")
    assert result.exit_code == 2
    assert "no slmspec.yaml" in result.output


def test_project_is_found_by_walking_up(example: Path) -> None:
    deep = example / "contracts.d"
    done = subprocess.run([sys.executable, "-m", "slmspec", "validate", "--today", "2026-12-04"],
                          cwd=deep, capture_output=True, text=True, env={**os.environ,
                                                                           "NO_COLOR": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(run) -> None:
    assert run("validate", "--format", "xml").exit_code == 2
    assert run("validate", "--today", "31.12.2026").exit_code == 2
    assert run("no-such-command").exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_every_format_reports_the_same_problem(example: Path, run, fmt: str) -> None:
    (example / "contracts.d" / "broken.yaml").write_text("a: 1\na: 2\n")
    result = run("-C", str(example), "validate", "--format", fmt, "--today", "2026-12-04")
    assert result.exit_code == 1
    assert "SLM002" in result.output
    if fmt in ("json", "sarif"):
        json.loads(result.output)


def test_colour_never_with_no_color_even_on_a_terminal(example: Path) -> None:
    (example / "contracts.d" / "broken.yaml").write_text("a: 1\na: 2\n")
    script = (
        "import pty, os, sys\n"
        "pid, fd = pty.fork()\n"
        "if pid == 0:\n"
        "    os.execvp(sys.executable, [sys.executable, '-m', 'slmspec', 'validate',"
        " '--today', '2026-12-04'])\n"
        "out = b''\n"
        "while True:\n"
        "    try:\n"
        "        chunk = os.read(fd, 4096)\n"
        "    except OSError:\n"
        "        break\n"
        "    if not chunk:\n"
        "        break\n"
        "    out += chunk\n"
        "os.waitpid(pid, 0)\n"
        "sys.stdout.write(out.decode())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    on_tty = subprocess.run([sys.executable, "-c", script], cwd=example, capture_output=True,
                            text=True, env=env)
    assert "\x1b[" in on_tty.stdout
    no_color = subprocess.run([sys.executable, "-c", script], cwd=example, capture_output=True,
                              text=True, env={**env, "NO_COLOR": "1"})
    assert "SLM002" in no_color.stdout
    assert "\x1b[" not in no_color.stdout


def test_every_command_has_help_with_an_example(run) -> None:
    for name in cli.list_commands(None):
        command = cli.get_command(None, name)
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"
        assert command.help


def test_internal_errors_print_one_line_and_exit_2(example: Path) -> None:
    """A bug anywhere prints one line asking for a report, never a traceback."""
    code = (
        "import slmspec.compiler as c\n"
        "def boom(*a, **k): raise RuntimeError('kaboom')\n"
        "c.compile_project = boom\n"
        "import slmspec.cli.common as common\n"
        "common.compile_project = boom\n"
        "from slmspec.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, "validate"], cwd=example,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert "internal error" in done.stderr
    assert "report" in done.stderr


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "slmspec", "--version"], capture_output=True,
                          text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("slmspec")
