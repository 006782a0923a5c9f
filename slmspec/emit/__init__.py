"""Emitters: each writes one family of outputs of ``build`` (SPEC §8)."""

from __future__ import annotations

from . import catalog, feeds, reminders

EMITTERS = (catalog.write, feeds.write, reminders.write)

__all__ = ["EMITTERS"]
