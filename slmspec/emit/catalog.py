"""Placeholder: replaced by the catalog emitter."""

from __future__ import annotations


def write(context) -> None:
    """Write nothing yet."""
