"""Placeholder for `slmspec remind`; replaced by its implementation."""

from __future__ import annotations

import click


@click.command()
def remind() -> None:
    """Not yet available."""
    raise click.UsageError("'remind' is not available yet")
