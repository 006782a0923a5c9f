"""Diagnostics: the one result type of every stage, and the catalogue of codes.

A diagnostic is data, not an exception and not a print call: stages return
them, reporters format them, only the CLI prints.  Every code is defined once
with a readable name and a docstring that is its user documentation; codes
are never renumbered (SLM0xx loading, SLM1xx schema, SLM2xx references,
SLM3xx contracts and dates, SLM4xx windows, matrices and SLAs, SLM5xx
settings and fields).
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a diagnostic points: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1
    json_path: str = field(default="$", compare=False)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the project; sorts by path, line, column, code."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    name: str = field(compare=False)
    message: str = field(compare=False)
    json_path: str = field(default="$", compare=False)
    hint: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "jsonPath": self.json_path,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code with its readable name, default severity and documentation."""

    code: str
    name: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    def at(
        self,
        where: Location,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            path=where.path,
            line=where.line,
            column=where.column,
            code=self.code,
            severity=severity or self.severity,
            name=self.name,
            message=message,
            json_path=where.json_path,
            hint=hint,
        )


CODES: dict[str, Code] = {}


def define(code: str, name: str, severity: Severity, doc: str) -> Code:
    """Register a code once; a second definition of the same code is a programming error."""
    if code in CODES:
        raise ValueError(f"diagnostic code {code} is defined twice")
    entry = Code(code, name, severity, textwrap.dedent(doc).strip())
    CODES[code] = entry
    return entry


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The hint for a near miss: the closest candidate, or one that differs only in case."""
    options = list(candidates)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        by_case = {c.lower(): c for c in options}
        close = [by_case[word.lower()]] if word.lower() in by_case else []
    return f"did you mean '{close[0]}'?" if close else None


def has_errors(diagnostics: list[Diagnostic], *, strict: bool = False) -> bool:
    """Errors fail a run; with ``strict`` warnings do too."""
    return any(d.severity is Severity.ERROR or strict for d in diagnostics)
