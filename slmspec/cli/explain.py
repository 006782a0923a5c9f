"""``slmspec explain CONTRACT``: how each date of one contract was derived."""

from __future__ import annotations

import difflib

import click

from ..compiler import Compilation
from ..diagnostics import Severity, has_errors
from ..explain import explain_contract
from ..report.text import format_line
from .common import EXIT_PROJECT_ERRORS, TODAY, compile_here, use_color


@click.command()
@click.argument("contract")
@TODAY
@click.pass_context
def explain(ctx: click.Context, contract: str, today) -> None:
    """Show step by step how each date of CONTRACT was derived.

    Terms (term k ends E + k·T - 1 day), notice deadlines ((D + 1 day - notice)
    - 1 day), moves to an open day of the noticeWindow, decisions, the effective
    end, reviews, the phase and the events with their ids, so a reviewer can
    check the arithmetic by hand.  Problems found in the contract's file are
    listed at the end; the exit code is 1 when the project has errors.

    \b
    Example:
      slmspec explain sup-ricoh-print
      slmspec explain sup-dustin-cisco --today 2027-01-15
    """
    compilation = compile_here(ctx, today)
    resource = compilation.project.contracts.get(contract)
    if resource is None:
        _not_found(ctx, compilation, contract)
        return
    click.echo(explain_contract(compilation, contract), nl=False)
    own = [d for d in compilation.diagnostics if d.path == resource.path]
    if own:
        click.echo(f"\nProblems in {resource.path}")
        for diagnostic in own:
            click.echo(format_line(diagnostic, color=use_color()))
    if has_errors(compilation.diagnostics):
        others = sum(d.severity is Severity.ERROR and d.path != resource.path
                     for d in compilation.diagnostics)
        if others:
            click.echo(f"\nThe project has {others} more error{'s' * (others != 1)} in other "
                       "files (slmspec validate lists them).", err=True)
        ctx.exit(EXIT_PROJECT_ERRORS)


def _not_found(ctx: click.Context, compilation: Compilation, contract: str) -> None:
    """A contract that exists but is invalid exits 1 with its problems; an unknown name exits 2."""
    for doc in compilation.project.documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        if data.get("kind") == "Contract" and metadata.get("name") == contract:
            for diagnostic in compilation.diagnostics:
                if diagnostic.path == doc.path:
                    click.echo(format_line(diagnostic, color=use_color()), err=True)
            click.echo(f"Contract '{contract}' in {doc.path} has errors: fix them first.",
                       err=True)
            ctx.exit(EXIT_PROJECT_ERRORS)
    names = sorted(compilation.project.contracts)
    close = [n for n in names if contract in n][:3] or difflib.get_close_matches(
        contract, names, n=1, cutoff=0.6)
    message = f"no contract named '{contract}'"
    if close:
        message += "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    elif names:
        message += f" (there are {len(names)}: {', '.join(names[:5])}{', ...' * (len(names) > 5)})"
    raise click.BadParameter(message, ctx=ctx, param_hint="CONTRACT")
