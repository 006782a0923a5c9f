"""The rule registry: every semantic check, each a small rule with a stable code.

Each module lists its rules in a literal ``RULES`` tuple; this is the one
place that says which rules run, in which order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from . import contracts, fields, mail, matrices, ranges, references, slas, windows
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

RULES: tuple[Rule, ...] = (
    *references.RULES,
    *fields.RULES,
    *contracts.RULES,
    *ranges.RULES,
    *windows.RULES,
    *matrices.RULES,
    *slas.RULES,
    *mail.RULES,
)


def run_rules(compilation: Compilation) -> Iterator[Diagnostic]:
    for check in RULES:
        yield from check(compilation)


__all__ = ["RULES", "Rule", "rule", "run_rules"]
