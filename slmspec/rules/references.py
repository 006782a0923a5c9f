"""Rules: every name a document mentions must exist (SLM2xx)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..audience import is_address
from ..diagnostics import Diagnostic, Location, did_you_mean
from ..model import ROLE_NAMES
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation


def _missing(check: Rule, where: Location, what: str, name: str,
             known: Iterable[str]) -> Diagnostic:
    """An unknown-reference diagnostic with the nearest known name as a hint."""
    known = list(known)
    return check.at(where, f"unknown {what} '{name}'", hint=did_you_mean(name, known))


@rule("SLM201", "unknown-person")
def unknown_person(c: Compilation) -> Iterator[Diagnostic]:
    """An owner, a decision's ``by`` or a role names someone who is not in ``settings.people``.

    Why: reminders and feeds go to people by their key; a key that does not exist
    means nobody is told.

    Fail:
        spec:
          owner: ana          # settings.people has anna
    Pass:
        spec:
          owner: anna
    """
    settings = c.settings
    if settings is None:
        return
    people = settings.people
    res = c.project.settings
    roles = settings.roles
    if roles.moduleOwner not in people:
        yield _missing(unknown_person, res.at("spec", "roles", "moduleOwner"),
                       "person", roles.moduleOwner, people)
    for role in ("customerContracts", "supplierContracts"):
        for i, key in enumerate(getattr(roles, role)):
            if key not in people:
                yield _missing(unknown_person, res.at("spec", "roles", role, i),
                               "person", key, people)
    for contract in c.project.contracts.values():
        if contract.spec.owner not in people:
            yield _missing(unknown_person, contract.at("spec", "owner"),
                           "person", contract.spec.owner, people)
        for i, decision in enumerate(contract.spec.decisions):
            if decision.by not in people:
                yield _missing(unknown_person, contract.at("spec", "decisions", i, "by"),
                               "person", decision.by, people)


@rule("SLM202", "unknown-recipient")
def unknown_recipient(c: Compilation) -> Iterator[Diagnostic]:
    """A reminder recipient is neither a role, a people key nor a valid e-mail address.

    Why: ``to`` accepts role names (owner, moduleOwner, customerContracts,
    supplierContracts), people keys and e-mail addresses; anything else would
    silently drop a reminder.

    Fail:
        reminders: {to: [owner, finance-team]}
    Pass:
        reminders: {to: [owner, ekonomi@norrvik.se]}
    """
    settings = c.settings
    if settings is None:
        return
    known = [*ROLE_NAMES, *settings.people]
    lists = [(c.project.settings, settings.reminders.to)]
    lists += [(res, res.spec.reminders.to) for res in c.project.contracts.values()
              if res.spec.reminders and res.spec.reminders.to is not None]
    for res, recipients in lists:
        for i, spec in enumerate(recipients):
            if spec in ROLE_NAMES or spec in settings.people:
                continue
            where = res.at("spec", "reminders", "to", i)
            if "@" in spec:
                if not is_address(spec):
                    yield unknown_recipient.at(where, f"'{spec}' is not a valid e-mail address")
                continue
            yield unknown_recipient.at(
                where, f"unknown recipient '{spec}': not a role, a people key or an address",
                hint=did_you_mean(spec, known))


@rule("SLM203", "unknown-sla")
def unknown_sla(c: Compilation) -> Iterator[Diagnostic]:
    """A contract's ``slas`` names an SLA that no document defines.

    Why: the catalog, the underpinning check and reviewers rely on the
    contract's SLAs; a misspelt name silently promises nothing.

    Fail:
        slas: [sla-workplce]
    Pass:
        slas: [sla-workplace]
    """
    for res in c.project.contracts.values():
        for i, name in enumerate(res.spec.slas or ()):
            if name not in c.project.slas and not c.project.is_invalid("SLA", name):
                yield _missing(unknown_sla, res.at("spec", "slas", i), "SLA", name, c.project.slas)


@rule("SLM204", "unknown-window")
def unknown_window(c: Compilation) -> Iterator[Diagnostic]:
    """An SLA, a per-priority target or a ``noticeWindow`` names an unknown ServiceWindow.

    Why: the window decides when the SLA clock runs and which days a notice
    deadline may fall on; without it neither can be computed.

    Fail:
        window: office-hour
    Pass:
        window: office-hours
    """
    windows = c.project.windows

    def broken(name: str) -> bool:
        return c.project.is_invalid("ServiceWindow", name)

    for res in c.project.slas.values():
        if res.spec.window not in windows and not broken(res.spec.window):
            yield _missing(unknown_window, res.at("spec", "window"), "service window",
                           res.spec.window, windows)
        for priority, target in res.spec.targets.items():
            if target.window is not None and target.window not in windows \
                    and not broken(target.window):
                yield _missing(unknown_window, res.at("spec", "targets", priority, "window"),
                               "service window", target.window, windows)
    for res in c.project.contracts.values():
        name = res.spec.noticeWindow
        if name is not None and name not in windows and not broken(name):
            yield _missing(unknown_window, res.at("spec", "noticeWindow"), "service window",
                           name, windows)


@rule("SLM205", "unknown-matrix")
def unknown_matrix(c: Compilation) -> Iterator[Diagnostic]:
    """An SLA's ``matrix`` names a PriorityMatrix that no document defines.

    Why: the matrix turns impact and urgency into the priority whose target
    applies; without it a ticket has no target.

    Fail:
        matrix: standart
    Pass:
        matrix: standard
    """
    for res in c.project.slas.values():
        matrix = res.spec.matrix
        if matrix not in c.project.matrices and not c.project.is_invalid("PriorityMatrix", matrix):
            yield _missing(unknown_matrix, res.at("spec", "matrix"), "priority matrix",
                           res.spec.matrix, c.project.matrices)


RULES: tuple[Rule, ...] = (unknown_person, unknown_recipient, unknown_sla, unknown_window,
                           unknown_matrix)
