"""Resolve: derive what rules and emitters share (window calendars, contract timelines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .timeline import build_timelines
from .windows import build_calendars

if TYPE_CHECKING:
    from .compiler import Compilation


def resolve(compilation: Compilation) -> None:
    """Fill ``compilation.calendars`` and ``compilation.timelines``; never raises for bad data."""
    compilation.calendars = build_calendars(compilation)
    compilation.timelines = build_timelines(compilation)
