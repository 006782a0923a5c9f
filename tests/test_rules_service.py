"""The window, matrix and SLA rules (SLM4xx) beyond the one-case-per-code folders."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from slmspec.compiler import compile_project
from slmspec.diagnostics import Diagnostic
from slmspec.rules import RULES

from .conftest import CASES, REPO

TODAY = date(2026, 6, 15)
SERVICE_RULES = [r for r in RULES if r.code.code.startswith("SLM4")]

MATRIX = """\
apiVersion: slmspec/v1
kind: PriorityMatrix
metadata: {{name: simple, displayName: Simple}}
spec:
  impact: [many, some, one]
  urgency: [high, medium, low]
  priorities: [P1, P2, P3, P4, P5]
  grid:
{grid}
"""
SLA = """\
apiVersion: slmspec/v1
kind: SLA
metadata: {{name: {name}, displayName: {name}}}
spec:
  services: [{services}]
  window: {window}
  matrix: simple
  targets:
{targets}
"""
CONTRACT = """\
apiVersion: slmspec/v1
kind: Contract
metadata: {{name: {name}, displayName: {name}}}
spec:
  type: {type}
  counterparty: Someone
  owner: anna
  start: 2025-01-01
  value: {{amount: 1, currency: SEK}}
  slas: [{slas}]
  fields: {{category: hardware}}
"""
ALWAYS = """\
apiVersion: slmspec/v1
kind: ServiceWindow
metadata: {name: always, displayName: Always}
spec:
  hours: always
"""


def diagnostics(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    """Validate the base project with ``files`` laid over it."""
    root = tmp_path / "p"
    shutil.copytree(CASES / "_base", root)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return compile_project(root, TODAY).diagnostics


def codes(found: list[Diagnostic], prefix: str = "SLM4") -> list[str]:
    return [d.code for d in found if d.code.startswith(prefix)]


def targets(**by_priority: str) -> str:
    return "\n".join(f"    {p}: {{{t}}}" for p, t in by_priority.items())


def sla(name: str, window: str = "office", services: str = "printing", **by_priority: str) -> str:
    return SLA.format(name=name, window=window, services=services, targets=targets(**by_priority))


@pytest.mark.parametrize("check", SERVICE_RULES, ids=[r.code.code for r in SERVICE_RULES])
def test_every_rule_documents_what_why_fail_and_pass(check) -> None:
    """Each docstring opens with a summary, then Why:, Fail: and Pass: in that order."""
    doc = check.code.doc
    summary = doc.splitlines()[0]
    assert summary.endswith(".")
    assert 0 < doc.index("Why:") < doc.index("Fail:") < doc.index("Pass:")


def test_example_organisation_has_no_service_diagnostics() -> None:
    """The example's windows, matrices and SLAs are clean, underpinning included."""
    found = compile_project(REPO, date(2026, 12, 4)).diagnostics
    assert codes(found) == []


def test_unresolved_references_are_skipped(tmp_path: Path) -> None:
    """An SLA naming an unknown matrix and window gets only the reference errors."""
    found = diagnostics(tmp_path, {"sla.d/sla-basic.yaml": sla(
        "sla-basic", window="nowhere", P9="response: PT1H, resolution: PT4H")
        .replace("matrix: simple", "matrix: missing")})
    assert codes(found) == []
    assert sorted(codes(found, "SLM2")) == ["SLM204", "SLM205"]


def test_invalid_settings_do_not_break_the_rules(tmp_path: Path) -> None:
    """With an unreadable slmspec.yaml the window rules still run and nothing raises."""
    found = diagnostics(tmp_path, {
        "slmspec.yaml": "apiVersion: slmspec/v1\nkind: Settings\nmetadata: {name: x}\n",
        "sla.d/office.yaml": (CASES / "interval-reversed/sla.d/office.yaml").read_text(),
    })
    assert codes(found) == ["SLM402"] * 3


def test_target_order_compares_with_every_higher_priority(tmp_path: Path) -> None:
    """P3 faster than P1 is reported even though P2, between them, is faster still."""
    grid = "    many: [P1, P2, P3]\n    some: [P2, P3, P4]\n    one: [P3, P4, P5]"
    found = diagnostics(tmp_path, {
        "matrices/simple.yaml": MATRIX.format(grid=grid),
        "sla.d/sla-basic.yaml": sla(
            "sla-basic",
            P1="response: PT4H, resolution: PT8H", P2="response: PT1H, resolution: PT8H",
            P3="response: PT2H, resolution: PT8H", P4="response: PT4H, resolution: PT8H",
            P5="response: PT4H, resolution: PT8H"),
    })
    messages = [d.message for d in found if d.code == "SLM424"]
    assert messages == [
        "P2 response PT1H is faster than P1 response PT4H, though P1 is the higher priority",
        "P3 response PT2H is faster than P1 response PT4H, though P1 is the higher priority",
    ]


def test_response_equal_to_resolution_is_fine(tmp_path: Path) -> None:
    """Equal response and resolution times are allowed; only a later response is an error."""
    found = diagnostics(tmp_path, {"sla.d/sla-basic.yaml": sla(
        "sla-basic", P1="response: PT4H, resolution: PT4H",
        P2="response: PT4H, resolution: PT16H", P3="response: PT8H, resolution: PT40H")})
    assert codes(found) == []


def test_non_adjacent_inversion_is_found_through_its_neighbours(tmp_path: Path) -> None:
    """An inversion two rows apart shows up as a warning on an adjacent pair."""
    grid = "    many: [P1, P2, P3]\n    some: [P4, P4, P4]\n    one: [P2, P5, P5]"
    found = diagnostics(tmp_path, {"matrices/simple.yaml": MATRIX.format(grid=grid)})
    monotonic = [d for d in found if d.code == "SLM416"]
    assert [d.message for d in monotonic] == [
        "cell [one, high] is P2, a higher priority than [some, high] (P4), which has higher impact"]
    assert (monotonic[0].line, monotonic[0].column) == (11, 11)


def _underpinning(tmp_path: Path, supplier: str, customer: str,
                  extra: dict[str, str] | None = None) -> list[Diagnostic]:
    return diagnostics(tmp_path, {
        "sla.d/sla-basic.yaml": supplier,
        "sla.d/sla-customer.yaml": customer,
        "sla.d/always.yaml": ALWAYS,
        "contracts.d/cus-a.yaml": CONTRACT.format(name="cus-a", type="customer",
                                                  slas="sla-customer"),
        **(extra or {}),
    })


SUPPLIER = {"P1": "response: PT1H, resolution: PT4H", "P2": "response: PT4H, resolution: PT16H",
            "P3": "response: PT8H, resolution: PT40H"}
FASTER = {"P1": "response: PT30M, resolution: PT4H", "P2": "response: PT4H, resolution: PT8H",
          "P3": "response: PT8H, resolution: PT40H"}


def test_underpinning_names_both_files_and_points_at_the_supplier(tmp_path: Path) -> None:
    """A slower supplier target warns at the supplier's value, naming both SLA files."""
    found = _underpinning(tmp_path, sla("sla-basic", **SUPPLIER),
                          sla("sla-customer", services="printing, copying", **FASTER))
    warnings = [d for d in found if d.code == "SLM425"]
    assert [(d.path, d.line, d.column) for d in warnings] == [
        ("sla.d/sla-basic.yaml", 9, 20), ("sla.d/sla-basic.yaml", 10, 38)]
    assert "sla.d/sla-customer.yaml:9" in warnings[0].message
    assert "sla.d/sla-basic.yaml" in warnings[0].message


@pytest.mark.parametrize(("customer", "why"), [
    (sla("sla-customer", window="always", **FASTER), "another window"),
    (sla("sla-customer", services="network", **FASTER), "no shared service"),
    (sla("sla-customer", **{**FASTER, "P1": "response: PT30M, resolution: PT4H, window: always",
                            "P2": "response: PT4H, resolution: PT16H"}), "per-priority window"),
])
def test_underpinning_only_compares_like_with_like(tmp_path: Path, customer: str,
                                                   why: str) -> None:
    """No warning across windows, services or per-priority window overrides."""
    found = _underpinning(tmp_path, sla("sla-basic", **SUPPLIER), customer)
    assert codes(found) == [], why


def test_one_sla_on_both_sides_is_not_compared_with_itself(tmp_path: Path) -> None:
    """An SLA named by a supplier and a customer contract underpins itself."""
    found = _underpinning(tmp_path, sla("sla-basic", **SUPPLIER), sla("sla-customer", **FASTER),
                          {"contracts.d/cus-a.yaml": CONTRACT.format(
                              name="cus-a", type="customer", slas="sla-basic")})
    assert codes(found) == []
