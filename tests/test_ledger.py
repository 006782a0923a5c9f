"""The ledger: append-only JSON lines on disk, forgiving reads, an exclusive lock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slmspec.mail.ledger import (
    LedgerBusy,
    LedgerLock,
    LedgerWriter,
    entry_key,
    read_ledger,
)


def entry(n: int, recipient: str = "anna@x.se") -> dict[str, str]:
    return {"reminder": f"c/noticeDeadline/{n}/P30D", "recipient": recipient,
            "eventDate": "2027-01-31", "sendDate": "2027-01-01",
            "messageId": f"<{n}@slmspec.test>", "sentAt": "2026-12-04T07:00:00Z"}


def test_written_entries_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / ".slmspec/ledger.jsonl"
    with LedgerWriter(path) as writer:
        writer.append(entry(1))
        writer.append(entry(2, "Bo@X.se"))
    lines = path.read_text().splitlines()
    assert [json.loads(line)["reminder"] for line in lines] == ["c/noticeDeadline/1/P30D",
                                                                "c/noticeDeadline/2/P30D"]
    assert lines[0].startswith('{"eventDate":')  # keys sorted: stable, merge-friendly lines
    state = read_ledger(path)
    assert state.warnings == []
    assert state.sent == {entry_key("c/noticeDeadline/1/P30D", "anna@x.se", "2027-01-31"),
                          entry_key("c/noticeDeadline/2/P30D", "bo@x.se", "2027-01-31")}


def test_missing_ledger_is_empty(tmp_path: Path) -> None:
    state = read_ledger(tmp_path / "nope.jsonl")
    assert (state.sent, state.warnings, state.entries) == (set(), [], 0)


def test_incomplete_last_line_is_reported_and_the_next_append_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    full = json.dumps(entry(1)) + "\n"
    path.write_text(full + json.dumps(entry(2))[:40])  # killed in the middle of a write
    state = read_ledger(path, "ledger.jsonl")
    assert state.entries == 1
    assert state.warnings == ["ledger.jsonl:2: incomplete last line (a run was interrupted "
                              "while writing it); ignored"]
    with LedgerWriter(path) as writer:
        writer.append(entry(3))
    state = read_ledger(path, "ledger.jsonl")
    assert state.entries == 2
    assert state.warnings == ["ledger.jsonl:2: not a ledger entry; skipped"]
    assert path.read_text().endswith(json.dumps(entry(3), sort_keys=True,
                                                separators=(",", ":")) + "\n")


def test_garbled_lines_in_the_middle_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps(entry(1)).encode(), b"<<<<<<< HEAD", b"[1, 2]", b'{"reminder": "x"}',
        b"\xff\xfe", b"", json.dumps(entry(2)).encode(), b"",
    ]))
    state = read_ledger(path, "l")
    assert state.entries == 2
    assert state.warnings == [f"l:{n}: not a ledger entry; skipped" for n in (2, 3, 4, 5)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 8), st.data())
def test_a_cut_anywhere_loses_only_the_cut_line(tmp_path: Path, count: int, data) -> None:
    """A crash can stop a write at any byte: every complete line before it still counts."""
    path = tmp_path / "cut.jsonl"
    path.unlink(missing_ok=True)
    with LedgerWriter(path) as writer:
        for n in range(count):
            writer.append(entry(n))
    raw = path.read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    path.write_bytes(raw[:cut])
    state = read_ledger(path)
    complete = raw[:cut].count(b"\n")
    partial = cut > 0 and not raw[:cut].endswith(b"\n")
    assert state.entries in (complete, complete + 1)  # a line cut just before its newline counts
    assert len(state.warnings) <= 1
    assert state.entries == complete or (partial and raw[:cut].endswith(b"}"))
    with LedgerWriter(path) as writer:
        writer.append(entry(99))
    after = read_ledger(path)
    assert entry_key("c/noticeDeadline/99/P30D", "anna@x.se", "2027-01-31") in after.sent
    assert after.entries == state.entries + 1


def test_the_lock_is_exclusive(tmp_path: Path) -> None:
    path = tmp_path / ".slmspec/ledger.jsonl"
    with LedgerLock(path) as lock:
        assert lock.path == tmp_path / ".slmspec/ledger.jsonl.lock"
        with pytest.raises(LedgerBusy, match="another remind run holds the ledger lock"), \
                LedgerLock(path):
            pass
        # another process is refused too
        probe = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; from slmspec.mail.ledger import *\n"
             "try:\n with LedgerLock(Path(sys.argv[1])): print('got it')\n"
             "except LedgerBusy: print('busy')", str(path)],
            capture_output=True, text=True, check=True)
        assert probe.stdout.strip() == "busy"
    with LedgerLock(path):  # released on exit
        pass
