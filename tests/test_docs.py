"""The generated documentation is in sync, complete, and its examples are true."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from slmspec import docgen
from slmspec.diagnostics import CODES
from slmspec.docgen import codes, fields
from slmspec.durations import Period
from slmspec.loader import parse_bytes
from slmspec.model import validate_document
from slmspec.timeline import nominal_deadline

from .conftest import REPO

LANGUAGE = (REPO / "docs" / "language.md").read_text(encoding="utf-8")
docgen.register_all_codes()


def test_generated_docs_are_in_sync() -> None:
    """Fails when a rule or model changed without `python -m slmspec.docgen`."""
    assert docgen.stale(REPO) == []


def test_docgen_module_runs_and_checks() -> None:
    result = subprocess.run([sys.executable, "-m", "slmspec.docgen", "--check"], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Documentation is up to date."


def test_stale_docs_are_detected_and_rewritten(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    shutil.copy(REPO / "docs" / "language.md", tmp_path / "docs" / "language.md")
    (tmp_path / "docs" / "codes.md").write_text("# old\n", encoding="utf-8")
    language = tmp_path / "docs" / "language.md"
    language.write_text(language.read_text(encoding="utf-8").replace(
        "| `counterparty` |", "| `counterpart` |"), encoding="utf-8")
    assert docgen.stale(tmp_path) == ["docs/codes.md", "docs/language.md"]
    assert docgen.write(tmp_path) == ["docs/codes.md", "docs/language.md"]
    assert docgen.stale(tmp_path) == []
    assert (tmp_path / "docs" / "language.md").read_text(encoding="utf-8") == LANGUAGE


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented_with_examples(code: str) -> None:
    doc = codes.parse_doc(CODES[code].doc)
    assert doc.what, f"{code}: the docstring's first line should say what is wrong"
    assert doc.blocks("Fail"), f"{code}: the docstring needs a Fail: example"
    assert doc.blocks("Pass"), f"{code}: the docstring needs a Pass: example"
    rendered = (REPO / "docs" / "codes.md").read_text(encoding="utf-8")
    assert f"\n## {code} {CODES[code].name}\n" in rendered
    assert f"](#{code.lower()}-{CODES[code].name})" in rendered


def test_codes_are_unique_by_name() -> None:
    names = [entry.name for entry in CODES.values()]
    assert len(names) == len(set(names))


def test_parse_doc_splits_a_rule_docstring() -> None:
    """A function docstring: unindented first line, indented rest, blocks of YAML."""
    doc = codes.parse_doc('''A notice is longer
    than the term.

    Why: notice could never be given in time.  It
    would be too late before the term starts.

    A note about details.

    Fail:
        notice: P3M
        renewal:
          term: P1M
    Pass:
        notice: P1M
    ''')
    assert doc.what == "A notice is longer than the term."
    assert doc.why == ("notice could never be given in time. It would be too late before the "
                       "term starts.")
    assert doc.notes == ["A note about details."]
    assert doc.blocks("Fail") == ["notice: P3M\nrenewal:\n  term: P1M"]
    assert doc.blocks("Pass") == ["notice: P1M"]


def test_parse_doc_without_why_or_examples() -> None:
    doc = codes.parse_doc("\n    Something is wrong.\n")
    assert doc.what == "Something is wrong."
    assert doc.why == ""
    assert doc.examples == []


def test_render_fences_examples_and_escapes_tables() -> None:
    from slmspec.diagnostics import Code, Severity

    sample = Code("SLM999", "sample-rule", Severity.WARNING,
                  "A | in the summary.\n\nWhy: because.\n\nFail:\n    a: ```\nPass:\n    a: b\n")
    text = codes.render({"SLM999": sample})
    row = "| [SLM999](#slm999-sample-rule) | sample-rule | warning | A \\| in the summary. |"
    assert row in text
    assert "````yaml\na: ```\n````" in text
    assert "```yaml\na: b\n```" in text
    assert "**Why:** because." in text


def test_language_reference_has_every_generated_section() -> None:
    assert sorted(fields.marked_sections(LANGUAGE)) == sorted([*fields.SECTIONS, "Durations"])


@pytest.mark.parametrize("section", sorted(fields.SECTIONS))
def test_every_model_field_is_in_the_language_reference(section: str) -> None:
    _, model = fields.SECTIONS[section]
    for where, sub in fields._models("spec", model, set()):
        for name, info in sub.model_fields.items():
            assert f"| `{info.alias or name}` |" in LANGUAGE, f"{where}.{name} is not documented"


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)


@pytest.mark.parametrize("index", range(len([
    b for b in _yaml_blocks(LANGUAGE) if "apiVersion: slmspec/v1" in b and "spec:\n" in b])))
def test_complete_examples_in_the_language_reference_are_valid(index: int) -> None:
    """Every whole document shown in docs/language.md passes its kind's model."""
    blocks = [b for b in _yaml_blocks(LANGUAGE) if "apiVersion: slmspec/v1" in b and "spec:\n" in b]
    loaded = parse_bytes(blocks[index].encode(), "docs/language.md")
    assert loaded.diagnostics == []
    assert len(loaded.documents) == 1
    resource, problems = validate_document(loaded.documents[0])
    assert problems == []
    assert resource is not None


def test_every_kind_has_a_complete_example() -> None:
    kinds = set(re.findall(r"^kind: (\w+)$", "\n".join(_yaml_blocks(LANGUAGE)), re.MULTILINE))
    assert kinds == {"Settings", "Contract", "SLA", "ServiceWindow", "PriorityMatrix"}


def test_notice_deadline_examples_follow_the_rule() -> None:
    """The four worked examples of the notice deadline formula are what slmspec computes."""
    rows = re.findall(r"^\| (\d{4}-\d\d-\d\d) \| `(P\w+)` \| (\d{4}-\d\d-\d\d)", LANGUAGE,
                      re.MULTILINE)
    assert [(d, p) for d, p, _ in rows] == [
        ("2026-12-31", "P3M"), ("2026-06-30", "P3M"), ("2027-02-28", "P1M"), ("2026-12-31", "P90D")]
    for end, notice, deadline in rows:
        computed = nominal_deadline(date.fromisoformat(end), Period.parse(notice))
        assert computed == date.fromisoformat(deadline)
