"""Rules: SLA targets (SLM421-SLM425): complete, consistent, underpinned by suppliers.

Unknown windows and matrices are reported by the reference rules (SLM2xx);
these rules skip what they cannot resolve.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from .base import Rule, rule
from .matrices import suggest_priority

if TYPE_CHECKING:
    from ..compiler import Compilation

MEASURES = ("response", "resolution")


def _with_matrix(c: Compilation) -> Iterator[tuple[Any, Any]]:
    for res in c.project.slas.values():
        matrix = c.project.matrices.get(res.spec.matrix)
        if matrix is not None:
            yield res, matrix.spec


def _window(res: Any, priority: str) -> str:
    """The window a priority's clock runs on: its own override, else the SLA's."""
    return res.spec.targets[priority].window or res.spec.window


@rule("SLM421", "sla-missing-target")
def sla_missing_target(c: Compilation) -> Iterator[Diagnostic]:
    """A priority of the SLA's matrix has no target.

    Why: tickets of that priority would have no due time and could never be
    reported as met or missed.

    Fail:
        matrix: simple            # priorities: [P1, P2, P3]
        targets: {P1: {...}, P2: {...}}
    Pass:
        targets: {P1: {...}, P2: {...}, P3: {...}}
    """
    for res, matrix in _with_matrix(c):
        missing = [p for p in dict.fromkeys(matrix.priorities) if p not in res.spec.targets]
        for priority in missing:
            yield sla_missing_target.at(
                res.at("spec", "targets", key=True),
                f"no target for priority '{priority}' of matrix '{res.spec.matrix}'",
                hint=f"add {priority}: {{response: PT4H, resolution: PT24H}}")


@rule("SLM422", "sla-unknown-priority")
def sla_unknown_priority(c: Compilation) -> Iterator[Diagnostic]:
    """A target is given for a priority that the SLA's matrix does not have.

    Why: no ticket can get that priority, so the target never applies; it is
    usually a misspelt priority whose real target is then missing.

    Fail:
        matrix: simple            # priorities: [P1, P2, P3]
        targets: {P1: {...}, P2: {...}, P4: {...}}
    Pass:
        targets: {P1: {...}, P2: {...}, P3: {...}}
    """
    for res, matrix in _with_matrix(c):
        for priority in res.spec.targets:
            if priority not in matrix.priorities:
                yield sla_unknown_priority.at(
                    res.at("spec", "targets", priority, key=True),
                    f"matrix '{res.spec.matrix}' has no priority '{priority}' "
                    f"(priorities: {', '.join(matrix.priorities)})",
                    hint=suggest_priority(priority, matrix.priorities))


@rule("SLM423", "sla-response-after-resolution")
def response_after_resolution(c: Compilation) -> Iterator[Diagnostic]:
    """A target's response time is longer than its resolution time.

    Why: a ticket is responded to before (or when) it is resolved; a longer
    response time is a mistake, usually swapped values.  Equal is allowed.

    Fail:
        P2: {response: PT8H, resolution: PT4H}
    Pass:
        P2: {response: PT1H, resolution: PT8H}
    """
    for res in c.project.slas.values():
        for priority, target in res.spec.targets.items():
            if target.response.seconds > target.resolution.seconds:
                yield response_after_resolution.at(
                    res.at("spec", "targets", priority, "response"),
                    f"{priority}: response {target.response} is later than resolution "
                    f"{target.resolution}")


@rule("SLM424", "sla-target-order", Severity.WARNING)
def target_order(c: Compilation) -> Iterator[Diagnostic]:
    """A lower priority has a faster target than a higher priority on the same window.

    Why: a P3 ticket should not be due before a P2 ticket opened at the same
    time.  Targets on different windows count different clocks and are not
    compared.

    Fail:
        P1: {response: PT1H, resolution: PT8H}
        P2: {response: PT30M, resolution: PT8H}
    Pass:
        P1: {response: PT30M, resolution: PT4H}
        P2: {response: PT1H, resolution: PT8H}
    """
    for res, matrix in _with_matrix(c):
        order = [p for p in dict.fromkeys(matrix.priorities) if p in res.spec.targets]
        for k, lower in enumerate(order):
            for measure in MEASURES:
                mine = getattr(res.spec.targets[lower], measure)
                higher = [p for p in order[:k] if _window(res, p) == _window(res, lower)]
                slowest = max(higher, default=None,
                              key=lambda p: getattr(res.spec.targets[p], measure).seconds)
                if slowest is None:
                    continue
                theirs = getattr(res.spec.targets[slowest], measure)
                if mine.seconds < theirs.seconds:
                    yield target_order.at(
                        res.at("spec", "targets", lower, measure),
                        f"{lower} {measure} {mine} is faster than {slowest} {measure} {theirs}, "
                        f"though {slowest} is the higher priority")


def _slas_of(c: Compilation, kind: str) -> list[Any]:
    """SLAs named by contracts of ``kind`` (supplier or customer), in name order."""
    names = {name for contract in c.project.contracts.values() if contract.spec.type == kind
             for name in contract.spec.slas or ()}
    return [c.project.slas[name] for name in sorted(names) if name in c.project.slas]


@rule("SLM425", "sla-not-underpinned", Severity.WARNING)
def not_underpinned(c: Compilation) -> Iterator[Diagnostic]:
    """A supplier's target is slower than the customer target it should underpin.

    Why: where an SLA of a supplier contract and an SLA of a customer
    contract cover the same service on the same window, what IT promises its
    customer depends on the supplier; a slower supplier target makes the
    customer promise impossible to keep.  Compared per priority (by name),
    for response and resolution, where both targets run on the same window.

    Fail:
        # sla.d/supplier.yaml (in a supplier contract's slas), services: [network]
        P1: {response: PT1H, resolution: PT8H}
        # sla.d/customer.yaml (in a customer contract's slas), services: [network]
        P1: {response: PT30M, resolution: PT4H}
    Pass:
        # sla.d/supplier.yaml
        P1: {response: PT15M, resolution: PT3H}
    """
    customers = _slas_of(c, "customer")
    for supplier in _slas_of(c, "supplier"):
        for customer in customers:
            shared = sorted(set(supplier.spec.services) & set(customer.spec.services))
            if supplier is customer or not shared or supplier.spec.window != customer.spec.window:
                continue
            for priority, target in supplier.spec.targets.items():
                promised = customer.spec.targets.get(priority)
                if promised is None or _window(supplier, priority) != _window(customer, priority):
                    continue
                for measure in MEASURES:
                    slow, fast = getattr(target, measure), getattr(promised, measure)
                    if slow.seconds > fast.seconds:
                        line = customer.at("spec", "targets", priority, measure).line
                        yield not_underpinned.at(
                            supplier.at("spec", "targets", priority, measure),
                            f"{priority} {measure} {slow} of supplier SLA '{supplier.name}' "
                            f"({supplier.path}) is slower than {fast} promised by customer SLA "
                            f"'{customer.name}' ({customer.path}:{line}) for "
                            f"{', '.join(shared)}")


RULES: tuple[Rule, ...] = (
    sla_missing_target, sla_unknown_priority, response_after_resolution, target_order,
    not_underpinned,
)
