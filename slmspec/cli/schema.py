"""``slmspec schema``: write or verify the JSON Schemas in ``schemas/``."""

from __future__ import annotations

import sys

import click

from .. import schema as schemas
from ..report import REPORTERS
from .common import EXIT_OK, EXIT_PROJECT_ERRORS, EXIT_USAGE, project_root, use_color


@click.command()
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 when a committed schema is missing or out of date.")
@click.pass_context
def schema(ctx: click.Context, check: bool) -> None:
    """Write one JSON Schema per kind to schemas/ for editors and CI.

    The Contract schema includes the organisation's own fields, their dropdown
    values and its people from slmspec.yaml, so regenerate after changing those.
    Editors find a file's schema from a first line such as:

    \b
      # yaml-language-server: $schema=../schemas/contract.schema.json

    \b
    Example:
      slmspec schema
      slmspec schema --check
    """
    root = project_root(ctx)
    settings, problems = schemas.read_settings(root)
    if settings is None:
        click.echo(REPORTERS["text"](problems, color=use_color(sys.stderr)).rstrip("\n"), err=True)
        click.echo(f"slmspec: fix {schemas.SETTINGS_FILE} first; no schema was written",
                   err=True)
        ctx.exit(EXIT_PROJECT_ERRORS)
    generated = schemas.generate(settings)
    if check:
        outdated = schemas.stale(root, generated)
        for rel in outdated:
            state = "is out of date" if (root / rel).exists() else "is missing"
            click.echo(f"{rel} {state}; run 'slmspec schema' and commit it", err=True)
        if not outdated:
            click.echo("Schemas are up to date.")
        ctx.exit(EXIT_PROJECT_ERRORS if outdated else EXIT_OK)
    try:
        written = schemas.write(root, generated)
    except OSError as err:
        click.echo(f"slmspec: cannot write {schemas.SCHEMA_FOLDER}/: {err.strerror or err}",
                   err=True)
        ctx.exit(EXIT_USAGE)
    for rel in written:
        click.echo(f"wrote {rel}")
    if not written:
        click.echo("Schemas are up to date.")
