"""JSON for tools and GitHub workflow commands for pull-request annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity


def json_report(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` — shown inline on the diff."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        message = d.message + (f" ({d.hint})" if d.hint else "")
        props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in (
            ("file", d.path), ("line", d.line), ("col", d.column), ("title", f"{d.code} {d.name}")))
        lines.append(f"::{level} {props}::{_escape_data(message)}")
    return "\n".join(lines)
