"""Malformed documents, mutated at random, go through the whole compiler: diagnostics, no crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slmspec.compiler import compile_project

from .conftest import CASES

BASE_CONTRACT = yaml.safe_load((CASES / "_base/contracts.d/sup-printers.yaml").read_text())

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10)
    | st.sampled_from(["P3M", "PT4H", "2026-02-30", "2026-12-31", "anna", "always", "-1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)
_paths = st.lists(st.sampled_from([
    "spec", "metadata", "type", "owner", "start", "end", "notice", "renewal", "mode", "term",
    "max", "decisions", "value", "amount", "fields", "category", "reminders", "to", "kind",
    "apiVersion", "name", "slas",
]), min_size=1, max_size=3)


def _mutate(tree: object, path: list[str], value: object) -> object:
    if not path or not isinstance(tree, dict):
        return value
    head, *rest = path
    copy = dict(tree)
    copy[head] = _mutate(copy.get(head), rest, value)
    return copy


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_paths, _values), min_size=1, max_size=4))
def test_mutated_contracts_give_diagnostics_not_exceptions(mutations) -> None:
    document: object = BASE_CONTRACT
    for path, value in mutations:
        document = _mutate(document, path, value)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "p"
        shutil.copytree(CASES / "_base", root)
        (root / "contracts.d/sup-printers.yaml").write_text(
            yaml.safe_dump(document, allow_unicode=True))
        compilation = compile_project(root)
    for diagnostic in compilation.diagnostics:
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
        assert diagnostic.message
