"""What a rule is: a stable code, a readable name and a check over the compiled project."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Location, Severity, define

if TYPE_CHECKING:
    from ..compiler import Compilation

Check = Callable[["Compilation"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A check whose docstring is its user documentation (what, why, Fail:, Pass:)."""

    code: Code
    check: Check

    def at(self, where: Location, message: str, *, hint: str | None = None,
           severity: Severity | None = None) -> Diagnostic:
        return self.code.at(where, message, hint=hint, severity=severity)

    def __call__(self, compilation: Compilation) -> Iterable[Diagnostic]:
        return self.check(compilation)


def rule(code: str, name: str, severity: Severity = Severity.ERROR) -> Callable[[Check], Rule]:
    """Register ``check`` under ``code``; its docstring becomes the code's documentation."""

    def register(check: Check) -> Rule:
        return Rule(define(code, name, severity, check.__doc__ or name), check)

    return register
