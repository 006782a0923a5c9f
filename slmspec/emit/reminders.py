"""Placeholder: replaced by the reminders emitter."""

from __future__ import annotations


def write(context) -> None:
    """Write nothing yet."""
