"""The document envelope (apiVersion, kind, metadata, spec) and typed validation.

A document's ``kind`` picks its model; pydantic's errors are mapped back to
the line and column of the offending node, with a did-you-mean hint for
unknown fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import Field, ValidationError

from ..diagnostics import Diagnostic, did_you_mean
from ..loader import Document, YMap
from .contract import ContractSpec
from .errors import (
    API_VERSION_CODE,
    NOT_A_MAPPING,
    UNKNOWN_KIND,
    dedupe,
    map_errors,
)
from .service import PriorityMatrixSpec, ServiceWindowSpec, SLASpec
from .settings import SettingsSpec
from .types import Model, Name

API_VERSION = "slmspec/v1"

class Metadata(Model):
    name: Name = Field(description="The id, unique per kind: lowercase letters, digits and '-'.")
    displayName: str = Field(description="Human-readable name, shown in feeds, mails and reports.")
    description: str | None = Field(None, description="Optional longer description.")
    labels: dict[str, str] = Field(default_factory=dict, description="Free string labels.")


S = TypeVar("S")


class Envelope(Model, Generic[S]):
    apiVersion: Literal["slmspec/v1"] = Field(description="Always slmspec/v1.")
    kind: str = Field(description="The kind of document.")
    metadata: Metadata = Field(description="Name and descriptive data.")
    spec: S = Field(description="The kind's content.")


class Settings(Envelope[SettingsSpec]):
    kind: Literal["Settings"] = Field(description="Settings: one per project, in slmspec.yaml.")


class Contract(Envelope[ContractSpec]):
    kind: Literal["Contract"] = Field(description="A customer or supplier contract.")


class SLA(Envelope[SLASpec]):
    kind: Literal["SLA"] = Field(description="A service level agreement.")


class ServiceWindow(Envelope[ServiceWindowSpec]):
    kind: Literal["ServiceWindow"] = Field(description="Opening hours and holidays.")


class PriorityMatrix(Envelope[PriorityMatrixSpec]):
    kind: Literal["PriorityMatrix"] = Field(description="Impact x urgency -> priority.")


KINDS: dict[str, type[Envelope[Any]]] = {
    "Settings": Settings,
    "Contract": Contract,
    "SLA": SLA,
    "ServiceWindow": ServiceWindow,
    "PriorityMatrix": PriorityMatrix,
}

M = TypeVar("M", bound=Envelope[Any])


@dataclass(frozen=True)
class Resource(Generic[M]):
    """A validated document together with the source it came from."""

    model: M
    doc: Document

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def name(self) -> str:
        return self.model.metadata.name

    @property
    def spec(self) -> Any:
        return self.model.spec

    @property
    def path(self) -> str:
        return self.doc.path

    def at(self, *keys: str | int, key: bool = False):
        return self.doc.locate(*keys, key=key)


def validate_document(doc: Document) -> tuple[Resource[Any] | None, list[Diagnostic]]:
    """Check one document against its kind's model; positions come from the loader."""
    data = doc.data
    if not isinstance(data, YMap):
        return None, [NOT_A_MAPPING.at(doc.locate(), "a document must be a mapping with "
                                       "apiVersion, kind, metadata and spec")]
    diagnostics: list[Diagnostic] = []
    if data.get("apiVersion") != API_VERSION:
        where = doc.locate("apiVersion")
        found = data.get("apiVersion")
        message = ("apiVersion is missing" if found is None
                   else f"apiVersion '{found}' is not supported")
        message += f"; write apiVersion: {API_VERSION}"
        diagnostics.append(API_VERSION_CODE.at(where, message))
    kind = data.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        hint = did_you_mean(str(kind), KINDS) if isinstance(kind, str) else None
        message = "kind is missing" if kind is None else f"unknown kind '{kind}'"
        diagnostics.append(UNKNOWN_KIND.at(
            doc.locate("kind"), message + "; one of " + ", ".join(KINDS), hint=hint))
        return None, diagnostics
    try:
        instance = model.model_validate(data)
    except ValidationError as err:
        diagnostics.extend(map_errors(doc, model, err))
        return None, dedupe(diagnostics)
    return (Resource(instance, doc) if not diagnostics else None), diagnostics
