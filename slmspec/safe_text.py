"""Text from YAML made safe wherever it is published: feeds, mail headers, mail bodies.

icalendar escapes TEXT values but lets control characters through, a line
break in a name would turn one fact into two, and one in a mail header would
start a new header; every text from YAML passes one of these functions.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; newline and tab are handled separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029]")


_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def printable(text: str) -> str:
    """Control characters removed; newlines and tabs kept (for mail bodies)."""
    return _CONTROL.sub("", text)


def header_text(value: object, limit: int | None = None) -> str:
    """One safe header line: no CR/LF or other control characters, at most ``limit`` long."""
    text = " ".join(_HEADER_BREAKS.sub(" ", str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def line_text(value: object) -> str:
    """One line of text: line breaks and tabs become spaces, control characters go."""
    text = _LINE_BREAKS.sub(" ", str(value)).replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def body_text(value: object) -> str:
    """Multi-line text: newlines and tabs stay, other control characters go."""
    return printable(_LINE_BREAKS.sub("\n", str(value))).strip()
