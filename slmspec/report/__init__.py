"""Reporters: diagnostics in, text out.  Picked by name from one registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..diagnostics import Diagnostic
from .machine import github, json_report
from .sarif import sarif
from .text import text

Reporter = Callable[..., str]

REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": json_report,
    "github": github,
    "sarif": sarif,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    return REPORTERS[fmt](diagnostics, color=color)


__all__ = ["REPORTERS", "render"]
