"""Placeholder: replaced by the service window calendar."""

from __future__ import annotations


def build_calendars(compilation) -> dict:
    return {}
