"""Typed models of the five kinds, chosen by ``kind``."""

from .contract import ContractSpec, Decision
from .document import (
    KINDS,
    SLA,
    Contract,
    Envelope,
    PriorityMatrix,
    Resource,
    ServiceWindow,
    Settings,
    validate_document,
)
from .service import PriorityMatrixSpec, ServiceWindowSpec, SLASpec
from .settings import ROLE_NAMES, SettingsSpec

__all__ = [
    "KINDS", "ROLE_NAMES", "SLA", "Contract", "ContractSpec", "Decision", "Envelope",
    "PriorityMatrix", "PriorityMatrixSpec", "Resource", "SLASpec", "ServiceWindow",
    "ServiceWindowSpec", "Settings", "SettingsSpec", "validate_document",
]
