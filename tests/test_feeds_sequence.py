"""SEQUENCE from git history: deterministic, and growing whenever an event's source changes."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from slmspec.sequence import MAX_SEQUENCE, NO_HISTORY, History, read_history

EPOCH = "1796342400"  # 2026-12-04T00:00:00Z, the build stamp
UID = "sup-ricoh-print/end/2@norrvik-it"
CONTRACT = "contracts.d/sup-ricoh-print.yaml"


def git(root: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when is not None:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"@{when} +0000"
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def sequence_of(run, project: Path, uid: str = UID) -> tuple[int, object]:
    out = project / "dist"
    result = run("-C", str(project), "build", "--today", "2026-12-04", "--out", str(out),
                 env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((out / "feeds/all.ics").read_bytes())
    [event] = [e for e in calendar.walk("VEVENT") if e["UID"] == uid]
    return int(event["SEQUENCE"]), event["DTSTART"].dt


def test_sequence_follows_commits_and_edits(example: Path, run) -> None:
    """Committed: the last commit time of the file; edited: ahead of it; recommitted: later."""
    git(example, "init", "-q")
    git(example, "add", ".")
    git(example, "commit", "-qm", "first", when=1_700_000_000)
    first, first_date = sequence_of(run, example)
    assert first == 1_700_000_000

    contract = example / CONTRACT
    contract.write_text(contract.read_text().replace("2026-12-31", "2027-06-30"))
    edited, edited_date = sequence_of(run, example)
    assert edited_date != first_date
    assert edited == int(EPOCH)  # uncommitted: the build stamp, above the last commit

    git(example, "commit", "-qam", "move the end", when=1_800_000_000)
    committed, committed_date = sequence_of(run, example)
    assert committed_date == edited_date
    assert committed == 1_800_000_000 > edited > first

    git(example, "commit", "-q", "--allow-empty", "-m", "unrelated", when=1_900_000_000)
    assert sequence_of(run, example)[0] == committed  # other commits do not touch it


def test_a_settings_commit_raises_every_sequence(example: Path, run) -> None:
    """Events depend on slmspec.yaml (texts, alarms), so its commits count too."""
    git(example, "init", "-q")
    git(example, "add", ".")
    git(example, "commit", "-qm", "first", when=1_700_000_000)
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text().replace("P90D, P30D, P7D", "P60D, P7D"))
    git(example, "commit", "-qam", "fewer reminders", when=1_750_000_000)
    assert sequence_of(run, example)[0] == 1_750_000_000


def test_history_reads_a_project_in_a_subfolder(tmp_path: Path) -> None:
    """Paths are relative to the project root even when the repository starts above it."""
    project = tmp_path / "org" / "contracts"
    (project / "contracts.d").mkdir(parents=True)
    (project / "contracts.d/a.yaml").write_text("a\n")
    (project / "slmspec.yaml").write_text("s\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", when=1_600_000_000)
    (project / "slmspec.yaml").write_text("changed\n")
    (project / "contracts.d/new.yaml").write_text("new\n")
    history = read_history(project)
    assert history.committed == {"contracts.d/a.yaml": 1_600_000_000,
                                 "slmspec.yaml": 1_600_000_000}
    assert history.dirty == {"slmspec.yaml", "contracts.d/new.yaml"}


def test_outside_git_the_edit_time_counts(tmp_path: Path, monkeypatch) -> None:
    """No repository: a file counts as changed when it was saved, clamped to SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "x.yaml").write_text("a: 1\n")
    os.utime(tmp_path / "x.yaml", (1_700_000_000, 1_700_000_000))
    history = read_history(tmp_path)
    assert not history.tracked
    stamp = datetime(2026, 12, 4, tzinfo=UTC)
    assert history.sequence(["x.yaml"], stamp) == 1_700_000_000
    assert history.sequence(["missing.yaml"], stamp) == int(stamp.timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert read_history(tmp_path).sequence(["x.yaml"], stamp) == 1_600_000_000
    assert NO_HISTORY.sequence(["x.yaml"], stamp) == int(stamp.timestamp())


def test_every_saved_edit_raises_the_sequence(example: Path, run) -> None:
    """Without SOURCE_DATE_EPOCH, two edits of an uncommitted file give two growing numbers."""
    contract = example / "contracts.d" / "sup-microsoft-365.yaml"
    seen = []
    for when, end in ((1_800_000_000, "2027-06-30"), (1_800_000_100, "2027-07-31")):
        contract.write_text(contract.read_text().replace("end: 2027-06-30", f"end: {end}", 1))
        os.utime(contract, (when, when))
        assert run("-C", str(example), "build", "--today", "2026-12-04").exit_code == 0
        feed = (example / "dist" / "feeds" / "all.ics").read_text()
        block = feed.split("UID:sup-microsoft-365/end/0")[1].split("END:VEVENT")[0]
        seen.append(int(block.split("SEQUENCE:")[1].split()[0]))
    assert seen == [1_800_000_000, 1_800_000_100]


@given(st.dictionaries(st.sampled_from("abcd"), st.integers(0, 2**40)),
       st.frozensets(st.sampled_from("abcde")),
       st.integers(0, 2**40))
def test_sequence_is_a_32_bit_value_never_below_a_commit(committed, dirty, stamp) -> None:
    """Always 0..2**31-1, and an edited file is always ahead of its last commit (until 2038)."""
    history = History(committed, dirty, True)
    when = datetime.fromtimestamp(stamp, UTC) if stamp < 2**37 else datetime.max.replace(
        tzinfo=UTC)
    for path in "abcde":
        value = history.file_sequence(path, when)
        assert 0 <= value <= MAX_SEQUENCE
        last = committed.get(path)
        if last is not None and last < MAX_SEQUENCE:
            assert value >= last + (path in dirty)
