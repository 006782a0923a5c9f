"""The pipeline: load → model → resolve → check.  ``validate`` and ``build`` both run it.

``build`` is ``validate`` plus writing, so the two can never disagree about
what is valid.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .diagnostics import Diagnostic
from .project import Project, load_project


@dataclass
class Compilation:
    """A checked project with everything derived from it, for rules and emitters."""

    project: Project
    today: date
    diagnostics: list[Diagnostic] = field(default_factory=list)
    calendars: dict[str, Any] = field(default_factory=dict)
    timelines: dict[str, Any] = field(default_factory=dict)

    @property
    def settings(self) -> Any:
        """The Settings spec, or None when slmspec.yaml is invalid."""
        return self.project.settings.spec if self.project.settings else None

    @property
    def timezone(self) -> str:
        return self.settings.timezone if self.settings else "UTC"


def today_in(project: Project) -> date:
    """Today in the project's time zone (UTC when the settings are invalid)."""
    zone = project.settings.spec.timezone if project.settings else "UTC"
    return datetime.now(ZoneInfo(zone)).date()


def compile_project(root: Path, today: date | None = None) -> Compilation:
    """Run every stage and collect every diagnostic of every file, sorted."""
    from .resolve import resolve
    from .rules import run_rules

    with _gc_paused():
        project, diagnostics = load_project(root)
        compilation = Compilation(project, today or today_in(project), diagnostics)
        resolve(compilation)
        compilation.diagnostics.extend(run_rules(compilation))
        compilation.diagnostics.sort()
    return compilation


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while the pipeline builds its (acyclic, long-lived) trees.

    Every collection would rescan all documents loaded so far; with thousands of
    files that doubles the time of a run.  Reference counting still frees memory;
    cycles wait until the collector resumes afterwards.  On the way out, what was
    built moves straight to the oldest generation (freeze + unfreeze), so resuming
    does not start with one long scan of every object the run created.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
