"""Placeholder for `slmspec deadlines`; replaced by its implementation."""

from __future__ import annotations

import click


@click.command()
def deadlines() -> None:
    """Not yet available."""
    raise click.UsageError("'deadlines' is not available yet")
