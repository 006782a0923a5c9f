"""Rebuild the output folder when a source file changes (``slmspec serve --watch``).

Polling the files' modification times and sizes works the same on every
platform and file system, needs no extra dependency, and costs little for a
project of a few hundred files.  A rebuild that finds errors writes nothing,
so the server keeps serving the previous output.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .build import BuildResult, build_once
from .project import DEFAULT_SOURCES, SETTINGS_FILE

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path, sources: list[str] | tuple[str, ...]) -> Fingerprint:
    """(path, mtime, size) of slmspec.yaml and of every YAML file below the source folders."""
    seen: list[tuple[str, int, int]] = []
    candidates = [root / SETTINGS_FILE]
    visited: set[str] = set()  # linked folders are followed, each once (no loops)
    for folder in sources:
        for base, dirs, files in os.walk(root / folder, followlinks=True):
            real = os.path.realpath(base)
            if real in visited:
                dirs[:] = []
                continue
            visited.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            candidates.extend(Path(base) / f for f in sorted(files)
                              if f.endswith((".yaml", ".yml")) and not f.startswith("."))
    for path in candidates:
        try:
            info = path.stat()
        except OSError:
            continue
        seen.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(seen)


def source_folders(result: BuildResult | None) -> list[str]:
    settings = result.compilation.settings if result and result.compilation else None
    return list(settings.sources) if settings is not None else list(DEFAULT_SOURCES)


def watch(root: Path, out: Path, today: date | None, on_build: Callable[[BuildResult], None],
          stop: threading.Event, interval: float = 1.0,
          last: BuildResult | None = None, baseline: Fingerprint | None = None) -> None:
    """Poll every ``interval`` seconds until ``stop`` is set; rebuild after each change.

    ``baseline`` is the state the current output was built from (taken before
    that build, so a change made during it still triggers a rebuild).
    """
    sources = source_folders(last)
    seen = baseline if baseline is not None else fingerprint(root, sources)
    while not stop.wait(interval):
        now = fingerprint(root, sources)
        if now == seen:
            continue
        result = build_once(root, out, today)
        on_build(result)
        folders = source_folders(result) if result.compilation else sources
        seen = now if folders == sources else fingerprint(root, folders)
        sources = folders
