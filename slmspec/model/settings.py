"""Settings (``slmspec.yaml``): people, roles, the organisation's own fields, defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..durations import Period
from .types import (
    Bool,
    CalendarPeriod,
    ClockDuration,
    DayPeriod,
    Email,
    Key,
    Model,
    RefreshDuration,
    Timezone,
)

ROLE_NAMES = ("owner", "moduleOwner", "customerContracts", "supplierContracts")


class Person(Model):
    name: str = Field(description="Full name, as it appears in mails and feeds.")
    email: Email = Field(description="E-mail address that reminders are sent to.")
    github: str | None = Field(None, description="GitHub user name, used for CODEOWNERS.")


class Roles(Model):
    moduleOwner: Key = Field(description="The person with overall responsibility (a people key).")
    customerContracts: list[Key] = Field(
        default_factory=list, description="People responsible for customer contracts.")
    supplierContracts: list[Key] = Field(
        default_factory=list, description="People responsible for supplier contracts.")


class FieldDefinition(Model):
    type: Literal["text", "choice", "number", "date"] = Field(
        description="Value type: text, choice (one of values), number or date (YYYY-MM-DD).")
    values: list[str] | None = Field(
        None, description="The dropdown list of a choice field.")
    required: Bool = Field(False, description="Every contract must set this field.")
    pattern: str | None = Field(
        None, description="Regular expression a text value must match in full.")
    active: Bool = Field(True, description="false switches the field off: using it is an error.")
    description: str | None = Field(None, description="What the field is for.")


class RequiredFields(Model):
    supplier: list[str] = Field(
        default_factory=list, description="Optional contract fields made mandatory for suppliers.")
    customer: list[str] = Field(
        default_factory=list, description="Optional contract fields made mandatory for customers.")


class ReminderDefaults(Model):
    noticeDeadline: list[DayPeriod] = Field(
        default_factory=list, description="Days before a notice deadline to remind (P90D).")
    renewal: list[DayPeriod] = Field(
        default_factory=list, description="Days before a renewal term starts to remind.")
    end: list[DayPeriod] = Field(
        default_factory=list, description="Days before a contract's effective end to remind.")
    review: list[DayPeriod] = Field(
        default_factory=list, description="Days before a periodic review to remind.")
    escalate: DayPeriod | None = Field(
        None, description="No decision this close to a notice deadline: mail the module owner too.")
    to: list[str] = Field(
        default_factory=lambda: ["owner"],
        description="Default recipients: role names, people keys or e-mail addresses.")


class Smtp(Model):
    host: str = Field("localhost", description="SMTP server host name.")
    port: int = Field(25, ge=1, le=65535, description="SMTP server port.")
    starttls: Bool = Field(False, description="Upgrade the connection with STARTTLS.")
    ssl: Bool = Field(False, description="Connect with implicit TLS (SMTPS, usually port 465).")
    timeout: int = Field(30, ge=1, le=600, description="Seconds to wait on any SMTP operation.")


class Mail(Model):
    from_: str = Field(alias="from", description='Sender, e.g. "Avtal <avtal@example.se>".')
    replyTo: str | None = Field(None, description="Reply-To address, if not the sender.")
    smtp: Smtp = Field(default_factory=Smtp, description="Where to deliver; credentials come "
                       "only from SLMSPEC_SMTP_USER and SLMSPEC_SMTP_PASSWORD.")


class Feeds(Model):
    refresh: RefreshDuration = Field(
        default_factory=lambda: ClockDuration("PT12H", 12 * 3600),
        description="How often calendar clients refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL).")


class SettingsSpec(Model):
    timezone: Timezone = Field(description="IANA time zone of dates and windows.")
    locale: Literal["en", "sv"] = Field("en", description="Language of feeds and mails.")
    horizon: CalendarPeriod = Field(
        default_factory=lambda: Period("P3Y", years=3),
        description="How far ahead of today deadlines are expanded (at most P100Y).")
    repoUrl: str | None = Field(
        None, pattern=r"^https?://\S+$", description="Web address of the repository, for links.")
    people: dict[Key, Person] = Field(description="Everyone who may own a contract or get mail.")
    roles: Roles = Field(description="Who is responsible for what.")
    fields: dict[Key, FieldDefinition] = Field(
        default_factory=dict, description="The organisation's own contract fields.")
    required: RequiredFields = Field(
        default_factory=RequiredFields, description="Built-in optional fields made mandatory.")
    reminders: ReminderDefaults = Field(
        default_factory=ReminderDefaults, description="Default reminder offsets and recipients.")
    mail: Mail | None = Field(None, description="Mail delivery settings for reminders.")
    feeds: Feeds = Field(default_factory=Feeds, description="Calendar feed settings.")
    sources: list[str] = Field(
        default_factory=lambda: ["contracts.d", "sla.d", "matrices"],
        description="Folders (relative to the project root) that hold the sources.")

    @field_validator("horizon")
    @classmethod
    def _horizon_bounded(cls, horizon: Period) -> Period:
        if horizon.approx_days() > 100 * 366:
            raise ValueError("must be at most P100Y")
        return horizon
