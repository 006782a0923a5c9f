"""The loader: positions, no implicit typing, and diagnostics (never exceptions) for any input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slmspec.diagnostics import Diagnostic
from slmspec.loader import MAX_FILE_BYTES, YMap, YSeq, parse_bytes, read_source

SUITE = Path(__file__).resolve().parent / "data" / "yaml-test-suite"  # vendored, MIT licence
SUITE_INPUTS = sorted(SUITE.glob("*/in.yaml"))


def test_scalars_stay_strings() -> None:
    """NO, on, 22:30 and 010 are what the user wrote, not False, True, 1350 and 8."""
    loaded = parse_bytes(b"country: NO\nflag: on\ntime: 22:30\ncode: 010\nnothing: ~\n", "x.yaml")
    assert loaded.diagnostics == []
    assert loaded.documents[0].data == {
        "country": "NO", "flag": "on", "time": "22:30", "code": "010", "nothing": None,
    }


def test_quoted_null_is_a_string() -> None:
    loaded = parse_bytes(b'a: "null"\nb: \'~\'\nc: null\n', "x.yaml")
    assert loaded.documents[0].data == {"a": "null", "b": "~", "c": None}


def test_positions_of_keys_values_and_items() -> None:
    loaded = parse_bytes(b"spec:\n  owner: anna\n  slas:\n    - a\n    - b\n", "x.yaml")
    doc = loaded.documents[0]
    assert (doc.locate("spec", "owner").line, doc.locate("spec", "owner").column) == (2, 10)
    assert (doc.locate("spec", "owner", key=True).line,
            doc.locate("spec", "owner", key=True).column) == (2, 3)
    item = doc.locate("spec", "slas", 1)
    assert (item.line, item.column, item.json_path) == (5, 7, "$.spec.slas[1]")
    missing = doc.locate("spec", "nothing", "deeper")
    assert (missing.line, missing.json_path) == (2, "$.spec")


def test_multi_document_file() -> None:
    loaded = parse_bytes(b"a: 1\n---\nb: 2\n---\n", "x.yaml")
    assert [d.data for d in loaded.documents] == [{"a": "1"}, {"b": "2"}]
    assert [d.line for d in loaded.documents] == [1, 3]


def test_aliases_are_shared_within_bounds() -> None:
    loaded = parse_bytes(b"a: &x [p, q]\nb: *x\n", "x.yaml")
    assert loaded.documents[0].data == {"a": ["p", "q"], "b": ["p", "q"]}


def test_oversized_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    loaded = read_source(big, "big.yaml")
    assert [d.code for d in loaded.diagnostics] == ["SLM006"]


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    loaded = read_source(tmp_path / "missing.yaml", "missing.yaml")
    assert [d.code for d in loaded.diagnostics] == ["SLM011"]


def _assert_well_formed(result, source: str = "x.yaml") -> None:
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.path == source
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
        assert diagnostic.code.startswith("SLM0")
    for document in result.documents:
        assert isinstance(document.data, YMap | YSeq | str)


@pytest.mark.parametrize("path", SUITE_INPUTS, ids=[p.parent.name for p in SUITE_INPUTS])
def test_yaml_test_suite_inputs_become_documents_or_diagnostics(path: Path) -> None:
    """Every input of the YAML test suite parses or yields diagnostics: never an exception."""
    result = parse_bytes(path.read_bytes(), "x.yaml")
    _assert_well_formed(result)


def test_the_yaml_test_suite_is_all_there() -> None:
    assert len(SUITE_INPUTS) == 402


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _assert_well_formed(parse_bytes(data, "x.yaml"))


_YAML_ALPHABET = st.sampled_from(
    [*list(":-?[]{},#&*!|>'\"%@`\n \t"), "a", "b", "1", "~", "---", "...", "<<", "\ufeff", "é"]
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_ALPHABET, max_size=80).map("".join))
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    _assert_well_formed(parse_bytes(text.encode("utf-8"), "x.yaml"))


_scalars = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_trees = st.recursive(
    st.none() | _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_scalars, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_trees)
def test_any_dumped_tree_loads_back_as_strings(tree: object) -> None:
    """What PyYAML dumps, the loader reads back with every scalar as a string (or None)."""
    text = yaml.safe_dump({"root": tree}, allow_unicode=True)
    result = parse_bytes(text.encode("utf-8"), "x.yaml")
    assert result.diagnostics == []
    assert _stringify(result.documents[0].data) == _stringify({"root": tree})


def _stringify(node: object) -> object:
    if isinstance(node, dict):
        return {str(k): _stringify(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringify(v) for v in node]
    return node
