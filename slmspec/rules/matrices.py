"""Rules: priority matrices (SLM411-SLM417): grid shape, known priorities, monotony."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity, did_you_mean
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

LEVELS = ("impact", "urgency", "priorities")


def suggest_priority(word: str, priorities: list[str]) -> str | None:
    """A did-you-mean hint that also catches a wrong letter case (p1 for P1)."""
    same = [p for p in priorities if p.lower() == word.lower()]
    return f"did you mean '{same[0]}'?" if same else did_you_mean(word, priorities)


@rule("SLM411", "matrix-missing-row")
def matrix_missing_row(c: Compilation) -> Iterator[Diagnostic]:
    """An impact level has no row in the grid.

    Why: tickets of that impact would get no priority, and no SLA target.

    Fail:
        impact: [many, one]
        grid:
          many: [P1, P2]
    Pass:
        impact: [many, one]
        grid:
          many: [P1, P2]
          one: [P2, P3]
    """
    for res in c.project.matrices.values():
        spec = res.spec
        for i, impact in enumerate(spec.impact):
            if impact not in spec.grid and impact not in spec.impact[:i]:
                yield matrix_missing_row.at(
                    res.at("spec", "grid", key=True), f"grid has no row for impact '{impact}'",
                    hint=f"add a row '{impact}' with one priority per urgency "
                         f"({', '.join(spec.urgency)})")


@rule("SLM412", "matrix-extra-row")
def matrix_extra_row(c: Compilation) -> Iterator[Diagnostic]:
    """A grid row is named after something that is not an impact level.

    Why: the row is never used; usually it is a misspelt impact, whose real
    row is then missing.

    Fail:
        impact: [many, one]
        grid: {many: [P1, P2], single: [P2, P3]}
    Pass:
        impact: [many, one]
        grid: {many: [P1, P2], one: [P2, P3]}
    """
    for res in c.project.matrices.values():
        for row in res.spec.grid:
            if row not in res.spec.impact:
                yield matrix_extra_row.at(
                    res.at("spec", "grid", row, key=True),
                    f"grid row '{row}' is not an impact (impact: {', '.join(res.spec.impact)})",
                    hint=did_you_mean(row, res.spec.impact))


@rule("SLM413", "matrix-row-length")
def matrix_row_length(c: Compilation) -> Iterator[Diagnostic]:
    """A grid row does not have exactly one cell per urgency level.

    Why: cells are matched to urgency levels by position; a missing or extra
    cell shifts every priority after it.

    Fail:
        urgency: [high, low]
        grid: {many: [P1, P2, P3]}
    Pass:
        urgency: [high, low]
        grid: {many: [P1, P2]}
    """
    for res in c.project.matrices.values():
        width = len(res.spec.urgency)
        for row, cells in res.spec.grid.items():
            if len(cells) != width:
                yield matrix_row_length.at(
                    res.at("spec", "grid", row),
                    f"row '{row}' has {len(cells)} cell{'s' * (len(cells) != 1)}, "
                    f"but there {'are' if width != 1 else 'is'} {width} urgency "
                    f"level{'s' * (width != 1)} ({', '.join(res.spec.urgency)})")


@rule("SLM414", "matrix-unknown-priority")
def matrix_unknown_priority(c: Compilation) -> Iterator[Diagnostic]:
    """A grid cell holds a priority that ``priorities`` does not declare.

    Why: SLA targets are given per declared priority; a ticket in this cell
    would have none.

    Fail:
        priorities: [P1, P2]
        grid: {many: [P1, P3]}
    Pass:
        priorities: [P1, P2]
        grid: {many: [P1, P2]}
    """
    for res in c.project.matrices.values():
        known = res.spec.priorities
        for row, cells in res.spec.grid.items():
            for j, cell in enumerate(cells):
                if cell not in known:
                    yield matrix_unknown_priority.at(
                        res.at("spec", "grid", row, j),
                        f"unknown priority '{cell}' (priorities: {', '.join(known)})",
                        hint=suggest_priority(cell, known))


@rule("SLM415", "matrix-duplicate-level")
def matrix_duplicate_level(c: Compilation) -> Iterator[Diagnostic]:
    """``impact``, ``urgency`` or ``priorities`` lists the same entry twice.

    Why: the lists are ordered from highest to lowest; an entry cannot hold
    two ranks.

    Fail:
        priorities: [P1, P2, P2, P3]
    Pass:
        priorities: [P1, P2, P3]
    """
    for res in c.project.matrices.values():
        for field in LEVELS:
            entries = getattr(res.spec, field)
            for i, entry in enumerate(entries):
                if entry in entries[:i]:
                    yield matrix_duplicate_level.at(
                        res.at("spec", field, i),
                        f"'{entry}' appears twice in {field} (first at position "
                        f"{entries.index(entry) + 1})")


def _cells(spec: Any) -> dict[tuple[int, int], tuple[str, int]]:
    """Usable cells: (impact rank, urgency rank) → (priority, priority rank)."""
    ranks = {p: k for k, p in reversed(list(enumerate(spec.priorities)))}
    cells = {}
    for i, impact in enumerate(spec.impact):
        row = spec.grid.get(impact)
        if row is None or len(row) != len(spec.urgency) or impact in spec.impact[:i]:
            continue
        for j, cell in enumerate(row):
            if cell in ranks:
                cells[i, j] = (cell, ranks[cell])
    return cells


@rule("SLM416", "matrix-not-monotonic", Severity.WARNING)
def matrix_not_monotonic(c: Compilation) -> Iterator[Diagnostic]:
    """A cell has a higher priority than the cell of the next higher impact or urgency.

    Why: a ticket with more impact (or more urgency) should never be handled
    later than one with less; an inverted cell is usually a typing mistake.

    Fail:
        impact: [many, one]
        urgency: [high, low]
        grid: {many: [P1, P3], one: [P2, P2]}   # [one, low] P2 is above [many, low] P3
    Pass:
        grid: {many: [P1, P2], one: [P2, P3]}
    """
    for res in c.project.matrices.values():
        spec = res.spec
        cells = _cells(spec)
        for (i, j), (priority, rank) in sorted(cells.items()):
            here = f"[{spec.impact[i]}, {spec.urgency[j]}]"
            for (ni, nj), axis in (((i - 1, j), "impact"), ((i, j - 1), "urgency")):
                if (ni, nj) not in cells or cells[ni, nj][1] <= rank:
                    continue
                there = f"[{spec.impact[ni]}, {spec.urgency[nj]}]"
                yield matrix_not_monotonic.at(
                    res.at("spec", "grid", spec.impact[i], j),
                    f"cell {here} is {priority}, a higher priority than {there} "
                    f"({cells[ni, nj][0]}), which has higher {axis}")


@rule("SLM417", "matrix-unused-priority", Severity.WARNING)
def matrix_unused_priority(c: Compilation) -> Iterator[Diagnostic]:
    """A declared priority appears in no cell of the grid.

    Why: no ticket can get it, so its SLA targets never apply; often a cell
    that should use it holds another priority.  Not reported while a cell
    holds an unknown priority (SLM414), which is usually the same mistake.

    Fail:
        priorities: [P1, P2, P3]
        grid: {many: [P1, P1], one: [P1, P2]}
    Pass:
        priorities: [P1, P2]
    """
    for res in c.project.matrices.values():
        used = {cell for row in res.spec.grid.values() for cell in row}
        if not used <= set(res.spec.priorities):
            continue  # an unknown cell (SLM414) is usually the misspelt unused priority
        for i, priority in enumerate(res.spec.priorities):
            if priority not in used and priority not in res.spec.priorities[:i]:
                yield matrix_unused_priority.at(
                    res.at("spec", "priorities", i), f"priority '{priority}' is used by no cell")


RULES: tuple[Rule, ...] = (
    matrix_missing_row, matrix_extra_row, matrix_row_length, matrix_unknown_priority,
    matrix_duplicate_level, matrix_not_monotonic, matrix_unused_priority,
)
