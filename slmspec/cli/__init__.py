"""The command line: parse options, call the library, print, exit.  Nothing else."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__

# name -> module of this package holding a command function of the same name.
# Modules are imported only when their command runs, so `validate` does not pay
# for the mail, calendar and HTTP machinery.
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "build": "build",
    "deadlines": "deadlines",
    "explain": "explain",
    "remind": "remind",
    "serve": "serve",
    "schema": "schema",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return getattr(importlib.import_module(f"{__name__}.{module}"), cmd_name)


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
