"""Placeholder for `slmspec explain`; replaced by its implementation."""

from __future__ import annotations

import click


@click.command()
def explain() -> None:
    """Not yet available."""
    raise click.UsageError("'explain' is not available yet")
