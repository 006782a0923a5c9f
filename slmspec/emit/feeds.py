"""Placeholder: replaced by the feeds emitter."""

from __future__ import annotations


def write(context) -> None:
    """Write nothing yet."""
