"""Who hears about a contract and when: reminder offsets and recipients.

Shared by the reminder schedule (mails), the calendar feeds (VALARMs and
per-person feeds) and the rules that check recipients, so the three can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .durations import Period
from .model import ROLE_NAMES
from .model.contract import ContractSpec
from .model.settings import SettingsSpec
from .model.types import _EMAIL

REMINDED_KINDS = ("noticeDeadline", "renewal", "end", "review")


@dataclass(frozen=True, order=True)
class Recipient:
    """One mail recipient: a person of the settings (``key`` set) or a bare address."""

    email: str
    name: str | None = None
    key: str | None = None


def reminder_offsets(
    settings: SettingsSpec, contract: ContractSpec, kind: str
) -> tuple[Period, ...]:
    """Offsets before an event of ``kind``: the contract's override, else the settings' default.

    Sorted longest first and without duplicates, so reminders come in date order.
    """
    if kind not in REMINDED_KINDS:
        return ()
    override = getattr(contract.reminders, kind, None) if contract.reminders else None
    chosen = override if override is not None else getattr(settings.reminders, kind)
    unique = {p.text: p for p in chosen}
    return tuple(sorted(unique.values(), key=lambda p: (-p.approx_days(), p.text)))


def escalation_offset(settings: SettingsSpec, contract: ContractSpec) -> Period | None:
    if contract.reminders and contract.reminders.escalate is not None:
        return contract.reminders.escalate
    return settings.reminders.escalate


def recipient_specs(settings: SettingsSpec, contract: ContractSpec) -> list[str]:
    """The ``to`` list as written: the contract's, else the settings' default (``[owner]``)."""
    if contract.reminders and contract.reminders.to is not None:
        return list(contract.reminders.to)
    return list(settings.reminders.to)


def people_for(settings: SettingsSpec, contract: ContractSpec, spec: str) -> list[str]:
    """People keys a recipient entry stands for (role → its people; key → itself)."""
    roles = settings.roles
    if spec == "owner":
        return [contract.owner]
    if spec == "moduleOwner":
        return [roles.moduleOwner]
    if spec in ("customerContracts", "supplierContracts"):
        return list(getattr(roles, spec))
    if spec in settings.people:
        return [spec]
    return []


def is_address(spec: str) -> bool:
    return bool(_EMAIL.match(spec))


def resolve_recipients(settings: SettingsSpec, contract: ContractSpec,
                       specs: list[str] | None = None) -> tuple[Recipient, ...]:
    """Every address a contract's reminders go to, each once, sorted; unknown entries dropped."""
    found: dict[str, Recipient] = {}
    for spec in specs if specs is not None else recipient_specs(settings, contract):
        if spec not in ROLE_NAMES and spec not in settings.people and is_address(spec):
            found.setdefault(spec.lower(), Recipient(spec))
            continue
        for key in people_for(settings, contract, spec):
            person = settings.people.get(key)
            if person is not None:
                found.setdefault(person.email.lower(),
                                 Recipient(person.email, person.name, key))
    return tuple(sorted(found.values()))


def people_concerned(settings: SettingsSpec, contract: ContractSpec) -> tuple[str, ...]:
    """People keys who own a contract or are mailed about it (for per-person feeds)."""
    keys = {contract.owner} if contract.owner in settings.people else set()
    keys.update(r.key for r in resolve_recipients(settings, contract) if r.key)
    if has_notice_deadlines(contract) and escalation_offset(settings, contract) is not None:
        keys.add(settings.roles.moduleOwner)  # escalations go to the module owner
    return tuple(sorted(k for k in keys if k in settings.people))


def has_notice_deadlines(contract: ContractSpec) -> bool:
    """Whether the contract can have notice deadlines (and so escalations) at all."""
    return (contract.notice is not None and contract.end is not None
            and contract.renewal.mode != "none")
