"""The ledger of sent reminders: JSON lines, append-only, on disk before the next mail goes.

One line per message the SMTP server accepted.  Each line is written in one
``write`` and forced to disk (flush + fsync) before the next message is sent,
so a crash or a kill loses nothing and re-sends at most the one message that
was in flight.  Reading is forgiving: an incomplete last line (a crash in the
middle of a write) or a garbled line (a bad merge) is reported and skipped,
never a reason to send everything again.  The file is line-oriented so git
merges it well (``.slmspec/ledger.jsonl merge=union`` in ``.gitattributes``
makes concurrent appends merge without conflicts).

A run that sends holds an exclusive ``flock`` on ``<ledger>.lock`` from before
it reads the ledger until it is done, so two runs can never both send.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEFAULT_LEDGER = ".slmspec/ledger.jsonl"

Key = tuple[str, str, str]   # (reminder id, recipient address lower-cased, event date)


class LedgerBusy(Exception):
    """Another run holds the ledger lock."""


class LedgerUnusable(Exception):
    """The ledger (or its lock) cannot be read or written at all."""


def entry_key(reminder_id: str, recipient: str, event_date: date | str) -> Key:
    day = event_date if isinstance(event_date, str) else event_date.isoformat()
    return (reminder_id, recipient.lower(), day)


@dataclass
class LedgerState:
    """What the ledger says was sent, and what was wrong with it."""

    sent: set[Key] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    entries: int = 0


def read_ledger(path: Path, shown: str | None = None) -> LedgerState:
    """Every well-formed entry of the ledger; a missing ledger is an empty one."""
    shown = shown or str(path)
    state = LedgerState()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return state
    except OSError as err:
        raise LedgerUnusable(f"cannot read the ledger {shown}: {err.strerror or err}") from None
    lines = data.split(b"\n")
    complete = data.endswith(b"\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        key = _parse(raw)
        last = number == len(lines)
        if key is not None:
            state.sent.add(key)
            state.entries += 1
        elif last and not complete:
            state.warnings.append(f"{shown}:{number}: incomplete last line (a run was "
                                  "interrupted while writing it); ignored")
        else:
            state.warnings.append(f"{shown}:{number}: not a ledger entry; skipped")
    return state


def _parse(raw: bytes) -> Key | None:
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict):
        return None
    fields = [entry.get(name) for name in ("reminder", "recipient", "eventDate")]
    if not all(isinstance(value, str) and value for value in fields):
        return None
    return entry_key(*fields)


class LedgerLock:
    """An exclusive, non-blocking ``flock`` on ``<ledger>.lock``, held until closed."""

    def __init__(self, ledger: Path) -> None:
        self.path = ledger.with_name(ledger.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> LedgerLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise LedgerUnusable(f"cannot create the lock file {self.path}: "
                                 f"{err.strerror or err}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LedgerBusy(f"another remind run holds the ledger lock ({self.path})") from None
        except OSError as err:
            os.close(fd)
            raise LedgerUnusable(f"cannot lock {self.path}: {err.strerror or err}") from None
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None


class LedgerWriter:
    """Appends entries, each forced to disk before :meth:`append` returns.

    A ledger that does not exist yet is created with the first entry, so a run
    that sends nothing leaves no empty file behind; that it can be created is
    checked up front, before anything is sent.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = None

    def __enter__(self) -> LedgerWriter:
        try:
            if self.path.exists():
                self._open()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not os.access(self.path.parent, os.W_OK):
                    raise PermissionError(13, "Permission denied")
        except OSError as err:
            raise LedgerUnusable(f"cannot write the ledger {self.path}: "
                                 f"{err.strerror or err}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def append(self, entry: dict[str, str]) -> None:
        """One JSON object on one line, on disk when this returns."""
        line = json.dumps(entry, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        try:
            if self._file is None:
                self._open()
            self._write(line.encode("ascii") + b"\n")
        except OSError as err:
            raise LedgerUnusable(f"cannot write the ledger {self.path}: "
                                 f"{err.strerror or err}") from None

    def _open(self) -> None:
        created = not self.path.exists()
        self._file = open(self.path, "ab")  # noqa: SIM115 - closed in __exit__
        if created:
            _fsync_folder(self.path.parent)
        elif not _ends_with_newline(self.path):
            self._write(b"\n")  # a crash left half a line: start on a fresh one

    def _write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)
        self._file.flush()
        os.fsync(self._file.fileno())


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _fsync_folder(folder: Path) -> None:
    """Make a new file's name durable too (its folder entry), where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
