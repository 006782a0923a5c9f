"""``slmspec validate``: every check, nothing written."""

from __future__ import annotations

import click

from ..report import REPORTERS
from .common import TODAY, compile_here, report_and_exit_code


@click.command()
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="text for people, github for workflow annotations, "
              "sarif for code scanning, json for tools.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@TODAY
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool, today) -> None:
    """Check every file of the project and report every problem.

    Exit 0 when there are no errors (warnings allowed unless --strict), 1 when the
    project has errors, 2 when it cannot be read.

    \b
    Example:
      slmspec validate
      slmspec validate --format github --strict
    """
    compilation = compile_here(ctx, today)
    ctx.exit(report_and_exit_code(compilation, fmt, strict=strict))
