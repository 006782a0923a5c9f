"""SEQUENCE numbers for calendar events, derived from the git history of their sources.

Calendar clients (Google Calendar above all) ignore a changed event unless its
SEQUENCE grew.  A counter kept on one machine would differ between machines
and CI runs, so the number is derived from history instead:

* a source file that is committed and unchanged: the time of the last commit
  that touched it (``git log``'s committer time, seconds since 1970);
* a file with uncommitted changes, an untracked file, or a project outside
  git: the time the file was last modified, clamped to ``SOURCE_DATE_EPOCH``
  when that is set (as reproducible builds clamp file times), and never less
  than one more than the file's last commit time.  So every saved edit raises
  the number (``serve --watch`` relies on it), a build with
  ``SOURCE_DATE_EPOCH`` stays byte-identical, an edit is ahead of the commit
  it edits, and the commit that records it is later still.

An event's SEQUENCE is the largest number of the files it is derived from
(the contract, ``slmspec.yaml`` and its ``noticeWindow``).  Commit times fit a
32-bit signed integer, as RFC 5545 requires, until 2038-01-19; later values
are capped there.

The whole history is read with one ``git log`` and one ``git status`` per
build, never one call per file.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

MAX_SEQUENCE = 2**31 - 1
_MARK = "\x1fslmspec-commit "


@dataclass(frozen=True)
class History:
    """What git knows about a project's files: last commit time and uncommitted changes."""

    committed: dict[str, int]       # project-relative path → last commit time
    dirty: frozenset[str]           # modified, added or untracked paths
    tracked: bool                   # False: not in a git work tree (or git missing)
    root: Path | None = None        # where to read edit times; None: use the build stamp
    _edited: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def file_sequence(self, path: str, stamp: datetime) -> int:
        """The SEQUENCE contribution of one source file (see the module docstring)."""
        last = self.committed.get(path)
        if self.tracked and last is not None and path not in self.dirty:
            return min(last, MAX_SEQUENCE)
        floor = last + 1 if last is not None else 0
        return min(max(self._edit_time(path, stamp), floor, 0), MAX_SEQUENCE)

    def _edit_time(self, path: str, stamp: datetime) -> int:
        """When an uncommitted file was last saved, clamped to SOURCE_DATE_EPOCH."""
        if self.root is None:
            return int(stamp.timestamp())
        if path not in self._edited:
            try:
                edited = int(os.stat(self.root / path).st_mtime)
            except OSError:
                edited = int(stamp.timestamp())
            epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
            if epoch.isdigit():
                edited = min(edited, int(epoch))
            self._edited[path] = edited
        return self._edited[path]

    def sequence(self, paths: Iterable[str], stamp: datetime) -> int:
        """The SEQUENCE of an event derived from ``paths``: the largest of theirs."""
        return max((self.file_sequence(p, stamp) for p in paths), default=0)


NO_HISTORY = History({}, frozenset(), False)


def read_history(root: Path) -> History:
    """One ``git log`` and one ``git status`` for the whole project below ``root``."""
    log = _git(root, "log", f"--format={_MARK}%ct", "--name-only", "--relative",
               "--no-renames", "-z", "--", ".")
    if log is None:
        return History({}, frozenset(), False, root)
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                  "--no-renames", "--", ".")
    return History(_parse_log(log), _parse_status(status or "", root), True, root)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
            capture_output=True, text=True, encoding="utf-8", errors="surrogateescape",
            timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _parse_log(text: str) -> dict[str, int]:
    """Newest commit first: the first time a path appears is its last change."""
    committed: dict[str, int] = {}
    when = 0
    for token in text.split("\0"):
        for line in token.split("\n"):
            if line.startswith(_MARK):
                when = int(line[len(_MARK):]) if line[len(_MARK):].isdigit() else 0
            elif line:
                committed.setdefault(line, when)
    return committed


def _parse_status(text: str, root: Path) -> frozenset[str]:
    """Paths of ``git status --porcelain -z``; they are relative to the repository top."""
    prefix = _git(root, "rev-parse", "--show-prefix") or ""
    prefix = prefix.strip()
    dirty: set[str] = set()
    for entry in text.split("\0"):
        if len(entry) > 3:
            path = entry[3:]
            dirty.add(path[len(prefix):] if prefix and path.startswith(prefix) else path)
    return frozenset(dirty)
