"""Nothing lost, nothing twice: 4xx answers, dropped connections, a killed run, two runs at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from .conftest import copy_example
from .smtp_server import Recorder, ledger_lines, point_project_at, remind, smtp_server

TODAY = "2026-12-04"


def never_failed(tmp_path: Path, run) -> list[tuple[str, str]]:
    """What a run against a healthy server delivers, on a separate copy of the example."""
    project = copy_example(tmp_path / "reference")
    handler = Recorder()
    with smtp_server(handler) as controller:
        point_project_at(project, controller.port)
        assert remind(run, project, TODAY, "--send").exit_code == 0
    assert len(handler.keys()) >= 4
    return handler.keys()


def test_a_451_loses_nothing(example: Path, tmp_path: Path, run) -> None:
    reference = never_failed(tmp_path, run)
    handler = Recorder(fail_on=(3,))
    with smtp_server(handler) as controller:
        point_project_at(example, controller.port)
        result = remind(run, example, TODAY, "--send")
        assert result.exit_code == 1
        failed = [line for line in result.output.splitlines() if line.startswith("failed")]
        assert failed == [f"failed  {reference[2][0]} -> {reference[2][1]}: not accepted: "
                          "451 4.3.0 Temporary failure, try again later"]
        assert (f"Sent {len(reference) - 1} of {len(reference)} messages; 1 failed and will "
                "be retried by the next run.") in result.output
        assert handler.keys() == reference[:2] + reference[3:]  # the batch went on
        handler.fail_on = ()
        assert remind(run, example, TODAY, "--send").exit_code == 0
    assert sorted(handler.keys()) == sorted(reference)
    assert len(set(handler.keys())) == len(handler.keys())


def test_a_dropped_connection_loses_nothing(example: Path, tmp_path: Path, run) -> None:
    reference = never_failed(tmp_path, run)
    handler = Recorder(drop_on=(2,))
    with smtp_server(handler) as controller:
        point_project_at(example, controller.port)
        result = remind(run, example, TODAY, "--send")
        assert result.exit_code == 1
        assert f"failed  {reference[1][0]} -> {reference[1][1]}: connection lost" \
            in result.output
        assert handler.keys() == [reference[0], *reference[2:]]  # reconnected for the rest
        handler.drop_on = ()
        assert remind(run, example, TODAY, "--send").exit_code == 0
    assert sorted(handler.keys()) == sorted(reference)
    assert len(set(handler.keys())) == len(handler.keys())


def test_no_server_at_all(example: Path, tmp_path: Path, run) -> None:
    """Connection refused: every message reported, nothing in the ledger, retried next run."""
    reference = never_failed(tmp_path, run)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    point_project_at(example, closed_port)
    result = remind(run, example, TODAY, "--send")
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert len(failed) == len(reference)
    assert "cannot connect to 127.0.0.1" in failed[0]
    assert all("not attempted: no connection" in line for line in failed[1:])
    assert not (example / ".slmspec/ledger.jsonl").exists()  # nothing sent, no empty file
    handler = Recorder()
    with smtp_server(handler) as controller:
        point_project_at(example, controller.port)
        assert remind(run, example, TODAY, "--send").exit_code == 0
    assert handler.keys() == reference


def test_a_silent_server_times_out(example: Path, run) -> None:
    """A server that accepts the connection and never answers: the timeout ends the wait."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        point_project_at(example, silent.getsockname()[1], timeout=1)
        started = time.monotonic()
        result = remind(run, example, TODAY, "--send")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "cannot connect to 127.0.0.1" in result.output
    assert "timed out" in result.output
    assert elapsed < 10


def test_a_killed_run_resends_at_most_the_message_in_flight(example: Path, tmp_path: Path,
                                                            run) -> None:
    """SIGKILL while the server holds message 3 (taken, not yet answered): on the rerun every
    message arrives exactly once, except message 3, which arrives twice with one Message-ID.
    While the killed run still holds the ledger lock, a second run is refused."""
    reference = never_failed(tmp_path, run)
    handler = Recorder(hang_on=3)
    with smtp_server(handler) as controller:
        point_project_at(example, controller.port)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLMSPEC_SMTP_")}
        process = subprocess.Popen(
            [sys.executable, "-m", "slmspec", "-C", str(example), "remind", "--send",
             "--today", TODAY], env={**env, "NO_COLOR": "1"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert handler.hanging.wait(60), "the run never reached message 3"
            assert len(ledger_lines(example)) == 2  # on disk before message 3 was sent

            second = remind(run, example, TODAY, "--send")
            assert second.exit_code == 2
            assert "another remind run holds the ledger lock" in second.output
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        assert process.returncode == -signal.SIGKILL
        assert len(ledger_lines(example)) == 2

        handler.hang_on = None
        rerun = remind(run, example, TODAY, "--send")
        assert rerun.exit_code == 0, rerun.output
    counts = Counter(handler.keys())
    assert set(counts) == set(reference)
    assert counts[reference[2]] == 2
    assert all(n == 1 for key, n in counts.items() if key != reference[2])
    twice = [r for r in handler.received if r.key == reference[2]]
    assert twice[0].message["Message-ID"] == twice[1].message["Message-ID"]
    assert len(ledger_lines(example)) == len(reference)


def test_the_github_workflow_commits_the_ledger_even_on_failure() -> None:
    """The scheduled workflow sends, then commits the ledger whatever the exit code was."""
    workflow = Path(__file__).resolve().parent.parent / ".github/workflows/remind.yml"
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))
    assert "schedule" in triggers
    assert "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "write"}
    assert data["concurrency"]["cancel-in-progress"] is False
    steps = data["jobs"]["remind"]["steps"]
    send = next(s for s in steps if "slmspec remind --send" in s.get("run", ""))
    assert send["env"] == {"SLMSPEC_SMTP_USER": "${{ secrets.SLMSPEC_SMTP_USER }}",
                           "SLMSPEC_SMTP_PASSWORD": "${{ secrets.SLMSPEC_SMTP_PASSWORD }}"}
    commit = steps[steps.index(send) + 1]
    assert commit["if"] == "always()"
    assert ".slmspec/ledger.jsonl" in commit["run"]
    assert steps[-1]["if"] == "always()"
    assert steps[-1]["run"] == 'exit "${CODE:-1}"'
    assert steps[-1]["env"]["CODE"] == "${{ steps.remind.outputs.code }}"
