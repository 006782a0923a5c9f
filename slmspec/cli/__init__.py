"""The command line: parse options, call the library, print, exit.  Nothing else."""

from __future__ import annotations

import sys

import click

from .. import __version__
from .build import build
from .deadlines import deadlines
from .explain import explain
from .remind import remind
from .schema import schema
from .serve import serve
from .validate import validate

COMMANDS: tuple[click.Command, ...] = (
    validate, build, deadlines, explain, remind, serve, schema,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="slmspec")
@click.option("-C", "--project", type=click.Path(file_okay=False), default=None,
              help="Project folder (default: found by walking up to slmspec.yaml).")
def cli(project: str | None) -> None:
    """Contracts and SLAs as code: validate, build feeds and reminders, report.

    \b
    Example:
      slmspec validate
      slmspec build --today 2026-12-04
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Run the CLI; an unexpected error prints one line, never a traceback, and exits 2."""
    try:
        cli.main(prog_name="slmspec", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("slmspec: interrupted", err=True)
        sys.exit(130)
    except BaseException as err:
        click.echo(
            f"slmspec: internal error ({type(err).__name__}: {err}); this is a bug, "
            "please report it with the command you ran",
            err=True,
        )
        sys.exit(2)
