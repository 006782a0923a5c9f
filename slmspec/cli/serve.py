"""Placeholder for `slmspec serve`; replaced by its implementation."""

from __future__ import annotations

import click


@click.command()
def serve() -> None:
    """Not yet available."""
    raise click.UsageError("'serve' is not available yet")
