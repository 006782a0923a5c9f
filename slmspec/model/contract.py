"""Contract: a customer or supplier agreement with its terms, notice and decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, model_validator

from .types import Bool, CalendarPeriod, DayPeriod, IsoDate, Key, Model, Name


class Renewal(Model):
    mode: Literal["none", "automatic", "option"] = Field(
        "none", description="none: one term; automatic: renews unless terminated; "
        "option: renews only when a renew decision is recorded.")
    term: CalendarPeriod | None = Field(
        None, description="Length of each renewal term (P1Y); required unless mode is none.")
    max: int | None = Field(
        None, ge=1, description="Most renewal terms allowed; omit for no limit.")

    @model_validator(mode="after")
    def _term_needed(self) -> Renewal:
        if self.mode != "none" and self.term is None:
            raise ValueError(f"renewal mode '{self.mode}' needs a term (e.g. term: P1Y)")
        return self


class Value(Model):
    amount: Annotated[Decimal, WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
    ]})] = Field(ge=0, description="Contract value.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code (SEK).")
    per: Literal["year", "month", "total"] = Field(
        "year", description="What the amount covers: year, month or total.")


class CoveredObject(Model):
    asset: str = Field(description="Asset or CI identifier (PRN-0001).")
    type: str | None = Field(None, description="Asset type (printer, laptop).")


class ContractReminders(Model):
    noticeDeadline: list[DayPeriod] | None = Field(
        None, description="Overrides the default offsets before notice deadlines.")
    renewal: list[DayPeriod] | None = Field(
        None, description="Overrides the default offsets before renewals.")
    end: list[DayPeriod] | None = Field(
        None, description="Overrides the default offsets before the effective end.")
    review: list[DayPeriod] | None = Field(
        None, description="Overrides the default offsets before reviews.")
    escalate: DayPeriod | None = Field(
        None, description="Overrides the escalation offset before notice deadlines.")
    to: list[str] | None = Field(
        None, description="Recipients: role names, people keys or e-mail addresses.")


class Decision(Model):
    termEnd: IsoDate = Field(description="The term end (a date) the decision is about.")
    action: Literal["renew", "terminate"] = Field(
        description="renew or terminate the contract at termEnd.")
    by: Key = Field(description="Who decided (a people key).")
    on: IsoDate = Field(description="When the decision was made (notice given).")
    late: Bool = Field(False, description="Acknowledges a termination after the notice deadline.")
    note: str | None = Field(None, description="Free text, e.g. the case number.")


class ContractSpec(Model):
    type: Literal["supplier", "customer"] = Field(
        description="supplier (delivers to the organisation) or customer (is delivered to).")
    counterparty: str = Field(description="The other party.")
    owner: Key = Field(description="The responsible person (a people key).")
    status: Literal["draft", "active"] = Field(
        "active", description="draft = preliminary, not signed; active = signed.")
    start: IsoDate = Field(description="First day of the contract.")
    end: IsoDate | None = Field(
        None, description="Inclusive last day of the first term; omit for an open-ended contract.")
    notice: CalendarPeriod | None = Field(
        None, description="Termination notice period (P3M, P90D, P2W).")
    noticeWindow: Name | None = Field(
        None, description="A ServiceWindow: deadlines on its closed days move back to an open day.")
    renewal: Renewal = Field(default_factory=Renewal, description="How the contract renews.")
    review: CalendarPeriod | None = Field(None, description="Periodic review, counted from start.")
    value: Value | None = Field(None, description="Contract value.")
    slas: list[Name] | None = Field(None, description="SLAs that apply (names of SLA documents).")
    services: list[str] | None = Field(None, description="Services the contract concerns.")
    covers: list[CoveredObject] | None = Field(None, description="Objects covered (assets, CIs).")
    fields: dict[str, str | None] = Field(
        default_factory=dict, description="The organisation's own fields (see settings.fields).")
    documents: list[str] | None = Field(None, description="Links to the signed documents.")
    reminders: ContractReminders | None = Field(
        None, description="Overrides of the reminder defaults.")
    decisions: list[Decision] = Field(
        default_factory=list, description="Renew/terminate decisions recorded per term end.")
