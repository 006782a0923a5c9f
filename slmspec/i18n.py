"""Message catalogs: every text of feeds, mails and reports comes from locales/<locale>/*.json.

A translator adds a locale by copying ``locales/en`` and translating the values;
keys are ``<file>.<key>`` (``common.event.noticeDeadline``).  A missing key
falls back to English, so a partial translation still works.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

FALLBACK = "en"


@cache
def catalog(locale: str) -> dict[str, str]:
    """All messages of ``locale``, keyed ``<file>.<key>``."""
    messages: dict[str, str] = {}
    folder = resources.files("slmspec") / "locales" / locale
    if not folder.is_dir():
        return messages
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            domain = entry.name[: -len(".json")]
            for key, value in json.loads(entry.read_text(encoding="utf-8")).items():
                messages[f"{domain}.{key}"] = value
    return messages


def t(locale: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``locale`` (English when missing), with ``{name}`` filled in."""
    template = catalog(locale).get(key) or catalog(FALLBACK).get(key)
    if template is None:
        raise KeyError(f"no message '{key}' in any catalog")
    return template.format_map(params) if params else template
