"""Placeholder: replaced by the contract timeline."""

from __future__ import annotations


def build_timelines(compilation) -> dict:
    return {}
