"""Rules: windows."""

from __future__ import annotations

from .base import Rule

RULES: tuple[Rule, ...] = ()
