"""``path:line:col: severity CODE name: message`` — one line a problem, like a compiler."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from ..diagnostics import Diagnostic, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """Values quoted from YAML may hold line breaks; shown escaped, a problem stays one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def format_line(d: Diagnostic, *, color: bool = False) -> str:
    where = f"{d.path}:{d.line}:{d.column}:"
    severity = str(d.severity)
    code = f"{d.code} {d.name}:"
    if color:
        where = click.style(where, bold=True)
        severity = click.style(severity, fg=_COLOURS[d.severity], bold=True)
        code = click.style(code, fg="cyan")
    line = f"{where} {severity} {code} {_one_line(d.message)}"
    if d.hint:
        line += f"\n    hint: {_one_line(d.hint)}"
    return line


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return "All checks passed."
    parts = [f"{n} {word}{'s' * (n != 1)}"
             for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"Found {' and '.join(parts)} in {files} file{'s' * (files != 1)}."


def text(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    lines = [format_line(d, color=color) for d in diagnostics]
    lines.append(summary(diagnostics))
    return "\n".join(lines)
