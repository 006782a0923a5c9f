"""Service windows, priority matrices and SLAs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .types import IsoDate, Model, Name, TargetDuration, Timezone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
INTERVAL_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$"

Interval = str
"""``HH:MM-HH:MM``; checked by the window rules so every problem gets its own position."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Holidays(Model):
    country: str = Field(description="ISO 3166 country code for public holidays (SE).")
    subdivision: str | None = Field(None, description="Region code, where holidays differ.")
    categories: list[str] = Field(
        default_factory=lambda: ["public"],
        description="Holiday categories of the holidays package (public, de_facto, ...).")
    extra: list[IsoDate] = Field(
        default_factory=list, description="Other days this organisation is closed.")


class ServiceWindowSpec(Model):
    timezone: Timezone | None = Field(None, description="Defaults to the settings' time zone.")
    hours: Literal["always"] | dict[Weekday, list[Interval]] = Field(
        description="'always' (24x7, no holidays) or local intervals per weekday, HH:MM-HH:MM.")
    holidays: Holidays | None = Field(None, description="Closed days.")
    exceptions: dict[IsoDate, list[Interval]] = Field(
        default_factory=dict, description="Dates with other hours; [] = closed.")

    @field_validator("hours", mode="before")
    @classmethod
    def _hours_shape(cls, value: object) -> object:
        if value != "always" and not isinstance(value, dict):
            raise ValueError("hours must be 'always' or a mapping of weekday to intervals")
        return value


class PriorityMatrixSpec(Model):
    impact: list[str] = Field(min_length=1, description="Impact levels, highest first.")
    urgency: list[str] = Field(min_length=1, description="Urgency levels, highest first.")
    priorities: list[str] = Field(min_length=1, description="Priorities, highest first.")
    grid: dict[str, list[str]] = Field(
        description="One row per impact, one priority per urgency.")


class Target(Model):
    response: TargetDuration = Field(description="Response time in window time (PT1H).")
    resolution: TargetDuration = Field(description="Resolution time in window time (PT8H).")
    window: Name | None = Field(None, description="A ServiceWindow overriding the SLA's for this "
                                "priority.")


class SlaCovers(Model):
    assetTypes: list[str] = Field(default_factory=list, description="Asset types covered.")


class SLASpec(Model):
    services: list[str] = Field(default_factory=list, description="Services the SLA covers.")
    window: Name = Field(description="The ServiceWindow whose open time counts.")
    matrix: Name = Field(description="The PriorityMatrix that gives priorities.")
    targets: dict[str, Target] = Field(description="One target per priority of the matrix.")
    objective: float = Field(
        0.95, gt=0, le=1, description="Share of tickets that must meet targets.")
    pauseOn: list[str] = Field(
        default_factory=list, description="Ticket states that stop the clock.")
    covers: SlaCovers | None = Field(None, description="Objects covered by the SLA.")
