"""Placeholder for `slmspec schema`; replaced by its implementation."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Not yet available."""
    raise click.UsageError("'schema' is not available yet")
