"""Text from YAML made safe for one-line and multi-line iCalendar values.

icalendar escapes TEXT values but lets control characters through, and a
line break in a name would turn one fact into two; these two functions are
applied to every text that reaches a feed.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; newline and tab are handled separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029]")


def line_text(value: object) -> str:
    """One line of text: line breaks and tabs become spaces, control characters go."""
    text = _LINE_BREAKS.sub(" ", str(value)).replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def body_text(value: object) -> str:
    """Multi-line text: newlines and tabs stay, other control characters go."""
    text = _LINE_BREAKS.sub("\n", str(value))
    return _CONTROL.sub("", text).strip()
